import { describe, expect, it } from 'vitest';
import { ssoConfig, verifiedSsoEmail } from '@/lib/auth/sso';

const TENANT = 'https://login.microsoftonline.com/8a7f2c1e-1111-4222-8333-944445555666/v2.0';

describe('single sign-on', () => {
  it('turns Microsoft on only with a tenant-specific issuer', () => {
    const base = { AUTH_MICROSOFT_ENTRA_ID_ID: 'id', AUTH_MICROSOFT_ENTRA_ID_SECRET: 'secret' };
    expect(ssoConfig({ ...base, AUTH_MICROSOFT_ENTRA_ID_ISSUER: TENANT }).entra).toEqual({ issuer: TENANT });
    expect(ssoConfig({ ...base, AUTH_MICROSOFT_ENTRA_ID_ISSUER: 'https://login.microsoftonline.com/common/v2.0' }).entra).toBeNull();
    expect(ssoConfig(base).entra).toBeNull();
    expect(ssoConfig({}).google).toBeNull();
  });

  it('accepts a Google email only when Google verified it, and only of the Workspace domain when one is set', () => {
    const env = { AUTH_GOOGLE_ID: 'id', AUTH_GOOGLE_SECRET: 'secret' };
    expect(verifiedSsoEmail('google', { email: 'Head@BankRoad.example', email_verified: true }, env)).toBe('head@bankroad.example');
    expect(verifiedSsoEmail('google', { email: 'head@bankroad.example', email_verified: false }, env)).toBeNull();
    expect(verifiedSsoEmail('google', { email: 'head@bankroad.example' }, env)).toBeNull();
    const hd = { ...env, AUTH_GOOGLE_HOSTED_DOMAIN: 'bankroad.example' };
    expect(verifiedSsoEmail('google', { email: 'head@bankroad.example', email_verified: true, hd: 'bankroad.example' }, hd)).toBe('head@bankroad.example');
    expect(verifiedSsoEmail('google', { email: 'head@bankroad.example', email_verified: true }, hd)).toBeNull();
  });

  it('never vouches for an unknown provider or a profile without an email', () => {
    expect(verifiedSsoEmail('github', { email: 'head@bankroad.example', email_verified: true })).toBeNull();
    expect(verifiedSsoEmail('microsoft-entra-id', {})).toBeNull();
  });
});
