// npm run bench:api — audited edits per second, plan read latency, and the audit trail at a million
// events, on the production build, against PGlite and (when DATABASE_URL is set) Postgres.
// Prints one JSON document. A benchmark reports figures; it does not pass or fail.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { type Database, openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { type AuditEvent, auditEvents, plans, strands } from '../db/schema';
import { seedDemo } from '../db/seed/seed';
import { GENESIS_HASH, eventHash } from '../lib/audit/events';
import { verifyChain } from '../lib/audit/verify';
import { createVerifyPool } from '../lib/audit/verify-pool';
import { historyFiltersInput, historyPage } from '../lib/queries/history';
import { cpuMs, ensureBuild, machineBusyMs, percentiles, pgrep, serverPid, signIn, startServer, timeRuns, withPostgresDatabase } from './support';

const EDITORS = Number(process.env.BENCH_EDITORS ?? 20);
const EDIT_SECONDS = Number(process.env.BENCH_EDIT_SECONDS ?? 10);
const WARMUP_SECONDS = 3;
const AUDIT_EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
/** Which parts to run: `http`, `audit` or both (default). */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'http,audit').split(','));

type Json = { [key: string]: unknown };

/** A plan document in the import format with `strandCount` strands of `actionsPerStrand` actions. */
function generatedPlan(strandCount: number, actionsPerStrand: number): string {
  const objectives = Array.from({ length: 10 }, (_, i) => `${i + 1}. Generated objective number ${i + 1} for the benchmark.`).join('\n');
  const rows = Array.from({ length: strandCount }, (_, s) => {
    const items = Array.from({ length: actionsPerStrand }, (_, a) => `• Benchmark action ${a + 1} of strand ${s + 1} to be done (Autumn 2025)`).join(' ');
    return [
      `<p>Strand ${s + 1}</p> <p>Links: Objective 1 Objective 2</p>`,
      `<p>Key objective of strand ${s + 1}.</p>`,
      `<ul style="list-style-type: none"> ${items}`,
      `<p>Intended impact of strand ${s + 1}.</p>`,
      `<ul style="list-style-type: none"> • Impact seen in strand ${s + 1}.`,
    ].join('\t');
  });
  return [
    'Collaboration Action Plan',
    '',
    '2025',
    '',
    'Generated for the benchmark',
    '',
    'The overriding objective of the formal collaboration is to improve pupil outcomes through:',
    '',
    objectives,
    '',
    'Collaboration objective reference\tKey Objective/Action\tSpecific actions to achieve key objectives\tThe intended outcome/impact\tImpact to date (July 2025)',
    ...rows,
    '---\t---\t---\t---\t---',
    '',
    'This action plan was reviewed by the JCC on 14th November 2025',
    '',
    'Signed:',
    '',
    'A Head',
    'Head Teacher',
    'Bank Road Infant and Nursery School',
    '',
    'B Head',
    'Head Teacher',
    'William Lilley Infant and Nursery School',
  ].join('\n');
}


async function httpFigures(databaseEnv: Record<string, string>, port: number): Promise<Json> {
  const server = await startServer(port, databaseEnv);
  try {
    const editors = ['head@bankroad.example', 'head@williamlilley.example', 'admin@bankroad.example'];
    const cookies = await Promise.all(editors.map((e) => signIn(server.url, e)));
    const get = (url: string, cookie: string) => fetch(`${server.url}${url}`, { headers: { cookie } });
    const { plans: list } = (await (await get('/api/v1/plans', cookies[0])).json()) as { plans: { id: string; partnership: { id: string; name: string } }[] };
    const demo = list.find((p) => /Bank Road/.test(p.partnership.name))!;
    type PlanJson = { plan: { strands: { actions: { id: string; version: number }[] }[] } };
    const demoPlan = (await (await get(`/api/v1/plans/${demo.id}`, cookies[0])).json()) as PlanJson;
    const targets = demoPlan.plan.strands.flatMap((s) => s.actions).slice(0, EDITORS);

    // Where the CPU goes: the server process, Postgres (when it runs on this machine), this process
    // (the HTTP clients) and anything else, per request.
    const server_ = serverPid(server.process.pid!);
    const postgresPids = () => (databaseEnv.DATABASE_URL ? pgrep('postgres') : []);
    const meter = () => {
      const take = () => ({ at: performance.now(), server: cpuMs(server_), postgres: postgresPids().reduce((n, p) => n + cpuMs(p), 0), self: cpuMs(process.pid), machine: machineBusyMs() });
      const start = take();
      return (requests: number) => {
        const end = take();
        const per = (ms: number) => Math.round((ms / Math.max(1, requests)) * 100) / 100;
        const server = end.server - start.server;
        const pg = end.postgres - start.postgres;
        const self = end.self - start.self;
        return {
          serverCpuMsPerRequest: per(server),
          postgresCpuMsPerRequest: databaseEnv.DATABASE_URL ? per(pg) : null,
          clientCpuMsPerRequest: per(self),
          otherCpuMsPerRequest: per(Math.max(0, end.machine - start.machine - server - pg - self)),
        };
      };
    };

    // Audited edits: each editor edits its own action as fast as the server answers, first for
    // WARMUP_SECONDS unmeasured (the route's code loads and compiles on first use), then measured.
    let done = 0;
    let failed = 0;
    const versions = targets.map((action) => action.version);
    const editFor = async (ms: number) => {
      const stopAt = Date.now() + ms;
      await Promise.all(
        targets.map(async (action, i) => {
          const cookie = cookies[i % cookies.length];
          while (Date.now() < stopAt) {
            const response = await fetch(`${server.url}/api/v1/actions/${action.id}`, {
              method: 'PATCH',
              headers: { cookie, 'content-type': 'application/json' },
              body: JSON.stringify({ version: versions[i], text: `Benchmark edit ${done} by editor ${i}` }),
            });
            if (response.ok) {
              versions[i] = ((await response.json()) as { action: { version: number } }).action.version;
              done++;
            } else {
              failed++;
              await response.arrayBuffer();
            }
          }
        }),
      );
    };
    await editFor(WARMUP_SECONDS * 1000);
    done = failed = 0;
    const editMeter = meter();
    const started = performance.now();
    await editFor(EDIT_SECONDS * 1000);
    const seconds = (performance.now() - started) / 1000;
    const editCpu = editMeter(done + failed);

    // The floor: the same clients asking a route that does nothing (GET /api/health) as fast as it answers.
    for (let i = 0; i < 200; i++) await (await fetch(`${server.url}/api/health`)).arrayBuffer();
    let noops = 0;
    const noopStopAt = Date.now() + Math.min(EDIT_SECONDS, 5) * 1000;
    const noopMeter = meter();
    const noopStarted = performance.now();
    await Promise.all(
      targets.map(async () => {
        while (Date.now() < noopStopAt) {
          await (await fetch(`${server.url}/api/health`)).arrayBuffer();
          noops++;
        }
      }),
    );
    const noopSeconds = (performance.now() - noopStarted) / 1000;
    const noopCpu = noopMeter(noops);

    const apiDemo = await timeRuns(100, async () => void (await (await get(`/api/v1/plans/${demo.id}`, cookies[0])).arrayBuffer()));
    const pageDemo = await timeRuns(50, async () => void (await (await get(`/plans/${demo.id}`, cookies[0])).arrayBuffer()));

    const imported = await fetch(`${server.url}/api/v1/partnerships/${demo.partnership.id}/imports`, {
      method: 'POST',
      headers: { cookie: cookies[2], 'content-type': 'text/plain' },
      body: generatedPlan(50, 10),
    });
    if (imported.status !== 201) throw new Error(`generated plan import failed: ${imported.status} ${await imported.text()}`);
    const big = ((await imported.json()) as { plan: { id: string } }).plan.id;
    const apiBig = await timeRuns(50, async () => void (await (await get(`/api/v1/plans/${big}`, cookies[0])).arrayBuffer()));
    const pageBig = await timeRuns(20, async () => void (await (await get(`/plans/${big}`, cookies[0])).arrayBuffer()));
    const bigPlan = (await (await get(`/api/v1/plans/${big}`, cookies[0])).json()) as PlanJson;

    return {
      auditedEdits: { editors: targets.length, seconds: Math.round(seconds * 10) / 10, edits: done, failed, perSecond: Math.round(done / seconds), cpu: editCpu },
      noopRoute: { clients: targets.length, perSecond: Math.round(noops / noopSeconds), cpu: noopCpu },
      demoPlan: { api: percentiles(apiDemo, [50, 95]), page: percentiles(pageDemo, [50, 95]) },
      generatedPlan: {
        actions: bigPlan.plan.strands.reduce((n, s) => n + s.actions.length, 0),
        api: percentiles(apiBig, [50, 95]),
        page: percentiles(pageBig, [50, 95]),
      },
    };
  } finally {
    await server.stop();
  }
}

async function auditFigures(database: Database): Promise<Json> {
  const { db } = database;
  await migrateDatabase(database);
  await seedDemo(db);
  const [plan] = await db.select().from(plans).limit(1);
  const planStrands = await db.select({ id: strands.id }).from(strands).where(eq(strands.planId, plan.id));
  const target = planStrands[0].id;
  const [{ seq: lastSeq, hash: lastHash }] = await db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.partnershipId, plan.partnershipId))
    .orderBy(auditEvents.seq)
    .then((rows) => rows.slice(-1));

  const started = performance.now();
  let prevHash = lastHash ?? GENESIS_HASH;
  let seq = lastSeq;
  const batchSize = 2000;
  const base = Date.now() - AUDIT_EVENTS * 10;
  for (let written = 0; written < AUDIT_EVENTS; written += batchSize) {
    const rows: (Omit<AuditEvent, 'id'>)[] = [];
    for (let i = 0; i < Math.min(batchSize, AUDIT_EVENTS - written); i++) {
      seq++;
      const strandId = planStrands[seq % planStrands.length].id;
      const fields = {
        partnershipId: plan.partnershipId,
        seq,
        planId: plan.id,
        strandId,
        entityType: 'action',
        entityId: randomUUID(),
        verb: 'action.update',
        actorUserId: null,
        actorName: 'Benchmark editor',
        actorEmail: 'bench@school.example',
        actorRole: 'head_teacher',
        actorSchool: 'Bank Road Infant and Nursery School',
        ip: '127.0.0.1',
        userAgent: 'bench',
        changes: [{ field: 'status', before: 'not_started', after: 'in_progress' }],
        data: {},
        createdAt: new Date(base + seq * 10),
      };
      const hash = eventHash(prevHash, fields);
      rows.push({ ...fields, prevHash, hash });
      prevHash = hash;
    }
    await db.insert(auditEvents).values(rows);
  }
  const generateSeconds = (performance.now() - started) / 1000;
  // After a bulk load the planner needs fresh statistics, as autovacuum would give it in production.
  await db.execute(sql`ANALYZE audit_events`);

  const filters = historyFiltersInput.parse({ entity: `strand:${target}`, limit: 50 });
  const historyPlan = { id: plan.id, partnershipId: plan.partnershipId, title: plan.title, status: plan.status };
  const newest = await timeRuns(30, async () => {
    const page = await historyPage(db, historyPlan, filters);
    if (page.events.length !== 50) throw new Error(`expected 50 events, got ${page.events.length}`);
  });
  // As `npm run audit:verify` does it: worker threads hash while this thread reads. The route
  // (GET …/history/verify) checks in the server's own thread; that is timed too.
  const pool = createVerifyPool();
  const t = performance.now();
  const verification = await verifyChain(db, plan.partnershipId, { checker: pool }).finally(() => pool.close());
  const verifySeconds = (performance.now() - t) / 1000;
  const tInThread = performance.now();
  const inThread = await verifyChain(db, plan.partnershipId);
  const inThreadSeconds = (performance.now() - tInThread) / 1000;
  if (!inThread.ok) throw new Error(`chain did not verify in-thread: ${JSON.stringify(inThread)}`);
  if (!verification.ok) throw new Error(`chain did not verify: ${JSON.stringify(verification)}`);
  return {
    events: verification.checked,
    generateSeconds: Math.round(generateSeconds * 10) / 10,
    newest50OfAStrand: percentiles(newest, [50, 95]),
    fullVerifySeconds: Math.round(verifySeconds * 10) / 10,
    fullVerifyInThreadSeconds: Math.round(inThreadSeconds * 10) / 10,
  };
}


async function main() {
  // The audit figures need no server, so no build.
  if (PARTS.has('http')) ensureBuild();
  const results: Json = {
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    date: new Date().toISOString(),
    settings: { editors: EDITORS, editSeconds: EDIT_SECONDS, auditEvents: AUDIT_EVENTS },
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'jp-bench-'));
  try {
    results.pglite = {
      http: PARTS.has('http') ? await httpFigures({ PGLITE_DIR: path.join(dir, 'server'), DATABASE_URL: '' }, 3401) : null,
      audit: PARTS.has('audit') ? await auditFigures(openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'audit') })) : null,
    };
    if (process.env.DATABASE_URL) {
      const url = process.env.DATABASE_URL;
      results.postgres = {
        http: PARTS.has('http') ? await withPostgresDatabase(url, (databaseUrl) => httpFigures({ DATABASE_URL: databaseUrl }, 3402)) : null,
        audit: !PARTS.has('audit') ? null : await withPostgresDatabase(url, async (databaseUrl) => {
          const database = openDatabase({ kind: 'postgres', url: databaseUrl });
          try {
            return await auditFigures(database);
          } finally {
            await database.close();
          }
        }),
      };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(results, null, 2));
  // Database pools and handles would keep the process alive; the figures are out.
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
