/**
 * The address people reach jointplan at, for links in emails and links to copy: `AUTH_URL` when
 * it is set, otherwise the host the request came to (and, behind a trusted proxy, its scheme).
 */
export function publicOrigin(headers: Headers, env: Record<string, string | undefined> = process.env): string {
  if (env.AUTH_URL) {
    try {
      return new URL(env.AUTH_URL).origin;
    } catch {
      // fall through to the request's host
    }
  }
  const trustProxy = env.TRUST_PROXY === '1';
  const host = (trustProxy ? headers.get('x-forwarded-host')?.split(',')[0].trim() : null) || headers.get('host') || 'localhost';
  const proto = (trustProxy ? headers.get('x-forwarded-proto')?.split(',')[0].trim() : null) || 'http';
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}
