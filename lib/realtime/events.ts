import { fromBase64, toBase64 } from 'lib0/buffer';
import { z } from 'zod';
import type { AuditVerb, EntityType } from '@/lib/audit/verbs';

// The socket.io protocol of jointplan (docs/realtime.md). This module is shared by the server and
// the browser: zod schemas and types only, nothing that reaches the database.

/** Error codes a realtime acknowledgement may carry. */
export const realtimeErrorCodes = [
  'bad_request',
  'payload_too_large',
  'document_too_large',
  'rate_limited',
  'not_found',
  'forbidden',
  'not_synced',
  'unavailable',
  'internal',
] as const;
export type RealtimeErrorCode = (typeof realtimeErrorCodes)[number];

export type RealtimeError = { code: RealtimeErrorCode; message: string; retryAfterMs?: number };
export type AckFailure = { ok: false; error: RealtimeError };
/** What every client event is acknowledged with. */
export type AckResult<T extends object = Record<never, never>> = ({ ok: true } & T) | AckFailure;
export type Ack<T extends object = Record<never, never>> = (result: AckResult<T>) => void;

/**
 * Largest payload each event accepts, in bytes (binary lengths plus string lengths). Updates travel
 * as base64 text, a third longer than their bytes: `doc.update` takes a 512 KiB update, `doc.awareness`
 * a 16 KiB one.
 */
export const EVENT_MAX_BYTES = {
  'plan.join': 1024,
  'plan.leave': 1024,
  'presence.update': 2048,
  'doc.sync': 44 * 1024,
  'doc.update': 700 * 1024,
  'doc.awareness': 22 * 1024,
  'doc.leave': 1024,
} as const;
export type ClientEventName = keyof typeof EVENT_MAX_BYTES;

const uuid = z.string().uuid();
/** Binary data as a socket.io attachment: a Buffer/Uint8Array in Node, an ArrayBuffer or Uint8Array from a browser. */
export const bytes = z
  .union([z.instanceof(Uint8Array), z.instanceof(ArrayBuffer)])
  .transform((b) => (b instanceof Uint8Array ? b : new Uint8Array(b)));
/**
 * A Yjs or awareness update from a client: base64 text (what the app sends: the whole message is then
 * one WebSocket frame, where socket.io sends a binary attachment as a second frame), or binary.
 */
export const wireBytes = z.union([z.base64('Must be base64 or binary data.').transform((s) => fromBase64(s)), bytes]);
/** Binary data as received: a Buffer (Uint8Array) in Node, an ArrayBuffer in browsers. */
export type Binary = Uint8Array | ArrayBuffer;
/** An update as the server relays it (`doc.update`, `doc.awareness`): base64 text. */
export type WireUpdate = string;

/** Binary data as a Uint8Array, however it arrived: an attachment, or base64 text. */
export function toBytes(data: Binary | string): Uint8Array {
  if (typeof data === 'string') return fromBase64(data);
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/** An update as it goes on the wire (docs/realtime.md): base64 text, so a message is one frame. */
export function toWire(update: Uint8Array): WireUpdate {
  return toBase64(update);
}

/** A co-edited document's name, e.g. `strand:<uuid>:keyObjective` (lib/collab/names.ts). */
export const documentName = z.string().min(3).max(200);

/** Where in the plan a person is working: a strand and a field of it (`keyObjective`, `action:<id>` …). */
export const focusSchema = z
  .object({
    strandId: uuid,
    field: z
      .string()
      .max(80)
      .regex(/^[A-Za-z][A-Za-z0-9:_.-]*$/),
  })
  .strict();
export type Focus = z.infer<typeof focusSchema>;

export const clientEventSchemas = {
  'plan.join': z.object({ planId: uuid }).strict(),
  'plan.leave': z.object({ planId: uuid }).strict(),
  'presence.update': z
    .object({
      planId: uuid,
      focus: focusSchema.nullable().optional(),
      /** false: a report of the current focus that is not the person's own input (does not end idleness). */
      active: z.boolean().optional(),
    })
    .strict(),
  'doc.sync': z.object({ name: documentName, stateVector: wireBytes }).strict(),
  'doc.update': z.object({ name: documentName, update: wireBytes }).strict(),
  'doc.awareness': z.object({ name: documentName, update: wireBytes }).strict(),
  'doc.leave': z.object({ name: documentName }).strict(),
} satisfies { [E in ClientEventName]: z.ZodType };

export type PlanJoinInput = z.input<(typeof clientEventSchemas)['plan.join']>;
export type PresenceUpdateInput = z.input<(typeof clientEventSchemas)['presence.update']>;
export type DocNameInput = z.input<(typeof clientEventSchemas)['doc.leave']>;
export type DocSyncInput = { name: string; stateVector: Uint8Array | WireUpdate };
export type DocUpdateInput = { name: string; update: Uint8Array | WireUpdate };

/** One person in a plan, however many tabs they have open. */
export type PresencePerson = {
  userId: string;
  name: string;
  school: string | null;
  role: string | null;
  colour: string;
  focus: Focus | null;
  idle: boolean;
  /** When they last gave input on this plan, ISO 8601. */
  lastActiveAt: string;
};
export type PresenceState = { planId: string; people: PresencePerson[] };

/** A committed change, as broadcast to the plan's room: named by its audit verb. */
export type PlanChange = {
  id: string;
  planId: string;
  verb: AuditVerb;
  strandId: string | null;
  entityType: EntityType;
  entityId: string;
  actor: { userId: string | null; name: string };
  createdAt: string;
};

export type DocSyncResult = {
  /** What the client lacks (a Yjs update, V1 encoding); apply it. */
  update: Binary;
  /** The server's state vector: send back `Y.encodeStateAsUpdate(doc, stateVector)` if non-empty. */
  stateVector: Binary;
  /** The other people's carets (a y-protocols awareness update), or null. */
  awareness: Binary | null;
  /** Whether this person may send updates to the document. */
  canEdit: boolean;
};

export type SessionEndedReason = 'signed_out' | 'removed';

/** Events the client sends; each ends with an acknowledgement callback. */
export type ClientToServerEvents = {
  /** `lastChangeId`: the plan's newest committed change once this socket is in the room (lib/queries/plan-changes.ts). */
  'plan.join': (payload: PlanJoinInput, ack: Ack<{ presence: PresenceState; lastChangeId: string | null }>) => void;
  'plan.leave': (payload: PlanJoinInput, ack: Ack) => void;
  'presence.update': (payload: PresenceUpdateInput, ack: Ack) => void;
  'doc.sync': (payload: DocSyncInput, ack: Ack<DocSyncResult>) => void;
  'doc.update': (payload: DocUpdateInput, ack: Ack) => void;
  'doc.awareness': (payload: DocUpdateInput, ack: Ack) => void;
  'doc.leave': (payload: DocNameInput, ack: Ack) => void;
};

/** Events the server sends. */
export type ServerToClientEvents = {
  'session.ready': (payload: { userId: string; name: string; colour: string }) => void;
  'session.ended': (payload: { reason: SessionEndedReason; message: string }) => void;
  'presence.state': (payload: PresenceState) => void;
  'plan.change': (payload: PlanChange) => void;
  'doc.update': (payload: { name: string; update: WireUpdate }) => void;
  'doc.awareness': (payload: { name: string; update: WireUpdate }) => void;
  /** The server asks for `doc.sync` of this document again now (it lost or could not place state). */
  'doc.resync': (payload: { name: string }) => void;
};

/** Messages between server processes (through the Redis Streams adapter). */
export type InterServerEvents = {
  'collab.update': (payload: { name: string; update: Uint8Array; userId: string | null }) => void;
  'collab.awareness': (payload: { name: string; update: Uint8Array }) => void;
  'members.revalidate': (payload: { partnershipId: string | null; userId: string | null }) => void;
  /** A plan's status or a strand's lead moved: every process reads its loaded documents' write rights again. */
  'collab.refresh': (payload: { planId: string }) => void;
  /** A command is closing a document: save its pending revisions here, hold its changes, then acknowledge. */
  'collab.hold': (payload: { name: string }, ack: (held: boolean) => void) => void;
  /** The command that asked for `collab.hold` finished: let changes through again. */
  'collab.release': (payload: { name: string }) => void;
};

export const interServerSchemas = {
  'collab.update': z.object({ name: documentName, update: bytes, userId: uuid.nullable() }),
  'collab.awareness': z.object({ name: documentName, update: bytes }),
  'members.revalidate': z.object({ partnershipId: uuid.nullable(), userId: uuid.nullable() }),
  'collab.refresh': z.object({ planId: uuid }),
  'collab.hold': z.object({ name: documentName }),
  'collab.release': z.object({ name: documentName }),
};

/** How big a payload is, counting binary and string lengths; deep or cyclic input counts as too big. */
export function payloadSize(value: unknown, depth = 0): number {
  if (depth > 8) return Number.POSITIVE_INFINITY;
  if (typeof value === 'string') return value.length;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + payloadSize(v, depth + 1), 0);
  if (value && typeof value === 'object') {
    let n = 0;
    for (const [k, v] of Object.entries(value)) n += k.length + payloadSize(v, depth + 1);
    return n;
  }
  return 8;
}
