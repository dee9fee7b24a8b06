// Which single sign-on providers are on, and which emails they vouch for.

/**
 * Which SSO providers the environment switches on. Entra ID needs a tenant-specific issuer: with
 * the multi-tenant one anybody's own tenant could claim a school email address.
 */
export function ssoConfig(env: Record<string, string | undefined> = process.env) {
  const issuer = env.AUTH_MICROSOFT_ENTRA_ID_ISSUER ?? '';
  const tenantSpecific = /^https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}\/v2\.0\/?$/i.test(issuer);
  const entraWanted = Boolean(env.AUTH_MICROSOFT_ENTRA_ID_ID && env.AUTH_MICROSOFT_ENTRA_ID_SECRET);
  if (entraWanted && !tenantSpecific) {
    console.warn('[auth] Microsoft sign-in is off: set AUTH_MICROSOFT_ENTRA_ID_ISSUER to https://login.microsoftonline.com/<tenant id>/v2.0');
  }
  return {
    entra: entraWanted && tenantSpecific ? { issuer } : null,
    google: env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET ? { hostedDomain: env.AUTH_GOOGLE_HOSTED_DOMAIN?.toLowerCase() || null } : null,
  };
}

/** SSO providers switched on by the environment, for the sign-in page. */
export function ssoProviders(): { id: string; name: string }[] {
  const sso = ssoConfig();
  const list: { id: string; name: string }[] = [];
  if (sso.entra) list.push({ id: 'microsoft-entra-id', name: 'Microsoft' });
  if (sso.google) list.push({ id: 'google', name: 'Google' });
  return list;
}

/** The email an SSO profile vouches for, or null when the provider has not verified it. */
export function verifiedSsoEmail(
  provider: string,
  profile: Record<string, unknown> | undefined,
  env: Record<string, string | undefined> = process.env,
): string | null {
  const email = typeof profile?.email === 'string' ? profile.email.trim().toLowerCase() : null;
  if (!email) return null;
  if (provider === 'google') {
    if (profile?.email_verified !== true) return null;
    const domain = ssoConfig(env).google?.hostedDomain;
    if (domain && profile?.hd !== domain) return null;
    return email;
  }
  // Entra ID: the issuer is pinned to the school's tenant (ssoConfig), so its accounts are the school's.
  if (provider === 'microsoft-entra-id') return email;
  return null;
}

