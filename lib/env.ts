import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type Env = Record<string, string | undefined>;

/**
 * Whether this is a demo: demo data loaded into an empty database and the demo accounts shown at
 * sign-in. On by default in development; in production only with JOINTPLAN_DEMO=1 (`npm run demo`),
 * so a real deployment never gets accounts with a published password.
 */
export function demoMode(env: Env = process.env): boolean {
  const flag = env.JOINTPLAN_DEMO;
  if (flag === '0' || flag === 'false') return false;
  if (flag === '1' || flag === 'true') return true;
  return env.NODE_ENV !== 'production';
}

/**
 * Makes sure AUTH_SECRET is set before anything signs a session. Outside production a missing
 * secret is generated once and kept in data/auth-secret so sessions survive restarts; in
 * production starting without one is refused.
 */
export function ensureAuthSecret(env: Env = process.env, dataDir = path.join(process.cwd(), 'data')): void {
  if (env.AUTH_SECRET) return;
  // A demo (npm run demo) runs a production build on one machine: a generated secret is fine there.
  if (env.NODE_ENV === 'production' && !demoMode(env)) {
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
