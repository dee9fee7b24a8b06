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
