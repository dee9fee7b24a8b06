import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { type ClientSocket, CollabSync } from '@/lib/collab/client';
import { toBytes } from '@/lib/realtime/events';

// The reference client's sending (docs/realtime.md, "Editing"), against a socket whose
// acknowledgements the test gives by hand: keystrokes go out at once, without waiting for the
// server to store the ones before.

type Sent = { event: string; payload: { name: string; update?: string; stateVector?: unknown }; answer: (result: unknown) => void };

/** Just enough of a socket.io client socket: every emitWithAck waits for the test to answer it. */
class HandSocket {
  connected = true;
  readonly sent: Sent[] = [];
  private readonly handlers = new Map<string, Set<(...args: unknown[]) => void>>();
  on(event: string, fn: (...args: unknown[]) => void) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)?.add(fn);
    return this;
  }
  off(event: string, fn: (...args: unknown[]) => void) {
    this.handlers.get(event)?.delete(fn);
    return this;
  }
  timeout() {
    return this;
  }
  emitWithAck(event: string, payload: Sent['payload']) {
    return new Promise((answer) => this.sent.push({ event, payload, answer }));
  }
  emit() {
    return this;
  }
  fire(event: string) {
    for (const fn of this.handlers.get(event) ?? []) fn();
  }
  updates() {
    return this.sent.filter((s) => s.event === 'doc.update');
  }
}

const name = 'strand:00000000-0000-4000-8000-000000000000:keyObjective';

/** A client synced with a server that holds nothing yet. */
async function syncedClient(socket: HandSocket) {
  const doc = new Y.Doc();
  const sync = new CollabSync({ socket: socket as unknown as ClientSocket, name, doc, ackTimeoutMs: 60_000 });
  const server = new Y.Doc();
  await vi.waitFor(() => expect(socket.sent.some((s) => s.event === 'doc.sync')).toBe(true));
  socket.sent.find((s) => s.event === 'doc.sync')?.answer({
    ok: true,
    update: Y.encodeStateAsUpdate(server),
    stateVector: Y.encodeStateVector(server),
    awareness: null,
    canEdit: true,
  });
  await vi.waitFor(() => expect(sync.synced).toBe(true));
  return { doc, sync, text: doc.getText('t') };
}

/** What the sent updates hold, applied to a fresh document. */
function received(sent: Sent[]): string {
  const doc = new Y.Doc();
  for (const s of sent) Y.applyUpdate(doc, toBytes(s.payload.update ?? ''));
  return doc.getText('t').toString();
}

/** Lets the acknowledgements given so far be handled (their promise callbacks run). */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe('the reference client sending updates', () => {
  it('sends each keystroke at once, before the ones before it are acknowledged', async () => {
    const socket = new HandSocket();
    const { sync, text } = await syncedClient(socket);
    text.insert(0, 'a');
    text.insert(1, 'b');
    text.insert(2, 'c');
    expect(socket.updates()).toHaveLength(3);
    expect(sync.pendingUpdates).toBe(3);
    expect(received(socket.updates())).toBe('abc');
    for (const s of socket.updates()) s.answer({ ok: true });
    await vi.waitFor(() => expect(sync.pendingUpdates).toBe(0));
  });

  it('keeps at most 8 in flight and sends what was typed meanwhile merged, as acknowledgements return', async () => {
    const socket = new HandSocket();
    const { sync, text } = await syncedClient(socket);
    for (let i = 0; i < 12; i++) text.insert(i, String.fromCharCode(97 + i));
    expect(socket.updates()).toHaveLength(8);
    expect(sync.pendingUpdates).toBe(12);
    socket.updates()[0].answer({ ok: true });
    await vi.waitFor(() => expect(socket.updates()).toHaveLength(9));
    // The four typed past the cap travel together, in the ninth message.
    expect(received(socket.updates().slice(0, 8))).toBe('abcdefgh');
    expect(received(socket.updates())).toBe('abcdefghijkl');
    for (const s of socket.updates().slice(1)) s.answer({ ok: true });
    await vi.waitFor(() => expect(sync.pendingUpdates).toBe(0));
  });

  it('puts a refused update back, sends nothing while told to wait, then sends it with what came after', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const socket = new HandSocket();
    const { sync, text } = await syncedClient(socket);
    text.insert(0, 'x');
    socket.updates()[0].answer({ ok: false, error: { code: 'rate_limited', message: 'Too many.', retryAfterMs: 500 } });
    await settled();
    expect(sync.pendingUpdates).toBe(1);
    text.insert(1, 'y');
    expect(socket.updates()).toHaveLength(1);
    expect(sync.pendingUpdates).toBe(2);
    await vi.advanceTimersByTimeAsync(500);
    expect(socket.updates()).toHaveLength(2);
    expect(received(socket.updates().slice(1))).toBe('xy');
    socket.updates()[1].answer({ ok: true });
    await vi.waitFor(() => expect(sync.pendingUpdates).toBe(0));
  });

  it('counts what was in flight as pending after a disconnect, and resends it with the next sync', async () => {
    const socket = new HandSocket();
    const { sync, text } = await syncedClient(socket);
    text.insert(0, 'lost?');
    expect(socket.updates()).toHaveLength(1);
    socket.connected = false;
    socket.fire('disconnect');
    expect(sync.pendingUpdates).toBe(1);
    // Acknowledged too late, from the old connection: it changes nothing.
    socket.updates()[0].answer({ ok: true });
    socket.connected = true;
    socket.fire('connect');
    const resync = await vi.waitFor(() => {
      const s = socket.sent.filter((x) => x.event === 'doc.sync')[1];
      expect(s).toBeDefined();
      return s;
    });
    const server = new Y.Doc();
    resync.answer({ ok: true, update: Y.encodeStateAsUpdate(server), stateVector: Y.encodeStateVector(server), awareness: null, canEdit: true });
    await vi.waitFor(() => expect(socket.updates()).toHaveLength(2));
    expect(received(socket.updates().slice(1))).toBe('lost?');
    expect(sync.pendingUpdates).toBe(1);
  });
});
