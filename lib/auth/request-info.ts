/**
 * The client's address. server.ts overwrites `x-real-ip` with the socket's address on every
 * request (or the proxy's forwarded one when TRUST_PROXY is set), so a client cannot choose it.
 */
export function clientIp(headers: Headers): string {
  return headers.get('x-real-ip') ?? 'unknown';
}

/** The client's user agent, trimmed to a sane length for the audit trail. */
export function userAgent(headers: Headers): string | null {
  return headers.get('user-agent')?.slice(0, 512) ?? null;
}
