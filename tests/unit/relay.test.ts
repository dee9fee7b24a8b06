import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { UpdateRelay } from '@/lib/realtime/relay';

/** Updates typed one after another into one text, as `n` separate Yjs updates. */
function keystrokes(n: number): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < n; i++) doc.getText('t').insert(i, String.fromCharCode(97 + i));
  return { updates, text: doc.getText('t').toString() };
}

describe('relaying co-edited updates', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends an update after a quiet spell at once, to everyone but its sender', () => {
    const sent: { update: Uint8Array; except: string | null }[] = [];
    const relay = new UpdateRelay(() => 10, (_name, update, except) => sent.push({ update, except }));
    const { updates } = keystrokes(1);
    relay.push('doc', updates[0], 'socket-a');
    expect(sent).toEqual([{ update: updates[0], except: 'socket-a' }]);
  });

  it('merges what arrives within the window into one message that converges, echoed to its senders', () => {
    const sent: { update: Uint8Array; except: string | null }[] = [];
    const relay = new UpdateRelay(() => 10, (_name, update, except) => sent.push({ update, except }));
    const { updates, text } = keystrokes(5);
    relay.push('doc', updates[0], 'socket-a');
    relay.push('doc', updates[1], 'socket-a');
    relay.push('doc', updates[2], 'socket-b');
    relay.push('doc', updates[3], 'socket-a');
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(10);
    expect(sent).toHaveLength(2);
    // Two senders: nobody is left out (each ignores its own part).
    expect(sent[1].except).toBeNull();
    relay.push('doc', updates[4], 'socket-b');
    vi.advanceTimersByTime(10);
    expect(sent).toHaveLength(3);
    expect(sent[2]).toEqual({ update: updates[4], except: 'socket-b' });
    const replica = new Y.Doc();
    for (const s of sent) Y.applyUpdate(replica, s.update);
    expect(replica.getText('t').toString()).toBe(text);
    // Quiet again: the next one goes at once.
    vi.advanceTimersByTime(10);
    relay.push('doc', updates[4], 'socket-c');
    expect(sent).toHaveLength(4);
  });

  it('sends what is gathered when flushed (stopping)', () => {
    const sent: Uint8Array[] = [];
    const relay = new UpdateRelay(() => 10, (_name, update) => sent.push(update));
    const { updates } = keystrokes(2);
    relay.push('doc', updates[0], 'socket-a');
    relay.push('doc', updates[1], 'socket-a');
    relay.flush();
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(50);
    expect(sent).toHaveLength(2);
  });
});
