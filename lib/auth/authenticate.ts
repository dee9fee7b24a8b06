import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { dummyPasswordHash, verifyPassword } from './password';
import { isSignInRateLimited, markSignInSucceeded, recordSignInAttempt } from './rate-limit';

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter your email address, like name@school.sch.uk.').max(254),
  password: z.string().min(1, 'Enter your password.').max(1024),
});

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number } }
  | { ok: false; reason: 'invalid' | 'rate_limited' };

/** Checks an email and password, rate-limited per account and per IP; every attempt is recorded. */
export async function authenticateWithPassword(db: Db, input: { email: unknown; password: unknown; ip: string }): Promise<SignInResult> {
  const parsed = signInSchema.safeParse({ email: input.email, password: input.password });
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const { email, password } = parsed.data;
  if (await isSignInRateLimited(db, email, input.ip)) return { ok: false, reason: 'rate_limited' };
  const attemptId = await recordSignInAttempt(db, email, input.ip);
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const hash = user?.passwordHash ?? (await dummyPasswordHash());
  const matches = await verifyPassword(password, hash);
  const ok = Boolean(user && user.passwordHash && !user.disabledAt && matches);
  if (!ok || !user) return { ok: false, reason: 'invalid' };
  await markSignInSucceeded(db, attemptId);
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}
