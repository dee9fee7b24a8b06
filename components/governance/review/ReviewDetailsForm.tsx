'use client';

import { useState } from 'react';
import { EditorPanel, FormFooter, TextField } from '@/components/plan/editor/fields';
import type { ReviewDetailView } from '@/lib/presenters/governance';
import { checkInput } from '@/components/plan/editor/useSave';
import { GOVERNANCE_LIMITS, updateReviewInput } from '@/lib/validation/governance';
import { type UpdateReviewBody, updateReview } from './api';
import { fieldError, useGovernanceAction } from './useGovernanceAction';

/** The review's meeting date and attendees. */
export function ReviewDetailsForm({
  review,
  formId,
  onDone,
  onClose,
}: {
  review: ReviewDetailView;
  formId: string;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const [heldOn, setHeldOn] = useState(review.heldOn ?? '');
  const [attendees, setAttendees] = useState(review.attendees ?? '');
  const action = useGovernanceAction();
  const conflict = action.failure?.status === 409;

  function submit() {
    if (heldOn === '' && review.heldOn) return action.reject({ heldOn: 'Enter the date of the meeting.' });
    // The version as it is now: minutes typed meanwhile move it on, and are not what this form changes.
    const body: UpdateReviewBody = { version: review.version };
    if (heldOn !== (review.heldOn ?? '')) body.heldOn = heldOn;
    if (attendees.trim() !== (review.attendees ?? '')) body.attendees = attendees.trim() === '' ? null : attendees.trim();
    if (body.heldOn === undefined && body.attendees === undefined) return onClose();
    const invalid = checkInput(updateReviewInput, body);
    if (invalid) return action.reject(invalid);
    void action.run(
      () => updateReview(review.id, body),
      () => {
        onDone('Meeting date and attendees saved.');
        onClose();
      },
    );
  }

  return (
    <EditorPanel id={formId} title="Edit the meeting date and attendees" onSubmit={submit}>
      <TextField
        id={`${formId}-date`}
        label="Date of the meeting"
        type="date"
        value={heldOn}
        onChange={setHeldOn}
        error={fieldError(action.failure, 'heldOn')}
      />
      <TextField
        id={`${formId}-attendees`}
        label="Attendees"
        value={attendees}
        onChange={setAttendees}
        multiline
        hint="Names and roles, one a line or separated by commas."
        maxLength={GOVERNANCE_LIMITS.attendees}
        error={fieldError(action.failure, 'attendees')}
      />
      <FormFooter
        alertId={`${formId}-alert`}
        alert={
          action.failure
            ? conflict
              ? 'Someone else changed this review meanwhile. The page now shows their version; your draft is kept. Save again to apply yours.'
              : action.failure.message
            : null
        }
        busy={action.busy}
        saveLabel="Save date and attendees"
        onCancel={onClose}
      />
    </EditorPanel>
  );
}
