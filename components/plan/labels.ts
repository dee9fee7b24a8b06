import type { ActionStatus, PlanStatus, Rag, ReviewKind, ReviewStatus } from '@/db/schema';
import type { BadgeTone } from '@/components/ui/Badge';

export const planStatusLabel: Record<PlanStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  awaiting_approval: 'Awaiting board approval',
  ratified: 'Ratified',
  archived: 'Archived',
};

export const planStatusTone: Record<PlanStatus, BadgeTone> = {
  draft: 'neutral',
  in_review: 'info',
  awaiting_approval: 'warning',
  ratified: 'success',
  archived: 'muted',
};

export const actionStatusLabel: Record<ActionStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  blocked: 'Blocked',
};

export const actionStatusTone: Record<ActionStatus, BadgeTone> = {
  not_started: 'neutral',
  in_progress: 'info',
  done: 'success',
  blocked: 'danger',
};

export const ragLabel: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green' };

export const ragTone: Record<Rag, BadgeTone> = { red: 'danger', amber: 'warning', green: 'success' };

export const reviewKindLabel: Record<ReviewKind, string> = {
  head_teachers: 'Head teachers’ review',
  jcc: 'Joint Collaboration Committee review',
};

export const reviewStatusLabel: Record<ReviewStatus, string> = {
  open: 'Open for signatures',
  complete: 'Signed',
  historical: 'Imported from the document',
};

export const reviewStatusTone: Record<ReviewStatus, BadgeTone> = {
  open: 'info',
  complete: 'success',
  historical: 'muted',
};

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** "14 Nov 2017, 10:32" in UK time, or null when the value is missing or not a date. */
export function formatDateTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : dateTimeFormat.format(d);
}

/** "14 Nov 2017" in UK time, or null when the value is missing or not a date. */
export function formatDate(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : dateFormat.format(d);
}
