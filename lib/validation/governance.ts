import { z } from 'zod';
import { boardDecisionEnum, recommendationTypeEnum, reviewKindEnum } from '@/db/schema/enums';
import { LIMITS, isoDate, noNul } from './plan-content';

const NUL_MESSAGE = 'Remove the invisible control character (NUL) from the text.';
const id = (what: string) => z.string({ error: `Choose ${what}.` }).uuid(`${what[0].toUpperCase()}${what.slice(1)} must be an id.`);
const version = z.number({ error: 'Send the version you last saw.' }).int().min(1);
const optionalText = (max: number, what: string) =>
  z
    .string({ error: `${what} must be text.` })
    .trim()
    .max(max, `${what} can be at most ${max} characters.`)
    .refine(noNul, NUL_MESSAGE);
const requiredText = (max: number, what: string) => optionalText(max, what).pipe(z.string().min(1, `${what} cannot be empty.`));
const richText = z
  .string({ error: 'The minutes must be text.' })
  .max(LIMITS.richText, `The minutes can be at most ${LIMITS.richText} characters.`)
  .refine(noNul, NUL_MESSAGE);

export const GOVERNANCE_LIMITS = { attendees: 2000, recommendation: 5000, reason: LIMITS.reason, minuteReference: 200, password: 1024 } as const;

export const startReviewInput = z
  .object({
    kind: z.enum(reviewKindEnum.enumValues, { error: 'Choose the kind of review: head teachers’ or JCC.' }),
    heldOn: isoDate,
    attendees: optionalText(GOVERNANCE_LIMITS.attendees, 'The attendees').nullable().optional(),
    minutes: richText.optional(),
  })
  .strict();

export const updateReviewInput = z
  .object({
    version,
    heldOn: isoDate.optional(),
    attendees: optionalText(GOVERNANCE_LIMITS.attendees, 'The attendees').nullable().optional(),
    minutes: richText.optional(),
  })
  .strict();

export const signReviewInput = z
  .object({
    lineId: id('the line to sign'),
    /** The signer's password, asked again. Absent for an account that signs in only through SSO. */
    password: z.string({ error: 'Enter your password.' }).max(GOVERNANCE_LIMITS.password, 'That password is too long.').optional(),
  })
  .strict();

export const withdrawSignatureInput = z
  .object({
    signatureId: id('the signature to withdraw'),
    reason: requiredText(GOVERNANCE_LIMITS.reason, 'The reason'),
  })
  .strict();

export const createRecommendationInput = z
  .object({
    type: z.enum(recommendationTypeEnum.enumValues, { error: 'Choose what the JCC recommends.' }),
    text: optionalText(GOVERNANCE_LIMITS.recommendation, 'The recommendation').optional(),
    subjectSchoolId: id('the school').nullable().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.type === 'other' && !value.text) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'Write the decision the JCC recommends.' });
    }
    if (value.type === 'school_leaves' && !value.subjectSchoolId) {
      ctx.addIssue({ code: 'custom', path: ['subjectSchoolId'], message: 'Choose the school that is leaving.' });
    }
    if (value.type !== 'school_leaves' && value.subjectSchoolId) {
      ctx.addIssue({ code: 'custom', path: ['subjectSchoolId'], message: 'Only a school leaving names a school.' });
    }
  });

export const recordBoardDecisionInput = z
  .object({
    schoolId: id('the school whose board decided'),
    decision: z.enum(boardDecisionEnum.enumValues, { error: 'Choose approved, rejected or deferred.' }),
    reason: optionalText(GOVERNANCE_LIMITS.reason, 'The reason').nullable().optional(),
    meetingDate: isoDate,
    minuteReference: optionalText(GOVERNANCE_LIMITS.minuteReference, 'The minute reference').nullable().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.decision === 'rejected' && !value.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Give the board’s reason for rejecting it: everyone will see it.' });
    }
  });

export const emptyInput = z.object({}).strict();
