import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { InboxList } from '@/components/inbox/InboxList';
import { MarkAllReadButton } from '@/components/inbox/MarkReadButton';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/session';
import { inboxFilter, listInbox, unreadCount } from '@/lib/queries/inbox';
import { markAllReadAction, markReadAction } from './actions';

export const metadata: Metadata = { title: 'Inbox' };
export const dynamic = 'force-dynamic';

export default async function InboxPage({ searchParams }: { searchParams: Promise<{ [key: string]: string | string[] | undefined }> }) {
  const actor = await currentActor();
  const query = await searchParams;
  const parsed = inboxFilter.safeParse({ state: typeof query.state === 'string' ? query.state : undefined });
  const filter = parsed.success ? parsed.data : { state: 'open' as const };
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/inbox${filter.state === 'all' ? '?state=all' : ''}`)}`);
  const db = getDb();
  const [items, unread] = await Promise.all([listInbox(db, actor, filter), unreadCount(db, actor)]);

  return (
    <div className="page inbox">
      <div className="page-heading">
        <h1>Inbox</h1>
        {unread > 0 ? <MarkAllReadButton action={markAllReadAction} /> : null}
      </div>
      <p className="lead">
        Signatures and board decisions that need you, recommendations that were rejected, and reviews that were completed.
        {unread > 0 ? ` ${unread} ${unread === 1 ? 'item has' : 'items have'} not been read.` : ''}
      </p>
      <nav aria-label="Which items" className="inbox__filter">
        <ul>
          <li>
            <Link href="/inbox" aria-current={filter.state === 'open' ? 'page' : undefined}>
              Waiting for you
            </Link>
          </li>
          <li>
            <Link href="/inbox?state=all" aria-current={filter.state === 'all' ? 'page' : undefined}>
              Everything, including done
            </Link>
          </li>
        </ul>
      </nav>
      {items.length ? (
        <InboxList items={items} markRead={markReadAction} />
      ) : (
        <p className="empty-state">
          {filter.state === 'open' ? 'Nothing is waiting for you. ' : 'Your inbox is empty. '}
          When a review needs your signature or your board’s decision, it appears here
          {filter.state === 'open' ? ' (see everything, including what is done, with “Everything, including done”).' : '.'}
        </p>
      )}
    </div>
  );
}
