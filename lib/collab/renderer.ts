import { Worker } from 'node:worker_threads';
import { renderParts } from './prosemirror';

/** Renders the document made of `parts` (RevisionTracker): its field's HTML, and its state as one update. */
export type RenderParts = (parts: Uint8Array[]) => Promise<{ html: string; state: Uint8Array }>;

/** Renders on the calling thread (unit tests, and when no worker can be started). */
export const renderInThread: RenderParts = async (parts) => renderParts(parts);

type Waiting = { resolve: (r: { html: string; state: Uint8Array }) => void; reject: (error: Error) => void };

/**
 * Renders revisions on a worker thread of their own. A revision of a long text costs the event loop
 * 80-150 ms (31,000 characters typed by 200 people: applying the state, rendering it through the
 * editor's schema, encoding it again), which every person typing anywhere on this server would
 * otherwise wait through at every pause. Started at the first revision; a worker that fails is
 * replaced at the next one, and if none can be started at all revisions render on this thread.
 */
export class WorkerRenderer {
  private worker: Worker | null = null;
  private ready: Promise<Worker | null> | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private unavailable = false;
  private closed = false;

  constructor(private readonly log: (message: string, error?: unknown) => void) {}

  render: RenderParts = async (parts) => {
    const worker = this.unavailable || this.closed ? null : await this.start();
    // None, or it stopped while this waited for it to start.
    if (!worker || worker !== this.worker) return renderParts(parts);
    const id = this.nextId++;
    try {
      return await new Promise<{ html: string; state: Uint8Array }>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        worker.postMessage({ id, parts });
      });
    } catch {
      // The worker stopped or failed on it: the revision is still owed, so it is rendered here.
      return renderParts(parts);
    }
  };

  /** Whether a worker thread is running (started, and not stopped). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Stops the worker; renders asked for later run on this thread. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    this.failAll(new Error('the renderer was closed'));
    if (worker) await worker.terminate();
  }

  private start(): Promise<Worker | null> {
    this.ready ??= new Promise<Worker | null>((resolve) => {
      const worker = new Worker(new URL('./render-worker.mjs', import.meta.url));
      // Never what keeps the process alive.
      worker.unref();
      let started = false;
      worker.on('message', (m: { ready?: true; id?: number; html?: string; state?: Uint8Array; error?: string }) => {
        if (m.ready) {
          started = true;
          this.worker = worker;
          resolve(worker);
          return;
        }
        const w = m.id === undefined ? undefined : this.waiting.get(m.id);
        if (!w || m.id === undefined) return;
        this.waiting.delete(m.id);
        if (m.error !== undefined || m.html === undefined || !m.state) w.reject(new Error(`rendering a revision failed: ${m.error}`));
        else w.resolve({ html: m.html, state: m.state });
      });
      let ended = false;
      const gone = (error: Error) => {
        if (ended) return;
        ended = true;
        if (this.worker === worker) this.worker = null;
        this.ready = null;
        this.failAll(error);
        if (!started) {
          // It never started (e.g. tsx missing): render here from now on.
          this.unavailable = true;
          this.log('the revision renderer could not start; rendering on the main thread', error);
          resolve(null);
        } else if (!this.closed) this.log('the revision renderer stopped; a new one starts with the next revision', error);
      };
      worker.on('error', gone);
      worker.on('exit', (code) => gone(new Error(`the revision renderer exited with code ${code}`)));
    });
    return this.ready;
  }

  private failAll(error: Error): void {
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }
}
