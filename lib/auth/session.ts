import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import { AppError } from '@/lib/errors';
import { type Actor, loadActor } from './actor';
import { auth } from './config';
import { clientIp, userAgent } from './request-info';

/** The signed-in person of the current request, or null (no session, or the session was ended). */
export async function currentActor(): Promise<Actor | null> {
  const session = await auth();
  if (!session?.uid) return null;
  const h = await headers();
  return loadActor(getDb(), session.uid, session.sv, { ip: clientIp(h), userAgent: userAgent(h) });
}

/** As currentActor, but throws 401 when nobody is signed in. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw new AppError('unauthenticated', 'Sign in to continue.');
  return actor;
}

/** As requireActor, with when the person last signed in (ms since epoch), for re-authentication. */
export async function requireActorWithAuthTime(): Promise<{ actor: Actor; authenticatedAt: number }> {
  const session = await auth();
  const actor = await currentActor();
  if (!actor || !session) throw new AppError('unauthenticated', 'Sign in to continue.');
  return { actor, authenticatedAt: session.at ?? 0 };
}
