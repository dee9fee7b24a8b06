/** What a member-management server action returns to its form: a message and per-field messages. */
export type MemberFormState = { error: string | null; fields: { [field: string]: string } };

/** A link just issued (invitation or new link): shown once, to copy. */
export type IssuedLink = { id: string; email: string; link: string; emailed: boolean; expiresAt: string };

export type InviteState = MemberFormState & { issued: IssuedLink | null };

export type RenewState = MemberFormState & { issued: IssuedLink | null };

/** `done` turns true when the change was made (a form closes its editor). */
export type RowActionState = MemberFormState & { done: boolean };

export type AcceptState = MemberFormState & {
  /** Set once joined without signing in here (an existing account): where to go next. */
  joined: { partnershipName: string; email: string; signInHref: string } | null;
};

export const initialMemberFormState: MemberFormState = { error: null, fields: {} };
export const initialInviteState: InviteState = { ...initialMemberFormState, issued: null };
export const initialRenewState: RenewState = { ...initialMemberFormState, issued: null };
export const initialRowActionState: RowActionState = { ...initialMemberFormState, done: false };
export const initialAcceptState: AcceptState = { ...initialMemberFormState, joined: null };

/** One role row as a form holds it. */
export type RoleRow = { role: string; schoolId: string; subject: string };
