'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { ReviewKind } from '@/db/schema';
import { CopyLink } from '@/components/members/CopyLink';
import { Button } from '@/components/ui/Button';
import { amendPlan, publishPlan, startReview, type StartReviewBody, unpublishPlan } from '@/components/governance/review/api';
import { todayIso } from '@/components/governance/review/labels';
import { fieldError, useGovernanceAction } from '@/components/governance/review/useGovernanceAction';
import { GOVERNANCE_LIMITS, startReviewInput } from '@/lib/validation/governance';
import { ConfirmDialog } from './ConfirmDialog';
import { checkInput } from './useSave';
import { usePlanEditor } from './context';
import { EditorPanel, FormFooter, SelectField, TextField } from './fields';
import { formatDate, reviewKindLabel } from '../labels';

/** Why this version cannot be edited, when governance is the reason. */
function readOnlyNote(status: string, ratifiedOn: string | null): string | null {
  if (status === 'ratified') {
    return `This version is ratified${ratifiedOn ? ` (${ratifiedOn})` : ''}: every governing board approved it, so it can no longer be changed. To change the plan, amend it: that opens a new draft version and keeps this one as approved.`;
  }
  if (status === 'awaiting_approval') {
    return 'This version is waiting for the governing boards’ approval, so it cannot be edited meanwhile. If a board rejects it, it returns to draft with the board’s reason shown here.';
  }
  return null;
}

/**
 * Where the plan stands with the JCC and the boards (the line under its title, a rejection's
 * reason, why it is read-only), and the governance controls the server's policies allow this
 * person: starting a review, amending a ratified plan, publishing it for parents.
 */
export function PlanGovernance({ idBase }: { idBase: string }) {
  const { plan, governance } = usePlanEditor();
  const { standing, publication, versions, permissions } = governance;
  const recommendation = standing.recommendation;
  const current = versions.find((v) => v.id === plan.id) ?? null;
  const note = readOnlyNote(plan.status, formatDate(current?.ratifiedAt));
  const [starting, setStarting] = useState(false);
  const [amending, setAmending] = useState(false);
  const [publishing, setPublishing] = useState<'publish' | 'unpublish' | null>(null);
  const startId = `${idBase}-start-review`;

  return (
    <section className="plan-governance" aria-label="Approval and versions" data-testid="plan-governance">
      {standing.summary ? (
        <p className="plan-governance__standing" data-testid="plan-standing">
          {standing.summary}
        </p>
      ) : null}
      {recommendation?.status === 'rejected' && recommendation.rejectionReason ? (
        <p className="plan-governance__rejection" role="note" data-testid="plan-rejection">
          <strong>Not approved.</strong> {recommendation.rejectionReason}
        </p>
      ) : null}
      {note ? (
        <p className="plan-governance__note" data-testid="plan-read-only-note">
          {note}
        </p>
      ) : null}
      <ul className="plan-governance__links">
        <li>
          <Link href={`/plans/${plan.id}/versions`}>
            Versions ({versions.length}){current ? `: this is version ${current.versionNumber}` : ''}
          </Link>
        </li>
        {publication ? (
          <li>
            Published for parents at <a href={publication.path}>{publication.path}</a>
          </li>
        ) : null}
      </ul>
      {permissions.startReview || permissions.amend || permissions.publish ? (
        <div className="editor-controls editor-controls--center no-print">
          {permissions.startReview ? (
            <Button id={startId} variant="secondary" size="small" aria-expanded={starting} onClick={() => setStarting(true)} disabled={starting}>
              Start a review
            </Button>
          ) : null}
          {permissions.amend ? (
            <Button variant="secondary" size="small" onClick={() => setAmending(true)}>
              Amend this plan
            </Button>
          ) : null}
          {permissions.publish ? (
            publication ? (
              <Button variant="secondary" size="small" onClick={() => setPublishing('unpublish')}>
                Take down the parents’ page
              </Button>
            ) : (
              <Button variant="secondary" size="small" onClick={() => setPublishing('publish')}>
                Publish for parents
              </Button>
            )
          ) : null}
        </div>
      ) : null}
      {publication && permissions.publish ? <PublicAddress path={publication.path} /> : null}
      {starting ? <StartReviewForm formId={`${idBase}-start-review-form`} onClose={() => setStarting(false)} /> : null}
      {amending ? <AmendDialog onClose={() => setAmending(false)} /> : null}
      {publishing ? <PublishDialog mode={publishing} onClose={() => setPublishing(null)} /> : null}
    </section>
  );
}

/** The parents' page address, absolute once the page knows its origin. */
function PublicAddress({ path }: { path: string }) {
  const [origin, setOrigin] = useState('');
  useEffect(() => setOrigin(window.location.origin), []);
  return (
    <div className="plan-governance__address no-print">
      <CopyLink label="The parents’ page address" link={`${origin}${path}`} />
    </div>
  );
}

const KINDS: ReviewKind[] = ['jcc', 'head_teachers'];

function StartReviewForm({ formId, onClose }: { formId: string; onClose: () => void }) {
  const { plan } = usePlanEditor();
  const router = useRouter();
  const [kind, setKind] = useState<ReviewKind>('jcc');
  const [heldOn, setHeldOn] = useState(todayIso);
  const [attendees, setAttendees] = useState('');
  const action = useGovernanceAction();

  function submit() {
    const body: StartReviewBody = { kind, heldOn };
    if (attendees.trim() !== '') body.attendees = attendees.trim();
    const invalid = checkInput(startReviewInput, body);
    if (invalid) return action.reject(invalid);
    void action.run(
      () => startReview(plan.id, body),
      (reviewId) => router.push(`/reviews/${reviewId}`),
    );
  }

  return (
    <EditorPanel id={formId} title="Start a review of this plan" onSubmit={submit}>
      <p className="field__hint">
        Starting a review freezes the plan as it stands now: that snapshot is what everyone signs, whatever changes later.
      </p>
      <SelectField
        id={`${formId}-kind`}
        label="Kind of review"
        value={kind}
        onChange={(value) => setKind(KINDS.find((k) => k === value) ?? 'jcc')}
        options={KINDS.map((k) => ({ value: k, label: reviewKindLabel[k] }))}
        hint={
          kind === 'jcc'
            ? 'Signed by the head teacher and the chair of governors of every partner school (unless your partnership has set otherwise).'
            : 'Signed by the head teacher of every partner school (unless your partnership has set otherwise).'
        }
        error={fieldError(action.failure, 'kind')}
      />
      <TextField
        id={`${formId}-date`}
        label="Date of the meeting"
        type="date"
        value={heldOn}
        onChange={setHeldOn}
        required
        error={fieldError(action.failure, 'heldOn')}
      />
      <TextField
        id={`${formId}-attendees`}
        label="Attendees"
        value={attendees}
        onChange={setAttendees}
        multiline
        maxLength={GOVERNANCE_LIMITS.attendees}
        error={fieldError(action.failure, 'attendees')}
      />
      <FormFooter alertId={`${formId}-alert`} alert={action.failure?.message ?? null} busy={action.busy} saveLabel="Start review" onCancel={onClose} />
    </EditorPanel>
  );
}

function AmendDialog({ onClose }: { onClose: () => void }) {
  const { plan } = usePlanEditor();
  const router = useRouter();
  const action = useGovernanceAction();
  return (
    <ConfirmDialog
      title="Amend this plan?"
      confirmLabel="Open a new version"
      save={action}
      onClose={onClose}
      onConfirm={() => void action.run(() => amendPlan(plan.id), (newId) => router.push(`/plans/${newId}`))}
    >
      <p>
        This opens version {plan.versionNumber + 1} as a draft, “amended and updated following review”, carrying over everything in
        this version. This ratified version stays as it was approved, and the boards approve the new version in turn.
      </p>
    </ConfirmDialog>
  );
}

function PublishDialog({ mode, onClose }: { mode: 'publish' | 'unpublish'; onClose: () => void }) {
  const { plan, announce } = usePlanEditor();
  const action = useGovernanceAction();
  const publish = mode === 'publish';
  return (
    <ConfirmDialog
      title={publish ? 'Publish this plan for parents?' : 'Take down the parents’ page?'}
      confirmLabel={publish ? 'Publish' : 'Take it down'}
      save={action}
      onClose={onClose}
      onConfirm={() =>
        void action.run(
          () => (publish ? publishPlan(plan.id) : unpublishPlan(plan.id)),
          () => {
            announce(publish ? 'Published for parents.' : 'The parents’ page is taken down.');
            onClose();
          },
        )
      }
    >
      {publish ? (
        <p>
          Anyone with the address will see the ratified version: the objectives, the strands with their intended impact and
          impact to date, and the review dates, with the names and roles of those who signed. Nothing else about the people in
          the partnership is shown.
        </p>
      ) : (
        <p>The parents’ page stops working at once. You can publish it again later.</p>
      )}
    </ConfirmDialog>
  );
}
