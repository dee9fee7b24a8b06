import { Worker } from 'node:worker_threads';
import { renderParts } from './prosemirror';

/** Renders the document made of `parts` (RevisionTracker): its field's HTML, and its state as one update. */
export type RenderParts = (parts: Uint8Array[]) => Promise<{ html: string; state: Uint8Array }>;

/** Renders on the calling thread (unit tests, and when no worker can be started). */
export const renderInThread: RenderParts = async (parts) => renderParts(parts);

/** How long the worker stays up with nothing to render. */
const IDLE_MS = 60_000;

type Waiting = { resolve: (r: { html: string; state: Uint8Array }) => void; reject: (error: Error) => void };

/**
 * Renders revisions on a worker thread of their own. A revision of a long text costs the event loop
 * 80-150 ms (31,000 characters typed by 200 people: applying the state, rendering it through the
 * editor's schema, encoding it again), which every person typing anywhere on this server would
 * otherwise wait through at every pause. The worker holds its own copy of the editor's modules
 * (about 130 MB), so it runs only while there are revisions to render: it starts at the first,
 * stops after IDLE_MS without one, and starts again at the next (in about a second). One that fails
 * is replaced at the next revision, and if none can be started at all, revisions render on this thread.
 */
export class WorkerRenderer {
  /** The worker once it is ready for work. */
  private worker: Worker | null = null;
  /** The worker started last, ready or not (null once stopped on purpose). */
  private current: Worker | null = null;
  private ready: Promise<Worker | null> | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private unavailable = false;
  private closed = false;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly log: (message: string, error?: unknown) => void,
    private readonly idleMs: number = IDLE_MS,
  ) {}

  render: RenderParts = async (parts) => {
    const worker = this.unavailable || this.closed ? null : await this.start();
    // None, or it stopped while this waited for it to start.
    if (!worker || worker !== this.worker) return renderParts(parts);
    const id = this.nextId++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    try {
      return await new Promise<{ html: string; state: Uint8Array }>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        worker.postMessage({ id, parts });
      });
    } catch {
      // The worker stopped or failed on it: the revision is still owed, so it is rendered here.
      return renderParts(parts);
    } finally {
      if (!this.waiting.size && this.worker === worker) {
        this.idleTimer = setTimeout(() => this.stop(worker), this.idleMs);
        this.idleTimer.unref();
      }
    }
  };

  /** Stops an idle worker (the next revision starts a new one). */
  private stop(worker: Worker): void {
    this.idleTimer = null;
    if (this.worker !== worker || this.waiting.size) return;
    this.worker = null;
    this.current = null;
    this.ready = null;
    void worker.terminate();
  }

  /** Whether a worker thread is running (started, and not stopped). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Stops the worker; renders asked for later run on this thread. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.current;
    this.worker = null;
    this.current = null;
    this.ready = null;
    this.failAll(new Error('the renderer was closed'));
    if (worker) await worker.terminate();
  }

  private start(): Promise<Worker | null> {
    this.ready ??= new Promise<Worker | null>((resolve) => {
      const worker = new Worker(new URL('./render-worker.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 512 } });
      this.current = worker;
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
        if (!started) resolve(null);
        // Stopped on purpose (idle, or closed): nothing more to do.
        if (this.current !== worker) return;
        this.current = null;
        this.worker = null;
        this.ready = null;
        this.failAll(error);
        if (!started) {
          // It never started (e.g. tsx missing): render here from now on.
          this.unavailable = true;
          this.log('the revision renderer could not start; rendering on the main thread', error);
        } else this.log('the revision renderer stopped; a new one starts with the next revision', error);
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
