import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PageCheck } from './event-hash.mjs';
import type { PageChecker } from './verify';

/**
 * Worker threads that check pages of an audit chain (verify-worker.mjs) while the caller's thread
 * reads the next pages. For the command line and the benchmark; the Next server route checks in
 * its own thread (see verify.ts). Close it when done, or the workers keep the process alive.
 */
export function createVerifyPool(size = Math.max(1, availableParallelism() - 1)): PageChecker & { close: () => Promise<void> } {
  const workers = Array.from({ length: size }, () => new Worker(new URL('./verify-worker.mjs', import.meta.url)));
  const waiting = new Map<number, { resolve: (r: PageCheck) => void; reject: (e: Error) => void }>();
  const load = workers.map(() => 0);
  let nextId = 0;
  workers.forEach((worker, w) => {
    worker.on('message', ({ id, result, error }: { id: number; result?: PageCheck; error?: string }) => {
      load[w]--;
      const job = waiting.get(id);
      waiting.delete(id);
      if (error !== undefined) job?.reject(new Error(error));
      else job?.resolve(result!);
    });
    worker.on('error', (error) => {
      for (const job of waiting.values()) job.reject(error);
      waiting.clear();
    });
  });
  return {
    check(page) {
      const id = nextId++;
      const w = load.indexOf(Math.min(...load));
      load[w]++;
      return new Promise<PageCheck>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        workers[w].postMessage({ id, page });
      });
    },
    capacity: size,
    // Bigger pages than in-thread: fewer queries, and hashing them holds up no one.
    pageSize: 10_000,
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
