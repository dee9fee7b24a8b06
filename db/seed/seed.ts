import { and, count, eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { actions, partnershipSchools, partnerships, roleAssignments, schools, strands, users } from '@/db/schema';
import { appendAuditEvent, systemActor } from '@/lib/audit/events';
import { loadActor } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import { createPlanFromDocument } from '@/lib/commands/create-plan-from-document';
import { signReview } from '@/lib/commands/sign-review';
import { startReview } from '@/lib/commands/start-review';
import { DEMO_PASSWORD, demoAssignments, demoPartnerships, demoPlans, demoUsers } from './demo-content';

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
  const planIds = new Map<string, string>(); // partnership slug -> demo plan id
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
    const userIds = new Map<string, string>();
    for (const u of demoUsers) {
      const [user] = await tx.insert(users).values({ email: u.email, name: u.name, passwordHash }).returning();
      userIds.set(u.email, user.id);
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
      const { planId } = await createPlanFromDocument(tx, {
        partnershipId,
        plan: demo.plan,
        actor: systemActor,
        createdById: null,
        status: demo.status,
        mayAddSchools: false,
        source: { kind: 'demo' },
      });
      planIds.set(demo.partnership, planId);
      for (const a of demoAssignments.filter((x) => x.partnership === demo.partnership)) {
        await applyAssignment(tx, partnershipId, planId, a, userIds);
      }
    }
  });
  await seedDemoReview(db, planIds.get('harwich-education-partnership'));
  return true;
}

/**
 * The Harwich plan is under review: its head teachers' review has started (so its snapshot is
 * frozen) and one head has signed, through the same commands people use. The other heads find
 * "Your signature is needed" in their inbox.
 */
async function seedDemoReview(db: Db, planId: string | undefined): Promise<void> {
  if (!planId) return;
  const [user] = await db.select().from(users).where(eq(users.email, 'head@chaselane.example'));
  const actor = user && (await loadActor(db, user.id, user.sessionVersion, { ip: null, userAgent: 'jointplan demo data' }));
  if (!actor) throw new Error('Demo review: head@chaselane.example is missing');
  const review = await startReview(db, actor, planId, {
    kind: 'head_teachers',
    heldOn: new Date().toISOString().slice(0, 10),
    attendees: 'Head teachers of the six partner schools',
    minutes: '<p>Termly review of the partnership plan. Peer review visits are on track; the transition strand needs dates.</p>',
  });
  const own = review.lines.find((l) => l.canSign);
  if (own) await signReview(db, actor, review.id, { lineId: own.id, password: DEMO_PASSWORD });
}

async function applyAssignment(
  tx: Tx,
  partnershipId: string,
  planId: string,
  assignment: (typeof demoAssignments)[number],
  userIds: Map<string, string>,
): Promise<void> {
  const [strand] = await tx.select().from(strands).where(and(eq(strands.planId, planId), eq(strands.title, assignment.strand)));
  if (!strand) throw new Error(`Demo assignment names unknown strand ${assignment.strand}`);
  const base = { partnershipId, planId, strandId: strand.id, actor: systemActor };
  if (assignment.leadEmail) {
    const leadUserId = userIds.get(assignment.leadEmail);
    if (!leadUserId) throw new Error(`Demo assignment names unknown person ${assignment.leadEmail}`);
    await tx.update(strands).set({ leadUserId }).where(eq(strands.id, strand.id));
    await appendAuditEvent(tx, { ...base, entityType: 'strand', entityId: strand.id, verb: 'strand.update', changes: [{ field: 'leadUserId', before: null, after: leadUserId }] });
  }
  const strandActions = await tx.select().from(actions).where(eq(actions.strandId, strand.id));
  for (const owner of assignment.owners ?? []) {
    const action = strandActions.find((a) => a.text.startsWith(owner.actionStartsWith));
    const ownerUserId = userIds.get(owner.email);
    if (!action || !ownerUserId) throw new Error(`Demo assignment ${owner.actionStartsWith} / ${owner.email} matches nothing`);
    await tx.update(actions).set({ ownerUserId }).where(eq(actions.id, action.id));
    await appendAuditEvent(tx, { ...base, entityType: 'action', entityId: action.id, verb: 'action.update', changes: [{ field: 'ownerUserId', before: null, after: ownerUserId }] });
  }
}
