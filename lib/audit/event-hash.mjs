// The canonical form and hash of an audit event, and the check of one page of a chain.
// Plain JavaScript importing only node:crypto, so the verification worker (verify-worker.mjs)
// loads it as it is, under tsx, vitest or a bundled server alike. Types: event-hash.d.mts.
import * as nodeCrypto from 'node:crypto';

// The one-shot crypto.hash (Node ≥ 20.12) costs a third of a Hash object per event.
const sha256Hex =
  typeof nodeCrypto.hash === 'function'
    ? (text) => nodeCrypto.hash('sha256', text, 'hex')
    : (text) => nodeCrypto.createHash('sha256').update(text).digest('hex');

// What Postgres prints for a UTC timestamp with milliseconds, which toISOString prints with a Z.
const PG_UTC_MILLIS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;
/** Date#toISOString of a timestamp as JSON gives it, without building a Date in the usual case. */
function isoTimestamp(x) {
  return PG_UTC_MILLIS.test(x) ? x.slice(0, 23) + 'Z' : new Date(x).toISOString();
}

/** JSON with object keys sorted at every depth: the same content always gives the same text. */
export function canonicalJson(value) {
  if (value === undefined || value === null) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  let out;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return out + ']';
  }
  const keys = Object.keys(value).sort();
  out = '{';
  for (let i = 0; i < keys.length; i++) out += (i ? ',' : '') + JSON.stringify(keys[i]) + ':' + canonicalJson(value[keys[i]]);
  return out + '}';
}

/**
 * The hashed fields of an event, in the order of the packed row verify.ts reads (after id, seq,
 * prevHash and hash at 0–3, except seq, which is both identity and content).
 */
const PACKED_FIELDS = [
  ['partnershipId', 4], ['seq', 1], ['planId', 5], ['strandId', 6], ['entityType', 7], ['entityId', 8], ['verb', 9],
  ['actorUserId', 10], ['actorName', 11], ['actorEmail', 12], ['actorRole', 13], ['actorSchool', 14], ['ip', 15],
  ['userAgent', 16], ['changes', 17], ['data', 18], ['createdAt', 19],
];
export const PACKED_LENGTH = 20;
// The content object's keys in canonical (sorted) order, each with the text that precedes its value.
const SORTED = PACKED_FIELDS.map(([key, index]) => ({ key, index }))
  .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  .map(({ key, index }, i) => ({ key, index, prefix: (i ? ',' : '{') + JSON.stringify(key) + ':' }));

/**
 * canonicalJson of an event's content, with the key order worked out once instead of per event.
 * `createdAt` is the ISO string (Date#toISOString). Gives exactly canonicalJson(content).
 */
export function eventContentJson(content) {
  let out = '';
  for (let i = 0; i < SORTED.length; i++) out += SORTED[i].prefix + canonicalJson(content[SORTED[i].key]);
  return out + '}';
}

/** The SHA-256 that links an event to the one before it, from its canonical content. */
export function hashEventContent(prevHash, content) {
  return sha256Hex(prevHash + '\n' + eventContentJson(content));
}

class MalformedRow extends Error {}

function text(x) {
  if (typeof x !== 'string') throw new MalformedRow('expected text in an audit row');
  return x;
}
function textOrNull(x) {
  return x === null ? null : text(x);
}
function isObject(x) {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
// Parsed JSON holds only JSON values, so shape is all there is to check.
function isFieldChanges(x) {
  if (!Array.isArray(x)) return false;
  for (const c of x) if (!isObject(c) || typeof c.field !== 'string' || !('before' in c) || !('after' in c)) return false;
  return true;
}

/** canonicalJson of the content of one packed row, or null when it is not even shaped like an event. */
function packedContentJson(v) {
  if (!isFieldChanges(v[17]) || !isObject(v[18])) return null;
  let out = '';
  for (let i = 0; i < SORTED.length; i++) {
    const { index, prefix } = SORTED[i];
    const x = v[index];
    let json;
    if (index === 19) json = '"' + isoTimestamp(text(x)) + '"';
    else if (index === 17 || index === 18) json = canonicalJson(x);
    else if (index === 1) json = JSON.stringify(x);
    else if (index === 4 || index === 7 || index === 8 || index === 9 || index === 11) json = JSON.stringify(text(x));
    else json = x === null ? 'null' : JSON.stringify(text(x));
    out += prefix + json;
  }
  return out + '}';
}

/**
 * Checks one page of a chain: a JSON array of packed rows in seq order (or null for no rows).
 * Every link inside the page is checked; the first event's link to the page before it (its seq
 * and prevHash) is left to the caller, who knows the previous page. `broken` is the first
 * failure in the page; at index 0 it can only be 'hash mismatch'.
 */
export function checkPage(pageJson) {
  const rows = pageJson === null ? null : JSON.parse(pageJson);
  if (rows === null) return { count: 0, first: null, lastHash: null, broken: null };
  if (!Array.isArray(rows)) throw new MalformedRow('an audit page did not unpack');
  for (const v of rows) if (!Array.isArray(v) || v.length !== PACKED_LENGTH || typeof v[1] !== 'number') throw new MalformedRow('an audit row did not unpack');
  // The query asks for seq order; should a plan ever deliver otherwise, order it here.
  for (let i = 1; i < rows.length; i++) {
    if (rows[i][1] < rows[i - 1][1]) {
      rows.sort((a, b) => a[1] - b[1]);
      break;
    }
  }
  let first = null;
  let prevSeq = 0;
  let prevHash = '';
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i];
    const id = text(v[0]);
    const seq = v[1];
    const eventPrevHash = text(v[2]);
    const hash = text(v[3]);
    if (i === 0) first = { seq, id, prevHash: eventPrevHash };
    let reason = null;
    if (i > 0 && seq !== prevSeq + 1) reason = 'missing seq';
    else if (i > 0 && eventPrevHash !== prevHash) reason = 'prev hash mismatch';
    else {
      const json = packedContentJson(v);
      if (json === null || sha256Hex(eventPrevHash + '\n' + json) !== hash) reason = 'hash mismatch';
    }
    if (reason) return { count: rows.length, first, lastHash: null, broken: { index: i, seq: i > 0 ? prevSeq + 1 : seq, eventId: id, reason } };
    prevSeq = seq;
    prevHash = hash;
  }
  return { count: rows.length, first, lastHash: prevHash, broken: null };
}
