import { Extension, type Extensions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import type { DecorationAttrs } from '@tiptap/pm/view';
import { yCursorPlugin } from '@tiptap/y-tiptap';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { YJS_FRAGMENT } from '@/lib/collab/names';
import { richTextExtensions } from '@/lib/richtext/extensions';

/** The shared document an editor binds to, and the carets relayed with it. */
export type CollaborationBinding = { doc: Y.Doc; awareness: Awareness };

const COLOUR = /^#[0-9a-fA-F]{6}$/;
const FALLBACK_COLOUR = '#6b7280';

/** A caret's owner as the server stamped it (`{ id, name, color }`), read without trusting its shape. */
function caretOwner(user: unknown): { name: string; colour: string } {
  if (!user || typeof user !== 'object') return { name: 'Someone', colour: FALLBACK_COLOUR };
  const name = 'name' in user && typeof user.name === 'string' && user.name.trim() ? user.name.slice(0, 80) : 'Someone';
  const colour = 'color' in user && typeof user.color === 'string' && COLOUR.test(user.color) ? user.color : FALLBACK_COLOUR;
  return { name, colour };
}

/** Another person's caret: a coloured bar with their name above it (text only, never their HTML). */
function caretElement(user: unknown): HTMLElement {
  const { name, colour } = caretOwner(user);
  const caret = document.createElement('span');
  caret.className = 'collab-caret';
  caret.style.borderColor = colour;
  // The presence list already says who is here; a screen reader should not read names mid-sentence.
  caret.setAttribute('aria-hidden', 'true');
  caret.setAttribute('contenteditable', 'false');
  const label = document.createElement('span');
  label.className = 'collab-caret__label';
  label.style.backgroundColor = colour;
  label.textContent = name;
  caret.append('\u2060', label, '\u2060');
  return caret;
}

function selectionAttrs(user: unknown): DecorationAttrs {
  return { class: 'collab-selection', style: `background-color: ${caretOwner(user).colour}33` };
}

/**
 * Named, coloured carets of the others in a co-edited text, from the document's awareness
 * (tiptap's CollaborationCaret has no build for our tiptap version; this is y-tiptap's own plugin).
 */
export const CollaborationCarets = Extension.create<{ awareness: Awareness | null }>({
  name: 'collaborationCarets',
  addOptions() {
    return { awareness: null };
  },
  addProseMirrorPlugins() {
    const { awareness } = this.options;
    if (!awareness) return [];
    return [yCursorPlugin(awareness, { cursorBuilder: caretElement, selectionBuilder: selectionAttrs })];
  },
});

/**
 * The plan's rich-text schema bound to a shared Y.Doc: the same nodes and marks as everywhere
 * else, StarterKit's own undo replaced by the Collaboration extension's (which undoes only this
 * person's changes), and the others' carets.
 */
export function collaborativeExtensions({ doc, awareness }: CollaborationBinding): Extensions {
  return [
    ...richTextExtensions.map((extension) =>
      extension instanceof Extension && extension.name === 'starterKit' ? extension.configure({ undoRedo: false }) : extension,
    ),
    Collaboration.configure({ document: doc, field: YJS_FRAGMENT }),
    CollaborationCarets.configure({ awareness }),
  ];
}
