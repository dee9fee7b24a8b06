import { EventEmitter } from 'node:events';
import type { AuditEvent } from '@/db/schema';

/** A committed change, as the realtime layer relays it: the audit event's own names and ids. */
export type CommittedChange = Pick<
  AuditEvent,
  'id' | 'partnershipId' | 'planId' | 'strandId' | 'entityType' | 'entityId' | 'verb' | 'actorUserId' | 'actorName' | 'createdAt'
>;

// Route handlers run in Next's bundle and socket.io in server.ts: one emitter on globalThis joins them.
const key = Symbol.for('jointplan.change-bus');
type GlobalWithBus = typeof globalThis & { [key]?: EventEmitter };
function bus(): EventEmitter {
  const g = globalThis as GlobalWithBus;
  g[key] ??= new EventEmitter().setMaxListeners(100);
  return g[key];
}

/** Announces changes that have been committed. Never call inside a transaction. */
export function publishCommitted(changes: CommittedChange[]): void {
  if (changes.length) bus().emit('committed', changes);
}

/** Listens for committed changes; returns the function that stops listening. */
export function onCommitted(listener: (changes: CommittedChange[]) => void): () => void {
  bus().on('committed', listener);
  return () => bus().off('committed', listener);
}

/** Announces that a person's sessions were ended (sessionVersion moved on, account disabled): their sockets close at once. */
export function announceSessionsEnded(userId: string): void {
  bus().emit('sessions-ended', userId);
}

/** Listens for ended sessions; returns the function that stops listening. */
export function onSessionsEnded(listener: (userId: string) => void): () => void {
  bus().on('sessions-ended', listener);
  return () => bus().off('sessions-ended', listener);
}

/** Saves a live document's pending text and holds its changes; resolves with the function that lets them through again. */
export type DocumentHold = (name: string) => Promise<() => void>;
const holdsKey = Symbol.for('jointplan.document-holds');
type GlobalWithHolds = typeof globalThis & { [holdsKey]?: Set<DocumentHold> };
function holds(): Set<DocumentHold> {
  const g = globalThis as GlobalWithHolds;
  g[holdsKey] ??= new Set();
  return g[holdsKey];
}

/** The realtime layer registers how it holds a live document; returns the function that unregisters it. */
export function onDocumentHold(hold: DocumentHold): () => void {
  holds().add(hold);
  return () => holds().delete(hold);
}

/**
 * Runs `commit` (a command that closes a co-edited field, e.g. the signature that completes a review
 * closes its minutes) once the live document `name` has saved every pending revision, with changes
 * to it held until `commit` finishes: what the field's row holds afterwards is what was typed.
 * Without a realtime layer in this process, just runs `commit`.
 */
export async function withDocumentSettled<T>(name: string, commit: () => Promise<T>): Promise<T> {
  const releases: (() => void)[] = [];
  try {
    for (const hold of holds()) releases.push(await hold(name));
    return await commit();
  } finally {
    for (const release of releases) release();
  }
}
