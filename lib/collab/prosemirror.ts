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

/** The sanitized HTML a document's text stands for, as stored in the field's SQL column. */
export function documentHtml(doc: Y.Doc): string {
  const node = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(YJS_FRAGMENT), richTextSchema());
  const json: JSONContent = node.toJSON();
  return sanitizeRichText(generateHTML(json, richTextExtensions));
}

/** The HTML of a document given as one Yjs update. */
export function updateHtml(update: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const html = documentHtml(doc);
  doc.destroy();
  return html;
}
