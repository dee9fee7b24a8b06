import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '@/db/client';
import { PGliteThread } from '@/db/pglite-thread';

// The embedded database runs on its own thread (db/pglite-thread.ts): what the app relies on is that
// it behaves as PGlite did on the main thread (transactions, errors, order) without holding the
// event loop.
describe('PGlite on its own thread', () => {
  let database: Database;
  beforeAll(async () => {
    database = openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await database.db.execute(sql`create table note (id int primary key, body text not null)`);
  });
  afterAll(() => database.close());
  /** The rows of a statement, as PGlite's driver returns them. */
  const rowsOf = async (query: SQL) => ((await database.db.execute(query)) as unknown as { rows: unknown[] }).rows;

  it('commits a transaction that returns, and rolls back every statement of one that throws', async () => {
    const { db } = database;
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into note (id, body) values (1, 'kept')`);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into note (id, body) values (2, 'undone')`);
        await tx.execute(sql`update note set body = 'changed' where id = 1`);
        throw new Error('the command refused');
      }),
    ).rejects.toThrow('the command refused');
    expect(await rowsOf(sql`select id, body from note order by id`)).toEqual([{ id: 1, body: 'kept' }]);
    await db.execute(sql`delete from note`);
  });

  it("passes Postgres's error through with its code and detail, and the connection goes on", async () => {
    const { db } = database;
    await db.execute(sql`insert into note (id, body) values (10, 'first')`);
    const failure = await db.execute(sql`insert into note (id, body) values (10, 'again')`).then(
      () => null,
      (error: unknown) => error,
    );
    // drizzle wraps the driver's error; Postgres's own fields are on its cause.
    const cause = ((failure as { cause?: unknown })?.cause ?? failure) as Record<string, unknown>;
    expect(cause).toBeInstanceOf(Error);
    expect(cause.message).toMatch(/duplicate key value violates unique constraint/);
    expect(cause.code).toBe('23505');
    expect(String(cause.detail)).toContain('(id)=(10)');
    expect(await rowsOf(sql`select count(*)::int as n from note`)).toEqual([{ n: 1 }]);
    await db.execute(sql`delete from note`);
  });

  it('keeps timestamps as Postgres wrote them and bytes as bytes', async () => {
    const thread = new PGliteThread('memory://');
    try {
      const result = await thread.query<{ at: string; bytes: Uint8Array }>(
        `select '2026-11-23 18:00:00+00'::timestamptz as at, '\\x0102ff'::bytea as bytes`,
        [],
        { parsers: { 1184: (value: string) => value } },
      );
      expect(result.rows[0].at).toBe('2026-11-23 18:00:00+00');
      expect([...result.rows[0].bytes]).toEqual([1, 2, 255]);
      await expect(thread.query('select 1', [], { parsers: { 23: (value: string) => Number(value) * 2 } })).rejects.toThrow(/only parsers that keep the text/);
      // Parameters arrive as PGlite on this thread would have read them: a Buffer is its text, or its
      // bytes as bytea (only the bytes of a slice of a larger buffer), an object with its own
      // toString is that text.
      const pooled = Buffer.from('a small buffer shares its memory with others');
      const slice = pooled.subarray(2, 7);
      const money = new (class Money {
        toString() {
          return '12.34';
        }
      })();
      const values = await thread.query<{ text: string; bytes: Uint8Array; money: string }>('select $1::text as text, $2::bytea as bytes, $3::text as money', [Buffer.from('hi'), slice, money]);
      expect(values.rows[0]).toEqual({ text: 'hi', bytes: new Uint8Array(Buffer.from('small')), money: '12.34' });
    } finally {
      await thread.close();
    }
  });

  it('makes statements outside a transaction wait until it ends, as one connection does', async () => {
    const { db } = database;
    let outside!: Promise<unknown[]>;
    let answered = false;
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into note (id, body) values (20, 'in the transaction')`);
      outside = rowsOf(sql`select count(*)::int as n from note where id = 20`);
      void outside.then(() => (answered = true));
      // The thread answers in order: the transaction's next statement, sent after the outside one,
      // is answered while the outside one still waits for the transaction to end.
      await tx.execute(sql`select 1`);
      expect(answered).toBe(false);
    });
    expect(await outside).toEqual([{ n: 1 }]);
    await db.execute(sql`delete from note`);
  });

  it('does not hold the event loop while a statement runs', async () => {
    const { db } = database;
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 1);
    const started = performance.now();
    await db.execute(sql`select count(*) from generate_series(1, 3000000)`);
    const took = performance.now() - started;
    clearInterval(timer);
    // On the main thread the statement was one synchronous call: no timer could fire until it ended.
    expect(took).toBeGreaterThan(50);
    expect(ticks.filter((t) => t < started + took - 10).length).toBeGreaterThan(5);
  });

  it('keeps its data on disk across a close and a new thread', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jp-thread-'));
    try {
      const first = new PGliteThread(dir);
      await first.exec('create table kept (v text); insert into kept values ($$written$$);');
      await first.close();
      await expect(first.query('select 1')).rejects.toThrow('The database is closed.');
      const second = new PGliteThread(dir);
      expect((await second.query<{ v: string }>('select v from kept')).rows).toEqual([{ v: 'written' }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a script alive while a statement is in flight, and lets it exit once idle', () => {
    // A script that only awaits the database: the thread must not let it exit early, and an idle,
    // unclosed database (nor a statement refused before it was sent) must not keep it alive.
    const script = `
      import { PGliteThread } from './db/pglite-thread';
      const thread = new PGliteThread('memory://');
      thread.query('select $1::text', [() => 'a function']).catch((e) => console.log('refused:', e.message));
      thread.query('select 41 + 1 as answer').then((r) => console.log('answer', r.rows[0].answer));
    `;
    const run = spawnSync('npx', ['tsx', '--eval', script], { cwd: path.resolve(import.meta.dirname, '../..'), encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('refused: A parameter cannot be sent to the database');
    expect(run.stdout).toContain('answer 42');
  });

  it('reports a thread that stops by itself, and refuses what comes after', async () => {
    const crashes: Error[] = [];
    const thread = new PGliteThread('memory://', (error) => crashes.push(error));
    await thread.query('select 1');
    const exited = new Promise((resolve) => (thread as unknown as { worker: NodeJS.EventEmitter }).worker.once('exit', resolve));
    // As if PGlite had failed: the thread ends without being closed.
    await (thread as unknown as { worker: { terminate: () => Promise<number> } }).worker.terminate();
    await exited;
    expect(crashes).toHaveLength(1);
    expect(crashes[0].message).toMatch(/The database thread stopped/);
    await expect(thread.query('select 1')).rejects.toThrow(/The database thread stopped/);
  });

  it('refuses calls once closing, and a closed thread is not a crash', async () => {
    const crashes: Error[] = [];
    const thread = new PGliteThread('memory://', (error) => crashes.push(error));
    await thread.query('select 1');
    const closed = thread.close();
    await expect(thread.query('select 1')).rejects.toThrow('The database is closed.');
    await closed;
    await thread.close();
    expect(crashes).toEqual([]);
  });
});
