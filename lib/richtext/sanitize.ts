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
const FOREIGN_OPEN = /<(script|style|iframe|frame|frameset|object|embed|svg|math|template|noscript|textarea|select)\b/gi;

const VOID_FOREIGN = new Set(['embed', 'frame']);

/**
 * Removes foreign elements with their content in one pass (a backtracking regex here is quadratic
 * on unclosed tags). An unclosed one swallows the rest, as a browser would read it.
 */
export function stripForeignElements(html: string): string {
  let out = '';
  let last = 0;
  const open = new RegExp(FOREIGN_OPEN.source, 'gi');
  for (let m = open.exec(html); m; m = open.exec(html)) {
    out += html.slice(last, m.index);
    if (VOID_FOREIGN.has(m[1].toLowerCase())) {
      // No content and no closing tag: drop just the tag.
      const gt = html.indexOf('>', open.lastIndex);
      last = gt === -1 ? html.length : gt + 1;
      out += ' ';
      open.lastIndex = last;
      continue;
    }
    const close = new RegExp(`</${m[1]}\\s*>`, 'gi');
    close.lastIndex = open.lastIndex;
    const end = close.exec(html);
    if (!end) return `${out} `;
    out += ' ';
    last = end.index + end[0].length;
    open.lastIndex = last;
  }
  return out + html.slice(last);
}

function toDocument(html: string): JSONContent {
  return generateJSON(stripForeignElements(html), richTextExtensions) as JSONContent;
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
