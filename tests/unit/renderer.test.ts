import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '@/lib/collab/names';
import { renderParts, seedUpdateFromHtml } from '@/lib/collab/prosemirror';
import { WorkerRenderer } from '@/lib/collab/renderer';

/** A stored state plus one edit typed after it. */
function stateAndEdit(html: string, typed: string): Uint8Array[] {
  const state = seedUpdateFromHtml(html);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const before = Y.encodeStateVector(doc);
  const paragraph = doc.getXmlFragment(YJS_FRAGMENT).get(0) as Y.XmlElement;
  const text = paragraph.get(0) as Y.XmlText;
  text.insert(text.length, typed);
  return [state, Y.encodeStateAsUpdate(doc, before)];
}

/** A renderer whose worker is ready. */
async function ready(renderer: WorkerRenderer): Promise<WorkerRenderer> {
  renderer.warm();
  await vi.waitFor(() => expect(renderer.running).toBe(true), { timeout: 30_000, interval: 20 });
  return renderer;
}

const LONG = `<p>${'A long shared paragraph of the plan. '.repeat(800)}</p>`;

describe('the revision renderer', () => {
  const renderers: WorkerRenderer[] = [];
  afterEach(async () => {
    for (const r of renderers.splice(0)) await r.close();
  });
  const make = (log: (m: string, e?: unknown) => void, options = {}) => {
    const r = new WorkerRenderer(log, options);
    renderers.push(r);
    return r;
  };

  it('renders on a worker thread exactly what the main thread would', async () => {
    const log = vi.fn();
    const renderer = make(log);
    expect(renderer.running).toBe(false);
    await ready(renderer);
    const parts = stateAndEdit('<p>Reading <strong>together</strong> &amp; <a href="https://example.org">more</a></p><ul><li><p>one</p></li></ul>', ' at home');
    const result = await renderer.render(parts);
    expect(log).not.toHaveBeenCalled();
    const here = renderParts(parts);
    expect(result.html).toBe(here.html);
    expect(result.html).toContain('at home');
    // The state it hands back is the same document.
    const again = new Y.Doc();
    Y.applyUpdate(again, result.state);
    const direct = new Y.Doc();
    for (const p of parts) Y.applyUpdate(direct, p);
    expect(again.getXmlFragment(YJS_FRAGMENT).toString()).toBe(direct.getXmlFragment(YJS_FRAGMENT).toString());
  });

  it('renders here a revision the worker was rendering when it stopped, and those after', async () => {
    const renderer = await ready(make(() => {}));
    const pending = renderer.render(stateAndEdit(LONG, ' owed'));
    await renderer.close();
    expect(renderer.running).toBe(false);
    expect((await pending).html).toContain('plan. owed</p>');
    expect((await renderer.render(stateAndEdit('<p>After</p>', ' close'))).html).toBe('<p>After close</p>');
  });

  it('replaces a worker that takes too long, and renders the revision here', async () => {
    const log = vi.fn();
    const renderer = await ready(make(log, { timeoutMs: 1 }));
    expect((await renderer.render(stateAndEdit(LONG, ' late'))).html).toContain('plan. late</p>');
    expect(log).toHaveBeenCalledWith('the revision renderer was replaced', expect.any(Error));
    expect(renderer.running).toBe(false);
  });

  it('stops its worker when idle and starts another for later revisions', async () => {
    const log = vi.fn();
    const renderer = await ready(make(log, { idleMs: 50 }));
    await renderer.render(stateAndEdit('<p>First</p>', ' one'));
    await vi.waitFor(() => expect(renderer.running).toBe(false), { timeout: 5000, interval: 20 });
    expect((await renderer.render(stateAndEdit('<p>Second</p>', ' two'))).html).toBe('<p>Second two</p>');
    // It waited for the new worker and rendered there.
    expect(renderer.running).toBe(true);
    // Stopping on purpose is not a failure worth a line in the log.
    expect(log).not.toHaveBeenCalled();
  });

  it('has a revision asked for while no worker runs wait for one to start, and renders it there', async () => {
    const log = vi.fn();
    const renderer = make(log, { startWaitMs: 60_000 });
    const rendering = renderer.render(stateAndEdit('<p>Paused</p>', ' here'));
    expect(renderer.running).toBe(false);
    expect((await rendering).html).toBe('<p>Paused here</p>');
    expect(renderer.running).toBe(true);
    expect(log).not.toHaveBeenCalled();
  });

  it('renders here at once what waits for a starting worker when a flush must not wait (hurry), and waits again after', async () => {
    const renderer = make(() => {}, { startWaitMs: 60_000 });
    const waiting = renderer.render(stateAndEdit('<p>Signed</p>', ' off'));
    const done = renderer.hurry();
    expect((await waiting).html).toBe('<p>Signed off</p>');
    expect(renderer.running).toBe(false);
    // While hurried, later revisions do not wait either.
    expect((await renderer.render(stateAndEdit('<p>Then</p>', ' more'))).html).toBe('<p>Then more</p>');
    expect(renderer.running).toBe(false);
    done();
    expect((await renderer.render(stateAndEdit('<p>Later</p>', ' on'))).html).toBe('<p>Later on</p>');
    expect(renderer.running).toBe(true);
  });

  it('stops a worker started ahead of revisions (warm) when none comes', async () => {
    const log = vi.fn();
    const renderer = await ready(make(log, { idleMs: 50 }));
    await vi.waitFor(() => expect(renderer.running).toBe(false), { timeout: 5000, interval: 20 });
    expect(log).not.toHaveBeenCalled();
  });

  it('renders here a revision whose worker cannot start in time', async () => {
    const renderer = make(() => {}, { startWaitMs: 1 });
    expect((await renderer.render(stateAndEdit('<p>Slow</p>', ' start'))).html).toBe('<p>Slow start</p>');
    expect(renderer.running).toBe(false);
  });
});
