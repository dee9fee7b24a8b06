import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/layout/AppHeader';
import { SkipLink } from '@/components/layout/SkipLink';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/session';
import { unreadCount } from '@/lib/queries/inbox';
import { signOutAction } from './actions';
import './globals.css';
import './styles/governance-review.css';
import './styles/governance-inbox.css';
import './styles/governance-documents.css';

export const metadata: Metadata = {
  title: { default: 'jointplan', template: '%s · jointplan' },
  description: 'Collaboration Action Plans for partnered schools: edited together, reviewed, signed and authorised.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  const user = actor
    ? {
        name: actor.name,
        email: actor.email,
        roles: [...new Set(actor.memberships.flatMap((m) => m.roles.map((r) => r.role.replace(/_/g, ' '))))],
        unreadCount: await unreadCount(getDb(), actor),
      }
    : null;
  return (
    <html lang="en-GB">
      <body>
        <SkipLink />
        <AppHeader user={user} signOutAction={signOutAction} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
