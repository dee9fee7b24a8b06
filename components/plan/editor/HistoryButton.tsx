'use client';

import { Button } from '@/components/ui/Button';
import { VisuallyHidden } from '@/components/ui/VisuallyHidden';
import { type HistoryScope, usePlanEditor } from './context';

/** "History" for the plan, a strand or an action; shown only to people who may read the history. */
export function HistoryButton({ id, scope, what }: { id: string; scope: HistoryScope; what: string }) {
  const { permissions, openHistory } = usePlanEditor();
  if (!permissions.readHistory) return null;
  return (
    <Button
      id={id}
      variant="quiet"
      size="small"
      className="editor-controls__button"
      data-testid="history-button"
      onClick={() => openHistory(scope, id)}
    >
      History<VisuallyHidden> of {what}</VisuallyHidden>
    </Button>
  );
}
