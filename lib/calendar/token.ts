import { createHash, randomBytes } from 'node:crypto';

/** A new feed token (32 random bytes, base64url) and the SHA-256 hex that is stored. */
export function newCalendarToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashCalendarToken(token) };
}

/**
 * The stored form of a token. The feed is found by this hash with an index lookup, so a guess
 * is never compared with a real token character by character.
 */
export function hashCalendarToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The token of a feed address segment (`<token>` or `<token>.ics`), or null when it cannot be one. */
export function tokenOfSegment(segment: string): string | null {
  const token = segment.endsWith('.ics') ? segment.slice(0, -4) : segment;
  return TOKEN.test(token) ? token : null;
}

/** The private address of a feed. */
export function calendarFeedUrl(origin: string, token: string): string {
  return `${origin}/calendar/${token}.ics`;
}
