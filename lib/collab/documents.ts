import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { type Actor, loadActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { LIMITS } from '@/lib/validation/plan-content';
import { type AwarenessEntry, decodeAwareness, encodeAwareness, stampUser } from './awareness';
import type { DocumentRef } from './names';
import { documentHtmlLength, htmlGrowthBounds, htmlLengthUpperBound, renderParts, seedUpdateFromHtml } from './prosemirror';
import { WorkerRenderer } from './renderer';
import { RevisionTracker } from './revisions';
import { type LiveDocument, type PendingRow, appendUpdates, applyPersisted, compactDocument, createDocumentOnce, docFromPersisted, readDocument } from './store';
import { type DocumentTarget, loadTarget, saveRevision } from './targets';

/** Timings and thresholds of co-editing (docs/realtime.md). */
export type CollabOptions = {
  /** How long an update waits for others to share its batch; the batch is written well within 100 ms. */
  batchDelayMs: number;
  /** An author's pause that closes their revision of a field. */
  pauseMs: number;
  /** How long a document nobody has open stays in memory. */
  unloadAfterMs: number;
  /** Compaction after this many appended updates or bytes. */
  compactAfterUpdates: number;
  compactAfterBytes: number;
  /** More than one process: sync also reads what the others stored. */
  clustered: boolean;
  /** The largest a document may grow (its encoded Yjs state); an update that would take it over is refused. */
  maxDocumentBytes: number;
  /** The longest a document's HTML may grow (what its field's command accepts); an update that would take it over is refused. */
  maxHtmlChars: number;
};

/**
 * The largest a co-edited document may grow, as its encoded Yjs state (docs/realtime.md): twenty
 * times the 50,000 characters of HTML a rich-text field may hold (LIMITS.richText), room for
 * formatting, carets' history and the tombstones Yjs keeps of deleted text. The HTML itself is
 * capped at LIMITS.richText too (`maxHtmlChars`), so that every revision can be saved to the field;
 * this cap bounds what the deleted text's history costs in memory and storage.
 */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;

export const DEFAULT_COLLAB_OPTIONS: CollabOptions = {
  // Each commit costs about 1.5 ms on PGlite plus about 0.1 ms a row: at 1,000 updates a second,
  // 20 ms batches spend a tenth of a core on writing where 10 ms batches spend a fifth.
  batchDelayMs: 20,
  pauseMs: 3000,
  unloadAfterMs: 30_000,
  compactAfterUpdates: 200,
  compactAfterBytes: 256 * 1024,
  clustered: false,
  maxDocumentBytes: MAX_DOCUMENT_BYTES,
  maxHtmlChars: LIMITS.richText,
};

/**
 * How much an update can grow a document's encoded state (Y.encodeStateAsUpdate), at most, from the
 * update alone. Its structs are encoded in the state as they are in the update, so its own length
 * covers them; on top, per struct 32 bytes for the item it may split by landing inside it (the
 * right half becomes a struct of its own: info, two ids and a length), per deleted range 80 (a split
 * at each end, and the range in the state's delete set), and 16 for a client new to the document.
 * Used to skip measuring the document until it nears the cap: measuring encodes the whole state
 * (27 ms for 170 KB typed by 200 people), and the earlier bound of eight times the update's length
 * made a busy document measure itself every second or two.
 */
export function stateGrowthBound(update: Uint8Array): number {
  let structs = 0;
  let ranges = 0;
  try {
    const decoded = Y.decodeUpdate(update);
    structs = decoded.structs.length;
    for (const deletes of decoded.ds.clients.values()) ranges += deletes.length;
  } catch {
    // Not a Yjs update: refused before it is applied; counted as large as it could be.
    return 8 * update.byteLength + 64;
  }
  return update.byteLength + 16 + 32 * structs + 80 * ranges;
}

/**
 * What the log says when a revision could not be saved. One the field refuses (validation_failed:
 * most likely HTML longer than it holds, in a document over the limit from before fitsHtml) is
 * said plainly, as every later one fails the same way: the field, its history and exports stay
 * behind the text until it fits. Those typing are refused more text (fitsHtml), so they learn it too.
 */
function revisionFailure(name: string, error: unknown): string {
  if (error instanceof AppError && error.code === 'validation_failed') {
    const why = JSON.stringify(error.details ?? error.message);
    return `a revision of ${name} was NOT saved, nor will later ones be until the text fits its field, which refused it (${why}): the live document keeps the text, but the field, its history and exports lag behind it`;
  }
  return `could not save a revision of ${name}`;
}

const REMOTE = Symbol('remote');
/** The origin of a transaction applying people's updates queued in one turn (applyQueued). */
const CLIENT_BATCH = Symbol('client-batch');
const BATCH_ROWS = 500;
const RECENT_REMOTE_MS = 5000;
const COMPACT_WHEN_QUIET_MS = 1000;

/** At most this many awareness client ids per socket per document (an editor uses one). */
export const MAX_CARETS_PER_SOCKET = 2;
/** At most this many bytes in one stamped awareness state. */
export const MAX_CARET_STATE_BYTES = 1024;
/** At most this many carets in one document (every process's together). */
export const MAX_CARETS_PER_DOC = 200;

export type AwarenessRefusalCode = 'bad_request' | 'payload_too_large' | 'rate_limited' | 'forbidden';
export type AwarenessResult = { ok: true; update: Uint8Array | null } | { ok: false; code: AwarenessRefusalCode; message: string };
function refuse(code: AwarenessRefusalCode, message: string): AwarenessResult {
  return { ok: false, code, message };
}

/** The user id the server stamped into a caret's state (another process's), if any. */
function stampedUserId(state: string): string | null {
  try {
    const parsed: unknown = JSON.parse(state);
    if (typeof parsed !== 'object' || parsed === null || !('user' in parsed)) return null;
    const u: unknown = parsed.user;
    return typeof u === 'object' && u !== null && 'id' in u && typeof u.id === 'string' ? u.id : null;
  } catch {
    return null;
  }
}

type Caret = { clock: number; state: string; socketId: string | null; userId: string | null };

/** One open co-edited document: its Y.Doc, who has it open, their carets and pending revisions. */
export class CollabDocument {
  readonly subscribers = new Map<string, string>();
  readonly carets = new Map<number, Caret>();
  uncompacted = { count: 0, bytes: 0 };
  /** About how large the stored snapshot is (compaction waits until the appended rows are half that). */
  snapshotBytes = 0;
  /** When someone last typed here (compaction waits for a quiet second unless it is overdue). */
  lastUpdateAt = 0;
  compactTimer: ReturnType<typeof setTimeout> | null = null;
  /** Commands closing this field are running (withDocumentSettled): changes wait until they finish. */
  holds = 0;
  /** The encoded state's size when last measured, and how much it may have grown since (an upper bound). */
  size = { measured: 0, growth: 0 };
  /**
   * The HTML's length when last measured, and how much it may have grown since (an upper bound,
   * counted from every change applied: htmlGrowthBounds). `measured` is the rendered length when
   * `exact`, otherwise an upper bound from the document's structure. Not measured until the first
   * edit needs it.
   */
  htmlLength = { measured: 0, growth: Number.POSITIVE_INFINITY, exact: false };
  compacting: Promise<void> | null = null;
  unloadTimer: ReturnType<typeof setTimeout> | null = null;
  /** People's updates accepted this turn, applied together at its end (CollabManager.applyQueued). */
  incoming: Incoming[] = [];
  /** While a batch is applied: what was waiting for a missing update before it (null: nothing). */
  pendingBefore: PendingState | null = null;

  constructor(
    readonly name: string,
    readonly doc: Y.Doc,
    public target: DocumentTarget,
    readonly revisions: RevisionTracker,
  ) {}

  /**
   * Records a socket's awareness update with the server's name and colour stamped in; returns the
   * update to relay (null when there is nothing to relay) or why it was refused. All or nothing: a
   * refused update changes no caret. A socket may hold at most MAX_CARETS_PER_SOCKET client ids,
   * each state at most MAX_CARET_STATE_BYTES once stamped, and a document at most MAX_CARETS_PER_DOC.
   */
  acceptAwareness(socketId: string, user: { id: string; name: string; color: string }, update: Uint8Array): AwarenessResult {
    const entries = decodeAwareness(update);
    if (!entries) return refuse('bad_request', 'Malformed doc.awareness: not an awareness update of JSON states.');
    this.dropOrphanCarets();
    const out: AwarenessEntry[] = [];
    const mine = new Set([...this.carets].filter(([, c]) => c.socketId === socketId).map(([id]) => id));
    let added = 0;
    for (const e of entries) {
      const existing = this.carets.get(e.clientId);
      // A client id held by another socket still here is theirs (the same person's may take it over).
      if (existing && existing.socketId !== socketId && existing.userId !== user.id) {
        return refuse('forbidden', 'That awareness client id belongs to someone else.');
      }
      const state = stampUser(e.state, user);
      if (state === null) return refuse('bad_request', 'Malformed doc.awareness: not an awareness update of JSON states.');
      if (Buffer.byteLength(state) > MAX_CARET_STATE_BYTES) {
        return refuse('payload_too_large', `An awareness state can carry at most ${MAX_CARET_STATE_BYTES} bytes.`);
      }
      if (state === 'null') mine.delete(e.clientId);
      else {
        if (!existing) added++;
        mine.add(e.clientId);
      }
      out.push({ ...e, state });
    }
    if (mine.size > MAX_CARETS_PER_SOCKET) {
      return refuse('bad_request', `A connection can show at most ${MAX_CARETS_PER_SOCKET} carets in a document.`);
    }
    if (added && this.carets.size + added > MAX_CARETS_PER_DOC) {
      return refuse('rate_limited', 'This document shows as many carets as it can.');
    }
    for (const e of out) {
      if (e.state === 'null') this.carets.delete(e.clientId);
      else this.carets.set(e.clientId, { clock: e.clock, state: e.state, socketId, userId: user.id });
    }
    return { ok: true, update: out.length ? encodeAwareness(out) : null };
  }

  /** Forgets carets of sockets that no longer have this document open. */
  dropOrphanCarets(): void {
    for (const [clientId, caret] of this.carets) {
      if (caret.socketId !== null && !this.subscribers.has(caret.socketId)) this.carets.delete(clientId);
    }
  }

  /** Records carets relayed by another process (within the same limits). */
  acceptRemoteAwareness(update: Uint8Array): void {
    for (const e of decodeAwareness(update) ?? []) {
      if (e.state === 'null') this.carets.delete(e.clientId);
      else if (Buffer.byteLength(e.state) > MAX_CARET_STATE_BYTES) continue;
      else if (this.carets.has(e.clientId) || this.carets.size < MAX_CARETS_PER_DOC) {
        this.carets.set(e.clientId, { clock: e.clock, state: e.state, socketId: null, userId: stampedUserId(e.state) });
      }
    }
  }

  /** Removes a socket's carets; returns the update that tells the others, or null if it had none. */
  removeCarets(socketId: string): Uint8Array | null {
    const gone: AwarenessEntry[] = [];
    for (const [clientId, caret] of this.carets) {
      if (caret.socketId !== socketId) continue;
      this.carets.delete(clientId);
      gone.push({ clientId, clock: caret.clock + 1, state: 'null' });
    }
    return gone.length ? encodeAwareness(gone) : null;
  }

  /** Every known caret, as one awareness update (null when there are none). */
  caretsUpdate(): Uint8Array | null {
    this.dropOrphanCarets();
    if (!this.carets.size) return null;
    return encodeAwareness([...this.carets].map(([clientId, c]) => ({ clientId, clock: c.clock, state: c.state })));
  }
}

/** Whether a Yjs update carries nothing (no structs, no deletions). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

/** Whether a Yjs update carries nothing; null when it is not a Yjs update at all (one decode for both). */
export function emptyUpdate(update: Uint8Array): boolean | null {
  try {
    return isEmptyUpdate(update);
  } catch {
    return null;
  }
}

type QueueItem = { cd: CollabDocument; row: PendingRow; resolve: () => void; reject: (error: unknown) => void };
type Incoming = {
  update: Uint8Array;
  actor: Actor;
  /** Called once it is applied (to relay it), before it is stored. */
  onApplied: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
};

type PendingState = { structs: Y.Doc['store']['pendingStructs']; update: Uint8Array | null; ds: Uint8Array | null };

/** What a document holds back waiting for a missing update; null when nothing. */
function pendingState(store: Y.Doc['store']): PendingState | null {
  if (!store.pendingStructs && !store.pendingDs) return null;
  return { structs: store.pendingStructs, update: store.pendingStructs?.update ?? null, ds: store.pendingDs };
}

/**
 * Whether what was held back changed (some of it completed, or more joined it). Yjs re-encodes its
 * held-back deletions on every update it applies, so those are compared by content.
 */
function pendingMoved(before: PendingState, store: Y.Doc['store']): boolean {
  if (store.pendingStructs !== before.structs || (store.pendingStructs?.update ?? null) !== before.update) return true;
  const ds = store.pendingDs;
  if (!ds || !before.ds) return ds !== before.ds;
  return !Buffer.from(ds.buffer, ds.byteOffset, ds.byteLength).equals(Buffer.from(before.ds.buffer, before.ds.byteOffset, before.ds.byteLength));
}

/** A person's update that could not be applied to the document (it is not a Yjs update after all). */
export class MalformedUpdateError extends Error {
  constructor() {
    super('the update could not be applied');
  }
}

/** The clients whose structs an update carries, and whether it deletes anything. */
function updateClients(update: Uint8Array): { clients: Set<number>; deletes: boolean } {
  const { structs, ds } = Y.decodeUpdate(update);
  const clients = new Set<number>();
  for (const struct of structs) clients.add(struct.id.client);
  return { clients, deletes: ds.clients.size > 0 };
}

/** How many deletions a transaction has recorded so far (one entry per newly deleted run). */
function deletionsIn(transaction: Y.Transaction): number {
  let n = 0;
  for (const items of transaction.deleteSet.clients.values()) n += items.length;
  return n;
}

/**
 * The co-edited documents of this process: loads (seeding once), applies and relays updates,
 * appends them to the database in batches, compacts, and saves revisions of the HTML.
 */
export class CollabManager {
  private readonly docs = new Map<string, Promise<CollabDocument>>();
  private readonly loaded = new Map<string, CollabDocument>();
  private readonly recentRemote = new Map<string, { at: number; update: Uint8Array }[]>();
  private queue: QueueItem[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Documents with people's updates queued this turn, and the end of turn that applies them. */
  private readonly withIncoming = new Set<CollabDocument>();
  /** Documents with rows stored by a copy dropped after a failed write, how many (compaction then reads the rows). */
  private readonly strayRows = new Map<string, number>();
  /** Renders the documents' revisions off the event loop. */
  private readonly renderer: WorkerRenderer;
  private applyImmediate: ReturnType<typeof setImmediate> | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private sweepingRemote = false;
  private closing = false;
  /** Called when a document was dropped from memory after a failed write: its subscribers must sync again. */
  onEvicted: (name: string) => void = () => {};

  constructor(
    private readonly getDb: () => Db,
    private readonly options: CollabOptions,
    private readonly log: (message: string, error?: unknown) => void,
  ) {
    this.renderer = new WorkerRenderer(log);
  }

  /** The largest a document may grow (its encoded state, in bytes). */
  get maxDocumentBytes(): number {
    return this.options.maxDocumentBytes;
  }

  /** The longest a document's HTML may grow (characters). */
  get maxHtmlChars(): number {
    return this.options.maxHtmlChars;
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** A loaded document, if this process has it in memory. */
  get(name: string): CollabDocument | undefined {
    return this.loaded.get(name);
  }

  /** The documents in memory. */
  openDocuments(): CollabDocument[] {
    return [...this.loaded.values()];
  }

  /** Loads a document fully (creating and seeding it once if it has never existed). */
  open(ref: DocumentRef, target: DocumentTarget): Promise<CollabDocument> {
    const existing = this.docs.get(ref.name);
    if (existing) return existing;
    const loading = this.load(ref, target);
    this.docs.set(ref.name, loading);
    loading.catch(() => {
      if (this.docs.get(ref.name) === loading) this.docs.delete(ref.name);
    });
    return loading;
  }

  private async load(ref: DocumentRef, target: DocumentTarget): Promise<CollabDocument> {
    const db = this.getDb();
    await createDocumentOnce(db, ref.name, target.planId, async (tx) => {
      const current = await loadTarget(tx, ref);
      return seedUpdateFromHtml(current?.html ?? target.html);
    });
    const stored = await readDocument(db, ref.name);
    if (!stored) throw new Error(`collab: ${ref.name} vanished while loading`);
    const doc = docFromPersisted(stored);
    for (const r of this.recentRemote.get(ref.name) ?? []) Y.applyUpdate(doc, r.update, REMOTE);
    const state = Y.encodeStateAsUpdate(doc);
    const revisions = new RevisionTracker(
      state,
      this.options.pauseMs,
      (actor, html) => saveRevision(this.getDb(), actor, ref, html),
      (error) => this.log(revisionFailure(ref.name, error), error),
      undefined,
      this.renderer.render,
    );
    const cd = new CollabDocument(ref.name, doc, target, revisions);
    cd.uncompacted = { count: stored.updates.length, bytes: stored.updates.reduce((n, u) => n + u.update.byteLength, 0) };
    cd.snapshotBytes = stored.snapshot?.byteLength ?? 0;
    cd.size = { measured: state.byteLength, growth: 0 };
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      // People's updates are counted and recorded one by one as they are queued and applied,
      // unless the batch completed something that was waiting for it (applyQueued).
      if (origin === CLIENT_BATCH && !(cd.pendingBefore && pendingMoved(cd.pendingBefore, doc.store))) return;
      // Whatever else applied it (another process, a resync, compaction): only what was integrated,
      // so an update waiting on a missing one is counted once that one arrives.
      cd.htmlLength.growth += htmlGrowthBounds(update).atMost;
      cd.revisions.record(update, null);
    });
    this.loaded.set(ref.name, cd);
    this.scheduleRecovery(cd, stored.updates.at(-1));
    return cd;
  }

  /**
   * After a crash the field's SQL copy may lag its document: save the document as a revision of
   * whoever sent the last stored update (in a cluster, once the process that took it had its chance).
   */
  private scheduleRecovery(cd: CollabDocument, last: { userId: string | null; createdAt: Date } | undefined): void {
    const userId = last?.userId;
    if (!userId) return;
    const wait = this.options.clustered ? Math.max(0, last.createdAt.getTime() + 2 * this.options.pauseMs - Date.now()) : 0;
    this.later(wait, async () => {
      if (this.closing || cd.revisions.hasPending || this.loaded.get(cd.name) !== cd) return;
      const db = this.getDb();
      const current = await loadTarget(db, cd.target.ref);
      // Rendered on a copy: rendering drops what the schema has no place for from the document it reads.
      if (!current || renderParts([Y.encodeStateAsUpdate(cd.doc)]).html === current.html) return;
      const [user] = await db.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, userId));
      const actor = user ? await loadActor(db, userId, user.sessionVersion) : null;
      if (actor) cd.revisions.saveNow(actor);
    });
  }

  /** In a cluster, brings a loaded document up to what every process has stored. */
  async catchUp(cd: CollabDocument): Promise<void> {
    if (!this.options.clustered) return;
    const stored = await readDocument(this.getDb(), cd.name);
    if (!stored) return;
    this.applyQueued(cd);
    applyPersisted(cd.doc, stored, REMOTE);
    cd.size = { measured: Y.encodeStateAsUpdate(cd.doc).byteLength, growth: 0 };
  }

  /**
   * Whether a person's update keeps the document within `maxDocumentBytes`. The document is only
   * measured (encoded) when the bound of its growth since the last measure nears the cap, and the
   * update only tried on a copy when even the measured size leaves too little room.
   */
  fits(cd: CollabDocument, update: Uint8Array): boolean {
    const cap = this.options.maxDocumentBytes;
    if (cd.size.measured + cd.size.growth + stateGrowthBound(update) <= cap) return true;
    this.applyQueued(cd);
    cd.size = { measured: Y.encodeStateAsUpdate(cd.doc).byteLength, growth: 0 };
    if (cd.size.measured + stateGrowthBound(update) <= cap) return true;
    const trial = new Y.Doc();
    try {
      Y.applyUpdate(trial, Y.encodeStateAsUpdate(cd.doc));
      Y.applyUpdate(trial, update);
      return Y.encodeStateAsUpdate(trial).byteLength <= cap;
    } catch {
      // Not applicable at all: applyClientUpdate refuses it as malformed.
      return true;
    } finally {
      trial.destroy();
    }
  }

  /**
   * Whether a person's update keeps the document's HTML within `maxHtmlChars`, the most its field's
   * command saves (so that no revision is refused). Rendering is costly: documentHtml took 90-230 ms
   * for 50,000 characters of plain paragraphs and 0.5-1.9 s for 64,000 with bold, italics and a link
   * in every line (2 cores shared with a benchmark, load average 6 to 11), where the bound takes
   * microseconds. So it follows `fits`: the HTML is measured only when the bound of its growth since
   * the last measure nears the limit, first from the document's structure (htmlLengthUpperBound, a
   * walk over its runs), and rendered only when even that leaves too little room; the update is
   * tried on a copy only when the rendered length leaves too little room and the update is not
   * plain typing (which could only lengthen it). A document already over the limit (seeded earlier, or grown by a change the bound
   * undercounts) takes changes that do not lengthen it, so people can get back under.
   */
  fitsHtml(cd: CollabDocument, update: Uint8Array): boolean {
    const limit = this.options.maxHtmlChars;
    let bounds: { atMost: number; atLeast: number };
    try {
      bounds = htmlGrowthBounds(update);
    } catch {
      // Not a Yjs update: applyClientUpdate refuses it as malformed.
      return true;
    }
    const html = cd.htmlLength;
    if (html.measured + html.growth + bounds.atMost <= limit) return true;
    // Measured below from the document itself, which must hold what was accepted before.
    this.applyQueued(cd);
    // First the bound from the document's structure (a walk over its runs): in a busy document of
    // ordinary length this is all that runs, a few times a second, instead of a render each time.
    if (html.growth > 0) {
      cd.htmlLength = { measured: htmlLengthUpperBound(cd.doc), growth: 0, exact: false };
      if (cd.htmlLength.measured + bounds.atMost <= limit) return true;
    }
    // Near the limit: render it. Nothing applied since the last render (e.g. the refused change
    // before this one): that measure holds.
    if (!cd.htmlLength.exact) cd.htmlLength = { measured: documentHtmlLength([Y.encodeStateAsUpdate(cd.doc)]), growth: 0, exact: true };
    const { measured } = cd.htmlLength;
    if (measured + bounds.atMost <= limit) return true;
    // Typing into a full text: no copy needed to know it would go over.
    if (bounds.atLeast > 0 && measured + bounds.atLeast > limit) return false;
    try {
      const after = documentHtmlLength([Y.encodeStateAsUpdate(cd.doc), update]);
      return after <= Math.max(limit, measured);
    } catch {
      return true;
    }
  }

  /**
   * Applies a person's update (already checked: a valid, non-empty update they may send) at the end
   * of this turn, calls `onApplied` (to relay it), and resolves once it is stored; rejects with
   * MalformedUpdateError if it cannot be applied. The updates that arrive in one turn of the event
   * loop are applied in one Yjs transaction: each transaction reads the state of every client that
   * ever edited the document twice, which with 200 people typing cost more than applying the
   * updates (docs/performance.md). Anything that reads the document first applies what is queued
   * (applyQueued), so no reader ever sees a state older than what was accepted.
   */
  applyClientUpdate(cd: CollabDocument, update: Uint8Array, actor: Actor, onApplied: () => void): Promise<void> {
    let htmlGrowth: number;
    try {
      htmlGrowth = htmlGrowthBounds(update).atMost;
    } catch {
      return Promise.reject(new MalformedUpdateError());
    }
    cd.size.growth += stateGrowthBound(update);
    cd.htmlLength.growth += htmlGrowth;
    cd.lastUpdateAt = Date.now();
    return new Promise((resolve, reject) => {
      cd.incoming.push({ update, actor, onApplied, resolve, reject });
      this.withIncoming.add(cd);
      this.applyImmediate ??= setImmediate(() => {
        this.applyImmediate = null;
        this.applyAllQueued();
      });
    });
  }

  /** Applies every document's queued updates now. */
  applyAllQueued(): void {
    for (const cd of [...this.withIncoming]) {
      try {
        this.applyQueued(cd);
      } catch (error) {
        this.log(`could not apply the updates queued for ${cd.name}`, error);
      }
    }
  }

  /**
   * Applies a document's queued updates now (see applyClientUpdate), in the order they came, each
   * attributed to its author for the revisions, then relays and stores them.
   */
  applyQueued(cd: CollabDocument): void {
    this.withIncoming.delete(cd);
    const batch = cd.incoming;
    if (!batch.length) return;
    cd.incoming = [];
    const applied: { item: Incoming; changed: boolean }[] = [];
    // Structs or deletions waiting for an update this process has not seen (relayed from another
    // process out of order, or following a change that was refused): if the batch completes them,
    // what it integrates is more than its own updates, so the revisions record that too (text of
    // others in that rare batch may then count in the first author's revision; nothing is lost).
    cd.pendingBefore = pendingState(cd.doc.store);
    try {
      cd.doc.transact((transaction) => {
        for (const item of batch) {
          try {
            // Whether it brought anything new (a resent update may not): only then is it its author's revision.
            const { clients, deletes } = updateClients(item.update);
            const states = [...clients].map((c) => Y.getState(cd.doc.store, c));
            const deletions = deletes ? deletionsIn(transaction) : 0;
            Y.applyUpdate(cd.doc, item.update);
            const changed = [...clients].some((c, i) => Y.getState(cd.doc.store, c) !== states[i]) || (deletes && deletionsIn(transaction) !== deletions);
            applied.push({ item, changed });
          } catch {
            item.reject(new MalformedUpdateError());
          }
        }
      }, CLIENT_BATCH);
    } finally {
      cd.pendingBefore = null;
      // Even if a listener threw after they were applied: they are in the document, so they are stored.
      for (const { item, changed } of applied) {
        // Stored whatever happens to its revision or its relay: it is in the document now.
        this.enqueue(cd, { documentName: cd.name, update: item.update, userId: item.actor.id }).then(item.resolve, item.reject);
        try {
          cd.revisions.record(item.update, changed ? item.actor : null);
        } catch (error) {
          this.log(`could not record an update of ${cd.name} for its revisions`, error);
        }
        try {
          item.onApplied();
        } catch (error) {
          this.log(`could not relay an update of ${cd.name}`, error);
        }
      }
    }
  }

  /** Applies an update another process received (it stores it). */
  applyRemoteUpdate(name: string, update: Uint8Array): void {
    const now = Date.now();
    const recent = (this.recentRemote.get(name) ?? []).filter((r) => now - r.at < RECENT_REMOTE_MS).slice(-200);
    recent.push({ at: now, update });
    this.recentRemote.set(name, recent);
    if (!this.sweepingRemote) {
      this.sweepingRemote = true;
      this.later(RECENT_REMOTE_MS, () => this.pruneRecent());
    }
    const cd = this.loaded.get(name);
    if (!cd) return;
    try {
      Y.applyUpdate(cd.doc, update, REMOTE);
      cd.size.growth += stateGrowthBound(update);
    } catch (error) {
      this.log(`a relayed update of ${name} did not apply`, error);
    }
  }

  /** Forgets relayed updates older than a load could have missed. */
  private pruneRecent(): void {
    this.sweepingRemote = false;
    const now = Date.now();
    for (const [name, list] of this.recentRemote) {
      const recent = list.filter((r) => now - r.at < RECENT_REMOTE_MS);
      if (recent.length) this.recentRemote.set(name, recent);
      else this.recentRemote.delete(name);
    }
    if (this.recentRemote.size && !this.closing) {
      this.sweepingRemote = true;
      this.later(RECENT_REMOTE_MS, () => this.pruneRecent());
    }
  }

  subscribe(cd: CollabDocument, socketId: string, userId: string): void {
    cd.subscribers.set(socketId, userId);
    if (cd.unloadTimer) clearTimeout(cd.unloadTimer);
    cd.unloadTimer = null;
  }

  /** A socket closed the document; when nobody has it open for a while it is saved, compacted and unloaded. */
  unsubscribe(cd: CollabDocument, socketId: string): void {
    if (!cd.subscribers.delete(socketId) || cd.subscribers.size || this.closing) return;
    if (cd.unloadTimer) clearTimeout(cd.unloadTimer);
    cd.unloadTimer = setTimeout(() => void this.unload(cd), this.options.unloadAfterMs);
    cd.unloadTimer.unref?.();
  }

  private async unload(cd: CollabDocument): Promise<void> {
    cd.unloadTimer = null;
    try {
      this.applyQueued(cd);
      await this.flushQueue();
      await cd.revisions.flush();
      if (cd.subscribers.size || this.closing || this.loaded.get(cd.name) !== cd) return;
      this.loaded.delete(cd.name);
      this.docs.delete(cd.name);
      await compactDocument(this.getDb(), cd.name);
      cd.doc.destroy();
    } catch (error) {
      this.log(`could not unload ${cd.name}`, error);
    }
  }

  private enqueue(cd: CollabDocument, row: PendingRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ cd, row, resolve, reject });
      if (!this.timer) {
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.flushQueue();
        }, this.options.batchDelayMs);
      }
    });
  }

  /** Writes every queued update (one statement per batch) and settles their promises. */
  flushQueue(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      while (this.queue.length) {
        const batch = this.queue.splice(0, BATCH_ROWS);
        try {
          await appendUpdates(this.getDb(), batch.map((b) => b.row));
        } catch (error) {
          this.log('could not store a batch of updates', error);
          for (const b of batch) b.reject(error);
          for (const cd of new Set(batch.map((b) => b.cd))) this.evict(cd);
          continue;
        }
        for (const b of batch) {
          b.cd.uncompacted.count++;
          b.cd.uncompacted.bytes += b.row.update.byteLength;
          // Stored by a copy dropped after a failed write: the copy now loaded may not hold it.
          if (this.loaded.get(b.cd.name) !== b.cd) this.strayRows.set(b.cd.name, (this.strayRows.get(b.cd.name) ?? 0) + 1);
          b.resolve();
        }
        for (const cd of new Set(batch.map((b) => b.cd))) this.maybeCompact(cd);
      }
    });
    return this.flushing;
  }

  /** Drops a document whose memory got ahead of the database: it is loaded again from what is stored. */
  private evict(cd: CollabDocument): void {
    if (this.loaded.get(cd.name) !== cd) return;
    this.loaded.delete(cd.name);
    this.docs.delete(cd.name);
    cd.revisions.discard();
    this.onEvicted(cd.name);
  }

  private maybeCompact(cd: CollabDocument): void {
    // An evicted document's copy may lack what its reloaded successor has: only the loaded one compacts.
    if (cd.compacting || this.closing || this.loaded.get(cd.name) !== cd) return;
    const { count, bytes } = cd.uncompacted;
    if (count < this.options.compactAfterUpdates && bytes < this.options.compactAfterBytes) return;
    // Each compaction writes the whole snapshot: waiting until half its size was appended keeps the
    // work proportional to what is typed (a long, busy document is not rewritten every 200 keystrokes).
    if (bytes < cd.snapshotBytes / 2) return;
    // Compacting holds the database and the event loop for tens of milliseconds on a long document:
    // while people are typing it waits for a quiet second, unless the rows have grown past twice
    // the snapshot (so loading never reads much more than the text itself).
    const overdue = bytes >= 2 * Math.max(cd.snapshotBytes, this.options.compactAfterBytes);
    if (!overdue && Date.now() - cd.lastUpdateAt < COMPACT_WHEN_QUIET_MS) {
      cd.compactTimer ??= setTimeout(() => {
        cd.compactTimer = null;
        this.maybeCompact(cd);
      }, COMPACT_WHEN_QUIET_MS);
      cd.compactTimer.unref?.();
      return;
    }
    cd.uncompacted = { count: 0, bytes: 0 };
    cd.snapshotBytes += bytes;
    // Alone, this process wrote every snapshot and row its document was loaded from or took since,
    // so the document in memory is the new snapshot; in a cluster another process may have folded
    // rows this one never saw into the snapshot, so it is rebuilt from what is stored.
    const strays = this.strayRows.get(cd.name) ?? 0;
    const live: LiveDocument | undefined = this.options.clustered
      ? undefined
      : { doc: cd.doc, origin: REMOTE, current: () => this.loaded.get(cd.name) === cd, holdsEveryRow: strays === 0 };
    cd.compacting = compactDocument(this.getDb(), cd.name, live)
      .then(() => {
        // Those rows are in the document now (applied, and folded), unless more came meanwhile.
        if (strays && this.strayRows.get(cd.name) === strays && this.loaded.get(cd.name) === cd) this.strayRows.delete(cd.name);
      })
      .catch((error) => this.log(`could not compact ${cd.name}`, error))
      .finally(() => {
        cd.compacting = null;
      });
  }

  /**
   * Saves a loaded document's queued updates and pending revisions, and holds its changes (callers
   * refuse them while `holds` is set) until the returned function is called. Nothing to do when the
   * document is not loaded here.
   */
  async hold(name: string): Promise<() => void> {
    const cd = this.loaded.get(name);
    if (!cd) return () => {};
    cd.holds++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      cd.holds--;
    };
    // The command closing this field waits for these revisions: none waits for a worker to start.
    const hurried = this.renderer.hurry();
    try {
      this.applyQueued(cd);
      await this.flushQueue();
      await cd.revisions.flush();
    } catch (error) {
      release();
      throw error;
    } finally {
      hurried();
    }
    return release;
  }

  /** Refreshes what loaded documents of a plan belong to (a lead or the plan's status changed). */
  async refreshTargets(planId: string): Promise<void> {
    const db = this.getDb();
    for (const cd of this.loaded.values()) {
      if (cd.target.planId !== planId) continue;
      const target = await loadTarget(db, cd.target.ref);
      // A deleted strand's text can still be read by those who have it open, but not changed.
      cd.target = target ?? { ...cd.target, canWrite: () => false };
    }
  }

  /** Waits until every queued update is stored and every revision due is saved. */
  async settle(): Promise<void> {
    this.applyAllQueued();
    await this.flushQueue();
    await Promise.all([...this.loaded.values()].map((cd) => cd.revisions.settled()));
  }

  /**
   * Stops: with `flush` (SIGTERM) every queued update is stored and every pending revision saved
   * first; without it (tests simulating a crash) they are dropped.
   */
  async close({ flush = true }: { flush?: boolean } = {}): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.applyImmediate) clearImmediate(this.applyImmediate);
    this.applyImmediate = null;
    if (flush) {
      // Stopping: no revision waits for a worker to start.
      this.renderer.hurry();
      this.applyAllQueued();
      await this.flushQueue();
      for (const cd of this.loaded.values()) await cd.revisions.flush();
      await Promise.all([...this.loaded.values()].map((cd) => cd.compacting));
    } else {
      for (const cd of this.withIncoming) cd.incoming = [];
      this.withIncoming.clear();
      this.queue = [];
      for (const cd of this.loaded.values()) cd.revisions.discard();
    }
    for (const cd of this.loaded.values()) {
      if (cd.unloadTimer) clearTimeout(cd.unloadTimer);
      if (cd.compactTimer) clearTimeout(cd.compactTimer);
      cd.doc.destroy();
    }
    this.loaded.clear();
    this.docs.clear();
    await this.renderer.close();
  }

  private later(ms: number, fn: () => void | Promise<void>): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      Promise.resolve(fn()).catch((error) => this.log('collab timer failed', error));
    }, ms);
    t.unref?.();
    this.timers.add(t);
  }
}
