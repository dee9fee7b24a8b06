import { z, type ZodType } from 'zod';
import { actionStatusEnum, ragEnum } from '@/db/schema';
import type { ActionEntityView, ImpactEntityView, ObjectiveView, PlanView, StrandFieldsView } from '@/lib/presenters/types';

/*
 * What a 409 answer's `current` is read as: only the fields a form shows as "their version",
 * each tied to the presenter type the server sends, so no payload is cast.
 */

export type PlanCurrent = Pick<PlanView, 'title' | 'academicYear' | 'academicYearLabel'>;
export const planCurrent: ZodType<PlanCurrent> = z.object({
  title: z.string(),
  academicYear: z.number(),
  academicYearLabel: z.string(),
});

export type ObjectiveCurrent = Pick<ObjectiveView, 'number' | 'text' | 'version'>;
export const objectiveCurrent: ZodType<ObjectiveCurrent> = z.object({
  number: z.number(),
  text: z.string(),
  version: z.number(),
});

export type StrandCurrent = Pick<
  StrandFieldsView,
  'title' | 'subtitle' | 'objectiveNumbers' | 'keyObjective' | 'intendedImpact' | 'lead' | 'version'
>;
export const strandCurrent: ZodType<StrandCurrent> = z.object({
  title: z.string(),
  subtitle: z.string().nullable(),
  objectiveNumbers: z.array(z.number()),
  keyObjective: z.string(),
  intendedImpact: z.string(),
  lead: z.object({ id: z.string(), name: z.string() }).nullable(),
  version: z.number(),
});

export type ActionCurrent = Pick<ActionEntityView, 'text' | 'schools' | 'status' | 'rag' | 'ragReason' | 'owner' | 'version'> & {
  due: { label: string | null };
};
export const actionCurrent: ZodType<ActionCurrent> = z.object({
  text: z.string(),
  schools: z.array(z.string()),
  due: z.object({ label: z.string().nullable() }),
  status: z.enum(actionStatusEnum.enumValues),
  rag: z.enum(ragEnum.enumValues).nullable(),
  ragReason: z.string().nullable(),
  owner: z.string().nullable(),
  version: z.number(),
});

export type ImpactCurrent = Pick<ImpactEntityView, 'text' | 'dateLabel' | 'evidenceUrl' | 'withdrawn' | 'version'>;
export const impactCurrent: ZodType<ImpactCurrent> = z.object({
  text: z.string(),
  dateLabel: z.string().nullable(),
  evidenceUrl: z.string().nullable(),
  withdrawn: z.boolean(),
  version: z.number(),
});

const versioned = z.object({ version: z.number().int() });

/** The version to re-send after a conflict: `current.version`, for a plan as for every other entity. */
export function currentVersion(current: unknown): number | null {
  const entity = versioned.safeParse(current);
  return entity.success ? entity.data.version : null;
}
