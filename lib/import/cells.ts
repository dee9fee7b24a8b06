import { BULLET_CHARS, hasText, type ItemRules, type ListItem, splitListItems } from './items';

/**
 * Reading one table cell. The cells hold HTML from a Word conversion in which lists were opened
 * (`<ul style="list-style-type: none">`) but never closed and never given `<li>`s, so a `<p>` in the
 * middle of a list (a term heading such as "Autumn 2017", or an action of its own) interrupts the
 * list, and the list's text simply resumes after it.
 */

/** A block of a cell: a paragraph, or a list already cut into items. */
export type CellBlock = { kind: 'paragraph'; html: string } | { kind: 'list'; items: ListItem[] };

const TOKEN = /(<!--[\s\S]*?-->|<\/?[a-zA-Z][^>]*>)/;
const LEADING_LIST_MARK = new RegExp(`^\\s*(?:[${BULLET_CHARS}]|-\\s)`);
const ANY_BULLET = new RegExp(`[${BULLET_CHARS}]`);

function tagName(tag: string): { name: string; closing: boolean } {
  const match = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)/.exec(tag);
  if (!match) return { name: '', closing: false };
  return { name: match[2].toLowerCase(), closing: match[1] === '/' };
}

/** Splits a cell's HTML into paragraphs and lists, repairing the converter's unclosed lists. */
export function readCell(html: string, rules: ItemRules): CellBlock[] {
  const blocks: CellBlock[] = [];
  let listDepth = 0;
  let listUsesLi = false;
  let inParagraph = false;
  let paragraph = '';
  let list = '';
  let loose = '';

  const flushParagraph = () => {
    // A paragraph holding bullets is a list that lost its list markup.
    if (hasText(paragraph) && ANY_BULLET.test(paragraph)) {
      const items = splitListItems(paragraph, rules);
      if (items.length > 0) blocks.push({ kind: 'list', items });
    } else if (hasText(paragraph)) {
      blocks.push({ kind: 'paragraph', html: paragraph.trim() });
    }
    paragraph = '';
    inParagraph = false;
  };
  const flushList = () => {
    if (hasText(list)) {
      const items = splitListItems(list, rules);
      if (items.length > 0) blocks.push({ kind: 'list', items });
    }
    list = '';
  };
  const flushLoose = () => {
    if (hasText(loose)) {
      // Text outside any tag is a list when it carries list marks, else a paragraph.
      if (LEADING_LIST_MARK.test(loose) || ANY_BULLET.test(loose)) {
        const items = splitListItems(loose, rules);
        if (items.length > 0) blocks.push({ kind: 'list', items });
      } else {
        blocks.push({ kind: 'paragraph', html: loose.trim() });
      }
    }
    loose = '';
  };
  const append = (piece: string) => {
    if (inParagraph) paragraph += piece;
    else if (listDepth > 0) list += piece;
    else loose += piece;
  };

  for (const piece of html.split(TOKEN)) {
    if (piece === '') continue;
    if (!piece.startsWith('<') || !TOKEN.test(piece)) {
      append(piece);
      continue;
    }
    const { name, closing } = tagName(piece);
    if (name === 'p' || name === 'div' || /^h[1-6]$/.test(name)) {
      // Inside a well-formed list a paragraph is just the item's content.
      if (listDepth > 0 && listUsesLi) {
        list += ' ';
        continue;
      }
      if (closing) {
        if (inParagraph) flushParagraph();
        continue;
      }
      if (inParagraph) flushParagraph();
      flushLoose();
      flushList();
      inParagraph = true;
      continue;
    }
    if (name === 'ul' || name === 'ol') {
      if (closing) {
        listDepth = Math.max(0, listDepth - 1);
        if (listDepth === 0) flushList();
        continue;
      }
      if (inParagraph) flushParagraph();
      flushLoose();
      if (listDepth === 0) listUsesLi = false;
      listDepth += 1;
      continue;
    }
    if (name === 'li') {
      if (inParagraph) flushParagraph();
      if (listDepth === 0) {
        flushLoose();
        listDepth = 1;
        listUsesLi = false;
      }
      // A real list item is as good as a bullet: mark it as one and let the bullet rules cut there.
      if (!closing) {
        listUsesLi = true;
        list += ' • ';
      } else {
        list += ' ';
      }
      continue;
    }
    if (name === 'br') {
      if (listDepth > 0 && !inParagraph) list += ' • ';
      else append(piece);
      continue;
    }
    append(piece);
  }
  if (inParagraph) flushParagraph();
  flushLoose();
  flushList();
  return blocks;
}

/** The cell as well-formed HTML: paragraphs as `<p>`, lists as `<ul><li>` with dash lists nested. Not yet sanitized. */
export function cellToHtml(blocks: CellBlock[]): string {
  return blocks
    .map((block) => {
      if (block.kind === 'paragraph') return `<p>${block.html}</p>`;
      const items = block.items.map((item) => {
        const subs = item.subItems.length
          ? `<ul>${item.subItems.map((sub) => `<li><p>${sub}</p></li>`).join('')}</ul>`
          : '';
        return `<li><p>${item.html}</p>${subs}</li>`;
      });
      return `<ul>${items.join('')}</ul>`;
    })
    .join('');
}
