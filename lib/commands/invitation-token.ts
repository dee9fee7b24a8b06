import { createHash, randomBytes } from 'node:crypto';

/** How long an invitation link works. */
export const INVITATION_TTL_DAYS = 14;

/** A new invitation token (32 random bytes, base64url) and the SHA-256 hex that is stored. */
export function newInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashInvitationToken(token) };
}

/** The stored form of a token: a database reader cannot turn it back into a working link. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The path of the page where an invitation is accepted. */
export function invitationPath(token: string): string {
  return `/invitations/${token}`;
}

/** When an invitation made now stops working. */
export function invitationExpiry(now = new Date()): Date {
  return new Date(now.getTime() + INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000);
}
