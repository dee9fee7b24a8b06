// npm run bench:realtime — co-editing figures on the production build: propagation latency, edits per
// second, persistence lag and server memory for 50 and 200 editors typing into one document, and the
// memory of 1,000 idle connections. Prints one JSON document. A benchmark reports figures; it does not
// pass or fail.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import * as Y from 'yjs';
import { type ClientSocket, CollabSync } from '../lib/collab/client';
import { ensureBuild, percentiles, signIn, startServer } from './support';

const PORT = 3421;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 1;
const KEYSTROKES_PER_SECOND = 5;
const OBSERVERS = 10;
const IDLE_CONNECTIONS = 1000;
const LOADS = [50, 200];
const ACCOUNTS = ['head@bankroad.example', 'head@williamlilley.example', 'admin@bankroad.example'];

type Json = { [key: string]: unknown };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** All descendants of a process (bounded walk). */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length && out.length < 50) {
    const p = queue.shift()!;
    let children: number[] = [];
    try {
      children = execFileSync('pgrep', ['-P', String(p)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
    } catch {
      // no children
    }
    out.push(...children);
    queue.push(...children);
  }
  return out;
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The server's own node process: the largest process under the spawned `npx tsx server.ts`. */
function serverPid(rootPid: number): number {
  const all = [rootPid, ...descendants(rootPid)];
  return all.reduce((best, p) => (rssKb(p) > rssKb(best) ? p : best), rootPid);
}

const mb = (kb: number) => round(kb / 1024);

function connect(url: string, cookie: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { cookie, origin: url },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('connect timeout'));
    }, 20_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (e) => {
      clearTimeout(timer);
      socket.close();
      reject(e);
    });
  });
}

async function joinPlan(socket: ClientSocket, planId: string): Promise<void> {
  const r = await socket.timeout(20_000).emitWithAck('plan.join', { planId });
  if (!r.ok) throw new Error(`plan.join: ${r.error.code}`);
}

/** The first Y.XmlText of the document (the paragraph everyone types into). */
function firstText(node: Y.XmlFragment | Y.XmlElement, depth = 0): Y.XmlText | null {
  if (depth > 8) return null;
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) return child;
    if (child instanceof Y.XmlElement) {
      const t = firstText(child, depth + 1);
      if (t) return t;
    }
  }
  return null;
}

type Editor = {
  index: number;
  socket: ClientSocket;
  doc: Y.Doc;
  sync: CollabSync;
  observer: boolean;
  inFlightAt: number | null;
  seq: number;
};

async function openEditor(url: string, cookie: string, planId: string, name: string, index: number, observer: boolean): Promise<Editor> {
  const socket = await connect(url, cookie);
  await joinPlan(socket, planId);
  const doc = new Y.Doc();
  let resolveSynced: () => void = () => {};
  const synced = new Promise<void>((r) => (resolveSynced = r));
  const errors: string[] = [];
  const sync = new CollabSync({ socket, name, doc, onSynced: (s) => s && resolveSynced(), onError: (e) => errors.push(e.code) });
  if (!sync.synced) {
    await Promise.race([synced, sleep(30_000).then(() => Promise.reject(new Error(`doc.sync timed out ${errors.join(',')}`)))]);
  }
  if (!sync.canEdit) throw new Error('editor cannot edit the document');
  return { index, socket, doc, sync, observer, inFlightAt: null, seq: 0 };
}

function closeEditor(e: Editor): void {
  e.sync.destroy();
  e.socket.disconnect();
  e.doc.destroy();
}

async function inBatches<T>(n: number, size: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => fn(i + j)))));
  }
  return out;
}

async function typingLoad(
  url: string,
  cookies: string[],
  planId: string,
  docName: string,
  editorsCount: number,
  run: string,
  pid: number,
): Promise<Json> {
  const editors = await inBatches(editorsCount, 25, (i) =>
    openEditor(url, cookies[i % cookies.length], planId, docName, i, i < Math.min(OBSERVERS, editorsCount)),
  );
  // Token key -> when its keystroke was made locally.
  const sentAt = new Map<string, { at: number; editor: number }>();
  const propagation: number[] = [];
  const persistence: number[] = [];
  const seenByObserver0 = new Set<string>();
  let measuring = false;
  let windowStart = 0;
  let windowEnd = Number.POSITIVE_INFINITY;
  let keystrokes = 0;
  let acks = 0;
  const tokenPattern = new RegExp(`\\[(${run}[0-9a-z]+\\.[0-9a-z]+)\\]`, 'g');

  for (const e of editors) {
    // Persistence lag: doc.update sent → its acknowledgement (CollabSync keeps one in flight per socket).
    e.socket.onAnyOutgoing((event) => {
      if (event === 'doc.update') e.inFlightAt = performance.now();
    });
    e.socket.io.on('packet', (packet) => {
      if ((packet.type === 3 || packet.type === 6) && e.inFlightAt !== null) {
        const now = performance.now();
        if (e.inFlightAt >= windowStart && e.inFlightAt <= windowEnd) {
          persistence.push(now - e.inFlightAt);
          acks++;
        }
        e.inFlightAt = null;
      }
    });
    if (!e.observer) continue;
    e.doc.getXmlFragment('default').observeDeep((events, transaction) => {
      if (transaction.local) return;
      const now = performance.now();
      for (const event of events) {
        if (!(event.target instanceof Y.XmlText)) continue;
        for (const op of event.delta) {
          if (typeof op.insert !== 'string') continue;
          for (const m of op.insert.matchAll(tokenPattern)) {
            const sent = sentAt.get(m[1]);
            if (!sent || sent.editor === e.index) continue;
            if (sent.at >= windowStart && sent.at <= windowEnd) {
              propagation.push(now - sent.at);
              if (e.index === 0) seenByObserver0.add(m[1]);
            }
          }
        }
      }
    });
  }
  // The other editors do not need others' text to type into their copy: keep the benchmark process
  // from being the bottleneck by not applying the broadcasts there (they are still received).
  for (const e of editors) if (!e.observer) e.socket.off('doc.update');

  const loop = monitorEventLoopDelay({ resolution: 10 });
  const interval = 1000 / KEYSTROKES_PER_SECOND;
  const timers: ReturnType<typeof setTimeout>[] = [];
  const typeOne = (e: Editor) => {
    const text = firstText(e.doc.getXmlFragment('default'));
    if (!text) return;
    const key = `${run}${e.index.toString(36)}.${(e.seq++).toString(36)}`;
    const at = performance.now();
    sentAt.set(key, { at, editor: e.index });
    if (at >= windowStart && at <= windowEnd) keystrokes++;
    text.insert(Math.floor(Math.random() * (text.length + 1)), `[${key}]`);
  };
  const start = performance.now();
  windowStart = start + WARMUP_SECONDS * 1000;
  windowEnd = windowStart + SECONDS * 1000;
  loop.enable();
  const rssSamples: number[] = [];
  for (const e of editors) {
    timers.push(
      setTimeout(() => {
        typeOne(e);
        timers.push(setInterval(() => typeOne(e), interval));
      }, Math.random() * interval),
    );
  }
  measuring = true;
  const totalMs = (WARMUP_SECONDS + SECONDS) * 1000;
  for (let t = 0; t < totalMs && measuring; t += 1000) {
    await sleep(1000);
    rssSamples.push(rssKb(pid));
  }
  for (const t of timers) clearTimeout(t);
  measuring = false;
  loop.disable();
  // Let the last keystrokes arrive and be acknowledged.
  const drainDeadline = Date.now() + 5000;
  while (Date.now() < drainDeadline && editors.some((e) => e.sync.pendingUpdates > 0)) await sleep(100);
  await sleep(500);
  const unacked = editors.reduce((n, e) => n + e.sync.pendingUpdates, 0);
  const observers = editors.filter((e) => e.observer).length;
  const expectedPairs = [...sentAt.entries()].filter(([, s]) => s.at >= windowStart && s.at <= windowEnd).length * (observers - 0);
  const ownPairs = [...sentAt.values()].filter((s) => s.at >= windowStart && s.at <= windowEnd && s.editor < observers).length;
  const othersKeystrokes = [...sentAt.values()].filter((s) => s.at >= windowStart && s.at <= windowEnd && s.editor !== 0).length;
  const result: Json = {
    editors: editorsCount,
    accounts: cookies.length,
    typingPerEditorCharsPerSecond: KEYSTROKES_PER_SECOND,
    measuredSeconds: SECONDS,
    observerEditors: observers,
    propagationLatencyMs: { ...percentiles(propagation), samples: propagation.length },
    propagationDelivered: round(propagation.length / Math.max(1, expectedPairs - ownPairs), 4),
    editsPerSecond: round(keystrokes / SECONDS),
    editsSeenPerSecondByObserver: round(seenByObserver0.size / SECONDS),
    editsSentByOthersPerSecond: round(othersKeystrokes / SECONDS),
    docUpdateAcksPerSecond: round(acks / SECONDS),
    persistenceLagMs: { ...percentiles(persistence), samples: persistence.length },
    unacknowledgedAfterDrain: unacked,
    serverRssMb: { max: mb(Math.max(...rssSamples)), end: mb(rssSamples[rssSamples.length - 1] ?? 0) },
    benchProcessEventLoopDelayMs: { p50: round(loop.percentile(50) / 1e6), p99: round(loop.percentile(99) / 1e6), max: round(loop.max / 1e6) },
  };
  for (const e of editors) closeEditor(e);
  await sleep(1000);
  return result;
}

async function idleConnections(url: string, cookies: string[], planId: string, pid: number): Promise<Json> {
  await sleep(3000);
  const before = rssKb(pid);
  const sockets: ClientSocket[] = [];
  let failed = 0;
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
    await sleep(3000);
    const after = rssKb(pid);
    return {
      connections: sockets.length,
      failed,
      serverRssBeforeMb: mb(before),
      serverRssAfterMb: mb(after),
      extraMb: mb(after - before),
      perConnectionKb: round((after - before) / Math.max(1, sockets.length)),
    };
  } finally {
    for (const s of sockets) s.disconnect();
    await sleep(500);
  }
}

async function main(): Promise<void> {
  ensureBuild();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jointplan-bench-rt-'));
  const server = await startServer(PORT, { PGLITE_DIR: path.join(dataDir, 'db'), DATABASE_URL: '' });
  try {
    const pid = serverPid(server.process.pid!);
    const cookies = await Promise.all(ACCOUNTS.map((e) => signIn(server.url, e)));
    const get = async (u: string) => (await fetch(`${server.url}${u}`, { headers: { cookie: cookies[0] } })).json();
    const { plans } = (await get('/api/v1/plans')) as { plans: { id: string; partnership: { name: string } }[] };
    const demo = plans.find((p) => /Bank Road/.test(p.partnership.name));
    if (!demo) throw new Error('demo plan not found');
    const { plan } = (await get(`/api/v1/plans/${demo.id}`)) as { plan: { strands: { id: string; title: string }[] } };
    const strand = plan.strands.find((s) => /Teaching and Learning/.test(s.title));
    if (!strand) throw new Error('Teaching and Learning strand not found');
    const docName = `strand:${strand.id}:keyObjective`;
    const rssStartKb = rssKb(pid);
    const loads: Json[] = [];
    for (const [i, n] of LOADS.entries()) loads.push(await typingLoad(server.url, cookies, demo.id, docName, n, String.fromCharCode(97 + i), pid));
    const idle = await idleConnections(server.url, cookies, demo.id, pid);
    const out: Json = {
      benchmark: 'realtime',
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version },
      database: 'pglite (on disk, temp dir)',
      document: docName,
      method:
        `Editors are socket.io-client sockets over loopback using CollabSync (plan.join, doc.sync, doc.update). ` +
        `Each keystroke inserts a unique token at a random position of the paragraph's Y.XmlText. Propagation ` +
        `latency is measured only on a sample of up to ${OBSERVERS} observer editors (which apply every update); ` +
        `the others receive but do not apply broadcasts, so the benchmark process is not the bottleneck. ` +
        `Persistence lag is doc.update sent -> ack (given after the batch commits). RSS is VmRSS of the server's node process (pid ${pid}). ` +
        `First ${WARMUP_SECONDS}s of each load is warm-up.`,
      serverRssAtStartMb: mb(rssStartKb),
      loads,
      idleConnections: idle,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
