import type { Action, ImpactEntry, Objective, Strand } from '@/db/schema';
import { formatDate, presentDue } from './plan';
import type { ActionView, ImpactView, ObjectiveView, PersonRef } from './types';

/** An objective as clients see it. */
export function presentObjective(o: Objective): ObjectiveView {
  return { id: o.id, number: o.number, text: o.text, version: o.version };
}

/** An action as clients see it, given its schools' short codes and its owner. */
export function presentAction(action: Action, schoolCodes: string[], owner: PersonRef | null): ActionView {
  return {
    id: action.id,
    position: action.position,
    text: action.text,
    schools: schoolCodes,
    due: presentDue(action),
    status: action.status,
    rag: action.rag,
    ragReason: action.ragReason,
    owner: owner?.name ?? action.ownerText,
    ownerId: owner?.id ?? null,
    version: action.version,
  };
}

/** An impact entry as clients see it; `impactAsOf` labels imported entries without a date. */
export function presentImpact(entry: ImpactEntry, author: PersonRef | null, impactAsOf: string | null): ImpactView {
  return {
    id: entry.id,
    date: entry.entryDate,
    dateLabel: entry.entryDate ? formatDate(entry.entryDate) : impactAsOf,
    author: author?.name ?? entry.authorText,
    authorId: author?.id ?? null,
    text: entry.body,
    evidenceUrl: entry.evidenceUrl,
    withdrawn: entry.withdrawnAt !== null,
    version: entry.version,
  };
}

/** A strand's own fields as clients see them. */
export function presentStrandFields(strand: Strand, objectiveNumbers: number[], lead: PersonRef | null) {
  return {
    id: strand.id,
    position: strand.position,
    title: strand.title,
    subtitle: strand.subtitle,
    objectiveNumbers,
    keyObjective: strand.keyObjective,
    intendedImpact: strand.intendedImpact,
    lead,
    version: strand.version,
  };
}
