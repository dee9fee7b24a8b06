import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { z } from 'zod';

/** One client's entry in a y-protocols awareness update; `state` is its JSON text ("null" when gone). */
export type AwarenessEntry = { clientId: number; clock: number; state: string };

/** The entries of an awareness update, or null when it is not one. */
export function decodeAwareness(update: Uint8Array): AwarenessEntry[] | null {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > 1000) return null;
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      entries.push({ clientId, clock, state });
    }
    if (decoding.hasContent(decoder)) return null;
    return entries;
  } catch {
    return null;
  }
}

/** An awareness update carrying these entries. */
export function encodeAwareness(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return encoding.toUint8Array(encoder);
}

const stateSchema = z.union([z.null(), z.record(z.string(), z.unknown())]);

/**
 * A client's awareness state with `user` set to who the server knows them to be, so nobody's caret
 * can carry another person's name. Null when the state is not a JSON object or null.
 */
export function stampUser(state: string, user: { id: string; name: string; color: string }): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(state);
  } catch {
    return null;
  }
  const result = stateSchema.safeParse(parsed);
  if (!result.success) return null;
  if (result.data === null) return 'null';
  return JSON.stringify({ ...result.data, user });
}
