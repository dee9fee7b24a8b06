import { z } from 'zod';
import { actionStatusEnum, ragEnum, termEnum } from '@/db/schema/enums';

/** Limits on what people write, documented in docs/api.md. */
export const LIMITS = {
  title: 200,
  objectiveText: 1000,
  actionText: 2000,
  reason: 1000,
  richText: 50_000,
  url: 2000,
  schoolsPerAction: 20,
  jsonBodyBytes: 256 * 1024,
} as const;

const id = z.string().uuid('Must be an id.');
const version = z.number({ error: 'Send the version you last saw.' }).int().min(1);
/** No NUL characters: Postgres cannot store them in text, and no person types one. */
export const noNul = (s: string) => !s.includes('\u0000');
const NUL_MESSAGE = 'Remove the invisible control character (NUL) from the text.';
const text = (max: number, what: string) =>
  z
    .string({ error: `${what} must be text.` })
    .trim()
    .min(1, `${what} cannot be empty.`)
    .max(max, `${what} can be at most ${max} characters.`)
    .refine(noNul, NUL_MESSAGE);
const richText = z
  .string({ error: 'Must be text.' })
  .max(LIMITS.richText, `Can be at most ${LIMITS.richText} characters.`)
  .refine(noNul, NUL_MESSAGE);
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2025-12-04.')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'That date does not exist.');
const academicYear = z.number().int().min(2000, 'Use a year from 2000.').max(2100, 'Use a year up to 2100.');
const position = z.number().int().min(1, 'Positions start at 1.');

/** When an action is due: a term or half term of an academic year, a date, TBC, or not set. */
export const dueInput = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('none') }).strict(),
    z.object({ kind: z.literal('tbc') }).strict(),
    z.object({ kind: z.literal('term'), academicYear, term: z.enum(termEnum.enumValues) }).strict(),
    z
      .object({ kind: z.literal('half_term'), academicYear, term: z.enum(termEnum.enumValues), half: z.union([z.literal(1), z.literal(2)]) })
      .strict(),
    z
      .object({
        kind: z.literal('date'),
        date: isoDate,
        time: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time like 18:00.')
          .nullable()
          .optional(),
      })
      .strict(),
  ],
  { error: 'Choose when it is due: a term, a half term, a date, or TBC.' },
);
export type DueInput = z.infer<typeof dueInput>;

export const updatePlanInput = z
  .object({ version, title: text(LIMITS.title, 'The title').optional(), academicYear: academicYear.optional() })
  .strict();

export const createObjectiveInput = z.object({ text: text(LIMITS.objectiveText, 'The objective'), number: position.optional() }).strict();
export const updateObjectiveInput = z
  .object({ version, text: text(LIMITS.objectiveText, 'The objective').optional(), number: position.optional() })
  .strict();

export const createStrandInput = z
  .object({
    title: text(LIMITS.title, 'The title'),
    subtitle: z.string().trim().max(LIMITS.title).refine(noNul, NUL_MESSAGE).nullable().optional(),
    position: position.optional(),
    keyObjective: richText.optional(),
    intendedImpact: richText.optional(),
    objectiveIds: z.array(id).max(100).optional(),
    leadUserId: id.nullable().optional(),
  })
  .strict();
export const updateStrandInput = z
  .object({
    version,
    title: text(LIMITS.title, 'The title').optional(),
    subtitle: z.string().trim().max(LIMITS.title).refine(noNul, NUL_MESSAGE).nullable().optional(),
    position: position.optional(),
    keyObjective: richText.optional(),
    intendedImpact: richText.optional(),
    objectiveIds: z.array(id).max(100).optional(),
    leadUserId: id.nullable().optional(),
  })
  .strict();

const ragFields = {
  rag: z.enum(ragEnum.enumValues).nullable().optional(),
  ragReason: z
    .string()
    .trim()
    .max(LIMITS.reason, `The reason can be at most ${LIMITS.reason} characters.`)
    .refine(noNul, NUL_MESSAGE)
    .nullable()
    .optional(),
};
export const createActionInput = z
  .object({
    text: text(LIMITS.actionText, 'The action'),
    position: position.optional(),
    ownerUserId: id.nullable().optional(),
    schoolIds: z.array(id).max(LIMITS.schoolsPerAction).optional(),
    due: dueInput.optional(),
    status: z.enum(actionStatusEnum.enumValues).optional(),
    ...ragFields,
  })
  .strict();
export const updateActionInput = z
  .object({
    version,
    text: text(LIMITS.actionText, 'The action').optional(),
    position: position.optional(),
    ownerUserId: id.nullable().optional(),
    schoolIds: z.array(id).max(LIMITS.schoolsPerAction).optional(),
    due: dueInput.optional(),
    status: z.enum(actionStatusEnum.enumValues).optional(),
    ...ragFields,
  })
  .strict();

const evidenceUrl = z
  .string()
  .trim()
  .max(LIMITS.url)
  .url('Use a full web address starting with https://.')
  .refine((u) => /^https?:\/\//i.test(u), 'Use a web address starting with https:// or http://.')
  .nullable()
  .optional();
export const createImpactInput = z
  .object({ body: richText, date: isoDate.nullable().optional(), evidenceUrl, actionId: id.nullable().optional() })
  .strict();
export const updateImpactInput = z
  .object({
    version,
    body: richText.optional(),
    date: isoDate.nullable().optional(),
    evidenceUrl,
    /** Withdraw the entry (kept, marked withdrawn) with an optional reason. */
    withdrawn: z.literal(true).optional(),
    withdrawnReason: z.string().trim().max(LIMITS.reason).refine(noNul, NUL_MESSAGE).nullable().optional(),
  })
  .strict();

export const deleteInput = z.object({ version }).strict();

export type UpdatePlanInput = z.infer<typeof updatePlanInput>;
export type CreateObjectiveInput = z.infer<typeof createObjectiveInput>;
export type UpdateObjectiveInput = z.infer<typeof updateObjectiveInput>;
export type CreateStrandInput = z.infer<typeof createStrandInput>;
export type UpdateStrandInput = z.infer<typeof updateStrandInput>;
export type CreateActionInput = z.infer<typeof createActionInput>;
export type UpdateActionInput = z.infer<typeof updateActionInput>;
export type CreateImpactInput = z.infer<typeof createImpactInput>;
export type UpdateImpactInput = z.infer<typeof updateImpactInput>;
