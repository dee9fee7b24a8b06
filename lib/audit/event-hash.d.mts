import type { AuditValue } from '@/db/schema';

/** JSON with object keys sorted at every depth: the same content always gives the same text. */
export function canonicalJson(value: AuditValue | undefined): string;

/** An event's hashed content, `createdAt` as its ISO string. */
export type EventContent = {
  partnershipId: string;
  seq: number;
  planId: string | null;
  strandId: string | null;
  entityType: string;
  entityId: string;
  verb: string;
  actorUserId: string | null;
  actorName: string;
  actorEmail: string | null;
  actorRole: string | null;
  actorSchool: string | null;
  ip: string | null;
  userAgent: string | null;
  changes: AuditValue;
  data: AuditValue;
  createdAt: string;
};

/** canonicalJson(content), with the key order worked out once. */
export function eventContentJson(content: EventContent): string;

/** SHA-256 hex of prevHash, a newline and the canonical content. */
export function hashEventContent(prevHash: string, content: EventContent): string;

export const PACKED_LENGTH: number;

export type BrokenLinkReason = 'hash mismatch' | 'prev hash mismatch' | 'missing seq';

/** The outcome of checking one page of packed rows (see checkPage in event-hash.mjs). */
export type PageCheck = {
  count: number;
  first: { seq: number; id: string; prevHash: string } | null;
  lastHash: string | null;
  broken: { index: number; seq: number; eventId: string; reason: BrokenLinkReason } | null;
};

export function checkPage(pageJson: string | null): PageCheck;
