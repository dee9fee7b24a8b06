import type { IncomingHttpHeaders } from 'node:http';
import { decode } from 'next-auth/jwt';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { type Actor, loadActor } from '@/lib/auth/actor';

export const SESSION_COOKIE_NAMES = ['__Secure-authjs.session-token', 'authjs.session-token'] as const;

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Whether a handshake comes from our own pages: a browser names the page's origin, which must be
 * this server's host. Clients that send no Origin are not browsers (and carry no ambient cookie).
 */
export function isSameOrigin(headers: IncomingHttpHeaders, trustProxy = process.env.TRUST_PROXY === '1'): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  const forwarded = trustProxy ? headers['x-forwarded-host'] : undefined;
  const host = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim() || headers.host;
  try {
    return Boolean(host) && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Where a handshake came from, as the audit trail records it. */
export function handshakeClient(headers: IncomingHttpHeaders, address: string): { ip: string | null; userAgent: string | null } {
  const forwarded = process.env.TRUST_PROXY === '1' ? String(headers['x-forwarded-for'] ?? '').split(',').pop()?.trim() : '';
  const ua = headers['user-agent'];
  return { ip: forwarded || address || null, userAgent: typeof ua === 'string' ? ua.slice(0, 500) : null };
}

/**
 * The person behind a handshake's next-auth session cookie, with the session version it carries;
 * null without a valid cookie of a current account.
 */
export async function authenticateHandshake(
  db: Db,
  headers: IncomingHttpHeaders,
  client: { ip: string | null; userAgent: string | null },
): Promise<{ actor: Actor; sessionVersion: number } | null> {
  const secret = process.env.AUTH_SECRET ?? '';
  if (!secret) return null;
  for (const name of SESSION_COOKIE_NAMES) {
    const token = readCookie(headers.cookie, name);
    if (!token) continue;
    const jwt = await decode({ token, secret, salt: name }).catch(() => null);
    const uid = z.string().uuid().safeParse(jwt?.uid);
    if (!uid.success) continue;
    const sessionVersion = typeof jwt?.sv === 'number' ? jwt.sv : -1;
    const actor = await loadActor(db, uid.data, sessionVersion, client);
    if (actor) return { actor, sessionVersion };
  }
  return null;
}
