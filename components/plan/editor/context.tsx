'use client';

import { createContext, useContext } from 'react';
import type { PlanPageData } from '@/lib/presenters/types';

/** What the history panel is opened on. */
export type HistoryScope = { entityType: 'plan' | 'strand' | 'action'; entityId: string };

/** Plan-wide services every part of the editor uses. */
export type PlanEditorContextValue = PlanPageData & {
  /** Short code → school name, for the chips under actions. */
  schoolNames: ReadonlyMap<string, string>;
  /** Says `message` through the editor's polite live region ("Saved."). */
  announce: (message: string) => void;
  /**
   * Moves focus, after the next render, to the first of `elementIds` that is in the page: used to
   * put focus back on an Edit button once the refreshed plan has landed.
   */
  requestFocus: (...elementIds: string[]) => void;
  /** Opens the history panel; focus goes back to `openerId` when it closes. */
  openHistory: (scope: HistoryScope, openerId: string) => void;
};

export const PlanEditorContext = createContext<PlanEditorContextValue | null>(null);

/** The plan editor's services; only for components inside <PlanEditor>. */
export function usePlanEditor(): PlanEditorContextValue {
  const value = useContext(PlanEditorContext);
  if (!value) throw new Error('usePlanEditor is used outside <PlanEditor>.');
  return value;
}
