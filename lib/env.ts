import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type Env = Record<string, string | undefined>;

/** Whether demo data is loaded into an empty database (on unless JOINTPLAN_DEMO=0). */
export function demoMode(env: Env = process.env): boolean {
  return env.JOINTPLAN_DEMO !== '0' && env.JOINTPLAN_DEMO !== 'false';
}

/**
 * Makes sure AUTH_SECRET is set before anything signs a session. Outside production a missing
 * secret is generated once and kept in data/auth-secret so sessions survive restarts; in
 * production starting without one is refused.
 */
export function ensureAuthSecret(env: Env = process.env, dataDir = path.join(process.cwd(), 'data')): void {
  if (env.AUTH_SECRET) return;
  if (env.NODE_ENV === 'production' && env.JOINTPLAN_ALLOW_GENERATED_SECRET !== '1') {
    throw new Error(
      'AUTH_SECRET is not set. Set it to a long random value (for example `openssl rand -base64 33`) before starting jointplan in production.',
    );
  }
  const file = path.join(dataDir, 'auth-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(33).toString('base64'), { mode: 0o600 });
  }
  env.AUTH_SECRET = readFileSync(file, 'utf8').trim();
}
