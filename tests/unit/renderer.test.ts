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

describe('the revision renderer', () => {
  const renderers: WorkerRenderer[] = [];
  afterEach(async () => {
    for (const r of renderers.splice(0)) await r.close();
  });

  it('renders on a worker thread exactly what the main thread would', async () => {
    const log = vi.fn();
    const renderer = new WorkerRenderer(log);
    renderers.push(renderer);
    const parts = stateAndEdit('<p>Reading <strong>together</strong> &amp; <a href="https://example.org">more</a></p><ul><li><p>one</p></li></ul>', ' at home');
    const result = await renderer.render(parts);
    expect(renderer.running).toBe(true);
    expect(log).not.toHaveBeenCalled();
    const here = renderParts(parts);
    expect(result.html).toBe(here.html);
    expect(result.html).toContain('at home');
    // The state it hands back is the same document.
    const again = new Y.Doc();
    Y.applyUpdate(again, result.state);
    expect(again.getXmlFragment(YJS_FRAGMENT).toString()).toBe(
      (() => {
        const d = new Y.Doc();
        for (const p of parts) Y.applyUpdate(d, p);
        return d.getXmlFragment(YJS_FRAGMENT).toString();
      })(),
    );
  });

  it('still renders a revision asked for while the worker stops, and after', async () => {
    const renderer = new WorkerRenderer(() => {});
    renderers.push(renderer);
    await renderer.render(stateAndEdit('<p>Warm</p>', ' up'));
    const parts = stateAndEdit('<p>Owed</p>', ' text');
    const pending = renderer.render(parts);
    await renderer.close();
    expect(renderer.running).toBe(false);
    expect((await pending).html).toBe('<p>Owed text</p>');
    expect((await renderer.render(stateAndEdit('<p>After</p>', ' close'))).html).toBe('<p>After close</p>');
  });

  it('stops its worker when idle and starts another for the next revision', async () => {
    const log = vi.fn();
    const renderer = new WorkerRenderer(log, 50);
    renderers.push(renderer);
    await renderer.render(stateAndEdit('<p>First</p>', ' one'));
    expect(renderer.running).toBe(true);
    await vi.waitFor(() => expect(renderer.running).toBe(false), { timeout: 5000 });
    expect((await renderer.render(stateAndEdit('<p>Second</p>', ' two'))).html).toBe('<p>Second two</p>');
    expect(renderer.running).toBe(true);
    // Stopping on purpose is not a failure worth a line in the log.
    expect(log).not.toHaveBeenCalled();
  });
});
