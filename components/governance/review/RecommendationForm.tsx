'use client';

import { useState } from 'react';
import type { RecommendationType } from '@/db/schema';
import { EditorPanel, FormFooter, SelectField, TextField } from '@/components/plan/editor/fields';
import { approvalRuleLabels, DEFAULT_GOVERNANCE, recommendationTypeLabels } from '@/lib/governance/rules';
import { checkInput } from '@/components/plan/editor/useSave';
import { createRecommendationInput, GOVERNANCE_LIMITS } from '@/lib/validation/governance';
import { type RecommendationBody, createRecommendation } from './api';
import { fieldError, useGovernanceAction } from './useGovernanceAction';

const TYPES = Object.keys(recommendationTypeLabels) as RecommendationType[];

/** Records what the JCC recommends at this review: a type, its wording, and the school concerned. */
export function RecommendationForm({
  reviewId,
  formId,
  schools,
  onDone,
  onClose,
}: {
  reviewId: string;
  formId: string;
  /** The partner schools, for a school leaving. */
  schools: readonly { id: string; name: string }[];
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const [type, setType] = useState<RecommendationType>('adopt_plan');
  const [text, setText] = useState('');
  const [schoolId, setSchoolId] = useState(schools[0]?.id ?? '');
  const action = useGovernanceAction();
  // The partnership's own rules may differ; the server applies them and the recommendation shows the rule it got.
  const ruleHint = (t: RecommendationType) => `Needs: ${approvalRuleLabels[DEFAULT_GOVERNANCE.approvals[t]].toLowerCase()} (by default).`;

  function submit() {
    const body: RecommendationBody = { type, text: text.trim() };
    if (type === 'school_leaves') body.subjectSchoolId = schoolId || null;
    const invalid = checkInput(createRecommendationInput, body);
    if (invalid) return action.reject(invalid);
    void action.run(
      () => createRecommendation(reviewId, body),
      () => {
        onDone(`Recommendation recorded: ${recommendationTypeLabels[type]}.`);
        onClose();
      },
    );
  }

  return (
    <EditorPanel id={formId} title="Record a recommendation of the JCC" onSubmit={submit}>
      <SelectField
        id={`${formId}-type`}
        label="The JCC recommends"
        value={type}
        onChange={(value) => setType(TYPES.find((t) => t === value) ?? 'adopt_plan')}
        options={TYPES.map((t) => ({ value: t, label: `${recommendationTypeLabels[t]} (${approvalRuleLabels[DEFAULT_GOVERNANCE.approvals[t]]})` }))}
        hint={ruleHint(type)}
        error={fieldError(action.failure, 'type')}
      />
      {type === 'school_leaves' ? (
        <SelectField
          id={`${formId}-school`}
          label="The school that leaves"
          value={schoolId}
          onChange={setSchoolId}
          options={schools.map((s) => ({ value: s.id, label: s.name }))}
          error={fieldError(action.failure, 'subjectSchoolId')}
        />
      ) : null}
      <TextField
        id={`${formId}-text`}
        label={type === 'other' ? 'The decision recommended' : 'Wording'}
        value={text}
        onChange={setText}
        multiline
        rows={4}
        required={type === 'other'}
        maxLength={GOVERNANCE_LIMITS.recommendation}
        error={fieldError(action.failure, 'text')}
      />
      <FormFooter
        alertId={`${formId}-alert`}
        alert={action.failure?.message ?? null}
        busy={action.busy}
        saveLabel="Record recommendation"
        onCancel={onClose}
      />
    </EditorPanel>
  );
}
