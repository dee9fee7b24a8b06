import { setImmediate as nextTurn } from 'node:timers/promises';
import * as Y from 'yjs';
import type { Actor } from '@/lib/auth/actor';
import { type RenderParts, renderInThread } from './renderer';

type Entry = { update: Uint8Array; author: string | null };
const MAX_BASE_PARTS = 64;
type Pending = { actor: Actor; timer: ReturnType<typeof setTimeout>; firstAt: number; lastAt: number };

/**
 * Groups a document's edits into revisions: one per author per pause. When an author has typed
 * nothing for `pauseMs`, the field's HTML is saved as theirs: everything so far except the edits
 * of other authors who are still typing (theirs follow in their own revisions). Someone who never
 * pauses is still saved every `maxWaitMs`, so a long stretch of typing is never held back for long.
 * Edits that arrive from other processes are saved there and only carried along here.
 */
export class RevisionTracker {
  /** Everything recorded that no pending revision waits on: a state and the updates since. */
  private base: Uint8Array[];
  private log: Entry[] = [];
  private readonly pending = new Map<string, Pending>();
  /** Authors whose revisions wait for their turn to be rendered (how many each). */
  private readonly rendering = new Map<string, number>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    initial: Uint8Array,
    private readonly pauseMs: number,
    private readonly save: (actor: Actor, html: string) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly maxWaitMs: number = 60_000,
    /** Renders a revision (a worker thread on the server: CollabManager). */
    private readonly render: RenderParts = renderInThread,
  ) {
    this.base = [initial];
  }

  /** Records an update that changed the document; `actor` null for edits typed elsewhere. */
  record(update: Uint8Array, actor: Actor | null): void {
    if (!actor) {
      if (this.pending.size) this.log.push({ update, author: null });
      else {
        this.base.push(update);
        // Edits typed in other processes, with nobody here typing: folded now and then, not each time.
        if (this.base.length > MAX_BASE_PARTS) this.base = [Y.mergeUpdates(this.base)];
      }
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
    this.chain = this.chain
      .then(async () => this.save(actor, await this.renderExcept(new Set([...this.pending.keys(), ...this.rendering.keys()]))))
      .catch(this.onError);
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
    // rendering every revision in that one turn would stall the relay for everyone else. Until then
    // this author counts as one whose edits the revisions rendered before theirs leave out.
    this.rendering.set(userId, (this.rendering.get(userId) ?? 0) + 1);
    this.chain = this.chain
      .then(() => nextTurn())
      .then(() => {
        const left = (this.rendering.get(userId) ?? 1) - 1;
        if (left) this.rendering.set(userId, left);
        else this.rendering.delete(userId);
        const others = new Set([...this.pending.keys(), ...this.rendering.keys()]);
        others.delete(userId);
        return this.renderExcept(others);
      })
      .then((html) => this.save(entry.actor, html))
      .catch(this.onError);
  }

  /**
   * The HTML of the base and every logged edit not by `others`, which then join the base. The log
   * is split at once (edits recorded meanwhile queue behind it); if rendering fails, what was taken
   * goes back into the base, so the next revision still carries it.
   */
  private async renderExcept(others: Set<string>): Promise<string> {
    const included: Uint8Array[] = [];
    const kept: Entry[] = [];
    for (const e of this.log) {
      if (e.author && others.has(e.author)) kept.push(e);
      else included.push(e.update);
    }
    const parts = [...this.base, ...included];
    this.base = [];
    this.log = kept;
    try {
      const { html, state } = await this.render(parts);
      // Edits waiting on an excluded author's text stay pending inside the state and appear with theirs.
      this.base.unshift(state);
      return html;
    } catch (error) {
      this.base.unshift(...parts);
      throw error;
    }
  }
}
