import { and, count, eq, sql } from 'drizzle-orm';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { type Database, type Db, openDatabase, setDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { auditEvents, partnerships, plans, users } from '@/db/schema';
import { seedDemo } from '@/db/seed/seed';
import { loadActor } from '@/lib/auth/actor';
import { appendAuditEvent, eventHash, systemActor } from '@/lib/audit/events';
import { verifyChain } from '@/lib/audit/verify';
import { createVerifyPool } from '@/lib/audit/verify-pool';
import { createPartnership } from '../factories';
import { useTestDatabase } from '../helpers/test-db';
import { session } from '../helpers/session';

vi.mock('@/lib/auth/session', () => import('../helpers/session').then((m) => m.mockedSession));
const verifyRoute = await import('@/app/api/v1/plans/[id]/history/verify/route');

const testDb = useTestDatabase();
let db: Db;
beforeAll(async () => {
  db = testDb().db;
  setDatabase(testDb());
  expect(await seedDemo(db)).toBe(true);
});

/** Runs raw SQL behind the application's back, with the append-only trigger off (as the test superuser). */
async function tamper(target: Db, statement: ReturnType<typeof sql>) {
  await target.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
  try {
    await target.execute(statement);
  } finally {
    await target.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
  }
}

/** A partnership of its own with `n` chained events, so each test can break one chain. */
async function chainOf(n: number) {
  const { partnership } = await createPartnership(db);
  for (let i = 1; i <= n; i++) {
    await db.transaction((tx) =>
      appendAuditEvent(tx, {
        partnershipId: partnership.id,
        entityType: 'school',
        entityId: `school-${i}`,
        verb: 'school.create',
        actor: systemActor,
        changes: [{ field: 'name', before: null, after: `School ${i}` }],
        data: { n: i, nested: { b: [1, 'two', null], a: true } },
      }),
    );
  }
  const events = await db.select().from(auditEvents).where(eq(auditEvents.partnershipId, partnership.id)).orderBy(auditEvents.seq);
  return { partnershipId: partnership.id, events };
}

const bySeq = (partnershipId: string, seq: number) => and(eq(auditEvents.partnershipId, partnershipId), eq(auditEvents.seq, seq));

describe('verifying the audit chain', () => {
  it('finds every seeded chain intact and counts its events', async () => {
    const all = await db.select().from(partnerships);
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const p of all) {
      const [{ n }] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.partnershipId, p.id));
      expect(n).toBeGreaterThan(0);
      expect(await verifyChain(db, p.id)).toEqual({ ok: true, checked: n });
      // Across batch boundaries too.
      expect(await verifyChain(db, p.id, { batchSize: 2 })).toEqual({ ok: true, checked: n });
    }
    expect(await verifyChain(db, crypto.randomUUID())).toEqual({ ok: true, checked: 0 });
  });

  it('catches an actor name altered behind the application’s back, at that seq', async () => {
    const [brwl] = await db.select().from(partnerships).where(eq(partnerships.slug, 'bank-road-william-lilley'));
    const [victim] = await db.select().from(auditEvents).where(bySeq(brwl.id, 5));
    await tamper(db, sql`UPDATE audit_events SET actor_name = 'Someone Else' WHERE id = ${victim.id}`);
    expect(await verifyChain(db, brwl.id)).toEqual({ ok: false, checked: 4, brokenAt: { seq: 5, eventId: victim.id, reason: 'hash mismatch' } });
    expect(await verifyChain(db, brwl.id, { batchSize: 4 })).toEqual({ ok: false, checked: 4, brokenAt: { seq: 5, eventId: victim.id, reason: 'hash mismatch' } });
    // Put back exactly as it was, the chain is whole again: the check is about content, not luck.
    await tamper(db, sql`UPDATE audit_events SET actor_name = ${victim.actorName} WHERE id = ${victim.id}`);
    expect((await verifyChain(db, brwl.id)).ok).toBe(true);
  });

  it('catches altered changes, even when only a value inside the JSON changed', async () => {
    const { partnershipId, events } = await chainOf(6);
    await tamper(db, sql`UPDATE audit_events SET changes = '[{"field":"name","before":null,"after":"School 33"}]'::jsonb WHERE id = ${events[2].id}`);
    expect(await verifyChain(db, partnershipId)).toEqual({ ok: false, checked: 2, brokenAt: { seq: 3, eventId: events[2].id, reason: 'hash mismatch' } });
  });

  it('catches a forgery that recomputed its own hash: the next event no longer points at it', async () => {
    const { partnershipId, events } = await chainOf(5);
    const forged = { ...events[1], actorName: 'A Forger' };
    await tamper(db, sql`UPDATE audit_events SET actor_name = ${forged.actorName}, hash = ${eventHash(forged.prevHash, forged)} WHERE id = ${forged.id}`);
    expect(await verifyChain(db, partnershipId)).toEqual({ ok: false, checked: 2, brokenAt: { seq: 3, eventId: events[2].id, reason: 'prev hash mismatch' } });
    expect(await verifyChain(db, partnershipId, { batchSize: 2 })).toEqual({ ok: false, checked: 2, brokenAt: { seq: 3, eventId: events[2].id, reason: 'prev hash mismatch' } });
  });

  it('reports a deleted event as a missing seq, naming the event found in its place', async () => {
    const { partnershipId, events } = await chainOf(7);
    await tamper(db, sql`DELETE FROM audit_events WHERE id = ${events[3].id}`);
    expect(await verifyChain(db, partnershipId)).toEqual({ ok: false, checked: 3, brokenAt: { seq: 4, eventId: events[4].id, reason: 'missing seq' } });
    // A whole batch missing is still the first gap.
    expect(await verifyChain(db, partnershipId, { batchSize: 1 })).toEqual({ ok: false, checked: 3, brokenAt: { seq: 4, eventId: events[4].id, reason: 'missing seq' } });
    const { partnershipId: other, events: others } = await chainOf(3);
    await tamper(db, sql`DELETE FROM audit_events WHERE id = ${others[0].id}`);
    expect(await verifyChain(db, other)).toEqual({ ok: false, checked: 0, brokenAt: { seq: 1, eventId: others[1].id, reason: 'missing seq' } });
  });

  it('worker threads give the same answer as this thread, whatever the page size', async () => {
    const pool = createVerifyPool(2);
    try {
      const everyWay = async (partnershipId: string) => {
        const expected = await verifyChain(db, partnershipId);
        for (const batchSize of [1, 2, 3, 4, undefined]) expect(await verifyChain(db, partnershipId, { checker: pool, batchSize })).toEqual(expected);
        return expected;
      };
      const intact = await chainOf(9);
      expect(await everyWay(intact.partnershipId)).toEqual({ ok: true, checked: 9 });

      const altered = await chainOf(9);
      await tamper(db, sql`UPDATE audit_events SET actor_name = 'Someone Else' WHERE id = ${altered.events[4].id}`);
      expect(await everyWay(altered.partnershipId)).toEqual({ ok: false, checked: 4, brokenAt: { seq: 5, eventId: altered.events[4].id, reason: 'hash mismatch' } });

      const forged = await chainOf(9);
      const forgery = { ...forged.events[3], actorName: 'A Forger' };
      await tamper(db, sql`UPDATE audit_events SET actor_name = ${forgery.actorName}, hash = ${eventHash(forgery.prevHash, forgery)} WHERE id = ${forgery.id}`);
      // A later, unrelated break must not hide the first one, even if its page is checked first.
      await tamper(db, sql`UPDATE audit_events SET actor_name = 'Later' WHERE id = ${forged.events[7].id}`);
      expect(await everyWay(forged.partnershipId)).toEqual({ ok: false, checked: 4, brokenAt: { seq: 5, eventId: forged.events[4].id, reason: 'prev hash mismatch' } });

      const gap = await chainOf(9);
      await tamper(db, sql`DELETE FROM audit_events WHERE id IN (${gap.events[5].id}, ${gap.events[6].id}, ${gap.events[7].id})`);
      expect(await everyWay(gap.partnershipId)).toEqual({ ok: false, checked: 5, brokenAt: { seq: 6, eventId: gap.events[8].id, reason: 'missing seq' } });
    } finally {
      await pool.close();
    }
  });

  it('GET /api/v1/plans/:id/history/verify: members of the plan’s partnership only', async () => {
    const [brwl] = await db.select().from(partnerships).where(eq(partnerships.slug, 'bank-road-william-lilley'));
    const [plan] = await db.select().from(plans).where(eq(plans.partnershipId, brwl.id)).limit(1);
    const actorFor = async (email: string) => {
      const [user] = await db.select().from(users).where(eq(users.email, email));
      return loadActor(db, user.id, user.sessionVersion);
    };
    const ctx = { params: Promise.resolve({ id: plan.id }) };
    const request = new Request(`http://localhost:3100/api/v1/plans/${plan.id}/history/verify`);
    session.actor = await actorFor('governor@williamlilley.example');
    const ok = await verifyRoute.GET(request, ctx);
    expect(ok.status).toBe(200);
    const body = z.object({ partnershipId: z.string(), ok: z.boolean(), checked: z.number() }).parse(await ok.json());
    const [{ n }] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.partnershipId, brwl.id));
    expect(body).toEqual({ partnershipId: brwl.id, ok: true, checked: n });
    session.actor = await actorFor('head@chaselane.example');
    expect((await verifyRoute.GET(request, ctx)).status).toBe(404);
    session.actor = null;
    expect((await verifyRoute.GET(request, ctx)).status).toBe(401);
  });
});

describe('npm run audit:verify', () => {
  const run = promisify(execFile);
  let database: Database;
  let dir: string | null = null;
  let env: NodeJS.ProcessEnv;

  // The script runs in its own process: on Postgres it gets this file's database, on PGlite a
  // database in a directory of its own (an in-memory one cannot be shared between processes).
  beforeAll(async () => {
    const target = testDb().target;
    const { DATABASE_URL: _unused, PGLITE_DIR: _unusedToo, ...rest } = process.env;
    if (target.kind === 'postgres') {
      const fresh = await createFreshPostgres(target.url);
      database = fresh.database;
      env = { ...rest, DATABASE_URL: fresh.url };
    } else {
      dir = mkdtempSync(path.join(tmpdir(), 'jp-audit-verify-'));
      database = openDatabase({ kind: 'pglite', dataDir: dir });
      env = { ...rest, PGLITE_DIR: dir };
    }
    await migrateDatabase(database);
    await seedDemo(database.db);
  });
  afterAll(async () => {
    await database?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const script = (args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], { cwd: process.cwd(), env, timeout: 60_000 }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (e: unknown) => {
        const failed = z.object({ code: z.number(), stdout: z.string() }).parse(e);
        return { code: failed.code, stdout: failed.stdout };
      },
    );

  it('exits 0 when every chain is intact, and 1 with the first broken link when one is not', async () => {
    const handsOff = async <T,>(body: () => Promise<T>) => {
      // PGlite allows one process per directory: let the script have it, then take it back.
      if (dir) await database.close();
      try {
        return await body();
      } finally {
        if (dir) database = openDatabase({ kind: 'pglite', dataDir: dir });
      }
    };
    const intact = await handsOff(() => script([]));
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^ok {6}Bank Road/m);
    expect(intact.stdout).toMatch(/^ok {6}Harwich/m);

    const [brwl] = await database.db.select().from(partnerships).where(eq(partnerships.slug, 'bank-road-william-lilley'));
    const [victim] = await database.db.select().from(auditEvents).where(bySeq(brwl.id, 3));
    await tamper(database.db, sql`UPDATE audit_events SET actor_email = 'forged@example.com' WHERE id = ${victim.id}`);

    const broken = await handsOff(() => script([]));
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`BROKEN  ${brwl.name} (bank-road-william-lilley): first broken link at seq 3 (event ${victim.id}): hash mismatch`);
    expect(broken.stdout).toMatch(/^ok {6}Harwich/m);
    const other = await handsOff(() => script(['--partnership', 'harwich-education-partnership']));
    expect(other.code).toBe(0);
    expect(other.stdout).not.toContain('Bank Road');
    expect((await handsOff(() => script(['--partnership', 'no-such-partnership']))).code).toBe(2);
  }, 120_000);
});

// On Postgres, a second database beside this file's, so the script's seed does not meet the one above.
async function createFreshPostgres(url: string): Promise<{ database: Database; url: string }> {
  const name = `jp_verify_${crypto.randomUUID().replace(/-/g, '')}`;
  const admin = openDatabase({ kind: 'postgres', url });
  await admin.db.execute(sql.raw(`CREATE DATABASE ${name}`));
  await admin.close();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = openDatabase({ kind: 'postgres', url: target.toString() });
  return {
    url: target.toString(),
    database: {
      ...database,
      close: async () => {
        await database.close();
        const again = openDatabase({ kind: 'postgres', url });
        await again.db.execute(sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
        await again.close();
      },
    },
  };
}
