'use client';

import { type HistoryScope, usePlanEditor } from './context';
import { ControlButton } from './ControlButton';

/** "History" for the plan, a strand or an action; shown only to people who may read the history. */
export function HistoryButton({ id, scope, what }: { id: string; scope: HistoryScope; what: string }) {
  const { permissions, openHistory } = usePlanEditor();
  if (!permissions.readHistory) return null;
  return <ControlButton id={id} label="History" hidden={`of ${what}`} testId="history-button" onClick={() => openHistory(scope, id)} />;
}
