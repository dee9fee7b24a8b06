import Link from 'next/link';
import type { InboxActionState } from '@/app/inbox/actions';
import { Chip } from '@/components/ui/Chip';
import type { InboxItemView } from '@/lib/presenters/governance';
import { formatDateTime } from './format';
import { MarkReadButton } from './MarkReadButton';

const ACT_LABELS: Record<string, string> = {
  signature_needed: 'Open the review to sign',
  board_decision_needed: 'Open the recommendation to record the decision',
  recommendation_rejected: 'See the recommendation',
  review_completed: 'See the review',
  plan_ratified: 'See the plan',
};

/** The items of a person's inbox: what waits first; what is done shown as done. */
export function InboxList({
  items,
  markRead,
}: {
  items: InboxItemView[];
  markRead: (prev: InboxActionState, formData: FormData) => Promise<InboxActionState>;
}) {
  return (
    <ol className="inbox-list" data-testid="inbox-list">
      {items.map((item) => {
        const done = item.resolvedAt !== null;
        const unread = item.readAt === null && !done;
        const headingId = `inbox-item-${item.id}`;
        return (
          <li
            key={item.id}
            className={['inbox-item', unread ? 'inbox-item--unread' : null, done ? 'inbox-item--done' : null].filter(Boolean).join(' ')}
            aria-labelledby={headingId}
            data-testid="inbox-item"
          >
            <div className="inbox-item__header">
              <h2 id={headingId} className="inbox-item__title">
                {item.title}
              </h2>
              <span className="inbox-item__state">
                {done ? <Chip tone="success">Done</Chip> : unread ? <Chip tone="info">New</Chip> : <Chip tone="warning">Waiting</Chip>}
              </span>
            </div>
            <p className="inbox-item__body">{item.body}</p>
            <p className="inbox-item__meta">
              <span>{item.partnershipName}</span>
              <span aria-hidden="true"> · </span>
              <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
              {done ? (
                <>
                  <span aria-hidden="true"> · </span>
                  <span>
                    done <time dateTime={item.resolvedAt ?? undefined}>{formatDateTime(item.resolvedAt ?? item.createdAt)}</time>
                  </span>
                </>
              ) : null}
            </p>
            <div className="inbox-item__actions">
              <Link href={item.href} className={done ? 'button button--secondary button--small' : 'button button--primary button--small'}>
                {ACT_LABELS[item.kind] ?? 'Open'}
                <span className="visually-hidden">: {item.title}</span>
              </Link>
              {unread ? <MarkReadButton notificationId={item.id} title={item.title} action={markRead} /> : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
