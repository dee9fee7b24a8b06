// One of the processes `bench/realtime.ts` forks to simulate editors: it opens its share of the
// editors, types on the coordinator's signal and reports raw samples back over IPC. Splitting the
// editors over several processes keeps the measuring side from being the bottleneck; each process
// reports its own event-loop delay so a reader can see whether it was.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { type ClientSocket, CollabSync } from '../lib/collab/client';
import { connect } from './socket';
import { type EditorsCommand, type EditorsReport, monotonicMs } from './realtime-protocol';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function send(report: EditorsReport): void {
  process.send?.(report);
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

/** A token an editor typed and will delete again: where it starts, and its length. */
type OwnToken = { start: Y.RelativePosition; length: number };
type Editor = { index: number; socket: ClientSocket; doc: Y.Doc; sync: CollabSync; observer: boolean; sentAt: number[]; seq: number; own: OwnToken[] };

async function openEditor(url: string, cookie: string, planId: string, name: string, index: number, observer: boolean): Promise<Editor> {
  const socket = await connect(url, cookie);
  // A connection the server dropped (e.g. missed heartbeats) is worth knowing about: it is not closed by the bench.
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') console.error(`editor ${index} disconnected: ${reason}`);
  });
  const joined = await socket.timeout(20_000).emitWithAck('plan.join', { planId });
  if (!joined.ok) throw new Error(`plan.join: ${joined.error.code}`);
  const doc = new Y.Doc();
  let resolveSynced: () => void = () => {};
  const synced = new Promise<void>((r) => (resolveSynced = r));
  const errors: string[] = [];
  const sync = new CollabSync({
    socket,
    name,
    doc,
    onSynced: (s) => s && resolveSynced(),
    onError: (e) => {
      errors.push(e.code);
      refusals[e.code] = (refusals[e.code] ?? 0) + 1;
    },
  });
  if (!sync.synced) {
    await Promise.race([synced, sleep(30_000).then(() => Promise.reject(new Error(`doc.sync timed out ${errors.join(',')}`)))]);
  }
  if (!sync.canEdit) throw new Error('editor cannot edit the document');
  return { index, socket, doc, sync, observer, sentAt: [], seq: 0, own: [] };
}

let editors: Editor[] = [];
/** Refusals the server answered this process's editors with during a load, by code (a sound run has none). */
let refusals: Record<string, number> = {};

async function runLoad(command: Extract<EditorsCommand, { type: 'load' }>): Promise<void> {
  const { url, planId, docName, run, assignments, keystrokesPerSecond, tokensKept } = command;
  editors = [];
  refusals = {};
  for (let i = 0; i < assignments.length; i += 25) {
    const batch = assignments.slice(i, i + 25);
    editors.push(...(await Promise.all(batch.map((a) => openEditor(url, a.cookie, planId, docName, a.index, a.observer)))));
  }
  const propagation: number[] = [];
  const persistence: number[] = [];
  const seenByFirstObserver = new Set<string>();
  const firstObserver = editors.find((e) => e.observer)?.index ?? -1;
  let received = 0;
  let epoch = 0;
  let windowStart = 0;
  let windowEnd = Number.POSITIVE_INFINITY;
  const keystrokes: { editor: number; at: number }[] = [];
  // Token: run, editor, sequence and the keystroke's time (0.1 ms after the shared epoch): any
  // observer in any process can compute the latency from the monotonic clock they share.
  const tokenPattern = new RegExp(`\\[${run}([0-9a-z]+)\\.[0-9a-z]+\\.([0-9a-z]+)\\]`, 'g');

  for (const e of editors) {
    // Persistence lag: doc.update sent → its acknowledgement. During a load an editor sends nothing
    // else that is acknowledged, and the server acknowledges one socket's updates in the order they
    // arrived (its batches commit in order), so acknowledgements match the sends first in, first out.
    e.socket.onAnyOutgoing((event) => {
      if (event === 'doc.update') e.sentAt.push(monotonicMs());
    });
    e.socket.io.on('packet', (packet) => {
      if (packet.type === 2 || packet.type === 5) received++;
      if (packet.type === 3 || packet.type === 6) {
        const sentAt = e.sentAt.shift();
        if (sentAt !== undefined && sentAt >= windowStart && sentAt <= windowEnd) persistence.push(monotonicMs() - sentAt);
      }
    });
    if (!e.observer) continue;
    // What a remote update added to this document (Yjs emits only what was new, once it fits): the
    // tokens in its strings. Read from the update rather than a Y.Text delta, which walks the
    // whole text on every change and made the observers themselves the bottleneck.
    const seen = new Set<string>();
    e.doc.on('update', (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (transaction.local) return;
      const now = monotonicMs();
      for (const struct of Y.decodeUpdate(update).structs) {
        if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue;
        for (const m of struct.content.str.matchAll(tokenPattern)) {
          if (Number.parseInt(m[1], 36) === e.index || seen.has(m[0])) continue;
          seen.add(m[0]);
          const at = epoch + Number.parseInt(m[2], 36) / 10;
          if (at < windowStart || at > windowEnd) continue;
          propagation.push(now - at);
          if (e.index === firstObserver) seenByFirstObserver.add(m[0]);
        }
      }
    });
  }
  // The other editors do not need others' text to type into their copy: they receive every
  // broadcast (socket.io decodes it) but do not apply it to a Y.Doc.
  for (const e of editors) if (!e.observer) e.socket.off('doc.update');
  send({ type: 'ready', editors: editors.length });

  const go = await new Promise<Extract<EditorsCommand, { type: 'go' }>>((resolve) => {
    const onMessage = (m: EditorsCommand) => {
      if (m.type !== 'go') return;
      process.off('message', onMessage);
      resolve(m);
    };
    process.on('message', onMessage);
  });
  epoch = go.epoch;
  windowStart = go.windowStart;
  windowEnd = go.windowEnd;

  const loop = monitorEventLoopDelay({ resolution: 10 });
  const interval = 1000 / keystrokesPerSecond;
  const timers: ReturnType<typeof setTimeout>[] = [];
  // Each keystroke inserts a token; an editor that is not an observer also deletes its oldest token
  // once it has `tokensKept`, in the same change, so the text stays well under the 50,000 characters
  // a field may hold however long the load runs. Observers never delete (others may have typed
  // inside their tokens, and their tokens are few). A token lives long enough to reach everyone
  // before it goes (docs/performance.md).
  const typeOne = (e: Editor) => {
    const text = firstText(e.doc.getXmlFragment('default'));
    if (!text) return;
    const at = monotonicMs();
    const key = `${run}${e.index.toString(36)}.${(e.seq++).toString(36)}.${Math.max(0, Math.round((at - epoch) * 10)).toString(36)}`;
    if (at >= windowStart && at <= windowEnd) keystrokes.push({ editor: e.index, at });
    const token = `[${key}]`;
    e.doc.transact(() => {
      const oldest = !e.observer && e.own.length >= tokensKept ? e.own.shift() : undefined;
      const from = oldest && Y.createAbsolutePositionFromRelativePosition(oldest.start, e.doc);
      if (oldest && from && from.type === text) text.delete(from.index, oldest.length);
      const position = Math.floor(Math.random() * (text.length + 1));
      text.insert(position, token);
      if (!e.observer) e.own.push({ start: Y.createRelativePositionFromTypeIndex(text, position), length: token.length });
    });
  };
  await sleep(Math.max(0, go.epoch - monotonicMs()));
  for (const e of editors) {
    timers.push(
      setTimeout(() => {
        typeOne(e);
        timers.push(setInterval(() => typeOne(e), interval));
      }, Math.random() * interval),
    );
  }
  let loopEnabled = false;
  while (monotonicMs() < windowEnd) {
    if (!loopEnabled && monotonicMs() >= windowStart) {
      loop.enable();
      loopEnabled = true;
    }
    await sleep(50);
  }
  for (const t of timers) clearTimeout(t);
  loop.disable();
  // Let the last keystrokes arrive and be acknowledged.
  const drainDeadline = monotonicMs() + 5000;
  while (monotonicMs() < drainDeadline && editors.some((e) => e.sync.pendingUpdates > 0)) await sleep(100);
  await sleep(500);
  send({
    type: 'result',
    pid: process.pid,
    editors: editors.length,
    observers: editors.filter((e) => e.observer).map((e) => e.index),
    keystrokes,
    propagation,
    persistence,
    seenByFirstObserver: firstObserver >= 0 ? seenByFirstObserver.size : null,
    firstObserver,
    packetsReceived: received,
    unacknowledgedAfterDrain: editors.reduce((n, e) => n + e.sync.pendingUpdates, 0),
    refusals,
    eventLoopDelayMs: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
  });
}

function closeAll(): void {
  for (const e of editors) {
    e.sync.destroy();
    e.socket.disconnect();
    e.doc.destroy();
  }
  editors = [];
}

process.on('message', (m: EditorsCommand) => {
  if (m.type === 'load') {
    runLoad(m).catch((error: unknown) => {
      send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    });
  } else if (m.type === 'close') {
    closeAll();
    send({ type: 'closed' });
  } else if (m.type === 'exit') {
    closeAll();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
