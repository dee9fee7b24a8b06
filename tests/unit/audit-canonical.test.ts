import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEvent, AuditValue } from '@/db/schema';
import { checkPage, eventContentJson } from '@/lib/audit/event-hash.mjs';
import { GENESIS_HASH, canonicalJson, eventHash } from '@/lib/audit/events';

// The canonical form and hash exactly as they were written before the faster ones (commit
// 01d0262). Every chain already stored was hashed with these: the new code must give the same bytes.
function referenceCanonicalJson(value: AuditValue | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => referenceCanonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${referenceCanonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
type HashedFields = Omit<AuditEvent, 'id' | 'hash' | 'prevHash'>;
function referenceEventHash(prevHash: string, e: HashedFields): string {
  const content: AuditValue = {
    partnershipId: e.partnershipId,
    seq: e.seq,
    planId: e.planId,
    strandId: e.strandId,
    entityType: e.entityType,
    entityId: e.entityId,
    verb: e.verb,
    actorUserId: e.actorUserId,
    actorName: e.actorName,
    actorEmail: e.actorEmail,
    actorRole: e.actorRole,
    actorSchool: e.actorSchool,
    ip: e.ip,
    userAgent: e.userAgent,
    changes: e.changes,
    data: e.data,
    createdAt: e.createdAt.toISOString(),
  };
  return createHash('sha256').update(prevHash).update('\n').update(referenceCanonicalJson(content)).digest('hex');
}

const awkwardValues: AuditValue[] = [
  null,
  true,
  false,
  0,
  -0,
  1,
  -17,
  0.1 + 0.2,
  1e21,
  1e-7,
  -123.456e10,
  Number.MAX_SAFE_INTEGER,
  '',
  'plain',
  'quotes " and \\ backslash',
  'line\nbreak\ttab\r\u0000\u001f\u007f',
  'école, Ærø, 日本語, Ελληνικά',
  'emoji 👩🏽‍🏫 and a flag 🇬🇧',
  'lone surrogate \ud800 and \udfff',
  '\u2028\u2029 separators',
  '<script>alert(1)</script>',
  [],
  {},
  [1, 'two', null, [3, [4, [5, []]]], { b: 1, a: 2 }],
  { z: 1, a: { y: [1, { d: null, c: 'é' }], b: {} }, M: true, _: false, 'é': 1, e: 2, 'a"b': 3, '\n': 4, '10': 5, '9': 6, '': 7 },
  [{ field: 'status', before: 'not_started', after: 'in_progress' }, { field: 'rag', before: null, after: { colour: 'red', reason: 'Late 😟' } }],
];

// A small deterministic generator of nested values, so the same cases run every time.
function randomValue(next: () => number, depth: number): AuditValue {
  const kind = Math.floor(next() * (depth > 3 ? 4 : 6));
  const pick = <T,>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  switch (kind) {
    case 0:
      return pick([null, true, false]);
    case 1:
      return pick([0, -1, 42, 3.14159, -2.5e-8, 6.02e23, Math.floor(next() * 1e9) / 1000]);
    case 2:
    case 3:
      return pick(['', 'a', 'Zürich', '"quoted"', 'back\\slash', '🙂🙃', '\u0001', 'line\nnext', `n${Math.floor(next() * 1000)}`]);
    case 4:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default: {
      const out: { [key: string]: AuditValue } = {};
      for (let i = Math.floor(next() * 5); i > 0; i--) out[pick(['a', 'B', 'b', 'é', 'field', 'before', 'after', '1', '01', 'x y', '😀', 'Z'])] = randomValue(next, depth + 1);
      return out;
    }
  }
}
function seeded(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function event(seq: number, changes: AuditValue, data: AuditValue, createdAt: Date, overrides: Partial<HashedFields> = {}): HashedFields {
  return {
    partnershipId: '9777b360-3a8f-4133-ba15-c0bc9da50f32',
    seq,
    planId: seq % 2 ? '9de6785e-0d52-47dd-83cf-8ce7c4575e5a' : null,
    strandId: seq % 3 ? null : '3fa832ca-8225-4cd3-a69e-c2d6b9b58f64',
    entityType: 'action',
    entityId: `entity-${seq}`,
    verb: 'action.update',
    actorUserId: seq % 2 ? null : 'fed7dcf1-b494-4cad-8d8f-9eace1134da1',
    actorName: 'Siân O’Brien-Ünal 👩🏽‍🏫',
    actorEmail: seq % 2 ? null : 'sian@school.example',
    actorRole: 'head_teacher, subject_lead',
    actorSchool: 'Bank Road Infant and Nursery School',
    ip: seq % 2 ? '::1' : null,
    userAgent: 'Mozilla/5.0 "quoted" \\ agent',
    changes: changes as HashedFields['changes'],
    data: data as HashedFields['data'],
    createdAt,
    ...overrides,
  };
}

describe('the canonical form is byte-identical to the one existing chains were hashed with', () => {
  it('canonicalJson agrees on awkward values: unicode, escapes, nested arrays, numbers, null', () => {
    for (const value of awkwardValues) expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
    expect(canonicalJson(undefined)).toBe(referenceCanonicalJson(undefined));
    // An undefined member is written as null by both.
    const withUndefined = { a: undefined, b: [undefined] } as unknown as AuditValue;
    expect(canonicalJson(withUndefined)).toBe(referenceCanonicalJson(withUndefined));
  });

  it('canonicalJson agrees on 5,000 generated nested values', () => {
    const next = seeded(20261123);
    for (let i = 0; i < 5000; i++) {
      const value = randomValue(next, 0);
      expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
    }
  });

  it('eventHash agrees on varied events', () => {
    const next = seeded(7);
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= 500; seq++) {
      const e = event(seq, [{ field: 'f', before: randomValue(next, 1), after: awkwardValues[seq % awkwardValues.length] }], { n: seq, v: randomValue(next, 1) }, new Date(Date.UTC(2026, 0, 1) + seq * 1234567));
      expect(eventContentJson({ ...e, createdAt: e.createdAt.toISOString() })).toBe(
        referenceCanonicalJson({ ...e, createdAt: e.createdAt.toISOString() } as unknown as AuditValue),
      );
      const hash = eventHash(prevHash, e);
      expect(hash).toBe(referenceEventHash(prevHash, e));
      prevHash = hash;
    }
  });
});

// A page as Postgres gives it: one JSON array per event (the columns in verify.ts's order).
function packed(id: string, prevHash: string, hash: string, e: HashedFields, createdAtText: string): AuditValue[] {
  return [id, e.seq, prevHash, hash, e.partnershipId, e.planId, e.strandId, e.entityType, e.entityId, e.verb, e.actorUserId, e.actorName,
    e.actorEmail, e.actorRole, e.actorSchool, e.ip, e.userAgent, e.changes, e.data, createdAtText];
}

describe('checkPage', () => {
  // Postgres prints timestamptz in JSON in the session's zone, with 0 to 6 fractional digits.
  const stamps: [string, Date][] = [
    ['2026-11-23T02:39:01.489+00:00', new Date('2026-11-23T02:39:01.489Z')],
    ['2026-11-23T02:39:01+00:00', new Date('2026-11-23T02:39:01Z')],
    ['2026-11-23T02:39:01.4+00:00', new Date('2026-11-23T02:39:01.400Z')],
    ['2026-11-23T03:39:01.489+01:00', new Date('2026-11-23T02:39:01.489Z')],
    ['2026-11-22T21:09:01.489-05:30', new Date('2026-11-23T02:39:01.489Z')],
  ];

  it('finds an intact chain intact, whatever form the timestamps come in, and hashes as the old code did', () => {
    const next = seeded(99);
    let prevHash = GENESIS_HASH;
    const rows: AuditValue[][] = [];
    for (let seq = 1; seq <= 200; seq++) {
      const [text, at] = stamps[seq % stamps.length];
      const e = event(seq, [{ field: 'title', before: randomValue(next, 1), after: awkwardValues[seq % awkwardValues.length] }], { nested: randomValue(next, 0) }, at);
      const hash = referenceEventHash(prevHash, e);
      rows.push(packed(`id-${seq}`, prevHash, hash, e, text));
      prevHash = hash;
    }
    expect(checkPage(JSON.stringify(rows))).toEqual({ count: 200, first: { seq: 1, id: 'id-1', prevHash: GENESIS_HASH }, lastHash: prevHash, broken: null });
    expect(checkPage(null)).toEqual({ count: 0, first: null, lastHash: null, broken: null });
  });

  it('reports the first broken link in the page: changed content, a broken link, a gap, a shapeless row', () => {
    let prevHash = GENESIS_HASH;
    const rows: AuditValue[][] = [];
    for (let seq = 1; seq <= 6; seq++) {
      const e = event(seq, [{ field: 'name', before: null, after: `School ${seq}` }], {}, new Date(Date.UTC(2026, 10, seq)));
      const hash = referenceEventHash(prevHash, e);
      rows.push(packed(`id-${seq}`, prevHash, hash, e, `2026-11-${String(seq).padStart(2, '0')}T00:00:00+00:00`));
      prevHash = hash;
    }
    const page = (edit: (rows: AuditValue[][]) => void) => {
      const copy = structuredClone(rows);
      edit(copy);
      return checkPage(JSON.stringify(copy)).broken;
    };
    expect(page(() => {})).toBeNull();
    expect(page((r) => (r[2][17] = [{ field: 'name', before: null, after: 'School 33' }]))).toEqual({ index: 2, seq: 3, eventId: 'id-3', reason: 'hash mismatch' });
    expect(page((r) => (r[2][11] = 'Someone Else'))).toEqual({ index: 2, seq: 3, eventId: 'id-3', reason: 'hash mismatch' });
    expect(page((r) => (r[2][3] = 'f'.repeat(64)))).toEqual({ index: 2, seq: 3, eventId: 'id-3', reason: 'hash mismatch' });
    expect(page((r) => (r[3][2] = 'f'.repeat(64)))).toEqual({ index: 3, seq: 4, eventId: 'id-4', reason: 'prev hash mismatch' });
    expect(page((r) => r.splice(3, 1))).toEqual({ index: 3, seq: 4, eventId: 'id-5', reason: 'missing seq' });
    expect(page((r) => (r[0][18] = ['not', 'an', 'object']))).toEqual({ index: 0, seq: 1, eventId: 'id-1', reason: 'hash mismatch' });
    expect(page((r) => (r[1][17] = [{ field: 'name', after: 'no before' }]))).toEqual({ index: 1, seq: 2, eventId: 'id-2', reason: 'hash mismatch' });
    expect(() => checkPage(JSON.stringify([['too', 'short']]))).toThrow(/did not unpack/);
    // Rows delivered out of seq order are checked in seq order.
    expect(checkPage(JSON.stringify([...rows].reverse()))).toMatchObject({ count: 6, first: { seq: 1, id: 'id-1' }, lastHash: rows[5][3], broken: null });
  });
});
