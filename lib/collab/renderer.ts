import { Worker } from 'node:worker_threads';
import { renderParts } from './prosemirror';

/** Renders the document made of `parts` (RevisionTracker): its field's HTML, and its state as one update. */
export type RenderParts = (parts: Uint8Array[]) => Promise<{ html: string; state: Uint8Array }>;

/** Renders on the calling thread (unit tests, and when no worker is ready). */
export const renderInThread: RenderParts = async (parts) => renderParts(parts);

export type WorkerRendererOptions = {
  /** How long the worker stays up with nothing to render. */
  idleMs: number;
  /** How long a render may take on the worker before it is done here instead (and the worker replaced). */
  timeoutMs: number;
  /** After a worker failed to start, how long revisions render here before another is tried. */
  retryStartMs: number;
  /** How long a revision waits for a starting worker before it is rendered here instead. */
  startWaitMs: number;
};

const DEFAULTS: WorkerRendererOptions = { idleMs: 60_000, timeoutMs: 10_000, retryStartMs: 60_000, startWaitMs: 5_000 };

type Result = { html: string; state: Uint8Array };
type Waiting = { resolve: (r: Result) => void; reject: (error: Error) => void };

/** A view of exactly its bytes: a view into a larger buffer (Node's pool) would be copied whole. */
function compact(part: Uint8Array): Uint8Array {
  return part.byteOffset === 0 && part.byteLength === part.buffer.byteLength ? part : part.slice();
}

/**
 * Renders revisions on a worker thread of their own. A revision of a long text costs the event loop
 * 80-150 ms (31,000 characters typed by 200 people: applying the state, rendering it through the
 * editor's schema, encoding it again), which everyone typing anywhere on this server would
 * otherwise wait through at every pause. The worker holds its own copy of the editor's modules
 * (about 130 MB), so it runs only while there are revisions: the first one asked for starts it
 * (1.5-2 s of a core on an idle machine: started at the first keystroke instead, it cost people
 * typing at that moment), and it stops after `idleMs` without one. A revision asked for while one is
 * starting waits for it (up to `startWaitMs`): rendering here instead, 200 people pausing together
 * held the event loop for two seconds. A flush that must not wait (signing a review, SIGTERM) calls `hurry`, and
 * renders here whatever would wait. A worker that hangs, dies or cannot start costs a revision
 * nothing: it is rendered here.
 */
export class WorkerRenderer {
  private readonly options: WorkerRendererOptions;
  /** The worker once it is ready for work. */
  private worker: Worker | null = null;
  /** The worker started last, ready or not (null once stopped on purpose). */
  private current: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  /** No worker is started before this time (one failed to start). */
  private noStartUntil = 0;
  private closed = false;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  /** Revisions waiting for the starting worker: each is released once it is ready, fails, or is hurried. */
  private readonly startWaiters = new Set<() => void>();
  /** Flushes under way that must not wait for a worker to start (hurry). */
  private hurrying = 0;

  constructor(
    private readonly log: (message: string, error?: unknown) => void,
    options: Partial<WorkerRendererOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  render: RenderParts = async (parts) => {
    if (!this.worker) {
      this.warm();
      if (this.current && !this.hurrying) await this.started();
    }
    const worker = this.worker;
    if (!worker) return renderParts(parts);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const id = this.nextId++;
    try {
      return await new Promise<Result>((resolve, reject) => {
        const timer = setTimeout(() => {
          // Hung, or far slower than it should be: replaced (its late answer is ignored).
          this.replace(worker, new Error(`a revision took the renderer more than ${this.options.timeoutMs} ms`));
        }, this.options.timeoutMs);
        timer.unref();
        this.waiting.set(id, {
          resolve: (r) => (clearTimeout(timer), resolve(r)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        worker.postMessage({ id, parts: parts.map(compact) });
      });
    } catch {
      // The worker stopped or failed on it: the revision is still owed, so it is rendered here.
      return renderParts(parts);
    } finally {
      this.stopWhenIdle(worker);
    }
  };

  /** With nothing to render, the worker stops after idleMs unless a revision comes first. */
  private stopWhenIdle(worker: Worker): void {
    if (this.waiting.size || this.worker !== worker) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop(worker), this.options.idleMs);
    this.idleTimer.unref();
  }

  /** Starts a worker unless one is running or starting (or starting failed a moment ago). */
  warm(): void {
    if (!this.closed && !this.current && Date.now() >= this.noStartUntil) this.start();
  }

  /**
   * For a flush that must not wait for a worker to start: until the returned function is called,
   * revisions that would wait for one render here, and so do those already waiting.
   */
  hurry(): () => void {
    this.hurrying++;
    this.releaseStartWaiters();
    let done = false;
    return () => {
      if (!done) this.hurrying--;
      done = true;
    };
  }

  /** Resolves once the starting worker is ready or gone, on hurry or close, or after startWaitMs. */
  private started(): Promise<void> {
    return new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.startWaiters.delete(release);
        resolve();
      };
      const timer = setTimeout(release, this.options.startWaitMs);
      timer.unref();
      this.startWaiters.add(release);
    });
  }

  private releaseStartWaiters(): void {
    for (const release of [...this.startWaiters]) release();
  }

  /** Whether a worker thread is ready for work. */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Stops the worker; revisions asked for later render on this thread. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.current;
    this.worker = null;
    this.current = null;
    this.failAll(new Error('the renderer was closed'));
    this.releaseStartWaiters();
    if (worker) await worker.terminate();
  }

  /** Stops an idle worker (a later revision starts another). */
  private stop(worker: Worker): void {
    this.idleTimer = null;
    if (this.worker !== worker || this.waiting.size) return;
    this.worker = null;
    this.current = null;
    void worker.terminate();
  }

  /** Drops a failing worker: what it was rendering is rendered here; the next revision starts another. */
  private replace(worker: Worker, error: Error): void {
    if (this.current !== worker) return;
    this.current = null;
    this.worker = null;
    this.failAll(error);
    this.log('the revision renderer was replaced', error);
    void worker.terminate();
  }

  private start(): void {
    const worker = new Worker(new URL('./render-worker.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 512 } });
    this.current = worker;
    // Never what keeps the process alive.
    worker.unref();
    let started = false;
    worker.on('message', (m: { ready?: true; id?: number; html?: string; state?: Uint8Array; error?: string }) => {
      if (m.ready) {
        started = true;
        if (this.current === worker) this.worker = worker;
        this.releaseStartWaiters();
        // Stopped in time even if the revision that started it no longer needs it (hurried, or timed out).
        queueMicrotask(() => this.stopWhenIdle(worker));
        return;
      }
      const w = m.id === undefined ? undefined : this.waiting.get(m.id);
      if (!w || m.id === undefined) return;
      this.waiting.delete(m.id);
      if (m.error !== undefined || m.html === undefined || !m.state) w.reject(new Error(`rendering a revision failed: ${m.error}`));
      else w.resolve({ html: m.html, state: m.state });
    });
    const gone = (error: Error) => {
      // Stopped on purpose (idle, closed, replaced): nothing more to do.
      if (this.current !== worker) return;
      this.current = null;
      this.worker = null;
      this.failAll(error);
      this.releaseStartWaiters();
      if (!started) {
        this.noStartUntil = Date.now() + this.options.retryStartMs;
        this.log('the revision renderer could not start; revisions render on the main thread for now', error);
      } else this.log('the revision renderer stopped; another starts with a later revision', error);
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`the revision renderer exited with code ${code}`)));
  }

  private failAll(error: Error): void {
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }
}
