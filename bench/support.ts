// Shared pieces of the benchmarks: starting the real server on a production build, signing in, timing.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import postgres from 'postgres';
import { type DatabaseTarget, openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { roleAssignments, users } from '../db/schema';
import { seedDemo } from '../db/seed/seed';

export const BENCH_SECRET = 'bench-only-secret-0123456789-abcdefghijkl';

/** Builds the production bundle unless one exists (BENCH_REBUILD=1 forces it). */
export function ensureBuild(): void {
  if (existsSync('.next/BUILD_ID') && process.env.BENCH_REBUILD !== '1') return;
  // Build output goes to stderr: stdout is the benchmark's JSON.
  const r = spawnSync('npx', ['next', 'build'], { stdio: ['ignore', 2, 2], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) throw new Error('next build failed');
}

export type RunningServer = { url: string; process: ChildProcess; log: () => string; stop: () => Promise<void> };

/**
 * Starts server.ts in production mode on a port with the given database settings, with demo data.
 * BENCH_SERVER_CPU_PROF=<dir> writes a V8 CPU profile of the server there when it stops. With
 * `inspect`, the server opens the V8 inspector on a free loopback port (bench/inspector.ts).
 */
export async function startServer(port: number, env: Record<string, string>, { inspect = false } = {}): Promise<RunningServer> {
  const profile = process.env.BENCH_SERVER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_CPU_PROF}`] : [];
  // BENCH_SERVER_NODE_FLAGS: more node flags for the server (e.g. --trace-gc with BENCH_SERVER_LOG=1).
  const flags = [...(inspect ? ['--inspect=127.0.0.1:0'] : []), ...(process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean)];
  const child = spawn('npx', ['tsx', ...profile, ...flags, 'server.ts'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), JOINTPLAN_DEMO: '1', AUTH_SECRET: BENCH_SECRET, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping it stops the node process npx starts too.
    detached: true,
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  // BENCH_SERVER_LOG=1: the server's own output on stderr too (stdout is the benchmark's JSON).
  if (process.env.BENCH_SERVER_LOG) {
    child.stdout?.pipe(process.stderr);
    child.stderr?.pipe(process.stderr);
  }
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
    log: () => log,
    // Resolves once the server and the wrappers above it (npx, tsx) have exited.
    stop: async () => {
      if (!child.pid) return;
      let outcome: 'exited' | 'late' = 'exited';
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit').then(() => 'exited' as const);
        // The server's own node process alone: signalled with the whole group, the wrappers above it
        // went first and the server did not get to write its CPU profile. They exit once it has.
        process.kill(serverPid(child.pid), 'SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 30_000)));
        outcome = await Promise.race([exited, late]);
        clearTimeout(timer);
      }
      try {
        // Whatever is left of the group: nothing, unless the server did not stop within 30 s (or
        // the wrapper had exited without it).
        process.kill(-child.pid, outcome === 'late' ? 'SIGKILL' : 'SIGTERM');
      } catch {
        // ESRCH: the group is gone.
      }
    },
  };
}

/**
 * Creates the database the server will open: migrations, demo data, and `accounts` extra people
 * with the Bank Road head's roles (so they may edit the strand). The server caps each person at
 * a few connections (MAX_SOCKETS_PER_USER), so a simulated load spreads over enough people instead of
 * raising that limit. Returns a session cookie for each, minted with the bench's AUTH_SECRET.
 */
export async function prepareDatabase(target: DatabaseTarget, accounts: number): Promise<string[]> {
  const database = openDatabase(target);
  try {
    await migrateDatabase(database);
    await seedDemo(database.db);
    const { db } = database;
    const [head] = await db.select().from(users).where(eq(users.email, 'head@bankroad.example'));
    if (!head) throw new Error('demo head teacher not found');
    const roles = await db.select().from(roleAssignments).where(eq(roleAssignments.userId, head.id));
    const cookies: string[] = [];
    for (let i = 0; i < accounts; i++) {
      const [user] = await db
        .insert(users)
        .values({ email: `bench-editor-${i}@bench.example`, name: `Bench Editor ${i}`, passwordHash: head.passwordHash })
        .returning();
      await db.insert(roleAssignments).values(roles.map((r) => ({ userId: user.id, partnershipId: r.partnershipId, schoolId: r.schoolId, role: r.role, subject: r.subject })));
      const salt = 'authjs.session-token';
      const token = await encode({ token: { uid: user.id, sv: user.sessionVersion, sub: user.id }, secret: BENCH_SECRET, salt });
      cookies.push(`${salt}=${token}`);
    }
    return cookies;
  } finally {
    await database.close();
  }
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

/** All descendants of a process (bounded walk). */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length && out.length < 50) {
    const p = queue.shift()!;
    let children: number[] = [];
    try {
      children = execFileSync('pgrep', ['-P', String(p)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
    } catch {
      // no children
    }
    out.push(...children);
    queue.push(...children);
  }
  return out;
}

export function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The server's own node process: the largest process under the spawned `npx tsx server.ts`. */
export function serverPid(rootPid: number): number {
  const all = [rootPid, ...descendants(rootPid)];
  return all.reduce((best, p) => (rssKb(p) > rssKb(best) ? p : best), rootPid);
}

/** CPU time a process has used (user + system), in ms. */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** CPU time the whole machine has been busy (every core), in ms. */
export function machineBusyMs(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const idle = ticks[3] + ticks[4];
  return ((ticks.reduce((a, b) => a + b, 0) - idle) * 1000) / 100;
}

/** Pids of the processes with this exact name (e.g. the Postgres server's backends). */
export function pgrep(name: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
      } catch {
        return false;
      }
    });
}

/** Runs `fn` with the URL of a new, empty database on the Postgres server at `url`, dropped afterwards. */
export async function withPostgresDatabase<T>(url: string, fn: (databaseUrl: string) => Promise<T>): Promise<T> {
  const name = `jp_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  try {
    return await fn(target.toString());
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
