import { z } from 'zod';
import type { Role } from '@/db/schema';

/** Limits on member and invitation input. */
export const MEMBER_LIMITS = {
  name: 200,
  email: 254,
  subject: 100,
  rolesPerPerson: 20,
  minPassword: 12,
  maxPassword: 1024,
  jsonBodyBytes: 16 * 1024,
} as const;

/**
 * Every role, in the order people are shown them. Only a type import of the schema: client forms
 * import this module, and the drizzle schema has no place in the browser bundle.
 */
export const ROLES = [
  'partnership_admin',
  'head_teacher',
  'chair_of_governors',
  'governor',
  'clerk',
  'jcc_member',
  'subject_lead',
  'staff',
  'viewer',
] as const satisfies readonly Role[];

// Compile-time guard: a role added to the enum must be added here too.
type MissingRole = Exclude<Role, (typeof ROLES)[number]>;
const everyRoleListed: [MissingRole] extends [never] ? true : MissingRole = true;
void everyRoleListed;

/** Roles held at one school of the partnership. */
export const SCHOOL_ROLES: readonly Role[] = ['head_teacher', 'chair_of_governors', 'clerk', 'governor', 'subject_lead', 'staff'];
/** Roles that may name a school or be partnership-wide. */
export const OPTIONAL_SCHOOL_ROLES: readonly Role[] = ['jcc_member'];
/** Roles of the partnership as a whole. */
export const PARTNERSHIP_ROLES: readonly Role[] = ['partnership_admin', 'viewer'];

/** Whether a role needs, may have, or may not have a school. */
export function schoolRuleOf(role: Role): 'required' | 'optional' | 'none' {
  if (SCHOOL_ROLES.includes(role)) return 'required';
  if (OPTIONAL_SCHOOL_ROLES.includes(role)) return 'optional';
  return 'none';
}

export const ROLE_LABELS: Record<Role, string> = {
  partnership_admin: 'Partnership admin',
  head_teacher: 'Head teacher',
  chair_of_governors: 'Chair of governors',
  governor: 'Governor',
  clerk: 'Clerk to governors',
  jcc_member: 'JCC member',
  subject_lead: 'Subject lead',
  staff: 'Staff',
  viewer: 'Viewer',
};

const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

/** One role a person holds or is invited to: the role, its school, and a subject lead's subject. */
export const memberRoleSchema = z
  .strictObject({
    role: z.enum(ROLES, { error: 'Choose a role.' }),
    schoolId: z.preprocess(blankToNull, z.string().uuid('Choose a school of the partnership.').nullable().optional()),
    subject: z.preprocess(
      blankToNull,
      z
        .string({ error: 'The subject must be text.' })
        .trim()
        .max(MEMBER_LIMITS.subject, `A subject can be at most ${MEMBER_LIMITS.subject} characters.`)
        .refine((s) => !s.includes('\u0000'), 'Remove the invisible control character (NUL) from the subject.')
        .nullable()
        .optional(),
    ),
  })
  .superRefine((value, ctx) => {
    const rule = schoolRuleOf(value.role);
    const label = ROLE_LABELS[value.role].toLowerCase();
    if (rule === 'required' && !value.schoolId) {
      ctx.addIssue({ code: 'custom', path: ['schoolId'], message: `Choose the school for a ${label}.` });
    }
    if (rule === 'none' && value.schoolId) {
      ctx.addIssue({ code: 'custom', path: ['schoolId'], message: `A ${label} is not tied to one school: leave the school empty.` });
    }
    if (value.role === 'subject_lead' && !value.subject) {
      ctx.addIssue({ code: 'custom', path: ['subject'], message: 'Give the subject this person leads, such as English or SENCo.' });
    }
    if (value.role !== 'subject_lead' && value.subject) {
      ctx.addIssue({ code: 'custom', path: ['subject'], message: 'Only a subject lead has a subject: leave it empty.' });
    }
  })
  .transform((value) => ({ role: value.role, schoolId: value.schoolId ?? null, subject: value.subject ?? null }));

export type MemberRoleInput = z.output<typeof memberRoleSchema>;

/** The full set of roles a person holds in one partnership (at least one). */
export const memberRolesSchema = z
  .array(memberRoleSchema, { error: 'Send the roles as a list.' })
  .min(1, 'Give at least one role.')
  .max(MEMBER_LIMITS.rolesPerPerson, `A person can hold at most ${MEMBER_LIMITS.rolesPerPerson} roles.`);

const personName = z
  .string({ error: 'The name must be text.' })
  .trim()
  .min(1, 'Give the person’s name.')
  .max(MEMBER_LIMITS.name, `A name can be at most ${MEMBER_LIMITS.name} characters.`)
  .refine((s) => !s.includes('\u0000'), 'Remove the invisible control character (NUL) from the name.');

/** `POST /api/v1/partnerships/:id/invitations` and the invite form. */
export const inviteMemberSchema = z.strictObject({
  email: z
    .string({ error: 'The email address must be text.' })
    .trim()
    .toLowerCase()
    .max(MEMBER_LIMITS.email, `An email address can be at most ${MEMBER_LIMITS.email} characters.`)
    .email('That is not an email address.'),
  name: personName,
  roles: memberRolesSchema,
});

export type InviteMemberInput = z.input<typeof inviteMemberSchema>;

/** `PUT /api/v1/partnerships/:id/members/:userId/roles` and the role editor. */
export const changeMemberRolesSchema = z.strictObject({ roles: memberRolesSchema });

export type ChangeMemberRolesInput = z.input<typeof changeMemberRolesSchema>;

/** What a new person gives when accepting an invitation. */
export const newAccountSchema = z
  .strictObject({
    name: personName,
    password: z
      .string({ error: 'Choose a password.' })
      .min(MEMBER_LIMITS.minPassword, `Choose a password of at least ${MEMBER_LIMITS.minPassword} characters.`)
      .max(MEMBER_LIMITS.maxPassword, `A password can be at most ${MEMBER_LIMITS.maxPassword} characters.`),
    confirmPassword: z.string({ error: 'Type the password again.' }),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The two passwords are not the same. Type the same password twice.',
  });

export type NewAccountInput = z.input<typeof newAccountSchema>;

/** An invitation token as links carry it: 32 random bytes, base64url. */
export const invitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** A role in plain words: "Subject lead (English) at Bank Road Infant and Nursery School". */
export function describeRole(r: { role: Role; schoolName: string | null; subject: string | null }): string {
  const subject = r.subject ? ` (${r.subject})` : '';
  const school = r.schoolName ? ` at ${r.schoolName}` : '';
  return `${ROLE_LABELS[r.role]}${subject}${school}`;
}
