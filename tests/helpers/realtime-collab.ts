import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { type ClientSocket, CollabSync } from '@/lib/collab/client';
import { YJS_FRAGMENT } from '@/lib/collab/names';
import { connectClient, connected, sessionCookie, until } from './realtime';

/** One person's editor of one document: a socket, a Y.Doc and the reference sync client. */
export type TestEditor = { socket: ClientSocket; doc: Y.Doc; sync: CollabSync; awareness: Awareness; close: () => void };

/** Opens a document as a person and waits for the first sync. */
export async function openEditor(url: string, user: { id: string; sessionVersion: number }, name: string): Promise<TestEditor> {
  const socket = connectClient(url, await sessionCookie(user));
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  const sync = new CollabSync({ socket, name, doc, awareness, ackTimeoutMs: 3000 });
  await connected(socket);
  await until(() => sync.synced, 10_000, `first sync of ${name}`);
  return {
    socket,
    doc,
    sync,
    awareness,
    close: () => {
      sync.destroy();
      awareness.destroy();
      socket.close();
    },
  };
}

/** The text node of the document's first paragraph (seeded documents always have one). */
export function firstText(doc: Y.Doc): Y.XmlText {
  const paragraph = doc.getXmlFragment(YJS_FRAGMENT).get(0);
  if (!(paragraph instanceof Y.XmlElement)) throw new Error('the document has no first paragraph');
  const text = paragraph.get(0);
  if (text instanceof Y.XmlText) return text;
  const created = new Y.XmlText();
  paragraph.insert(0, [created]);
  return created;
}

/** All the text of a document, paragraphs joined by newlines. */
export function plainText(doc: Y.Doc): string {
  const out: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment | Y.XmlText | Y.XmlHook) => {
    if (node instanceof Y.XmlText) out.push(node.toString().replace(/<[^>]+>/g, ''));
    else if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
      for (const child of node.toArray()) walk(child);
      if (node instanceof Y.XmlElement) out.push('\n');
    }
  };
  walk(doc.getXmlFragment(YJS_FRAGMENT));
  return out.join('');
}

/** Waits until every editor is synced with nothing unacknowledged and all hold the same document. */
export async function converged(editors: TestEditor[], timeoutMs = 15_000): Promise<string> {
  await until(
    () => {
      if (!editors.every((e) => e.sync.synced && e.sync.pendingUpdates === 0)) return false;
      const first = editors[0].doc.getXmlFragment(YJS_FRAGMENT).toString();
      return editors.every((e) => e.doc.getXmlFragment(YJS_FRAGMENT).toString() === first);
    },
    timeoutMs,
    'editors to converge',
  );
  return editors[0].doc.getXmlFragment(YJS_FRAGMENT).toString();
}

/** How many times `needle` occurs in `haystack`. */
export function occurrences(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Offsets in `text` that are not inside a `[token]`: inserting there never splits one. */
export function tokenBoundaries(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = 0; i <= text.length; i++) {
    if (depth === 0) out.push(i);
    if (text[i] === '[') depth++;
    if (text[i] === ']') depth--;
  }
  return out;
}

/**
 * Sends a change to `name` until the server refuses it as `forbidden`: write rights are read again
 * after a change is committed, so the refusal follows the commit shortly.
 */
export async function refusedEventually(socket: ClientSocket, name: string, what: string, timeoutMs = 5000): Promise<void> {
  const late = new Y.Doc();
  late.getText('x').insert(0, 'a change after the rights moved');
  await until(
    async () => {
      const result = await socket.emitWithAck('doc.update', { name, update: Y.encodeStateAsUpdate(late) });
      return !result.ok && result.error.code === 'forbidden';
    },
    timeoutMs,
    what,
  );
}
