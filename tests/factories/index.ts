import { randomUUID } from 'node:crypto';
import type { Executor } from '@/db/client';
import { type Role, partnershipSchools, partnerships, roleAssignments, schools, users } from '@/db/schema';
import { type Actor, loadActor } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';

const unique = () => randomUUID().slice(0, 8);

/** A partnership with unique names, and optionally schools in it. */
export async function createPartnership(db: Executor, opts: { schools?: { name?: string; shortCode: string }[] } = {}) {
  const tag = unique();
  const [partnership] = await db
    .insert(partnerships)
    .values({ name: `Test Partnership ${tag}`, slug: `test-partnership-${tag}` })
    .returning();
  const created = [];
  for (const s of opts.schools ?? []) {
    const [school] = await db
      .insert(schools)
      .values({ name: s.name ?? `${s.shortCode} Test School ${tag}`, shortCode: s.shortCode })
      .returning();
    await db.insert(partnershipSchools).values({ partnershipId: partnership.id, schoolId: school.id });
    created.push(school);
  }
  return { partnership, schools: created };
}

let sharedHash: Promise<string> | null = null;
export const TEST_PASSWORD = 'correct horse battery staple';

/** A person with roles in partnerships; returns the row and the Actor a request would carry. */
export async function createUser(
  db: Executor,
  roles: { partnershipId: string; role: Role; schoolId?: string | null; subject?: string }[] = [],
  opts: { name?: string; email?: string } = {},
): Promise<{ user: typeof users.$inferSelect; actor: Actor }> {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  const tag = unique();
  const [user] = await db
    .insert(users)
    .values({ email: opts.email ?? `person-${tag}@school.example`, name: opts.name ?? `Person ${tag}`, passwordHash: await sharedHash })
    .returning();
  for (const r of roles) {
    await db.insert(roleAssignments).values({
      userId: user.id,
      partnershipId: r.partnershipId,
      schoolId: r.schoolId ?? null,
      role: r.role,
      subject: r.subject ?? null,
    });
  }
  const actor = await loadActor(db, user.id, user.sessionVersion, { ip: '203.0.113.7', userAgent: 'vitest' });
  if (!actor) throw new Error('factory: actor did not load');
  return { user, actor };
}
