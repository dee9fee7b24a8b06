import { cookies, headers } from 'next/headers';
import { getDb } from '@/db/client';
import { AppError } from '@/lib/errors';
import { type Actor, loadActor } from './actor';
import { auth } from './config';
import { clientIp, userAgent } from './request-info';

type SessionFacts = { uid: string; sv: number; at: number };

// Decrypting the session cookie (key derivation and JWE, both on the thread pool) was a tenth of an
// edit's CPU. The facts read from one exact cookie never change, so they are kept until the cookie
// expires (at most 10 minutes, at most 5,000 cookies). Ending sessions stays immediate: `sv` is
// checked against the database by loadActor on every request.
const decoded = new Map<string, { facts: SessionFacts; until: number }>();
const KEEP_MS = 10 * 60_000;
const MAX_KEPT = 5_000;

async function sessionFacts(): Promise<SessionFacts | null> {
  const jar = await cookies();
  const key = jar
    .getAll()
    .filter((c) => c.name.includes('authjs.session-token'))
    .map((c) => `${c.name}=${c.value}`)
    .join(';');
  if (!key) return null;
  const now = Date.now();
  const kept = decoded.get(key);
  if (kept && kept.until > now) return kept.facts;
  const session = await auth();
  if (!session?.uid) return null;
  const facts = { uid: session.uid, sv: session.sv, at: session.at };
  if (decoded.size >= MAX_KEPT) decoded.delete(decoded.keys().next().value!);
  decoded.set(key, { facts, until: Math.min(session.until || now, now + KEEP_MS) });
  return facts;
}

/** The signed-in person of the current request, or null (no session, or the session was ended). */
export async function currentActor(): Promise<Actor | null> {
  const session = await sessionFacts();
  if (!session) return null;
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
  const session = await sessionFacts();
  const actor = await currentActor();
  if (!actor || !session) throw new AppError('unauthenticated', 'Sign in to continue.');
  return { actor, authenticatedAt: session.at ?? 0 };
}
