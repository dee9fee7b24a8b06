import type { Socket } from 'socket.io-client';
import { type Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { type AckResult, type ClientToServerEvents, type RealtimeError, type ServerToClientEvents, type WireUpdate, toBytes, toWire } from '@/lib/realtime/events';

// The client half of co-editing (docs/realtime.md), for the browser editor and the tests alike:
// state-vector sync on every (re)connect, local updates sent until acknowledged, remote updates
// and carets applied. It imports nothing from the server.

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type CollabSyncOptions = {
  socket: ClientSocket;
  /** e.g. `strand:<id>:keyObjective` */
  name: string;
  doc: Y.Doc;
  /** The editor's carets (tiptap's CollaborationCaret uses one); relayed as `doc.awareness`. */
  awareness?: Awareness;
  /** How long to wait for an acknowledgement before sending again (ms). */
  ackTimeoutMs?: number;
  /** Told about refusals worth showing (forbidden, not_found …). */
  onError?: (error: RealtimeError) => void;
  /** Told when the document is in step with the server (after each sync) or not. */
  onSynced?: (synced: boolean) => void;
};

const REMOTE = Symbol('collab-remote');
/** Updates sent and not yet acknowledged, at most; more wait and go merged (docs/realtime.md). */
const MAX_IN_FLIGHT = 8;

function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

/** Keeps one Y.Doc in step with the server's copy of a document. */
export class CollabSync {
  /** Whether the last sync succeeded and the connection is up. */
  synced = false;
  /** Whether the server accepts this person's updates (read-only members watch only). */
  canEdit = false;
  /** Local updates not sent yet (merged into one message when sent). */
  private unacked: Uint8Array[] = [];
  /** Updates sent and not yet acknowledged, by send number. */
  private readonly inFlight = new Map<number, Uint8Array>();
  private sent = 0;
  /** A refusal asked to wait before sending again (rate_limited, unavailable …). */
  private backingOff = false;
  private generation = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private readonly socket: ClientSocket;
  private readonly name: string;
  private readonly doc: Y.Doc;
  private readonly awareness?: Awareness;
  private readonly ackTimeoutMs: number;

  constructor(private readonly options: CollabSyncOptions) {
    this.socket = options.socket;
    this.name = options.name;
    this.doc = options.doc;
    this.awareness = options.awareness;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.doc.on('update', this.onLocalUpdate);
    this.awareness?.on('update', this.onLocalAwareness);
    this.socket.on('connect', this.onConnect);
    this.socket.on('disconnect', this.onDisconnect);
    this.socket.on('doc.update', this.onRemoteUpdate);
    this.socket.on('doc.awareness', this.onRemoteAwareness);
    this.socket.on('doc.resync', this.onResync);
    if (this.socket.connected) void this.sync();
  }

  /** Local updates the server has not acknowledged yet (they are sent again until it does). */
  get pendingUpdates(): number {
    return this.unacked.length + this.inFlight.size;
  }

  /** Stops syncing and tells the server (the document stays as it is). */
  destroy(): void {
    this.destroyed = true;
    if (this.retry) clearTimeout(this.retry);
    this.doc.off('update', this.onLocalUpdate);
    this.awareness?.off('update', this.onLocalAwareness);
    this.socket.off('connect', this.onConnect);
    this.socket.off('disconnect', this.onDisconnect);
    this.socket.off('doc.update', this.onRemoteUpdate);
    this.socket.off('doc.awareness', this.onRemoteAwareness);
    this.socket.off('doc.resync', this.onResync);
    if (this.socket.connected) this.socket.emit('doc.leave', { name: this.name }, () => {});
  }

  /**
   * Step 1: send our state vector; apply what the server has that we lack. Step 2: send what we
   * have that the server lacks (which covers every update not yet acknowledged).
   */
  async sync(): Promise<boolean> {
    const generation = ++this.generation;
    this.setSynced(false);
    let result: AckResult<{ update: ArrayBuffer | Uint8Array; stateVector: ArrayBuffer | Uint8Array; awareness: ArrayBuffer | Uint8Array | null; canEdit: boolean }>;
    try {
      result = await this.socket
        .timeout(this.ackTimeoutMs)
        .emitWithAck('doc.sync', { name: this.name, stateVector: Y.encodeStateVector(this.doc) });
    } catch {
      if (generation === this.generation) this.later(1000, () => void this.sync());
      return false;
    }
    if (generation !== this.generation || this.destroyed) return false;
    if (!result.ok) {
      this.options.onError?.(result.error);
      if (result.error.code === 'rate_limited' || result.error.code === 'unavailable' || result.error.code === 'internal') {
        this.later(result.error.retryAfterMs ?? 1000, () => void this.sync());
      }
      return false;
    }
    Y.applyUpdate(this.doc, toBytes(result.update), REMOTE);
    if (result.awareness && this.awareness) applyAwarenessUpdate(this.awareness, toBytes(result.awareness), REMOTE);
    this.canEdit = result.canEdit;
    const missing = Y.encodeStateAsUpdate(this.doc, toBytes(result.stateVector));
    // What the server lacks covers every update sent before and not acknowledged.
    this.unacked = this.canEdit && !isEmptyUpdate(missing) ? [missing] : [];
    this.inFlight.clear();
    this.backingOff = false;
    this.setSynced(true);
    if (this.awareness?.getLocalState()) {
      this.sendAwareness(encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]));
    }
    this.pump();
    return true;
  }

  private setSynced(synced: boolean): void {
    if (this.synced === synced) return;
    this.synced = synced;
    this.options.onSynced?.(synced);
  }

  private later(ms: number, fn: () => void): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.destroyed && this.socket.connected) fn();
    }, ms);
  }

  /**
   * Sends what is unsent at once, merged into one message, without waiting for earlier messages'
   * acknowledgements (each is given only once the server has stored it, which would otherwise hold
   * every keystroke typed meanwhile back by a disk write): up to MAX_IN_FLIGHT at a time, past
   * which updates gather and go merged as acknowledgements come back. A refusal worth retrying puts
   * its update back with the unsent ones and pauses sending for as long as the server asks.
   */
  private pump(): void {
    if (!this.synced || this.backingOff || !this.unacked.length || !this.socket.connected || !this.canEdit) return;
    if (this.inFlight.size >= MAX_IN_FLIGHT) return;
    const generation = this.generation;
    const update = this.unacked.length === 1 ? this.unacked[0] : Y.mergeUpdates(this.unacked);
    this.unacked = [];
    const id = ++this.sent;
    this.inFlight.set(id, update);
    this.socket
      .timeout(this.ackTimeoutMs)
      .emitWithAck('doc.update', { name: this.name, update: toWire(update) })
      .then(
        (result) => result,
        (): AckResult => ({ ok: false, error: { code: 'unavailable', message: 'No acknowledgement in time.' } }),
      )
      .then((result) => {
        // A sync since then already sent whatever the server lacks.
        if (generation !== this.generation || this.destroyed || !this.inFlight.delete(id)) return;
        if (result.ok) return this.pump();
        const { code, retryAfterMs } = result.error;
        // document_too_large: the server kept its copy without this change, and later edits built on
        // the refused text could never apply there, so the editor stops (and says why) until a fresh
        // sync: a reload starts again from the saved text.
        if (code === 'forbidden' || code === 'not_found' || code === 'bad_request' || code === 'payload_too_large' || code === 'document_too_large') {
          this.unacked = [];
          this.inFlight.clear();
          this.canEdit = code !== 'forbidden' && code !== 'document_too_large' && this.canEdit;
          this.options.onError?.(result.error);
          return;
        }
        this.unacked.unshift(update);
        if (code === 'not_synced') return void this.sync();
        this.backingOff = true;
        this.later(retryAfterMs ?? 1000, () => {
          this.backingOff = false;
          this.pump();
        });
      });
  }

  private readonly onLocalUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === REMOTE) return;
    this.unacked.push(update);
    this.pump();
  };

  private readonly onLocalAwareness = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    if (origin === REMOTE || !this.awareness || !this.synced) return;
    const mine = [...changes.added, ...changes.updated, ...changes.removed].filter((id) => id === this.awareness?.clientID);
    if (mine.length) this.sendAwareness(encodeAwarenessUpdate(this.awareness, mine));
  };

  private sendAwareness(update: Uint8Array): void {
    // Carets are best effort: a lost one is replaced by the next.
    this.socket.emit('doc.awareness', { name: this.name, update: toWire(update) }, () => {});
  }

  private readonly onConnect = (): void => void this.sync();

  private readonly onDisconnect = (): void => {
    this.generation++;
    // The next sync sends whatever the server lacks, these included.
    for (const update of this.inFlight.values()) this.unacked.push(update);
    this.inFlight.clear();
    this.backingOff = false;
    this.setSynced(false);
  };

  private readonly onRemoteUpdate = ({ name, update }: { name: string; update: WireUpdate }): void => {
    if (name === this.name) Y.applyUpdate(this.doc, toBytes(update), REMOTE);
  };

  private readonly onRemoteAwareness = ({ name, update }: { name: string; update: WireUpdate }): void => {
    if (name === this.name && this.awareness) applyAwarenessUpdate(this.awareness, toBytes(update), REMOTE);
  };

  private readonly onResync = ({ name }: { name: string }): void => {
    if (name === this.name) void this.sync();
  };
}
