import { setImmediate as nextTurn } from 'node:timers/promises';
import * as Y from 'yjs';
import type { Actor } from '@/lib/auth/actor';
import { documentHtml } from './prosemirror';

type Entry = { update: Uint8Array; author: string | null };
type Pending = { actor: Actor; timer: ReturnType<typeof setTimeout>; firstAt: number; lastAt: number };

/**
 * Groups a document's edits into revisions: one per author per pause. When an author has typed
 * nothing for `pauseMs`, the field's HTML is saved as theirs: everything so far except the edits
 * of other authors who are still typing (theirs follow in their own revisions). Someone who never
 * pauses is still saved every `maxWaitMs`, so a long stretch of typing is never held back for long.
 * Edits that arrive from other processes are saved there and only carried along here.
 */
export class RevisionTracker {
  private base: Uint8Array;
  private log: Entry[] = [];
  private readonly pending = new Map<string, Pending>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    initial: Uint8Array,
    private readonly pauseMs: number,
    private readonly save: (actor: Actor, html: string) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly maxWaitMs: number = 60_000,
  ) {
    this.base = initial;
  }

  /** Records an update that changed the document; `actor` null for edits typed elsewhere. */
  record(update: Uint8Array, actor: Actor | null): void {
    if (!actor) {
      if (this.pending.size) this.log.push({ update, author: null });
      else this.base = Y.mergeUpdates([this.base, update]);
      return;
    }
    this.log.push({ update, author: actor.id });
    const now = Date.now();
    const previous = this.pending.get(actor.id);
    if (previous) clearTimeout(previous.timer);
    const firstAt = previous?.firstAt ?? now;
    // Saved at the author's pause, or when their revision has been open for maxWaitMs, whichever is first.
    const wait = Math.max(0, Math.min(this.pauseMs, firstAt + this.maxWaitMs - now));
    const timer = setTimeout(() => this.flushAuthor(actor.id), wait);
    timer.unref?.();
    this.pending.set(actor.id, { actor, timer, firstAt, lastAt: now });
  }

  /** Saves a revision as `actor` of the whole document now (after a restart found it unsaved). */
  saveNow(actor: Actor): void {
    this.enqueue(actor, this.renderExcept(new Set(this.pending.keys())));
  }

  /** Whether some author's edits are not yet saved as a revision. */
  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Saves every pending author's revision now, oldest pause first, and waits for the saves. */
  async flush(): Promise<void> {
    const order = [...this.pending.entries()].sort((a, b) => a[1].lastAt - b[1].lastAt).map(([id]) => id);
    for (const id of order) this.flushAuthor(id);
    await this.chain;
  }

  /** Waits for the revisions being saved. */
  settled(): Promise<void> {
    return this.chain;
  }

  /** Forgets pending revisions (a crash in tests); their edits stay in the document. */
  discard(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
  }

  private flushAuthor(userId: string): void {
    const entry = this.pending.get(userId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(userId);
    // Rendered on a turn of its own: when many people pause at once their timers fire together, and
    // rendering every revision in that one turn would stall the relay for everyone else.
    this.chain = this.chain
      .then(() => nextTurn())
      .then(() => {
        const others = new Set(this.pending.keys());
        others.delete(userId);
        return this.save(entry.actor, this.renderExcept(others));
      })
      .catch(this.onError);
  }

  /** The HTML of the base and every logged edit not by `others`, which then joins the base. */
  private renderExcept(others: Set<string>): string {
    const included: Uint8Array[] = [];
    const kept: Entry[] = [];
    for (const e of this.log) {
      if (e.author && others.has(e.author)) kept.push(e);
      else included.push(e.update);
    }
    const doc = new Y.Doc();
    Y.applyUpdate(doc, this.base);
    for (const u of included) Y.applyUpdate(doc, u);
    const html = documentHtml(doc);
    // Edits waiting on an excluded author's text stay pending inside the base and appear with theirs.
    this.base = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    this.log = kept;
    return html;
  }

  private enqueue(actor: Actor, html: string): void {
    this.chain = this.chain.then(() => this.save(actor, html)).catch(this.onError);
  }
}
