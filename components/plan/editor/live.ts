'use client';

import { useEffect, useState } from 'react';
import { useRealtime } from '@/components/realtime/RealtimeProvider';
import { usePlanEditor } from './context';

export type ChangedUnderneath<T> = {
  /** The entity as it now stands, when someone else changed what this form shows; else null. */
  theirs: T | null;
  /** Who changed it, when the page saw the change arrive. */
  by: string | null;
  /** The version a save should send: the fresh one once the change has been shown (or touched nothing here). */
  version: (fallback: number) => number;
};

/**
 * Notices that the entity an open form was opened on has moved on underneath it (the page
 * refreshes after every committed change), so the form can show their value beside the user's
 * kept draft instead of silently overwriting it. `sameShown` compares only what the form edits:
 * a newer version that changed none of it (say, a co-edited text of the same strand) is adopted
 * quietly, so saving does not run into a needless conflict.
 */
export function useChangedUnderneath<T extends { version: number }>({
  entityId,
  fresh,
  sameShown,
  busy,
  what,
}: {
  entityId: string | null;
  /** The entity in the page's latest data (null for a new item, or one that is gone). */
  fresh: T | null;
  sameShown: (opened: T, fresh: T) => boolean;
  /** While the form's own save is on its way, its own change is not "someone else's". */
  busy: boolean;
  /** What to call it when announcing the change: "this action". */
  what: string;
}): ChangedUnderneath<T> {
  const { me, recentChanges } = useRealtime();
  const { announce } = usePlanEditor();
  const [opened] = useState(fresh);

  let result: ChangedUnderneath<T> = { theirs: null, by: null, version: (fallback) => fallback };
  if (opened && fresh && entityId && fresh.version > opened.version) {
    const last = recentChanges.get(entityId);
    const mine = Boolean(last && me && last.actor.userId === me.userId);
    if (sameShown(opened, fresh)) {
      result = { theirs: null, by: null, version: (fallback) => Math.max(fallback, fresh.version) };
    } else if (!mine && !busy) {
      result = { theirs: fresh, by: last?.actor.name ?? null, version: (fallback) => Math.max(fallback, fresh.version) };
    }
  }

  const shownVersion = result.theirs?.version ?? null;
  const by = result.by;
  useEffect(() => {
    if (shownVersion === null) return;
    announce(`${by ?? 'Someone else'} changed ${what} while you were editing it. Their version is shown above your draft, which is kept.`);
  }, [shownVersion, by, what, announce]);

  return result;
}
