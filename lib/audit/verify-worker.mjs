// A verification worker: checks pages of an audit chain sent by lib/audit/verify-pool.ts.
// Plain JavaScript (node: modules and event-hash.mjs only) so it loads without tsx or a bundler.
import { parentPort } from 'node:worker_threads';
import { checkPage } from './event-hash.mjs';

parentPort.on('message', ({ id, page }) => {
  try {
    parentPort.postMessage({ id, result: checkPage(page) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
