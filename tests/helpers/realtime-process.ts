import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import postgres from 'postgres';
import { createClient } from 'redis';
import { type Database, openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { TEST_AUTH_SECRET } from './realtime';

const root = path.resolve(import.meta.dirname, '../..');

/** A port that was free a moment ago (to restart a server on the same one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

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

/** A new, migrated Postgres database for processes to share, with its URL; `drop` removes it. */
export async function createClusterDatabase(): Promise<{ database: Database; url: string; drop: () => Promise<void> }> {
  const name = `jp_rt_${randomUUID().replace(/-/g, '')}`;
  const admin = postgres(CLUSTER_POSTGRES_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(CLUSTER_POSTGRES_URL);
  url.pathname = `/${name}`;
  const database = openDatabase({ kind: 'postgres', url: url.toString() });
  await migrateDatabase(database);
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
