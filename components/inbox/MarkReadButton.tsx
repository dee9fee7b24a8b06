'use client';

import { useActionState, useId } from 'react';
import type { InboxActionState } from '@/app/inbox/actions';
import { InlineAlert } from '@/components/members/InlineAlert';
import { SubmitButton } from '@/components/ui/SubmitButton';

type Action = (prev: InboxActionState, formData: FormData) => Promise<InboxActionState>;

/** "Mark as read" for one item; says so when it could not be done. */
export function MarkReadButton({ notificationId, title, action }: { notificationId: string; title: string; action: Action }) {
  const [state, dispatch] = useActionState(action, { error: null });
  const alertId = useId();
  return (
    <form action={dispatch} className="inbox-item__form" aria-label={`Mark “${title}” as read`}>
      <input type="hidden" name="notificationId" value={notificationId} />
      <SubmitButton variant="quiet" size="small" pendingLabel="Marking…">
        Mark as read
      </SubmitButton>
      <InlineAlert id={alertId} message={state.error} />
    </form>
  );
}

/** "Mark all as read" for the whole inbox. */
export function MarkAllReadButton({ action }: { action: (prev: InboxActionState) => Promise<InboxActionState> }) {
  const [, dispatch] = useActionState(action, { error: null });
  return (
    <form action={dispatch} className="inbox__mark-all">
      <SubmitButton variant="secondary" size="small" pendingLabel="Marking all…">
        Mark all as read
      </SubmitButton>
    </form>
  );
}
