import Link from 'next/link';
import { SubmitButton } from '@/components/ui/SubmitButton';

export type AppHeaderUser = { name: string; email: string; roles: string[] };

/** The site header: product name linking home, and the signed-in user with a sign-out button. */
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
