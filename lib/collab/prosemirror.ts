import { type JSONContent, getSchema } from '@tiptap/core';
import { generateHTML, generateJSON } from '@tiptap/html/server';
import type { Schema } from '@tiptap/pm/model';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import * as Y from 'yjs';
import { richTextExtensions } from '@/lib/richtext/extensions';
import { sanitizeRichText, stripForeignElements } from '@/lib/richtext/sanitize';
import { YJS_FRAGMENT } from './names';

let schema: Schema | undefined;
/** The ProseMirror schema of the plan editor (the tiptap extensions the browser uses too). */
export function richTextSchema(): Schema {
  schema ??= getSchema(richTextExtensions);
  return schema;
}

/**
 * The Yjs update that fills an empty document with stored HTML, through the editor's schema into the
 * fragment tiptap's Collaboration extension reads. Blank HTML gives one empty paragraph, so that
 * editors never each add their own first paragraph.
 */
export function seedUpdateFromHtml(html: string): Uint8Array {
  const json: JSONContent = generateJSON(stripForeignElements(sanitizeRichText(html)), richTextExtensions);
  const doc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(richTextSchema(), json, doc.getXmlFragment(YJS_FRAGMENT));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** The HTML the editor's schema renders a document's text as, before sanitizing. */
function renderedHtml(doc: Y.Doc): string {
  const node = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(YJS_FRAGMENT), richTextSchema());
  const json: JSONContent = node.toJSON();
  return generateHTML(json, richTextExtensions);
}

/** The sanitized HTML a document's text stands for, as stored in the field's SQL column. */
export function documentHtml(doc: Y.Doc): string {
  return sanitizeRichText(renderedHtml(doc));
}

/**
 * How long the HTML (documentHtml) of the document made of `updates` is, rendered on a copy of its
 * own: rendering deletes elements the schema has no place for, which must never happen to a live
 * document behind the back of its stored rows. A blank document (saved as '') counts its empty
 * blocks' tags instead, since one visible character brings them all into the HTML.
 */
export function documentHtmlLength(updates: Uint8Array[]): number {
  const doc = new Y.Doc();
  try {
    for (const update of updates) Y.applyUpdate(doc, update);
    const rendered = renderedHtml(doc);
    return sanitizeRichText(rendered).length || rendered.length;
  } finally {
    doc.destroy();
  }
}

/** What one character of text becomes in HTML, where that is longer than itself. */
const ESCAPED_LENGTH: Record<string, number> = { '&': 5, '<': 4, '>': 4, '\u00a0': 6 };
const ESCAPED = /[&<>\u00a0]/g;

/**
 * An upper bound of how much an update can lengthen a document's HTML, and a lower bound when it
 * only adds text, from the update alone (decoding one keystroke's update takes a few microseconds).
 * Per struct, generously:
 * - text: its characters as escaped (`&` → `&amp;`, `<` → `&lt;`, a no-break space → `&nbsp;`),
 *   plus 16 for a run of formatting it may split (closing and reopening a mark, `</em>…<em>`);
 * - a formatting boundary: 64 plus its attributes (a mark's opening and closing tags; a link's are
 *   about 60 characters with its pinned `target` and `rel`, plus the href carried in the value);
 * - an element (paragraph, list item, code block, line break …) or any other content: 64 plus its
 *   attributes (the longest pair of tags, `<pre><code class="language-…"></code></pre>`, is 43);
 * - deletions: 32 in all. Deleting text, a block or a mark only shortens the HTML, but a deleted
 *   formatting boundary can extend a mark over text that has others and re-nest a few tags.
 * Not bounded: a mark applied over a stretch already split into many differently formatted runs
 * (each run gets its own tags). Such a change is rare and the next measure counts it; an HTML
 * that got over the limit that way can only shrink, and its revisions say so (documents.ts).
 */
export function htmlGrowthBounds(update: Uint8Array): { atMost: number; atLeast: number } {
  const { structs, ds } = Y.decodeUpdate(update);
  let atMost = ds.clients.size ? 32 : 0;
  let atLeast = 0;
  let onlyText = ds.clients.size === 0;
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const content = struct.content;
    if (content instanceof Y.ContentString) {
      atMost += escapedLength(content.str) + 16;
      atLeast += content.str.length;
      continue;
    }
    onlyText = false;
    if (content instanceof Y.ContentDeleted) continue;
    if (content instanceof Y.ContentFormat) atMost += 64 + content.key.length + jsonLength(content.value);
    else if (content instanceof Y.ContentType) atMost += 64;
    else atMost += 64 + jsonLength(content.getContent());
  }
  // Text typed into a valid paragraph lengthens the HTML by at least its characters (text into an
  // element the schema drops shows nowhere: refusing it loses nothing).
  return { atMost, atLeast: onlyText ? atLeast : 0 };
}

/**
 * An upper bound of a document's HTML length (documentHtml) from its structure alone, without
 * rendering: every run of text as escaped, plus per run 64 and the JSON of each of its marks (their
 * tags), plus per element 64 and the JSON of its attributes, with the same allowances as
 * htmlGrowthBounds. A walk over the runs takes well under a millisecond for a 50,000-character
 * text, where rendering takes a hundred or more, and for plain paragraphs it is within a few dozen
 * characters a paragraph of the real length: fitsHtml renders only when this bound is near the limit.
 */
export function htmlLengthUpperBound(doc: Y.Doc): number {
  return nodeLengthBound(doc.getXmlFragment(YJS_FRAGMENT));
}

function nodeLengthBound(node: Y.XmlFragment | Y.XmlElement | Y.XmlText | Y.XmlHook): number {
  if (node instanceof Y.XmlText) {
    let n = 0;
    for (const run of node.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
      n += typeof run.insert === 'string' ? escapedLength(run.insert) : 64 + jsonLength(run.insert);
      for (const [mark, value] of Object.entries(run.attributes ?? {})) n += 64 + mark.length + jsonLength(value);
    }
    return n;
  }
  if (node instanceof Y.XmlHook) return 64 + jsonLength(node.toJSON());
  let n = node instanceof Y.XmlElement ? 64 + jsonLength(node.getAttributes()) : 0;
  for (const child of node.toArray()) n += nodeLengthBound(child);
  return n;
}

function escapedLength(text: string): number {
  let n = text.length;
  for (const m of text.matchAll(ESCAPED)) n += ESCAPED_LENGTH[m[0]] - 1;
  return n;
}

function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return 0;
  }
}

/**
 * What a revision is rendered from (RevisionTracker): the document made of `parts` (a stored state
 * and the updates since, in order), as the HTML of its field and as one update holding its state
 * again, garbage collected, to start the next revision from.
 */
export function renderParts(parts: Uint8Array[]): { html: string; state: Uint8Array } {
  const doc = new Y.Doc();
  try {
    for (const part of parts) Y.applyUpdate(doc, part);
    return { html: documentHtml(doc), state: Y.encodeStateAsUpdate(doc) };
  } finally {
    doc.destroy();
  }
}
