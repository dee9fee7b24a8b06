'use client';

import { useState } from 'react';
import type { BoardDecision } from '@/db/schema';
import { ConfirmDialog } from '@/components/plan/editor/ConfirmDialog';
import { SelectField, TextField } from '@/components/plan/editor/fields';
import type { BoardStandingView, RecommendationView } from '@/lib/presenters/governance';
import { type BoardDecisionBody, recordBoardDecision } from './api';
import { checkInput } from '@/components/plan/editor/useSave';
import { GOVERNANCE_LIMITS, recordBoardDecisionInput } from '@/lib/validation/governance';
import { todayIso } from './labels';
import { fieldError, useGovernanceAction } from './useGovernanceAction';

const DECISIONS: { value: BoardDecision; label: string }[] = [
  { value: 'approved', label: 'Approved' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'deferred', label: 'Deferred to a later meeting' },
];

/** One school's board decision on a recommendation, recorded by that school's chair or clerk. */
export function BoardDecisionDialog({
  recommendation,
  board,
  onDone,
  onClose,
}: {
  recommendation: RecommendationView;
  board: BoardStandingView;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const [decision, setDecision] = useState<BoardDecision>('approved');
  const [reason, setReason] = useState('');
  const [meetingDate, setMeetingDate] = useState(todayIso);
  const [minuteReference, setMinuteReference] = useState('');
  const action = useGovernanceAction();
  const idBase = `decision-${recommendation.id}-${board.schoolId}`;

  function submit() {
    const body: BoardDecisionBody = { schoolId: board.schoolId, decision, meetingDate };
    if (reason.trim() !== '') body.reason = reason.trim();
    if (minuteReference.trim() !== '') body.minuteReference = minuteReference.trim();
    const invalid = checkInput(recordBoardDecisionInput, body);
    if (invalid) return action.reject(invalid);
    void action.run(
      () => recordBoardDecision(recommendation.id, body),
      () => onDone(`${board.schoolName} board’s decision recorded: ${decision}.`),
    );
  }

  return (
    <ConfirmDialog
      title={`${board.schoolName} governing board: ${recommendation.typeLabel}`}
      confirmLabel="Record decision"
      save={action}
      onClose={onClose}
      onConfirm={submit}
    >
      <p>
        You are recording the decision of {board.schoolName}’s governing board only. It is added to the record with your
        name; an earlier decision is kept, not replaced.
      </p>
      <SelectField
        id={`${idBase}-decision`}
        label="The board’s decision"
        value={decision}
        onChange={(value) => setDecision(DECISIONS.find((d) => d.value === value)?.value ?? 'approved')}
        options={DECISIONS}
        error={fieldError(action.failure, 'decision')}
      />
      <TextField
        id={`${idBase}-reason`}
        label="Reason"
        value={reason}
        onChange={setReason}
        multiline
        required={decision === 'rejected'}
        hint={decision === 'rejected' ? 'Required when the board rejects it. Everyone in the partnership will see it.' : undefined}
        maxLength={GOVERNANCE_LIMITS.reason}
        error={fieldError(action.failure, 'reason')}
      />
      <TextField
        id={`${idBase}-meeting`}
        label="Date of the board meeting"
        type="date"
        value={meetingDate}
        onChange={setMeetingDate}
        required
        error={fieldError(action.failure, 'meetingDate')}
      />
      <TextField
        id={`${idBase}-minute`}
        label="Minute reference"
        value={minuteReference}
        onChange={setMinuteReference}
        hint="For example “FGB 12/24, item 7”."
        maxLength={GOVERNANCE_LIMITS.minuteReference}
        error={fieldError(action.failure, 'minuteReference')}
      />
    </ConfirmDialog>
  );
}
