import Link from 'next/link';
import { SubmitButton } from '@/components/ui/SubmitButton';

export type AppHeaderUser = {
  name: string;
  email: string;
  roles: string[];
  /** Items waiting in the inbox that have not been read. */
  unreadCount: number;
};

/** The site header: product name linking home, the inbox and account links, and a sign-out button. */
export function AppHeader({
  user,
  signOutAction,
}: {
  user: AppHeaderUser | null;
  signOutAction: () => Promise<void>;
}) {
  return (
    <header className="app-header">
      <div className="app-header__inner container">
        <Link href="/" className="app-header__brand">
          jointplan
        </Link>
        {user ? (
          <div className="app-header__user">
            <nav aria-label="Your jointplan" className="app-header__nav">
              <ul className="app-header__links">
                <li>
                  <Link href="/inbox" className="app-header__link" data-testid="inbox-link">
                    Inbox
                    {user.unreadCount > 0 ? (
                      <span className="app-header__count">
                        {user.unreadCount > 99 ? '99+' : user.unreadCount}
                        <span className="visually-hidden"> unread</span>
                      </span>
                    ) : null}
                  </Link>
                </li>
                <li>
                  <Link href="/account" className="app-header__link">
                    Account and calendar
                  </Link>
                </li>
              </ul>
            </nav>
            <span className="app-header__name" title={user.email}>
              <span className="visually-hidden">Signed in as </span>
              {user.name}
            </span>
            <form action={signOutAction} className="app-header__sign-out">
              <SubmitButton variant="secondary" size="small" pendingLabel="Signing out…">
                Sign out
              </SubmitButton>
            </form>
          </div>
        ) : null}
      </div>
    </header>
  );
}
