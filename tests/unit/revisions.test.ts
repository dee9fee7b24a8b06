import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { Actor } from '@/lib/auth/actor';
import { RevisionTracker } from '@/lib/collab/revisions';

const actor = (id: string): Actor => ({ id, email: `${id}@school.example`, name: id, memberships: [], ip: null, userAgent: null });

/** A Yjs document whose every change is handed to the tracker as typed by `who`. */
function typing(tracker: () => RevisionTracker) {
  const doc = new Y.Doc();
  const text = doc.getXmlFragment('default');
  let who: Actor | null = null;
  doc.on('update', (update: Uint8Array) => tracker().record(update, who));
  return (by: Actor, words: string) => {
    who = by;
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(words)]);
    text.push([p]);
  };
}

describe('revisions of co-edited text', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves an author at their pause', async () => {
    const saved: string[] = [];
    const tracker = new RevisionTracker(new Uint8Array(Y.encodeStateAsUpdate(new Y.Doc())), 3000, async (a, html) => void saved.push(`${a.id}: ${html}`), () => {});
    const type = typing(() => tracker);
    type(actor('ann'), 'One');
    await vi.advanceTimersByTimeAsync(2999);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await tracker.settled();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/^ann: .*One/);
  });

  it('saves someone who never pauses at least every minute', async () => {
    const saved: string[] = [];
    const tracker = new RevisionTracker(new Uint8Array(Y.encodeStateAsUpdate(new Y.Doc())), 3000, async (a, html) => void saved.push(html), () => {}, 60_000);
    const type = typing(() => tracker);
    const ann = actor('ann');
    // A keystroke every two seconds for two and a half minutes: never a three-second pause.
    for (let i = 0; i < 75; i++) {
      type(ann, `word${i}`);
      await vi.advanceTimersByTimeAsync(2000);
    }
    await tracker.settled();
    expect(saved.length).toBeGreaterThanOrEqual(2);
    expect(saved[0]).toContain('word29');
    expect(saved[0]).not.toContain('word31');
    expect(tracker.hasPending).toBe(true);
  });

  it('keeps each author’s words in their own revision when two pause at the same moment', async () => {
    const saved: string[] = [];
    const tracker = new RevisionTracker(new Uint8Array(Y.encodeStateAsUpdate(new Y.Doc())), 3000, async (a, html) => void saved.push(`${a.id}: ${html}`), () => {});
    const type = typing(() => tracker);
    type(actor('ann'), 'Ann wrote this');
    type(actor('bob'), 'Bob wrote that');
    // Both pauses end in the same turn; each revision is rendered on a later one.
    await vi.advanceTimersByTimeAsync(3000);
    await tracker.settled();
    expect(saved).toHaveLength(2);
    expect(saved[0]).toMatch(/^ann: .*Ann wrote this/);
    expect(saved[0]).not.toContain('Bob wrote that');
    expect(saved[1]).toMatch(/^bob: .*Ann wrote this.*Bob wrote that/);
  });
});
