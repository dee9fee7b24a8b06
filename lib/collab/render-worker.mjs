// The worker thread that renders revisions of co-edited text (lib/collab/renderer.ts). Plain
// JavaScript, so that it starts the same way under the server (tsx) and the tests (vitest): it
// loads the TypeScript renderer through tsx's API.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { renderParts } = await tsImport('./prosemirror.ts', import.meta.url);

parentPort.on('message', ({ id, parts }) => {
  try {
    const { html, state } = renderParts(parts);
    parentPort.postMessage({ id, html, state }, [state.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
parentPort.postMessage({ ready: true });
