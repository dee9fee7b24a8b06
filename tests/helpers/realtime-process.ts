import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { createClient } from 'redis';
import type { Database } from '@/db/client';
import { TEST_AUTH_SECRET } from './realtime';
import { createPostgresDatabase } from './test-db';

export { freePort } from './ports';

const root = path.resolve(import.meta.dirname, '../..');

export type ServerProcess = { child: ChildProcess; port: number; url: string; output: () => string; exited: Promise<number | null> };

/** Starts scripts/realtime-test-server.ts as a child process and waits until it listens. */
export async function spawnRealtimeServer(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/realtime-test-server.ts')], {
    cwd: root,
    env: { ...process.env, AUTH_SECRET: TEST_AUTH_SECRET, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c) => (out += String(c)));
  child.stderr?.on('data', (c) => (out += String(c)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /READY (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve(Number(m[1]));
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it listened:\n${out}`));
    });
  });
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}

// Processes sharing Redis (the Streams adapter) and one Postgres database (PGlite cannot be shared
// by two processes).
export const CLUSTER_REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const CLUSTER_POSTGRES_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** Why tests of several processes cannot run here (no Redis or no Postgres answers), or null. */
export async function clusterUnavailable(): Promise<string | null> {
  const redis = createClient({ url: CLUSTER_REDIS_URL, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    await redis.quit();
  } catch (error) {
    return `no Redis answers at ${CLUSTER_REDIS_URL} (${error instanceof Error ? error.message : String(error)})`;
  }
  const sql = postgres(CLUSTER_POSTGRES_URL, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (error) {
    return `no Postgres answers at ${CLUSTER_POSTGRES_URL} (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await sql.end({ timeout: 1 });
  }
  return null;
}

/** A new, migrated Postgres database for processes to share, with its URL; closing it drops it. */
export function createClusterDatabase(): Promise<{ database: Database; url: string }> {
  return createPostgresDatabase(CLUSTER_POSTGRES_URL, 'jp_rt');
}
