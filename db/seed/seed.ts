import { count } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { partnershipSchools, partnerships, roleAssignments, schools, users } from '@/db/schema';
import { appendAuditEvent, systemActor } from '@/lib/audit/events';
import { hashPassword } from '@/lib/auth/password';
import { createPlanFromDocument } from '@/lib/commands/create-plan-from-document';
import { DEMO_PASSWORD, demoPartnerships, demoPlans, demoUsers } from './demo-content';

/** The demo accounts, for the README and the sign-in page in demo mode. */
export function demoAccounts(): { email: string; name: string; role: string }[] {
  return demoUsers.map((u) => ({
    email: u.email,
    name: u.name,
    role: [...new Set(u.roles.map((r) => r.role.replace(/_/g, ' ') + (r.school ? ` (${r.school})` : '')))].join(', '),
  }));
}

/**
 * Loads the demo partnerships, schools, people and plans into an empty database, in one
 * transaction with their audit events. Does nothing (returns false) when any partnership exists.
 */
export async function seedDemo(db: Db): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(partnerships);
  if (n > 0) return false;
  // One hash for every demo account keeps start-up quick; each real account gets its own salt.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const partnershipIds = new Map<string, string>();
    const schoolIds = new Map<string, string>(); // "slug:CODE" -> id
    for (const p of demoPartnerships) {
      const [row] = await tx.insert(partnerships).values({ name: p.name, slug: p.slug, description: p.description }).returning();
      partnershipIds.set(p.slug, row.id);
      await appendAuditEvent(tx, {
        partnershipId: row.id,
        entityType: 'partnership',
        entityId: row.id,
        verb: 'partnership.create',
        actor: systemActor,
        changes: [{ field: 'name', before: null, after: row.name }],
        data: { demo: true },
      });
      for (const s of p.schools) {
        const [school] = await tx.insert(schools).values({ name: s.name, shortCode: s.shortCode }).returning();
        await tx.insert(partnershipSchools).values({ partnershipId: row.id, schoolId: school.id });
        schoolIds.set(`${p.slug}:${s.shortCode}`, school.id);
        await appendAuditEvent(tx, {
          partnershipId: row.id,
          entityType: 'school',
          entityId: school.id,
          verb: 'school.create',
          actor: systemActor,
          changes: [
            { field: 'name', before: null, after: school.name },
            { field: 'shortCode', before: null, after: school.shortCode },
          ],
        });
      }
    }
    for (const u of demoUsers) {
      const [user] = await tx.insert(users).values({ email: u.email, name: u.name, passwordHash }).returning();
      for (const r of u.roles) {
        const partnershipId = partnershipIds.get(r.partnership);
        if (!partnershipId) throw new Error(`Demo user ${u.email} names unknown partnership ${r.partnership}`);
        const schoolId = r.school ? schoolIds.get(`${r.partnership}:${r.school}`) : null;
        if (schoolId === undefined) throw new Error(`Demo user ${u.email} names unknown school ${r.school}`);
        const [role] = await tx
          .insert(roleAssignments)
          .values({ userId: user.id, partnershipId, schoolId, role: r.role, subject: r.subject ?? null })
          .returning();
        await appendAuditEvent(tx, {
          partnershipId,
          entityType: 'role_assignment',
          entityId: role.id,
          verb: 'role.assign',
          actor: systemActor,
          changes: [{ field: 'role', before: null, after: r.role }],
          data: { userId: user.id, email: user.email, schoolId, subject: r.subject ?? null },
        });
      }
    }
    for (const demo of demoPlans) {
      const partnershipId = partnershipIds.get(demo.partnership);
      if (!partnershipId) throw new Error(`Demo plan names unknown partnership ${demo.partnership}`);
      await createPlanFromDocument(tx, {
        partnershipId,
        plan: demo.plan,
        actor: systemActor,
        createdById: null,
        status: demo.status,
        mayAddSchools: false,
        source: { kind: 'demo' },
      });
    }
  });
  return true;
}
