import type { BoardDecision, RecommendationStatus } from '@/db/schema';
import type { BadgeTone } from '@/components/ui/Badge';

export const boardDecisionLabel: Record<BoardDecision | 'pending', string> = {
  approved: 'Approved',
  rejected: 'Rejected',
  deferred: 'Deferred',
  pending: 'Decision pending',
};

export const boardDecisionTone: Record<BoardDecision | 'pending', BadgeTone> = {
  approved: 'success',
  rejected: 'danger',
  deferred: 'warning',
  pending: 'neutral',
};

export const recommendationStatusLabel: Record<RecommendationStatus, string> = {
  pending: 'Waiting for the boards',
  authorised: 'Authorised',
  rejected: 'Rejected',
};

export const recommendationStatusTone: Record<RecommendationStatus, BadgeTone> = {
  pending: 'info',
  authorised: 'success',
  rejected: 'danger',
};

/** Today's date in UK time as `YYYY-MM-DD`, for date fields. */
export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
