// npm run bench:realtime — co-editing figures on the production build: propagation latency, edits per
// second, persistence lag and server memory for 50 and 200 editors typing into one document, and the
// memory of 1,000 idle connections, on PGlite, or on Postgres when DATABASE_URL is set (a new database
// on that server, dropped afterwards). Prints one JSON document. A benchmark reports figures; it does
// not pass or fail.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ClientSocket } from '../lib/collab/client';
import { collectedMemory, inspectorUrl } from './inspector';
import { connect } from './socket';
import { type EditorAssignment, type EditorsCommand, type EditorsReport, monotonicMs } from './realtime-protocol';
import type { DatabaseTarget } from '../db/client';
import { cpuMs, ensureBuild, machineBusyMs, percentiles, pgrep, prepareDatabase, rssKb, serverPid, startServer, withPostgresDatabase } from './support';

const PORT = 3421;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 1;
const KEYSTROKES_PER_SECOND = 5;
const OBSERVERS = Number(process.env.BENCH_OBSERVERS ?? 4);
const IDLE_CONNECTIONS = 1000;
/** Editors per load; BENCH_LOADS=200 (comma-separated) runs only some, BENCH_LOADS= none (idle connections only). */
const LOADS = (process.env.BENCH_LOADS ?? '50,200').split(',').filter((n) => n.trim()).map(Number);
const REVISIONS_SETTLE_MS = 8000;
/**
 * Characters the editors that are not observers keep in the text between them (each deletes its
 * oldest token past its share): with the observers' tokens the text stays well under the 50,000
 * characters of HTML a field may hold (the server refuses more).
 */
const KEPT_TEXT_CHARS = 32_000;
/** Length of a typed token, about: `[` run, editor, sequence and time in base 36 `]`. */
const TOKEN_CHARS = 14;
/** Simulated people: 1,000 idle connections at 20 sockets each (the per-person cap) need 50. */
const BENCH_ACCOUNTS = 50;
/**
 * Processes simulating a load's editors: BENCH_EDITOR_PROCESSES, or one per 100 editors. On 2 cores
 * more processes than that cost more in contention than they save (measured 2026-11-23: 50 editors
 * p99 34 ms with 1 process, 44 ms with 2, 77–144 ms with 4).
 */
const editorProcessesFor = (editors: number) => Number(process.env.BENCH_EDITOR_PROCESSES ?? Math.max(1, Math.ceil(editors / 100)));

type Json = { [key: string]: unknown };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const mb = (kb: number) => round(kb / 1024);

/** With DATABASE_URL the server runs on Postgres, whose processes' CPU is reported on its own. */
const POSTGRES_URL = process.env.DATABASE_URL || null;

/** CPU use of the server, Postgres, the editor processes and everything else on the machine over a stretch of time. */
function cpuMeter(serverPid: number, editorPids: number[]) {
  const sum = (pids: number[]) => pids.reduce((n, p) => n + cpuMs(p), 0);
  const take = () => ({
    at: monotonicMs(),
    server: cpuMs(serverPid),
    postgres: POSTGRES_URL ? sum(pgrep('postgres')) : 0,
    editors: sum(editorPids),
    self: cpuMs(process.pid),
    machine: machineBusyMs(),
  });
  const start = take();
  return () => {
    const end = take();
    const pct = (ms: number) => round((100 * ms) / (end.at - start.at));
    const server = end.server - start.server;
    const postgres = end.postgres - start.postgres;
    const editors = end.editors - start.editors;
    const self = end.self - start.self;
    return {
      serverPercentOfOneCore: pct(server),
      ...(POSTGRES_URL ? { postgresPercentOfOneCore: pct(postgres) } : {}),
      editorProcessesPercentOfOneCore: pct(editors),
      // Other work on the machine (CI, other checkouts): if large, every figure above is pessimistic.
      otherProcessesPercentOfOneCore: pct(Math.max(0, end.machine - start.machine - server - postgres - editors - self)),
      coresOnMachine: cpus().length,
    };
  };
}

async function joinPlan(socket: ClientSocket, planId: string): Promise<void> {
  const r = await socket.timeout(20_000).emitWithAck('plan.join', { planId });
  if (!r.ok) throw new Error(`plan.join: ${r.error.code}`);
}

async function inBatches<T>(n: number, size: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => fn(i + j)))));
  }
  return out;
}

type Worker = { child: ChildProcess; next: (type: EditorsReport['type']) => Promise<EditorsReport> };

/** Forks one editor process; `next(type)` waits for its next report of that type. */
function forkEditors(): Worker {
  // BENCH_EDITORS_CPU_PROF=<dir>: a V8 CPU profile of each editor process.
  const profile = process.env.BENCH_EDITORS_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_EDITORS_CPU_PROF}`] : [];
  // BENCH_EDITORS_NODE_FLAGS: more node flags for the editor processes (e.g. --trace-gc).
  const flags = (process.env.BENCH_EDITORS_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = fork(path.join(import.meta.dirname, 'realtime-editors.ts'), [], { execArgv: ['--import', 'tsx', ...profile, ...flags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting: { type: EditorsReport['type']; resolve: (r: EditorsReport) => void; reject: (e: Error) => void }[] = [];
  child.on('message', (m: EditorsReport) => {
    if (m.type === 'error') {
      for (const w of waiting.splice(0)) w.reject(new Error(`editor process ${child.pid}: ${m.message}`));
      return;
    }
    const i = waiting.findIndex((w) => w.type === m.type);
    if (i >= 0) waiting.splice(i, 1)[0].resolve(m);
  });
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`editor process exited with ${code}`));
  });
  return { child, next: (type) => new Promise((resolve, reject) => waiting.push({ type, resolve, reject })) };
}

const command = (w: Worker, c: EditorsCommand) => w.child.send(c);

async function typingLoad(
  workers: Worker[],
  url: string,
  cookies: string[],
  planId: string,
  docName: string,
  editorsCount: number,
  run: string,
  pid: number,
): Promise<Json> {
  // Editor i is person i % accounts, in process i % workers; the first OBSERVERS editors observe.
  const assignments: EditorAssignment[][] = workers.map(() => []);
  for (let i = 0; i < editorsCount; i++) {
    assignments[i % workers.length].push({ index: i, cookie: cookies[i % cookies.length], observer: i < OBSERVERS });
  }
  const ready = workers.map((w) => w.next('ready'));
  const tokensKept = Math.max(5, Math.floor(KEPT_TEXT_CHARS / (TOKEN_CHARS * Math.max(1, editorsCount - OBSERVERS))));
  workers.forEach((w, i) =>
    command(w, { type: 'load', url, planId, docName, run, keystrokesPerSecond: KEYSTROKES_PER_SECOND, tokensKept, assignments: assignments[i] }),
  );
  await Promise.all(ready);

  const results = workers.map((w) => w.next('result'));
  const epoch = monotonicMs() + 200;
  const windowStart = epoch + WARMUP_SECONDS * 1000;
  const windowEnd = windowStart + SECONDS * 1000;
  for (const w of workers) command(w, { type: 'go', epoch, windowStart, windowEnd });
  // The server's responsiveness from outside: a no-op event (presence.update, active: false) every
  // 200 ms (its rate limit is 5 a second), timed to its acknowledgement.
  const probe = await connect(url, cookies[0]);
  await joinPlan(probe, planId);
  const probeRtt: number[] = [];
  let probing = true;
  const probeLoop = (async () => {
    while (probing) {
      const at = monotonicMs();
      if (at >= windowStart && at <= windowEnd) {
        await probe.timeout(10_000).emitWithAck('presence.update', { planId, active: false }).catch(() => null);
        probeRtt.push(monotonicMs() - at);
      }
      await sleep(Math.max(0, 200 - (monotonicMs() - at)));
    }
  })();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const rssSamples: number[] = [];
  const load = [];
  await sleep(Math.max(0, windowStart - monotonicMs()));
  const cpu = cpuMeter(pid, workers.map((w) => w.child.pid ?? 0));
  while (monotonicMs() < windowEnd) {
    await sleep(Math.min(1000, Math.max(1, windowEnd - monotonicMs())));
    rssSamples.push(rssKb(pid));
    load.push(loadavg()[0]);
  }
  const cpuUse = cpu();
  loop.disable();
  probing = false;
  await probeLoop;
  probe.disconnect();
  const reports = (await Promise.all(results)).filter((r) => r.type === 'result');
  const closed = workers.map((w) => w.next('closed'));
  for (const w of workers) command(w, { type: 'close' });
  await Promise.all(closed);

  const observers = new Set(reports.flatMap((r) => r.observers));
  const keystrokes = reports.flatMap((r) => r.keystrokes);
  // Every keystroke should reach every observer but its own author.
  const expected = keystrokes.reduce((n, k) => n + observers.size - (observers.has(k.editor) ? 1 : 0), 0);
  const propagation = reports.flatMap((r) => r.propagation);
  const persistence = reports.flatMap((r) => r.persistence);
  const first = reports.find((r) => r.firstObserver === 0);
  const othersKeystrokes = keystrokes.filter((k) => k.editor !== 0).length;
  const lag = reports.map((r) => r.eventLoopDelayMs);
  const result: Json = {
    editors: editorsCount,
    accounts: Math.min(cookies.length, editorsCount),
    editorProcesses: workers.length,
    typingPerEditorCharsPerSecond: KEYSTROKES_PER_SECOND,
    tokensKeptPerEditor: tokensKept,
    measuredSeconds: SECONDS,
    observerEditors: observers.size,
    propagationLatencyMs: { ...percentiles(propagation), samples: propagation.length },
    propagationDelivered: round(propagation.length / Math.max(1, expected), 4),
    editsPerSecond: round(keystrokes.length / SECONDS),
    editsSeenPerSecondByObserver: first?.seenByFirstObserver != null ? round(first.seenByFirstObserver / SECONDS) : null,
    editsSentByOthersPerSecond: round(othersKeystrokes / SECONDS),
    messagesReceivedPerSecondPerEditor: round(reports.reduce((n, r) => n + r.packetsReceived, 0) / editorsCount / (SECONDS + WARMUP_SECONDS)),
    docUpdateAcksPerSecond: round(persistence.length / SECONDS),
    persistenceLagMs: { ...percentiles(persistence), samples: persistence.length },
    unacknowledgedAfterDrain: reports.reduce((n, r) => n + r.unacknowledgedAfterDrain, 0),
    // Refusals by code (document_too_large, rate_limited …): a sound run has none.
    refusals: reports.reduce<Record<string, number>>((all, r) => {
      for (const [code, n] of Object.entries(r.refusals)) all[code] = (all[code] ?? 0) + n;
      return all;
    }, {}),
    serverRssMb: { max: mb(Math.max(...rssSamples)), end: mb(rssSamples[rssSamples.length - 1] ?? 0) },
    // The measuring side: if these are large, the latencies above include the bench's own queueing.
    benchEventLoopDelayMs: {
      editorProcessesWorstP50: round(Math.max(...lag.map((l) => l.p50))),
      editorProcessesWorstP99: round(Math.max(...lag.map((l) => l.p99))),
      editorProcessesWorstMax: round(Math.max(...lag.map((l) => l.max))),
      coordinatorP99: round(loop.percentile(99) / 1e6),
    },
    // A no-op event's round trip: how long the server's event loop keeps a message waiting.
    serverNoopAckMs: { ...percentiles(probeRtt), max: round(Math.max(...probeRtt)), samples: probeRtt.length },
    cpuDuringWindow: cpuUse,
    machineLoadAverage1m: { min: round(Math.min(...load), 2), max: round(Math.max(...load), 2) },
  };
  // The editors' pauses now save their revisions (3 s after their last keystroke): let that finish
  // before the next load, so one load's aftermath is not measured as the next one's latency.
  await sleep(REVISIONS_SETTLE_MS);
  return result;
}

async function idleConnections(url: string, cookies: string[], planId: string, pid: number, inspector: string | null): Promise<Json> {
  await sleep(3000);
  // After a collection, so `extraMb` is what the connections hold plus whatever garbage their
  // joining left uncollected (an upper bound); `afterCollection` has what they hold alone.
  const collectedBefore = inspector ? await collectedMemory(inspector) : null;
  const before = rssKb(pid);
  const sockets: ClientSocket[] = [];
  let failed = 0;
  const joiningFrom = monotonicMs();
  const cpuFrom = cpuMs(pid);
  try {
    await inBatches(IDLE_CONNECTIONS, 50, async (i) => {
      try {
        const s = await connect(url, cookies[i % cookies.length]);
        sockets.push(s);
        await joinPlan(s, planId);
      } catch {
        failed++;
      }
    });
    const joinedInMs = monotonicMs() - joiningFrom;
    const joinCpuMs = cpuMs(pid) - cpuFrom;
    await sleep(5000);
    const after = rssKb(pid);
    const collectedAfter = inspector ? await collectedMemory(inspector) : null;
    return {
      connections: sockets.length,
      failed,
      // Connecting and joining the plan, 50 at a time: the server's CPU for it, per connection.
      connectedAndJoinedInSeconds: round(joinedInMs / 1000, 2),
      serverCpuMsPerJoin: round(joinCpuMs / Math.max(1, sockets.length), 2),
      serverRssBeforeMb: mb(before),
      serverRssAfterMb: mb(after),
      extraMb: mb(after - before),
      perConnectionKb: round((after - before) / Math.max(1, sockets.length)),
      // The same after a full collection in the server (bench/inspector.ts): what the connections
      // hold, without the garbage their joining left that the collector had not yet freed.
      ...(collectedBefore && collectedAfter
        ? {
            afterCollection: {
              before: collectedBefore,
              after: collectedAfter,
              extraRssMb: round(collectedAfter.rssMb - collectedBefore.rssMb),
              extraHeapUsedMb: round(collectedAfter.heapUsedMb - collectedBefore.heapUsedMb),
              heapUsedPerConnectionKb: round(((collectedAfter.heapUsedMb - collectedBefore.heapUsedMb) * 1024) / Math.max(1, sockets.length)),
            },
          }
        : { afterCollection: 'the server\'s inspector did not answer' }),
    };
  } finally {
    for (const s of sockets) s.disconnect();
    await sleep(500);
  }
}

async function main(): Promise<void> {
  ensureBuild();
  if (POSTGRES_URL) {
    await withPostgresDatabase(POSTGRES_URL, (url) => bench({ kind: 'postgres', url }, { DATABASE_URL: url }, 'postgres (a new database on DATABASE_URL\'s server)'));
    return;
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jointplan-bench-rt-'));
  try {
    const dbDir = path.join(dataDir, 'db');
    await bench({ kind: 'pglite', dataDir: dbDir }, { PGLITE_DIR: dbDir, DATABASE_URL: '' }, 'pglite (on disk, temp dir)');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function bench(target: DatabaseTarget, serverEnv: Record<string, string>, database: string): Promise<void> {
  const cookies = await prepareDatabase(target, BENCH_ACCOUNTS);
  // Not with a CPU profile: a server whose inspector has had a session did not write its profile on exit.
  const server = await startServer(PORT, serverEnv, { inspect: !process.env.BENCH_SERVER_CPU_PROF });
  const workers = Array.from({ length: Math.max(...LOADS.map(editorProcessesFor)) }, () => forkEditors());
  try {
    const pid = serverPid(server.process.pid!);
    const get = async (u: string) => (await fetch(`${server.url}${u}`, { headers: { cookie: cookies[0] } })).json();
    const { plans } = (await get('/api/v1/plans')) as { plans: { id: string; partnership: { name: string } }[] };
    const demo = plans.find((p) => /Bank Road/.test(p.partnership.name));
    if (!demo) throw new Error('demo plan not found');
    const { plan } = (await get(`/api/v1/plans/${demo.id}`)) as { plan: { strands: { id: string; title: string }[] } };
    // Each load types into a document of its own (a strand's key objective), so none starts with the
    // text of the one before.
    if (plan.strands.length < LOADS.length) throw new Error(`the demo plan has ${plan.strands.length} strands for ${LOADS.length} loads`);
    const docNames = LOADS.map((_, i) => `strand:${plan.strands[i].id}:keyObjective`);
    const rssStartKb = rssKb(pid);
    // Open each document once first, so its first load (seeding from HTML) is not part of the load.
    const warm = await connect(server.url, cookies[0]);
    await joinPlan(warm, demo.id);
    for (const name of docNames) {
      const warmSync = await warm.timeout(60_000).emitWithAck('doc.sync', { name, stateVector: new Uint8Array([0]) });
      if (!warmSync.ok) throw new Error(`doc.sync: ${warmSync.error.code}`);
    }
    warm.disconnect();
    // Idle connections first, while the heap holds no garbage of the typing loads (RSS never shrinks).
    const idle = await idleConnections(server.url, cookies, demo.id, pid, inspectorUrl(server.log()));
    const loads: Json[] = [];
    for (const [i, n] of LOADS.entries()) {
      loads.push({ document: docNames[i], ...(await typingLoad(workers.slice(0, editorProcessesFor(n)), server.url, cookies, demo.id, docNames[i], n, String.fromCharCode(97 + i), pid)) });
    }
    const out: Json = {
      benchmark: 'realtime',
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version, loadAverageAtEnd: loadavg().map((l) => round(l, 2)) },
      database,
      method:
        `Editors are socket.io-client sockets over loopback using CollabSync (plan.join, doc.sync, doc.update), ` +
        `split round-robin over forked processes (one per 100 editors unless BENCH_EDITOR_PROCESSES says), as ${BENCH_ACCOUNTS} people (sessions minted with the bench's secret). ` +
        `Each load types into its own document (a strand's key objective). Each keystroke inserts a unique token carrying its time on the machine's monotonic clock at a random position of the ` +
        `paragraph's Y.XmlText; editors that are not observers also delete their oldest token once they hold their share of ${KEPT_TEXT_CHARS} characters (tokensKept), in the same change. Propagation latency is measured on up to ${OBSERVERS} observer editors (which apply every update); ` +
        `the others receive every broadcast but do not apply it. benchEventLoopDelayMs is the measuring side's own lag. ` +
        `Persistence lag is doc.update sent -> ack (given after the batch commits). RSS is VmRSS of the server's node process (pid ${pid}). ` +
        `First ${WARMUP_SECONDS}s of each load is warm-up.`,
      serverRssAtStartMb: mb(rssStartKb),
      loads,
      idleConnections: idle,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    for (const w of workers) if (w.child.connected) command(w, { type: 'exit' });
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
