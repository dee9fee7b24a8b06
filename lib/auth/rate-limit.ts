import { and, count, eq, gte, lt } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { signInAttempts } from '@/db/schema';

/** Failed attempts allowed in the window before sign-in is refused, per account and per IP. */
export const SIGN_IN_LIMITS = { windowMinutes: 15, perAccount: 5, perIp: 30 } as const;

/** Whether another sign-in attempt for this email or from this IP must be refused for now. */
export async function isSignInRateLimited(db: Executor, email: string, ip: string, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000);
  const [byAccount] = await db
    .select({ n: count() })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), eq(signInAttempts.succeeded, false), gte(signInAttempts.at, since)));
  if (byAccount.n >= SIGN_IN_LIMITS.perAccount) return true;
  const [byIp] = await db
    .select({ n: count() })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.ip, ip), eq(signInAttempts.succeeded, false), gte(signInAttempts.at, since)));
  return byIp.n >= SIGN_IN_LIMITS.perIp;
}

/**
 * Records an attempt as failed before the password is checked, so parallel guesses all count;
 * returns its id so a success can be marked. Failures simply age out of the window.
 */
export async function recordSignInAttempt(db: Executor, email: string, ip: string): Promise<string> {
  const [row] = await db.insert(signInAttempts).values({ email, ip, succeeded: false }).returning({ id: signInAttempts.id });
  return row.id;
}

/** Marks a recorded attempt as the successful one. */
export async function markSignInSucceeded(db: Executor, attemptId: string): Promise<void> {
  await db.update(signInAttempts).set({ succeeded: true }).where(eq(signInAttempts.id, attemptId));
}

/** Forgets attempts older than a day: they no longer count for anything. */
export async function pruneSignInAttempts(db: Executor, now = new Date()): Promise<void> {
  await db.delete(signInAttempts).where(lt(signInAttempts.at, new Date(now.getTime() - 24 * 60 * 60_000)));
}
