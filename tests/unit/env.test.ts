import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoMode, ensureAuthSecret } from '@/lib/env';

describe('AUTH_SECRET', () => {
  it('is generated once outside production and kept so sessions survive restarts', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jp-env-'));
    const first: Record<string, string | undefined> = { NODE_ENV: 'development' };
    ensureAuthSecret(first, dir);
    expect(first.AUTH_SECRET).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    expect(readFileSync(path.join(dir, 'auth-secret'), 'utf8')).toBe(first.AUTH_SECRET);
    expect(statSync(path.join(dir, 'auth-secret')).mode & 0o077).toBe(0);
    const second: Record<string, string | undefined> = { NODE_ENV: 'development' };
    ensureAuthSecret(second, dir);
    expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
  });

  it('is required in production, except for the demo', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jp-env-'));
    expect(() => ensureAuthSecret({ NODE_ENV: 'production' }, dir)).toThrow(/AUTH_SECRET is not set/);
    expect(() => ensureAuthSecret({ NODE_ENV: 'production', JOINTPLAN_DEMO: '0' }, dir)).toThrow(/AUTH_SECRET is not set/);
    const demo: Record<string, string | undefined> = { NODE_ENV: 'production', JOINTPLAN_DEMO: '1' };
    ensureAuthSecret(demo, dir);
    expect(demo.AUTH_SECRET).toBeTruthy();
    const given: Record<string, string | undefined> = { NODE_ENV: 'production', AUTH_SECRET: 'given' };
    ensureAuthSecret(given, dir);
    expect(given.AUTH_SECRET).toBe('given');
  });
});

describe('demo mode', () => {
  it('is on in development unless JOINTPLAN_DEMO is 0, and off in production unless it is 1', () => {
    expect(demoMode({})).toBe(true);
    expect(demoMode({ NODE_ENV: 'development', JOINTPLAN_DEMO: '0' })).toBe(false);
    expect(demoMode({ JOINTPLAN_DEMO: 'false' })).toBe(false);
    expect(demoMode({ NODE_ENV: 'production' })).toBe(false);
    expect(demoMode({ NODE_ENV: 'production', JOINTPLAN_DEMO: '1' })).toBe(true);
  });
});
