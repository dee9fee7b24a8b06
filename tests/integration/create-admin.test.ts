import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, roleAssignments, users } from '@/db/schema';
import { authenticateWithPassword } from '@/lib/auth/authenticate';
import { createPartnershipAdmin } from '@/lib/commands/create-partnership-admin';
import { useTestDatabase } from '../helpers/test-db';

const testDb = useTestDatabase();

describe('the first partnership admin of a real deployment', () => {
  it('is created with the partnership, can sign in, and is audited', async () => {
    const { db } = testDb();
    const { partnershipId, userId } = await createPartnershipAdmin(db, {
      partnershipName: 'Riverside Schools Partnership',
      email: 'Admin@Riverside.example',
      name: 'Jo Admin',
      password: 'a long enough password',
    });
    const [role] = await db.select().from(roleAssignments).where(eq(roleAssignments.userId, userId));
    expect(role).toMatchObject({ partnershipId, role: 'partnership_admin', schoolId: null });
    expect(await authenticateWithPassword(db, { email: 'admin@riverside.example', password: 'a long enough password', ip: '::1' })).toMatchObject({ ok: true });
    const verbs = (await db.select().from(auditEvents).where(eq(auditEvents.partnershipId, partnershipId))).map((e) => e.verb);
    expect(verbs).toEqual(['partnership.create', 'user.create', 'role.assign']);
  });

  it('refuses a short password, a bad email or a taken email, and writes nothing', async () => {
    const { db } = testDb();
    const before = await db.select().from(users);
    await expect(createPartnershipAdmin(db, { partnershipName: 'Oak Partnership', email: 'oak@x.example', name: 'A', password: 'short' })).rejects.toThrow(/at least 12/);
    await expect(createPartnershipAdmin(db, { partnershipName: 'Oak Partnership', email: 'not-an-email', name: 'A', password: 'long enough password' })).rejects.toThrow(/email/);
    await createPartnershipAdmin(db, { partnershipName: 'Oak Partnership', email: 'oak@x.example', name: 'A', password: 'long enough password' });
    await expect(createPartnershipAdmin(db, { partnershipName: 'Elm Partnership', email: 'OAK@x.example', name: 'B', password: 'long enough password' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await db.select().from(users)).length).toBe(before.length + 1);
  });
});
