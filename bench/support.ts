// Shared pieces of the benchmarks: starting the real server on a production build, signing in, timing.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const BENCH_SECRET = 'bench-only-secret-0123456789-abcdefghijkl';

/** Builds the production bundle unless one exists (BENCH_REBUILD=1 forces it). */
export function ensureBuild(): void {
  if (existsSync('.next/BUILD_ID') && process.env.BENCH_REBUILD !== '1') return;
  // Build output goes to stderr: stdout is the benchmark's JSON.
  const r = spawnSync('npx', ['next', 'build'], { stdio: ['ignore', 2, 2], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) throw new Error('next build failed');
}

export type RunningServer = { url: string; process: ChildProcess; stop: () => Promise<void> };

/** Starts server.ts in production mode on a port with the given database settings, with demo data. */
export async function startServer(port: number, env: Record<string, string>): Promise<RunningServer> {
  const child = spawn('npx', ['tsx', 'server.ts'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), JOINTPLAN_DEMO: '1', AUTH_SECRET: BENCH_SECRET, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping it stops the node process npx starts too.
    detached: true,
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${log}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      }),
  };
}

/** Signs in through Auth.js and returns the cookie header to send. */
export async function signIn(url: string, email: string, password = 'jointplan-demo'): Promise<string> {
  const csrfResponse = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const csrfCookie = csrfResponse.headers.getSetCookie().map((c) => c.split(';')[0]);
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie.join('; ') },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: '/' }),
  });
  const session = response.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('authjs.session-token='));
  if (!session) throw new Error(`sign-in failed for ${email}: ${response.status}`);
  return session;
}

/** Percentiles of a list of durations, in milliseconds, rounded to 0.1 ms. */
export function percentiles(samples: number[], ps = [50, 95, 99]): Record<string, number> {
  const sorted = [...samples].sort((a, b) => a - b);
  const out: Record<string, number> = {};
  for (const p of ps) out[`p${p}`] = Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
  return out;
}

/** Times `n` sequential runs of `fn` after `warmup` untimed ones. */
export async function timeRuns(n: number, fn: () => Promise<void>, warmup = 5): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples;
}
