import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { type ClientSocket, CollabSync } from '@/lib/collab/client';
import type { RealtimeError } from '@/lib/realtime/events';

/** Where one co-edited document stands, as the editor shows it. */
export type CollabStatus = {
  /** The first sync has answered: the editor may be mounted (never before: docs/realtime.md). */
  loaded: boolean;
  /** In step with the server right now (false while offline or resyncing). */
  synced: boolean;
  /** The server accepts this person's changes. */
  canEdit: boolean;
  /** Local changes the server has not yet acknowledged as stored. */
  pending: number;
  /** The last refusal worth showing (forbidden, not_found…), if any. */
  error: RealtimeError | null;
};

/** One open document: the Y.Doc the editor binds to, its carets, and its sync with the server. */
export type CollabEntry = {
  name: string;
  doc: Y.Doc;
  awareness: Awareness;
  subscribe: (listener: () => void) => () => void;
  getStatus: () => CollabStatus;
};

type Internal = CollabEntry & {
  sync: CollabSync;
  refs: number;
  close: ReturnType<typeof setTimeout> | null;
  poll: ReturnType<typeof setInterval> | null;
  destroy: () => void;
};

/** How often a closed document with unacknowledged changes checks whether it may go. */
const CLOSE_RETRY_MS = 500;
/** How often the "Saving…" status is refreshed while changes wait for their acknowledgement. */
const PENDING_POLL_MS = 200;

/**
 * The co-edited documents of one page, shared over its one socket. An editor acquires a document
 * and releases it when it closes; a released document stays (and keeps sending) until the server
 * has acknowledged every local change, so closing a form never drops what was typed.
 */
export class CollabDocs {
  private readonly entries = new Map<string, Internal>();

  constructor(
    private readonly socket: ClientSocket,
    /** Who is typing, for the carets (the server stamps the real name and colour anyway). */
    private readonly user: () => { name: string; colour: string } | null,
  ) {}

  /** Opens (or shares) the document `name`; call `release(name)` once per call when done. */
  acquire(name: string): CollabEntry {
    const existing = this.entries.get(name);
    if (existing) {
      existing.refs++;
      if (existing.close) clearTimeout(existing.close);
      existing.close = null;
      return existing;
    }
    const entry = this.open(name);
    this.entries.set(name, entry);
    return entry;
  }

  release(name: string): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.refs = Math.max(0, entry.refs - 1);
    if (entry.refs === 0) this.closeWhenSent(entry);
  }

  /** Whether any document holds changes the server has not stored yet. */
  hasPending(): boolean {
    return [...this.entries.values()].some((e) => e.sync.pendingUpdates > 0);
  }

  /**
   * The page is going (client-side navigation, where no `beforeunload` asks first): lets every
   * document finish sending what the server has not acknowledged, for at most `maxMs`, then stops
   * them and calls `done`.
   */
  drainThenDestroy(done: () => void, maxMs: number): void {
    const deadline = Date.now() + maxMs;
    const check = () => {
      if (!this.hasPending() || Date.now() > deadline) {
        this.destroyAll();
        done();
        return;
      }
      setTimeout(check, CLOSE_RETRY_MS);
    };
    check();
  }

  /** Stops every document at once (the page is going). */
  destroyAll(): void {
    for (const entry of this.entries.values()) entry.destroy();
    this.entries.clear();
  }

  private closeWhenSent(entry: Internal): void {
    if (entry.refs > 0) return;
    if (entry.sync.pendingUpdates > 0) {
      entry.close = setTimeout(() => this.closeWhenSent(entry), CLOSE_RETRY_MS);
      return;
    }
    entry.destroy();
    if (this.entries.get(entry.name) === entry) this.entries.delete(entry.name);
  }

  private open(name: string): Internal {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    const me = this.user();
    if (me) awareness.setLocalStateField('user', { name: me.name, color: me.colour });

    const listeners = new Set<() => void>();
    let status: CollabStatus = { loaded: false, synced: false, canEdit: false, pending: 0, error: null };
    let error: RealtimeError | null = null;
    let loaded = false;

    const refresh = () => {
      const next: CollabStatus = { loaded, synced: sync.synced, canEdit: sync.canEdit, pending: sync.pendingUpdates, error };
      const same =
        next.loaded === status.loaded &&
        next.synced === status.synced &&
        next.canEdit === status.canEdit &&
        next.pending === status.pending &&
        next.error === status.error;
      if (same) return;
      status = next;
      for (const listener of listeners) listener();
      // Acknowledgements raise no event of their own: look again until nothing is waiting.
      if (next.pending > 0 && !entry.poll) entry.poll = setInterval(refresh, PENDING_POLL_MS);
      if (next.pending === 0 && entry.poll) {
        clearInterval(entry.poll);
        entry.poll = null;
      }
    };

    const sync = new CollabSync({
      socket: this.socket,
      name,
      doc,
      awareness,
      onSynced: (synced) => {
        if (synced) {
          loaded = true;
          error = null;
        }
        refresh();
      },
      onError: (refusal) => {
        error = refusal;
        refresh();
      },
    });
    const onUpdate = () => refresh();
    doc.on('update', onUpdate);

    const entry: Internal = {
      name,
      doc,
      awareness,
      sync,
      refs: 1,
      close: null,
      poll: null,
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      getStatus: () => status,
      destroy: () => {
        if (entry.close) clearTimeout(entry.close);
        if (entry.poll) clearInterval(entry.poll);
        doc.off('update', onUpdate);
        sync.destroy();
        awareness.destroy();
        doc.destroy();
        listeners.clear();
      },
    };
    return entry;
  }
}
