import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Tx } from '@/db/client';
import {
  type PlanStatus,
  actionSchools,
  actions,
  impactEntries,
  objectives,
  partnershipSchools,
  plans,
  reviewSignatures,
  reviews,
  schools,
  strandObjectives,
  strands,
} from '@/db/schema';
import { type AuditActor, appendAuditEvent } from '@/lib/audit/events';
import { AppError } from '@/lib/errors';
import type { Due, ParsedPlan, ParsedSchool } from '@/lib/import/types';

function dueColumns(due: Due) {
  switch (due.kind) {
    case 'none':
      return { dueKind: 'none' as const };
    case 'tbc':
      return { dueKind: 'tbc' as const, dueLabel: due.label };
    case 'term':
      return { dueKind: 'term' as const, dueAcademicYear: due.academicYear, dueTerm: due.term, dueLabel: due.label };
    case 'half_term':
      return {
        dueKind: 'half_term' as const,
        dueAcademicYear: due.academicYear,
        dueTerm: due.term,
        dueHalf: due.half,
        dueLabel: due.label,
      };
    case 'date':
      return { dueKind: 'date' as const, dueDate: due.date, dueTime: due.time ?? null, dueLabel: due.label };
  }
}

/**
 * Finds the partnership's school for each school a document names (by short code, then by name),
 * adding the ones it does not have yet, so the plan's school codes always point at real schools.
 */
async function resolveSchools(
  tx: Tx,
  partnershipId: string,
  named: ParsedSchool[],
  actor: AuditActor,
  mayAddSchools: boolean,
): Promise<Map<string, string>> {
  const existing = await tx
    .select({ id: schools.id, name: schools.name, shortCode: schools.shortCode })
    .from(schools)
    .innerJoin(partnershipSchools, eq(partnershipSchools.schoolId, schools.id))
    .where(eq(partnershipSchools.partnershipId, partnershipId));
  const byCode = new Map<string, string>();
  for (const s of existing) byCode.set(s.shortCode.toUpperCase(), s.id);
  for (const school of named) {
    const code = school.shortCode.toUpperCase();
    if (byCode.has(code)) continue;
    const sameName = existing.find((s) => s.name.toLowerCase() === school.name.toLowerCase());
    if (sameName) {
      byCode.set(code, sameName.id);
      continue;
    }
    if (!mayAddSchools) {
      throw new AppError(
        'invalid_import',
        `The document names ${school.name} (${school.shortCode}), which is not a school of this partnership. ` +
          'Ask your partnership admin to add the school, or to import the plan.',
        { school: school.name, shortCode: school.shortCode },
      );
    }
    const [created] = await tx.insert(schools).values({ name: school.name, shortCode: school.shortCode }).returning();
    await tx.insert(partnershipSchools).values({ partnershipId, schoolId: created.id });
    await appendAuditEvent(tx, {
      partnershipId,
      entityType: 'school',
      entityId: created.id,
      verb: 'school.create',
      actor,
      changes: [
        { field: 'name', before: null, after: created.name },
        { field: 'shortCode', before: null, after: created.shortCode },
      ],
      data: { reason: 'named in an imported plan' },
    });
    byCode.set(code, created.id);
  }
  return byCode;
}

export type CreatePlanOptions = {
  partnershipId: string;
  plan: ParsedPlan;
  actor: AuditActor;
  createdById: string | null;
  status?: PlanStatus;
  /** Whether schools the document names that the partnership lacks may be added (admins only). */
  mayAddSchools: boolean;
  /** Recorded in the audit event: where the plan came from. */
  source: { kind: 'import'; fileName: string | null } | { kind: 'demo' };
};

/**
 * Writes a whole plan (objectives, strands and their links, actions, impact, historical reviews)
 * inside the caller's transaction, with its audit event. Used by the import and by the demo data.
 */
export async function createPlanFromDocument(tx: Tx, options: CreatePlanOptions): Promise<{ planId: string }> {
  const { partnershipId, plan: doc, actor } = options;
  const schoolIds = await resolveSchools(tx, partnershipId, doc.schools, actor, options.mayAddSchools);
  const planId = randomUUID();
  await tx.insert(plans).values({
    id: planId,
    partnershipId,
    lineageId: planId,
    title: doc.title,
    academicYear: doc.academicYear,
    yearLabel: doc.yearLabel,
    note: doc.note,
    objectivesIntro: doc.objectivesIntro,
    impactAsOf: doc.impactAsOf,
    status: options.status ?? 'draft',
    createdById: options.createdById,
  });

  const objectiveRows = doc.objectives.length
    ? await tx
        .insert(objectives)
        .values(doc.objectives.map((o) => ({ planId, number: o.number, text: o.text })))
        .returning({ id: objectives.id, number: objectives.number })
    : [];
  const objectiveIdByNumber = new Map(objectiveRows.map((o) => [o.number, o.id]));

  let actionCount = 0;
  let impactCount = 0;
  for (const [index, strand] of doc.strands.entries()) {
    const [strandRow] = await tx
      .insert(strands)
      .values({
        planId,
        position: index + 1,
        title: strand.title,
        subtitle: strand.subtitle,
        keyObjective: strand.keyObjective,
        intendedImpact: strand.intendedImpact,
      })
      .returning({ id: strands.id });
    const links = [...new Set(strand.objectiveNumbers)]
      .map((n) => objectiveIdByNumber.get(n))
      .filter((id): id is string => Boolean(id));
    if (links.length) await tx.insert(strandObjectives).values(links.map((objectiveId) => ({ strandId: strandRow.id, objectiveId })));

    for (const [position, action] of strand.actions.entries()) {
      const [actionRow] = await tx
        .insert(actions)
        .values({
          planId,
          strandId: strandRow.id,
          position: position + 1,
          text: action.text,
          status: action.status,
          ...dueColumns(action.due),
        })
        .returning({ id: actions.id });
      const concerned = [...new Set(action.schools.map((c) => schoolIds.get(c.toUpperCase())))].filter(
        (id): id is string => Boolean(id),
      );
      if (concerned.length) await tx.insert(actionSchools).values(concerned.map((schoolId) => ({ actionId: actionRow.id, schoolId })));
      actionCount++;
    }
    if (strand.impact.length) {
      await tx.insert(impactEntries).values(
        strand.impact.map((entry, position) => ({
          planId,
          strandId: strandRow.id,
          position: position + 1,
          entryDate: entry.date,
          authorText: null,
          body: entry.html,
        })),
      );
      impactCount += strand.impact.length;
    }
  }

  for (const [index, review] of doc.reviews.entries()) {
    const [reviewRow] = await tx
      .insert(reviews)
      .values({
        planId,
        position: index + 1,
        kind: review.kind,
        status: 'historical',
        heldOn: review.heldOn,
        heldOnLabel: review.heldOnLabel,
        statement: review.statement,
      })
      .returning({ id: reviews.id });
    if (review.signatories.length) {
      await tx.insert(reviewSignatures).values(
        review.signatories.map((s, position) => ({
          reviewId: reviewRow.id,
          position: position + 1,
          role: s.role,
          schoolId: s.schoolCode ? (schoolIds.get(s.schoolCode.toUpperCase()) ?? null) : null,
          signerName: s.name,
          roleLabel: s.roleLabel,
          schoolName: s.schoolName,
          imported: true,
        })),
      );
    }
  }

  await appendAuditEvent(tx, {
    partnershipId,
    planId,
    entityType: 'plan',
    entityId: planId,
    verb: options.source.kind === 'import' ? 'plan.import' : 'plan.create',
    actor,
    changes: [{ field: 'title', before: null, after: doc.title }],
    data: {
      source: options.source.kind,
      fileName: options.source.kind === 'import' ? options.source.fileName : null,
      objectives: doc.objectives.length,
      strands: doc.strands.length,
      actions: actionCount,
      impactEntries: impactCount,
      reviews: doc.reviews.length,
    },
  });
  return { planId };
}
