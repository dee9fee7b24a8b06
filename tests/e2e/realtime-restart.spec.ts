import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type Page, expect, test } from '@playwright/test';
import { freePort } from '../helpers/ports';
import { editorText, occurrences, planIdOf, signInViaApi } from './helpers';

// The server restarts (SIGTERM, as a deploy does) while two head teachers type in one key objective.
// Everything typed before, during and after the restart ends up in both editors exactly once, and
// is saved. The shared webServer cannot be restarted, so this test runs its own server process on
// a port of its own, over a PGlite directory that outlives the restart (with the shared build).

const RACHEL = 'head@bankroad.example';
const DANIEL = 'head@williamlilley.example';
const AUTH_SECRET = 'e2e-restart-secret-not-for-production-use-0123456789';

type Running = { child: ChildProcess; exited: Promise<void>; output: () => string };

/** Starts server.ts (production build, demo data) and resolves once it listens. */
async function startServer(port: number, dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), PGLITE_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', JOINTPLAN_DEMO: '1', AUTH_SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${out}`)), 120_000);
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      if (out.includes('jointplan ready on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (out += String(chunk)));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the server exited before it listened:\n${out}`));
    });
  });
  return { child, exited, output: () => out };
}

async function stopServer(server: Running): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  await server.exited;
}


async function openKeyObjective(browser: Browser, baseURL: string, email: string, planId: string, strand: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signInViaApi(page.request, email);
  await page.goto(`/plans/${planId}`);
  await page.getByRole('button', { name: `Edit key objective/action of strand “${strand}”` }).click();
  const form = page.getByRole('form', { name: `Key objective/action: ${strand}` });
  const editor = form.locator('[contenteditable="true"]');
  await expect(editor).toBeVisible();
  return { context, page, form, editor };
}

/** Types `words` one at a time, calling `after(i)` once word i is typed (it may hold the typing). */
async function typeWords(page: Page, words: string[], format: (w: string) => string, after: (i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < words.length; i++) {
    await page.keyboard.type(format(words[i]), { delay: 10 });
    await after(i);
  }
}

test('both heads keep typing through a server restart: every word in both editors exactly once, and saved', async ({ browser }) => {
  test.setTimeout(300_000);
  const port = await freePort();
  // Always localhost, never 127.0.0.1: Auth.js rewrites hosts and the cookie would be lost.
  const baseURL = `http://localhost:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jp-e2e-restart-'));
  let server = await startServer(port, dataDir);
  try {
    const lookup = await browser.newContext({ baseURL });
    await signInViaApi(lookup.request, RACHEL);
    const planId = await planIdOf(lookup.request, /Bank Road/);
    await lookup.close();

    const strand = 'CPD';
    const [rachel, daniel] = await Promise.all([
      openKeyObjective(browser, baseURL, RACHEL, planId, strand),
      openKeyObjective(browser, baseURL, DANIEL, planId, strand),
    ]);
    await rachel.editor.click();
    await rachel.page.keyboard.press('Control+Home');
    await daniel.editor.click();
    await daniel.page.keyboard.press('Control+End');

    const unique = Date.now().toString(36);
    const rachelWords = Array.from({ length: 15 }, (_, i) => `R${i}r${unique}`);
    const danielWords = Array.from({ length: 15 }, (_, i) => `D${i}d${unique}`);
    // Words 0–4 before the restart, 5–9 while the server stops and is down, 10–14 once it is back.
    let typedBefore = 0;
    let beforeDone: () => void = () => {};
    const bothTypedBefore = new Promise<void>((resolve) => (beforeDone = resolve));
    let restarted: () => void = () => {};
    const serverBack = new Promise<void>((resolve) => (restarted = resolve));
    const pace = async (i: number) => {
      if (i === 4 && ++typedBefore === 2) beforeDone();
      if (i === 4) await bothTypedBefore;
      if (i === 9) await serverBack;
    };
    const restart = (async () => {
      await bothTypedBefore;
      await stopServer(server);
      server = await startServer(port, dataDir);
      restarted();
    })();
    await Promise.all([
      typeWords(rachel.page, rachelWords, (w) => `${w} `, pace),
      typeWords(daniel.page, danielWords, (w) => ` ${w}`, pace),
      restart,
    ]);

    await expect
      .poll(
        async () => {
          const [left, right] = await Promise.all([editorText(rachel.editor), editorText(daniel.editor)]);
          return left === right && [...rachelWords, ...danielWords].every((w) => occurrences(left, w) === 1);
        },
        { timeout: 90_000 },
      )
      .toBe(true);
    const converged = await editorText(rachel.editor);
    expect(converged.startsWith(rachelWords.join(' '))).toBe(true);
    expect(converged.endsWith(danielWords.join(' '))).toBe(true);
    await expect(rachel.form.getByTestId('collab-status')).toHaveText('Saved', { timeout: 30_000 });
    await expect(daniel.form.getByTestId('collab-status')).toHaveText('Saved', { timeout: 30_000 });

    // Saved by the restarted server: a fresh page shows the same text.
    const again = await openKeyObjective(browser, baseURL, RACHEL, planId, strand);
    await expect.poll(() => editorText(again.editor)).toBe(converged);
    await Promise.all([rachel.context.close(), daniel.context.close(), again.context.close()]);
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
