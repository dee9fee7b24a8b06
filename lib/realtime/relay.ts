import * as Y from 'yjs';

type Window = { updates: Uint8Array[]; senders: Set<string>; timer: ReturnType<typeof setTimeout> };

/**
 * Relays a document's Yjs updates to the others who have it open, coalesced: an update that follows
 * a quiet spell goes out at once; those arriving within `windowMs` after it are merged into one
 * message at the end of the window. With many people typing, every socket then gets one message
 * per window instead of one per keystroke, which is what keeps the fan-out within a 2-core budget.
 * A merged message also reaches the senders of its updates (Yjs ignores what a document has).
 */
export class UpdateRelay {
  private readonly windows = new Map<string, Window>();

  constructor(
    /** The window for a document, given how many have it open. */
    private readonly windowMs: (name: string) => number,
    /** Sends `update` to everyone who has `name` open except the socket `except` (if any). */
    private readonly send: (name: string, update: Uint8Array, except: string | null) => void,
  ) {}

  /** Relays an update `senderId` sent (already applied and checked). */
  push(name: string, update: Uint8Array, senderId: string): void {
    const open = this.windows.get(name);
    if (open) {
      open.updates.push(update);
      open.senders.add(senderId);
      return;
    }
    this.send(name, update, senderId);
    const windowMs = this.windowMs(name);
    if (windowMs <= 0) return;
    const timer = setTimeout(() => this.close(name), windowMs);
    this.windows.set(name, { updates: [], senders: new Set(), timer });
  }

  /** Sends what every open window holds now (stopping). */
  flush(): void {
    for (const name of [...this.windows.keys()]) {
      const w = this.windows.get(name);
      if (w) clearTimeout(w.timer);
      this.close(name, false);
    }
  }

  private close(name: string, reopen = true): void {
    const w = this.windows.get(name);
    if (!w) return;
    this.windows.delete(name);
    if (!w.updates.length) return;
    const update = w.updates.length === 1 ? w.updates[0] : Y.mergeUpdates(w.updates);
    this.send(name, update, w.senders.size === 1 ? [...w.senders][0] : null);
    // Still busy: the next updates wait for the end of a new window.
    if (reopen) this.windows.set(name, { updates: [], senders: new Set(), timer: setTimeout(() => this.close(name), this.windowMs(name)) });
  }
}
