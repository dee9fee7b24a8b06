import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { loadActor } from '@/lib/auth/actor';
import { authenticateWithPassword } from '@/lib/auth/authenticate';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { SIGN_IN_LIMITS } from '@/lib/auth/rate-limit';
import { TEST_PASSWORD, createPartnership, createUser } from '../factories';
import { useTestDatabase } from '../helpers/test-db';

const testDb = useTestDatabase();

describe('passwords', () => {
  it('are stored as salted scrypt hashes and verified', async () => {
    const a = await hashPassword('open sesame please');
    const b = await hashPassword('open sesame please');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('open sesame');
    expect(await verifyPassword('open sesame please', a)).toBe(true);
    expect(await verifyPassword('open sesame pleas', a)).toBe(false);
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
  });
});

describe('sign-in', () => {
  it('accepts the right password, case-insensitive email, and refuses a wrong one', async () => {
    const { db } = testDb();
    const { user } = await createUser(db);
    const ok = await authenticateWithPassword(db, { email: user.email.toUpperCase(), password: TEST_PASSWORD, ip: '198.51.100.1' });
    expect(ok).toMatchObject({ ok: true, user: { id: user.id } });
    const wrong = await authenticateWithPassword(db, { email: user.email, password: 'not it', ip: '198.51.100.1' });
    expect(wrong).toEqual({ ok: false, reason: 'invalid' });
    const unknown = await authenticateWithPassword(db, { email: 'nobody@school.example', password: TEST_PASSWORD, ip: '198.51.100.1' });
    expect(unknown).toEqual({ ok: false, reason: 'invalid' });
  });

  it('locks an account after repeated failures, even with the right password', async () => {
    const { db } = testDb();
    const { user } = await createUser(db);
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      await authenticateWithPassword(db, { email: user.email, password: `guess ${i}`, ip: `192.0.2.${i + 1}` });
    }
    const locked = await authenticateWithPassword(db, { email: user.email, password: TEST_PASSWORD, ip: '192.0.2.200' });
    expect(locked).toEqual({ ok: false, reason: 'rate_limited' });
  });

  it('limits one IP guessing across many accounts', async () => {
    const { db } = testDb();
    const ip = '198.51.100.77';
    for (let i = 0; i < SIGN_IN_LIMITS.perIp; i++) {
      await authenticateWithPassword(db, { email: `spray-${i}@school.example`, password: 'Summer2025!', ip });
    }
    const { user } = await createUser(db);
    expect(await authenticateWithPassword(db, { email: user.email, password: TEST_PASSWORD, ip })).toEqual({ ok: false, reason: 'rate_limited' });
    expect(await authenticateWithPassword(db, { email: user.email, password: TEST_PASSWORD, ip: '198.51.100.78' })).toMatchObject({ ok: true });
  });

  it('refuses a disabled account', async () => {
    const { db } = testDb();
    const { user } = await createUser(db);
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    expect(await authenticateWithPassword(db, { email: user.email, password: TEST_PASSWORD, ip: '198.51.100.2' })).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('sessions', () => {
  it('stop working once the account’s session version moves on', async () => {
    const { db } = testDb();
    const { partnership } = await createPartnership(db);
    const { user } = await createUser(db, [{ partnershipId: partnership.id, role: 'staff' }]);
    const actor = await loadActor(db, user.id, 0);
    expect(actor?.memberships.map((m) => m.partnershipId)).toEqual([partnership.id]);
    await db.update(users).set({ sessionVersion: 1 }).where(eq(users.id, user.id));
    expect(await loadActor(db, user.id, 0)).toBeNull();
  });
});
