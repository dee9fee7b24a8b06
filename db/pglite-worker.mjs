// The thread PGlite runs on (see pglite-thread.ts). PGlite is Postgres compiled to WebAssembly: every
// statement runs synchronously on the thread that calls it, so on the server's own thread each
// statement held the event loop (a fifth of the server's time at 200 editors, in stretches). Here the
// statements run beside the event loop, as Postgres's own processes do.
//
// Messages from the owner: { id, op, … }; every one is answered once with { id, ok: true, value } or
// { id, ok: false, error }. A transaction is opened by `begin` (answered once BEGIN has run, with the
// transaction's id), its statements carry `tx`, and `commit` or `rollback` ends it; meanwhile
// statements without `tx` wait, as they do on PGlite's own transactions.
import { PGlite } from '@electric-sql/pglite';
import { parentPort, workerData } from 'node:worker_threads';

/** Stops `transaction()` after a rollback was asked for, without it looking like a failure. */
const ROLLBACK = Symbol('rollback');

const pg = new PGlite(workerData.dataDir);
/** Open transactions: the handle PGlite gave, and how to end them. */
const transactions = new Map();
/** drizzle asks for some types to be left as text; its parsers are functions, so their type ids travel instead. */
const parserSets = new Map();

function parsersFor(raw) {
  if (!raw || raw.length === 0) return undefined;
  const key = raw.join(',');
  let parsers = parserSets.get(key);
  if (!parsers) {
    parsers = Object.fromEntries(raw.map((oid) => [oid, (value) => value]));
    parserSets.set(key, parsers);
  }
  return parsers;
}

/** What survives the trip: the message and Postgres's fields (code, detail, constraint, …). */
function serializeError(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields = { name: error.name, message: error.message };
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  return fields;
}

function reply(id, work) {
  work.then(
    (value) => parentPort.postMessage({ id, ok: true, value }),
    (error) => parentPort.postMessage({ id, ok: false, error: serializeError(error) }),
  );
}

function target(message) {
  if (message.tx === undefined) return pg;
  const open = transactions.get(message.tx);
  if (!open) throw new Error('This transaction has already ended.');
  return open.handle;
}

/** A Buffer parameter, marked by the owner (copying to a thread would have made it a bare Uint8Array). */
const BUFFER = '__jointplanBuffer';
const param = (value) => (value !== null && typeof value === 'object' && value[BUFFER] instanceof Uint8Array ? Buffer.from(value[BUFFER]) : value);

const options = (message) => ({ rowMode: message.rowMode, parsers: parsersFor(message.raw) });

async function query(message) {
  const result = await target(message).query(message.sql, message.params?.map(param), options(message));
  return { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows };
}

async function exec(message) {
  const results = await target(message).exec(message.sql, options(message));
  return results.map((r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows }));
}

function begin(id) {
  const open = { handle: undefined, resolve: undefined, reject: undefined, done: undefined };
  let opened = false;
  open.done = pg
    .transaction(
      (handle) =>
        new Promise((resolve, reject) => {
          Object.assign(open, { handle, resolve, reject });
          opened = true;
          transactions.set(id, open);
          parentPort.postMessage({ id, ok: true, value: id });
        }),
    )
    .finally(() => transactions.delete(id));
  // Until BEGIN has run, a failure is the answer to `begin`; afterwards `end` answers with it.
  open.done.catch((error) => {
    if (!opened) parentPort.postMessage({ id, ok: false, error: serializeError(error) });
  });
}

function end(message, commit) {
  const open = transactions.get(message.tx);
  if (!open) return Promise.reject(new Error('This transaction has already ended.'));
  if (commit) open.resolve();
  else open.reject(ROLLBACK);
  return open.done.then(
    () => undefined,
    (error) => {
      if (error === ROLLBACK) return undefined;
      throw error;
    },
  );
}

parentPort.on('message', (message) => {
  switch (message.op) {
    case 'query':
      return reply(message.id, Promise.resolve().then(() => query(message)));
    case 'exec':
      return reply(message.id, Promise.resolve().then(() => exec(message)));
    case 'begin':
      return begin(message.id);
    case 'commit':
      return reply(message.id, end(message, true));
    case 'rollback':
      return reply(message.id, end(message, false));
    case 'close':
      // Answer first, then let the thread end.
      return pg.close().then(
        () => {
          parentPort.postMessage({ id: message.id, ok: true, value: undefined });
          parentPort.close();
        },
        (error) => parentPort.postMessage({ id: message.id, ok: false, error: serializeError(error) }),
      );
    default:
      return parentPort.postMessage({ id: message.id, ok: false, error: { message: `Unknown operation ${message.op}.` } });
  }
});
