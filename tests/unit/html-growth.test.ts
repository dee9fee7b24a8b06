import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '@/lib/collab/names';
import { documentHtml, documentHtmlLength, htmlGrowthBounds, htmlLengthUpperBound, seedUpdateFromHtml } from '@/lib/collab/prosemirror';
import { LINK_REL } from '@/lib/richtext/extensions';
import { stateGrowthBound } from '@/lib/collab/documents';

// The bounds that let the server skip rendering a document's HTML on each update (fitsHtml in
// lib/collab/documents.ts): every edit an editor makes lengthens the HTML by at most `atMost`, and
// plain typing by at least `atLeast`.

const START = '<p>Some <em>plain</em> text, a <a href="https://example.org/x">link</a> &amp; more.</p><p>Second line.</p>';

function paragraph(doc: Y.Doc, index: number): Y.XmlElement {
  const p = doc.getXmlFragment(YJS_FRAGMENT).get(index);
  if (!(p instanceof Y.XmlElement)) throw new Error(`no paragraph ${index}`);
  return p;
}
function text(doc: Y.Doc, index = 0): Y.XmlText {
  const t = paragraph(doc, index).get(0);
  if (!(t instanceof Y.XmlText)) throw new Error(`no text in paragraph ${index}`);
  return t;
}
function element(name: string, children: (Y.XmlElement | Y.XmlText)[]): Y.XmlElement {
  const e = new Y.XmlElement(name);
  e.insert(0, children);
  return e;
}

const link = { href: 'https://example.org/a-rather-longer-address', target: '_blank', rel: LINK_REL, class: null, title: null };
const edits: [string, (doc: Y.Doc) => void, { typing?: boolean }?][] = [
  ['typing a word', (d) => text(d).insert(4, ' more'), { typing: true }],
  ['typing characters HTML escapes', (d) => text(d).insert(0, '&<>\u00a0&"\''), { typing: true }],
  ['typing inside a link', (d) => text(d).insert(25, 'ed'), { typing: true }],
  ['bolding a stretch across formatting', (d) => text(d).format(2, 30, { bold: {} })],
  ['unbolding part of a bold stretch', (d) => (text(d).format(0, 20, { bold: {} }), text(d).format(5, 3, { bold: null }))],
  ['inserting a link', (d) => text(d).insert(5, 'here', { link })],
  ['inserting formatted text', (d) => text(d).insert(3, 'loud', { bold: {}, italic: {}, strike: {}, code: {} })],
  ['a new paragraph', (d) => d.getXmlFragment(YJS_FRAGMENT).insert(1, [element('paragraph', [new Y.XmlText('Middle')])])],
  ['an empty paragraph', (d) => d.getXmlFragment(YJS_FRAGMENT).insert(1, [new Y.XmlElement('paragraph')])],
  ['a heading', (d) => (d.getXmlFragment(YJS_FRAGMENT).insert(0, [new Y.XmlElement('heading')]), (d.getXmlFragment(YJS_FRAGMENT).get(0) as Y.XmlElement).setAttribute('level', '2'))],
  ['a list', (d) => d.getXmlFragment(YJS_FRAGMENT).insert(2, [element('bulletList', [element('listItem', [element('paragraph', [new Y.XmlText('item')])])])])],
  ['a code block', (d) => d.getXmlFragment(YJS_FRAGMENT).insert(2, [element('codeBlock', [new Y.XmlText('x < y')])])],
  ['a line break', (d) => paragraph(d, 1).insert(1, [new Y.XmlElement('hardBreak')])],
  ['a rule', (d) => d.getXmlFragment(YJS_FRAGMENT).insert(1, [new Y.XmlElement('horizontalRule')])],
  ['deleting text', (d) => text(d).delete(0, 10)],
  ['deleting a paragraph', (d) => d.getXmlFragment(YJS_FRAGMENT).delete(1, 1)],
];

describe('how much an update can lengthen a document’s HTML', () => {
  it.each(edits)('bounds %s', (_what, edit, kind) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, seedUpdateFromHtml(START));
    const before = documentHtml(doc).length;
    const vector = Y.encodeStateVector(doc);
    edit(doc);
    const update = Y.encodeStateAsUpdate(doc, vector);
    const growth = documentHtml(doc).length - before;
    const bounds = htmlGrowthBounds(update);
    expect(growth).toBeLessThanOrEqual(bounds.atMost);
    if (kind?.typing) {
      expect(bounds.atLeast).toBeGreaterThan(0);
      expect(growth).toBeGreaterThanOrEqual(bounds.atLeast);
    } else {
      expect(bounds.atLeast).toBe(0);
    }
  });

  it('counts a blank document by its empty blocks, which one typed character brings back', () => {
    const doc = new Y.Doc();
    doc.getXmlFragment(YJS_FRAGMENT).insert(0, [new Y.XmlElement('paragraph'), new Y.XmlElement('paragraph'), new Y.XmlElement('paragraph')]);
    expect(documentHtml(doc)).toBe('');
    expect(documentHtmlLength([Y.encodeStateAsUpdate(doc)])).toBe('<p></p><p></p><p></p>'.length);
  });
});

describe('the HTML length a document’s structure allows', () => {
  it.each(edits)('is at least the rendered length after %s', (_what, edit) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, seedUpdateFromHtml(START));
    expect(htmlLengthUpperBound(doc)).toBeGreaterThanOrEqual(documentHtml(doc).length);
    edit(doc);
    expect(htmlLengthUpperBound(doc)).toBeGreaterThanOrEqual(documentHtml(doc).length);
  });

  it('is close to the rendered length for long plain paragraphs, so a busy document is not rendered', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, seedUpdateFromHtml(`<p>${'Plain words & more. '.repeat(1000)}</p><p>${'x'.repeat(20_000)}</p>`));
    const exact = documentHtml(doc).length;
    expect(exact).toBeGreaterThan(40_000);
    const bound = htmlLengthUpperBound(doc);
    expect(bound).toBeGreaterThanOrEqual(exact);
    expect(bound - exact).toBeLessThan(2 * 64);
  });
});

describe('the bound of a document’s state growth', () => {
  it('is never below what an update adds to the encoded state, for typing, deleting, formatting and new paragraphs', () => {
    // A seeded run: 8 people edit their copies and the server's document takes every change.
    let seed = 20261123;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const server = new Y.Doc();
    Y.applyUpdate(server, seedUpdateFromHtml('<p>The partnership’s shared reading plan.</p>'));
    // What each person's editor sends: the update of each local change (as CollabSync does).
    let sent: Uint8Array[] = [];
    const people = Array.from({ length: 8 }, () => {
      const d = new Y.Doc();
      Y.applyUpdate(d, Y.encodeStateAsUpdate(server));
      d.on('update', (u: Uint8Array, origin: unknown) => {
        if (origin !== 'sync') sent.push(u);
      });
      return d;
    });
    let checked = 0;
    let slack = 0;
    for (let step = 0; step < 1500; step++) {
      // Now and then everyone catches up, so edits land inside each other's text.
      if (step % 20 === 0) for (const d of people) Y.applyUpdate(d, Y.encodeStateAsUpdate(server, Y.encodeStateVector(d)), 'sync');
      const person = people[Math.floor(random() * people.length)];
      const fragment = person.getXmlFragment(YJS_FRAGMENT);
      const paragraphs = fragment.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
      const paragraph = paragraphs[Math.floor(random() * paragraphs.length)];
      const text = paragraph.get(0) instanceof Y.XmlText ? (paragraph.get(0) as Y.XmlText) : null;
      sent = [];
      const roll = random();
      if (!text || roll < 0.05) {
        const p = new Y.XmlElement('paragraph');
        p.insert(0, [new Y.XmlText(`new line ${step}`)]);
        fragment.insert(Math.floor(random() * (fragment.length + 1)), [p]);
      } else if (roll < 0.6 || text.length < 20) {
        text.insert(Math.floor(random() * (text.length + 1)), `w${step} `);
      } else if (roll < 0.85) {
        const from = Math.floor(random() * (text.length - 10));
        text.delete(from, 1 + Math.floor(random() * Math.min(40, text.length - from - 1)));
      } else {
        const from = Math.floor(random() * (text.length - 10));
        text.format(from, 1 + Math.floor(random() * 30), random() < 0.5 ? { bold: true } : { italic: null });
      }
      // Formatting text the same way again changes nothing and sends nothing.
      if (!sent.length) continue;
      expect(sent).toHaveLength(1);
      const update = sent[0];
      const size = Y.encodeStateAsUpdate(server).byteLength;
      Y.applyUpdate(server, update);
      const grew = Y.encodeStateAsUpdate(server).byteLength - size;
      expect(grew).toBeLessThanOrEqual(stateGrowthBound(update));
      slack += stateGrowthBound(update) - grew;
      checked++;
    }
    expect(checked).toBeGreaterThan(1200);
    // And it is not so loose as to be useless: on average within a few hundred bytes an edit.
    expect(slack / checked).toBeLessThan(300);
  });
});
