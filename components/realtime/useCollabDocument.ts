'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import type { CollabEntry, CollabStatus } from './collab-docs';
import { useRealtime } from './RealtimeProvider';

const NOT_OPEN: CollabStatus = { loaded: false, synced: false, canEdit: false, pending: 0, error: null };
const noSubscription = () => () => {};
const notOpen = () => NOT_OPEN;

/**
 * The co-edited document `name` (e.g. `strand:<id>:keyObjective`) over the page's socket, and how
 * it stands. The document stays open while the component is mounted.
 */
export function useCollabDocument(name: string): { entry: CollabEntry | null; status: CollabStatus } {
  const { docs } = useRealtime();
  const [entry, setEntry] = useState<CollabEntry | null>(null);
  useEffect(() => {
    if (!docs) return;
    setEntry(docs.acquire(name));
    return () => {
      docs.release(name);
      setEntry(null);
    };
  }, [docs, name]);
  const status = useSyncExternalStore(entry?.subscribe ?? noSubscription, entry?.getStatus ?? notOpen, notOpen);
  return { entry, status };
}
