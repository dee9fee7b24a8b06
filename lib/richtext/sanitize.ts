import type { JSONContent } from '@tiptap/core';
import { generateHTML, generateJSON } from '@tiptap/html/server';
import { richTextExtensions } from './extensions';

/** Whether a document holds anything a reader would see (text or a rule), not just empty blocks. */
function hasVisibleContent(node: JSONContent): boolean {
  if (node.type === 'text') return (node.text ?? '').trim() !== '';
  if (node.type === 'horizontalRule') return true;
  return (node.content ?? []).some(hasVisibleContent);
}

/**
 * Elements whose content is never prose: the schema already refuses the elements themselves, and
 * removing them whole keeps their fallback or vector text from turning up as stray words.
 */
const FOREIGN_ELEMENTS = /<(script|style|iframe|frame|frameset|object|embed|svg|math|template|noscript|textarea|select)\b[\s\S]*?<\/\1\s*>/gi;

function toDocument(html: string): JSONContent {
  return generateJSON(html.replace(FOREIGN_ELEMENTS, ' '), richTextExtensions) as JSONContent;
}

/** Rewrites HTML into what the plan editor can represent, dropping everything else; blank input gives ''. */
export function sanitizeRichText(html: string): string {
  // Parsing through the editor's own schema, rather than filtering tags, means scripts, handlers,
  // styles, frames and unsafe links are gone because the editor has no place to keep them.
  if (!html || html.trim() === '') return '';
  const doc = toDocument(html);
  if (!hasVisibleContent(doc)) return '';
  return generateHTML(doc, richTextExtensions);
}

const BLOCK_TYPES = new Set(['paragraph', 'heading', 'blockquote', 'listItem', 'codeBlock', 'horizontalRule']);

function collectText(node: JSONContent, out: string[]): void {
  if (node.type === 'text') {
    out.push(node.text ?? '');
    return;
  }
  if (node.type === 'hardBreak') {
    out.push('\n');
    return;
  }
  for (const child of node.content ?? []) collectText(child, out);
  if (node.type && BLOCK_TYPES.has(node.type)) out.push('\n');
}

/** The text a reader sees in rich text, one line per block, as the editor's schema reads it. */
export function richTextToPlainText(html: string): string {
  if (!html || html.trim() === '') return '';
  // Without tags or entities the schema would only collapse whitespace: skip the costly parse.
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, ' ').trim();
  const out: string[] = [];
  collectText(toDocument(html), out);
  return out
    .join('')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}
