import type { PGlite, QueryOptions, Results } from '@electric-sql/pglite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: Record<string, unknown> & { message: string } };
type Call = { op: 'query'; sql: string; params?: unknown[]; rowMode?: 'array' | 'object'; raw?: number[]; tx?: number } | { op: 'exec'; sql: string; tx?: number } | { op: 'begin' } | { op: 'commit' | 'rollback'; tx: number } | { op: 'close' };

// A path, not `new URL(…, import.meta.url)`: Next's bundler would copy the worker into the public
// static files of its build. Next's copy of this module never starts one (db/client.ts).
const workerFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pglite-worker.mjs');

/** What drizzle's PGlite driver calls, inside and outside a transaction. */
export type PGliteQueries = {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
};

/**
 * PGlite on a thread of its own (db/pglite-worker.mjs), with the part of PGlite's API that drizzle
 * uses: `query`, `exec` and `transaction`. PGlite runs each statement synchronously on the thread that
 * calls it; on the server's thread that was a fifth of its time under load, in stretches that delayed
 * every socket. The semantics are PGlite's: one connection, statements in order, and a statement
 * outside a transaction waits until the open transaction ends (so inside `db.transaction(tx => …)` use
 * `tx` only, as before).
 *
 * drizzle passes `parsers` only to leave some types as text; the thread gets their type ids and does
 * the same. Any other parser (or serializer) cannot cross a thread and is refused.
 */
export class PGliteThread implements PGliteQueries {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  /** Why the thread can take no more work: closed, or stopped by an error. */
  private stopped: Error | null = null;
  private closing: Promise<void> | undefined;

  constructor(dataDir: string) {
    this.worker = new Worker(workerFile, { workerData: { dataDir } });
    // Only a call in flight keeps the process alive (see `call`), as a statement on the main thread did.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.settle(reply));
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`The database thread stopped (exit code ${code}).`)));
  }

  async query<T>(sql: string, params?: unknown[], options?: QueryOptions, tx?: number): Promise<Results<T>> {
    return this.call({ op: 'query', sql, params, rowMode: options?.rowMode, raw: rawTypes(options), tx }) as Promise<Results<T>>;
  }

  exec(sql: string, tx?: number): Promise<Results[]> {
    return this.call({ op: 'exec', sql, tx }) as Promise<Results[]>;
  }

  /** Runs `callback` in one transaction: committed if it returns, rolled back if it throws. */
  async transaction<T>(callback: (tx: PGliteQueries) => Promise<T>): Promise<T> {
    const id = (await this.call({ op: 'begin' })) as number;
    const tx: PGliteQueries = {
      query: (sql, params, options) => this.query(sql, params, options, id),
      exec: (sql) => this.exec(sql, id),
    };
    let result: T;
    try {
      result = await callback(tx);
    } catch (error) {
      // The callback's error is the one to report; a rollback that fails (the thread stopped) adds nothing.
      await this.call({ op: 'rollback', tx: id }).catch(() => {});
      throw error;
    }
    await this.call({ op: 'commit', tx: id });
    return result;
  }

  /** Closes the database and ends the thread; later calls fail. */
  close(): Promise<void> {
    this.closing ??= this.call({ op: 'close' }).then(() => {
      this.stopped ??= new Error('The database is closed.');
    });
    return this.closing;
  }

  /** This as drizzle's driver types it. */
  asPGlite(): PGlite {
    return this as unknown as PGlite;
  }

  private call(message: Call): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  private settle(reply: Reply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker.unref();
    if (reply.ok) waiter.resolve(reply.value);
    else waiter.reject(Object.assign(new Error(reply.error.message), reply.error));
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

/** drizzle reuses one options object per prepared statement. */
const rawTypesOf = new WeakMap<object, number[]>();

/** The type ids whose parser leaves the value as text; anything else cannot cross to the thread. */
function rawTypes(options?: QueryOptions): number[] | undefined {
  if (options?.serializers && Object.keys(options.serializers).length > 0) throw new Error('PGliteThread: custom serializers are not supported.');
  const parsers = options?.parsers;
  if (!parsers) return undefined;
  let raw = rawTypesOf.get(parsers);
  if (!raw) {
    raw = Object.entries(parsers).map(([oid, parse]) => {
      if (parse('\u0000probe', Number(oid)) !== '\u0000probe') throw new Error(`PGliteThread: only parsers that keep the text are supported (type ${oid}).`);
      return Number(oid);
    });
    rawTypesOf.set(parsers, raw);
  }
  return raw;
}
