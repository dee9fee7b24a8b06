import { and, eq, gt, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { type AuditEvent, type AuditValue, actions, auditEvents, impactEntries, objectives, plans, strands } from '@/db/schema';
import { type Actor, partnershipIdsOf } from '@/lib/auth/actor';
import { AppError, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/http';
import { type RestorableEntityType, restorableEntityType, whyNotRestorable } from '@/lib/queries/history';
import { updateAction } from './update-action';
import { updateImpactEntry } from './update-impact-entry';
import { updateObjective } from './update-objective';
import { updatePlan } from './update-plan';
import { updateStrand } from './update-strand';

/** `POST /api/v1/audit-events/:id/restore` takes `{ field }`. */
const seenSeq = z.number({ error: 'Send the history position you last saw (headSeq).' }).int().min(0).optional();
export const restoreValueBody = z.object({ field: z.string().trim().min(1, 'Say which field to restore.').max(100), seenSeq }).strict();

export const restoreValueInput = z.object({ eventId: z.string(), field: z.string().trim().min(1).max(100), seenSeq }).strict();
export type RestoreValueInput = z.infer<typeof restoreValueInput>;

export type RestoreValueResult =
  | { entityType: 'plan'; entity: Awaited<ReturnType<typeof updatePlan>> }
  | { entityType: 'objective'; entity: Awaited<ReturnType<typeof updateObjective>> }
  | { entityType: 'strand'; entity: Awaited<ReturnType<typeof updateStrand>> }
  | { entityType: 'action'; entity: Awaited<ReturnType<typeof updateAction>> }
  | { entityType: 'impact'; entity: Awaited<ReturnType<typeof updateImpactEntry>> };

const uuid = z.string().uuid();

/**
 * "Restore this value": applies the `before` of one field of a recorded change as a new edit,
 * through the entity's own update command, so it is authorized and versioned like any other edit;
 * its event is a `<type>.restore` naming the event restored from, and the history keeps both. Refuses (400, saying why) changes that are not field
 * edits; an event of another partnership is a 404.
 */
export async function restoreValue(db: Db, actor: Actor, input: RestoreValueInput): Promise<RestoreValueResult> {
  const { eventId, field, seenSeq } = parseInput(restoreValueInput, input);
  const event = await loadEvent(db, actor, eventId);
  const refusal = whyNotRestorable(event, field);
  const type = restorableEntityType(event);
  if (refusal || !type) throw new AppError('bad_request', refusal ?? 'This change cannot be restored.');
  if (seenSeq !== undefined) {
    // The history the person restores from must still be the whole story of this entity.
    const [newer] = await db
      .select({ seq: auditEvents.seq, actorName: auditEvents.actorName })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, event.entityType), eq(auditEvents.entityId, event.entityId), gt(auditEvents.seq, seenSeq)))
      .limit(1);
    if (newer) {
      throw new AppError('conflict', `${newer.actorName} changed this ${THING[type]} after you opened its history. Reload the history to see their change before restoring.`);
    }
  }

  const values: { [field: string]: AuditValue } = {};
  for (const change of event.changes) {
    // A RAG rating of amber or red needs its reason: restoring the rating brings back the reason it had.
    if (change.field === field || (field === 'rag' && change.field === 'ragReason')) values[change.field] = change.before;
  }
  // The update command validates the old value like any edit (limits may have changed since).
  const body = { ...values, version: await currentVersion(db, type, event) };
  const restore = { restoredFrom: event };
  switch (type) {
    case 'plan':
      return { entityType: type, entity: await updatePlan(db, actor, event.entityId, body, restore) };
    case 'objective':
      return { entityType: type, entity: await updateObjective(db, actor, event.entityId, body, restore) };
    case 'strand':
      return { entityType: type, entity: await updateStrand(db, actor, event.entityId, body, restore) };
    case 'action':
      return { entityType: type, entity: await updateAction(db, actor, event.entityId, body, restore) };
    case 'impact':
      return { entityType: type, entity: await updateImpactEntry(db, actor, event.entityId, body, restore) };
  }
}

/** An event of one of the actor's partnerships; any other id is the same 404. */
async function loadEvent(db: Db, actor: Actor, eventId: string): Promise<AuditEvent> {
  const ids = partnershipIdsOf(actor);
  if (!ids.length || !uuid.safeParse(eventId).success) throw notFound('That change');
  const [event] = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.id, eventId), inArray(auditEvents.partnershipId, ids)))
    .limit(1);
  if (!event) throw notFound('That change');
  return event;
}

const THING: { [T in RestorableEntityType]: string } = {
  plan: 'plan',
  objective: 'objective',
  strand: 'strand',
  action: 'action',
  impact: 'impact entry',
};

/**
 * The version the entity has now, which the update command checks: an edit made between this
 * read and the command is a 409 like any other stale write.
 */
async function currentVersion(db: Db, type: RestorableEntityType, event: AuditEvent): Promise<number> {
  const gone = () => new AppError('bad_request', `This ${THING[type]} has since been removed, so its earlier value cannot be restored.`);
  if (!uuid.safeParse(event.entityId).success) throw gone();
  const inPartnership = eq(plans.partnershipId, event.partnershipId);
  const rows =
    type === 'plan'
      ? await db.select({ version: plans.revision }).from(plans).where(and(eq(plans.id, event.entityId), inPartnership))
      : type === 'objective'
        ? await db
            .select({ version: objectives.version })
            .from(objectives)
            .innerJoin(plans, eq(plans.id, objectives.planId))
            .where(and(eq(objectives.id, event.entityId), inPartnership))
        : type === 'strand'
          ? await db
              .select({ version: strands.version })
              .from(strands)
              .innerJoin(plans, eq(plans.id, strands.planId))
              .where(and(eq(strands.id, event.entityId), inPartnership))
          : type === 'action'
            ? await db
                .select({ version: actions.version })
                .from(actions)
                .innerJoin(plans, eq(plans.id, actions.planId))
                .where(and(eq(actions.id, event.entityId), inPartnership))
            : await db
                .select({ version: impactEntries.version })
                .from(impactEntries)
                .innerJoin(plans, eq(plans.id, impactEntries.planId))
                .where(and(eq(impactEntries.id, event.entityId), inPartnership));
  if (!rows.length) throw gone();
  return rows[0].version;
}
