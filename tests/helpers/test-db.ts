import { afterAll, beforeAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { type Database, openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';

/**
 * A fresh, migrated database for one test file: PGlite in memory, or (project
 * `integration-postgres`) a new database on the server named by TEST_DATABASE_URL, dropped after.
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (process.env.JP_TEST_DB !== 'postgres' || !url) {
    const database = openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await migrateDatabase(database);
    return database;
  }
  return (await createPostgresDatabase(url, 'jp_test')).database;
}

/**
 * A new, migrated database on the Postgres server at `serverUrl`, and its URL (for other processes
 * to share); closing the database drops it.
 */
export async function createPostgresDatabase(serverUrl: string, prefix: string): Promise<{ database: Database; url: string }> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  const database = openDatabase({ kind: 'postgres', url: target.toString() });
  await migrateDatabase(database);
  return {
    url: target.toString(),
    database: {
      ...database,
      close: async () => {
        await database.close();
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    },
  };
}

/** Where the shared seeds live, when this checkout sits beside them. */
export const SEED_PLAN_PATH = new URL('../../../shared/seeds/002_0b1cb70c67a5a1be.txt', import.meta.url);

/**
 * Gives a test file its own migrated database for all its tests: call at the top level and use
 * the returned getter inside tests.
 */
export function useTestDatabase(): () => Database {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });
  return () => {
    if (!database) throw new Error('the test database is not open yet');
    return database;
  };
}
