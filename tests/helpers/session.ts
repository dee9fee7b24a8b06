import type { Actor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';

/**
 * Integration tests call route handlers as whoever `session.actor` is (next-auth's own sessions are
 * covered end to end by Playwright). In a test file:
 *
 *   vi.mock('@/lib/auth/session', () => import('../helpers/session').then((m) => m.mockedSession));
 *   session.actor = someActor;
 */
export const session: { actor: Actor | null } = { actor: null };

async function requireActor(): Promise<Actor> {
  if (!session.actor) throw new AppError('unauthenticated', 'Sign in to continue.');
  return session.actor;
}

export const mockedSession = {
  currentActor: async () => session.actor,
  requireActor,
  /** Signed in just now, as far as re-authentication is concerned. */
  requireActorWithAuthTime: async () => ({ actor: await requireActor(), authenticatedAt: Date.now() }),
};
