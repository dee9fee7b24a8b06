import type { PGlite, QueryOptions, Results } from '@electric-sql/pglite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: Record<string, unknown> & { message: string } };
type Call = { op: 'query'; sql: string; params?: unknown[]; rowMode?: 'array' | 'object'; raw?: number[]; tx?: number } | { op: 'exec'; sql: string; rowMode?: 'array' | 'object'; raw?: number[]; tx?: number } | { op: 'begin' } | { op: 'commit' | 'rollback'; tx: number } | { op: 'close' };

// A path, not `new URL(…, import.meta.url)`, which Next's bundler also copies into the public static
// files of its build. Next's copy of this module never starts a thread: server.ts opens the
// database first and Next's copy finds it on globalThis (db/client.ts).
const workerFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pglite-worker.mjs');

/** What drizzle's PGlite driver calls, inside and outside a transaction. */
export type PGliteQueries = {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string, options?: QueryOptions): Promise<Results[]>;
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

  /**
   * `onCrash`: what to do if the thread stops by itself (an error in PGlite, out of memory). By
   * default the process reports it and exits, as it did when PGlite failed on the main thread: a
   * server whose database is gone should be restarted, not go on refusing everything.
   */
  constructor(
    dataDir: string,
    private readonly onCrash: (error: Error) => void = (error) => {
      console.error('[db] the PGlite thread stopped; exiting:', error);
      process.exit(1);
    },
  ) {
    this.worker = new Worker(workerFile, { workerData: { dataDir } });
    // Only a call in flight keeps the process alive (see `call`), as a statement on the main thread did.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.settle(reply));
    this.worker.on('messageerror', (error) => this.stop(error));
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`The database thread stopped (exit code ${code}).`)));
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.run(sql, params, options);
  }

  exec(sql: string, options?: QueryOptions): Promise<Results[]> {
    return this.runAll(sql, options);
  }

  /** Runs `callback` in one transaction: committed if it returns, rolled back if it throws. */
  async transaction<T>(callback: (tx: PGliteQueries) => Promise<T>): Promise<T> {
    const id = (await this.call({ op: 'begin' })) as number;
    const tx: PGliteQueries = {
      query: (sql, params, options) => this.run(sql, params, options, id),
      exec: (sql, options) => this.runAll(sql, options, id),
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

  /** Closes the database and ends the thread; calls made after this are refused. */
  close(): Promise<void> {
    if (!this.closing) {
      const closed = this.call({ op: 'close' });
      this.stopped ??= new Error('The database is closed.');
      this.closing = closed.then(() => undefined);
    }
    return this.closing;
  }

  /** This as drizzle's driver types it (it calls `query` and `transaction` only). */
  asPGlite(): PGlite {
    return this as unknown as PGlite;
  }

  private async run<T>(sql: string, params: unknown[] | undefined, options: QueryOptions | undefined, tx?: number): Promise<Results<T>> {
    return (await this.call({ op: 'query', sql, params: params?.map(portable), ...threadOptions(options), tx })) as Results<T>;
  }

  private async runAll(sql: string, options: QueryOptions | undefined, tx?: number): Promise<Results[]> {
    return (await this.call({ op: 'exec', sql, ...threadOptions(options), tx })) as Results[];
  }

  private call(message: Call): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      try {
        this.worker.postMessage({ ...message, id });
      } catch (error) {
        // A value that cannot be copied to the thread: refused here, nothing was sent.
        reject(new Error(`A parameter cannot be sent to the database: ${(error as Error).message}`));
        return;
      }
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { resolve, reject });
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
    const crashed = !this.stopped;
    this.stopped ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
    if (crashed) this.onCrash(error);
  }
}

/**
 * A parameter as PGlite on this thread would have read it. Copying to a thread keeps plain data but
 * drops prototypes: a Buffer would arrive as a bare Uint8Array (PGlite writes those as bytea but a
 * Buffer as its text) and any other object as a plain one, so those are marked or turned into text
 * here, as PGlite would (`toString`). A view of part of a larger buffer is copied down to its bytes.
 */
function portable(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date || Array.isArray(value)) return value;
  if (Buffer.isBuffer(value)) return { [BUFFER]: new Uint8Array(value) };
  if (value instanceof Uint8Array) return value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value : value.slice();
  if (ArrayBuffer.isView(value)) return value;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null ? value : String(value);
}

/** The key the worker rebuilds a Buffer from (pglite-worker.mjs). */
const BUFFER = '__jointplanBuffer';

function threadOptions(options?: QueryOptions): { rowMode?: 'array' | 'object'; raw?: number[] } {
  if (!options) return {};
  const { rowMode, parsers, serializers, ...rest } = options;
  const unsupported = Object.keys(rest).filter((key) => rest[key as keyof typeof rest] !== undefined);
  if (unsupported.length > 0 || (serializers && Object.keys(serializers).length > 0)) {
    throw new Error(`PGliteThread: unsupported query options: ${[...unsupported, ...(serializers ? ['serializers'] : [])].join(', ')}.`);
  }
  return { rowMode, raw: rawTypes(parsers) };
}

/** drizzle reuses one options object per prepared statement. */
const rawTypesOf = new WeakMap<object, number[]>();

/** The type ids whose parser leaves the value as text; anything else cannot cross to the thread. */
function rawTypes(parsers: QueryOptions['parsers']): number[] | undefined {
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
