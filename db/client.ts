import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { PGliteThread } from './pglite-thread';
import * as schema from './schema';

export type Schema = typeof schema;
/** The drizzle handle: the same query code runs on PGlite and on Postgres. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle. Inside `db.transaction(tx => …)` use only `tx`: PGlite is one connection. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either: for code that runs inside or outside a transaction. */
export type Executor = Db | Tx;

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export type Database = {
  db: Db;
  target: DatabaseTarget;
  close: () => Promise<void>;
};

/** Where the database lives: `DATABASE_URL` for Postgres, otherwise PGlite under `PGLITE_DIR` or data/pglite. */
export function resolveTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL };
  return { kind: 'pglite', dataDir: env.PGLITE_DIR || path.join(process.cwd(), 'data', 'pglite') };
}

/** Opens a database; tests call this with their own target, the app uses `getDatabase()`. */
export function openDatabase(target: DatabaseTarget): Database {
  if (target.kind === 'postgres') {
    const client = postgres(target.url, { max: 10, onnotice: () => {} });
    const db = drizzlePostgres(client, { schema, casing: 'snake_case' }) as unknown as Db;
    return { db, target, close: () => client.end({ timeout: 5 }) };
  }
  if (!target.dataDir.startsWith('memory://')) mkdirSync(target.dataDir, { recursive: true });
  // PGlite runs on a thread of its own, so its statements never hold the event loop (pglite-thread.ts).
  const client = new PGliteThread(target.dataDir);
  const db = drizzlePglite(client.asPGlite(), { schema, casing: 'snake_case' }) as unknown as Db;
  return { db, target, close: () => client.close() };
}

// Next bundles its own copy of this module; the handle lives on globalThis so server.ts, route
// handlers and server components share one connection (PGlite allows one process, one handle).
const globalKey = Symbol.for('jointplan.database');
type GlobalWithDb = typeof globalThis & { [globalKey]?: Database };

/** The process-wide database, opened on first use. */
export function getDatabase(): Database {
  const g = globalThis as GlobalWithDb;
  if (!g[globalKey]) g[globalKey] = openDatabase(resolveTarget());
  return g[globalKey];
}

/** Replaces the process-wide database (tests, scripts). */
export function setDatabase(database: Database): void {
  (globalThis as GlobalWithDb)[globalKey] = database;
}

/** The process-wide drizzle handle. */
export function getDb(): Db {
  return getDatabase().db;
}
