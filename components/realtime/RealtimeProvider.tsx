'use client';

import { useRouter } from 'next/navigation';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import type { ClientSocket } from '@/lib/collab/client';
import type { Focus, PlanChange, PresencePerson, SessionEndedReason } from '@/lib/realtime/events';
import { CollabDocs } from './collab-docs';

/** How the page's live connection stands. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'ended';

/** Why the live connection stopped for good, with the words to show. */
export type Ended = { reason: SessionEndedReason | 'not_found'; message: string };

export type RealtimeValue = {
  planId: string;
  connection: ConnectionState;
  ended: Ended | null;
  /** The signed-in person, once the server has said who they are. */
  me: { userId: string; name: string; colour: string } | null;
  /** Everyone on the plan now, one entry per person, sorted by name. */
  people: PresencePerson[];
  /** The latest committed change of each entity seen on this page, by entity id. */
  recentChanges: ReadonlyMap<string, PlanChange>;
  /** Says where this person is working (a strand's field or form). */
  enterFocus: (focus: Focus) => void;
  /** Says they left `focus` (ignored if they have moved somewhere else meanwhile). */
  leaveFocus: (focus: Focus) => void;
  /** Calls `listener` with each committed change of the plan; answers the unsubscribe. */
  onPlanChange: (listener: (change: PlanChange) => void) => () => void;
  /** The page's co-edited documents, once the socket exists. */
  docs: CollabDocs | null;
};

const RealtimeContext = createContext<RealtimeValue | null>(null);

/** The live connection of the plan page; only for components inside <RealtimeProvider>. */
export function useRealtime(): RealtimeValue {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error('useRealtime is used outside <RealtimeProvider>.');
  return value;
}

/** Input is reported at most this often (docs/realtime.md: presence). */
/** How long unacknowledged edits may keep the connection after leaving the page. */
const DRAIN_ON_LEAVE_MS = 120_000;
const ACTIVITY_EVERY_MS = 20_000;
/** Focus moves are sent after this pause, so leaving one field for another is one message. */
const FOCUS_SETTLE_MS = 80;
/** A burst of committed changes refreshes the page once. */
const REFRESH_DEBOUNCE_MS = 150;
const ACK_TIMEOUT_MS = 5_000;
/** Backoff of handshakes refused as `unavailable` (the server could not check the session just now). */
const HANDSHAKE_RETRY_MS = 500;
const HANDSHAKE_RETRY_MAX_MS = 10_000;
const RECENT_CHANGES_KEPT = 200;

const ENDED_MESSAGES: Record<Ended['reason'], string> = {
  signed_out: 'Your session has ended. Sign in again to continue.',
  removed: 'You are no longer a member of this partnership.',
  not_found: 'This plan is no longer available to you.',
};

const sameFocus = (a: Focus | null, b: Focus | null) => a === b || (a !== null && b !== null && a.strandId === b.strandId && a.field === b.field);

/**
 * One socket.io connection for the plan page (same origin, session cookie): joins the plan on every
 * (re)connect, keeps presence, reports focus and input, refreshes the server-rendered plan after
 * each committed change (and after a join that finds a change this page never received: missed
 * changes are not replayed), and hosts the page's co-edited documents. socket.io-client reconnects
 * with backoff by itself. `lastChangeId` is the plan's newest change the page was rendered with
 * (lib/queries/plan-changes.ts).
 */
export function RealtimeProvider({ planId, lastChangeId, children }: { planId: string; lastChangeId: string | null; children: ReactNode }) {
  const router = useRouter();
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [ended, setEnded] = useState<Ended | null>(null);
  const [me, setMe] = useState<RealtimeValue['me']>(null);
  const [people, setPeople] = useState<PresencePerson[]>([]);
  const [recentChanges, setRecentChanges] = useState<ReadonlyMap<string, PlanChange>>(() => new Map());
  const [docs, setDocs] = useState<CollabDocs | null>(null);

  const socketRef = useRef<ClientSocket | null>(null);
  const joinedRef = useRef(false);
  const meRef = useRef<RealtimeValue['me']>(null);
  // Focus: what the page says now, and what the server was last told.
  const focusRef = useRef<Focus | null>(null);
  const sentFocusRef = useRef<Focus | null>(null);
  const focusTimerRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastInputSentRef = useRef(0);
  const listenersRef = useRef(new Set<(change: PlanChange) => void>());
  const refreshTimerRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The newest change this page has shown or been told of: the page it was rendered with, then each
  // plan.change received and each join's answer. A new plan remounts this, so it starts again.
  const seenChangeRef = useRef(lastChangeId);

  const refreshSoon = useCallback(() => {
    if (refreshTimerRef.current) clearTimeout(refreshTimerRef.current);
    refreshTimerRef.current = setTimeout(() => {
      refreshTimerRef.current = null;
      router.refresh();
    }, REFRESH_DEBOUNCE_MS);
  }, [router]);

  /** Tells the server the current focus if it has not been told yet. */
  const flushFocus = useCallback(() => {
    const socket = socketRef.current;
    if (!socket?.connected || !joinedRef.current) return;
    const focus = focusRef.current;
    if (sameFocus(focus, sentFocusRef.current)) return;
    sentFocusRef.current = focus;
    lastInputSentRef.current = Date.now();
    socket.emit('presence.update', { planId, focus }, (result) => {
      if (result.ok) return;
      // Not told after all: try again when a token is free.
      sentFocusRef.current = null;
      if (result.error.code === 'rate_limited') {
        focusTimerRef.current = setTimeout(flushFocus, result.error.retryAfterMs ?? 1000);
      }
    });
  }, [planId]);

  const scheduleFocus = useCallback(() => {
    if (focusTimerRef.current) clearTimeout(focusTimerRef.current);
    focusTimerRef.current = setTimeout(() => {
      focusTimerRef.current = null;
      flushFocus();
    }, FOCUS_SETTLE_MS);
  }, [flushFocus]);

  const enterFocus = useCallback(
    (focus: Focus) => {
      if (sameFocus(focusRef.current, focus)) return;
      focusRef.current = focus;
      scheduleFocus();
    },
    [scheduleFocus],
  );

  const leaveFocus = useCallback(
    (focus: Focus) => {
      if (!sameFocus(focusRef.current, focus)) return;
      focusRef.current = null;
      scheduleFocus();
    },
    [scheduleFocus],
  );

  const onPlanChange = useCallback((listener: (change: PlanChange) => void) => {
    listenersRef.current.add(listener);
    return () => {
      listenersRef.current.delete(listener);
    };
  }, []);

  useEffect(() => {
    const socket: ClientSocket = io({
      path: '/socket.io',
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      withCredentials: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.5,
    });
    socketRef.current = socket;
    const collabDocs = new CollabDocs(socket, () => meRef.current);
    setDocs(collabDocs);
    let connectedBefore = false;
    let stopped = false;
    let joinRetry: ReturnType<typeof setTimeout> | null = null;
    let handshakeRetry: ReturnType<typeof setTimeout> | null = null;
    let handshakeFailures = 0;

    const stop = (why: Ended) => {
      if (stopped) return;
      stopped = true;
      setEnded(why);
      setConnection('ended');
      joinedRef.current = false;
      socket.disconnect();
    };

    const join = async () => {
      joinedRef.current = false;
      let result;
      try {
        result = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('plan.join', { planId });
      } catch {
        if (socket.connected) joinRetry = setTimeout(() => void join(), 1000);
        return;
      }
      if (!result.ok) {
        if (result.error.code === 'not_found') return stop({ reason: 'not_found', message: ENDED_MESSAGES.not_found });
        if (result.error.code === 'forbidden') return stop({ reason: 'signed_out', message: ENDED_MESSAGES.signed_out });
        if (socket.connected) joinRetry = setTimeout(() => void join(), result.error.retryAfterMs ?? 1000);
        return;
      }
      joinedRef.current = true;
      // Anything committed before this socket was in the room (while the page was loading, or while
      // it was disconnected) never reached it: if the plan has moved on, fetch it again. Comparing
      // here, not refreshing on connect, also covers changes made between connecting and joining.
      const missed = result.lastChangeId !== seenChangeRef.current;
      seenChangeRef.current = result.lastChangeId;
      if (missed) refreshSoon();
      setPeople(result.presence.people);
      // A new socket has no focus on the server: say again where this person is.
      sentFocusRef.current = null;
      const focus = focusRef.current;
      if (focus) {
        sentFocusRef.current = focus;
        socket.emit('presence.update', { planId, focus, active: false }, () => {});
      }
    };

    socket.on('connect', () => {
      // Left the page with edits still being sent: reconnect for them only, not for the plan.
      if (stopped) return;
      handshakeFailures = 0;
      setConnection('connected');
      void join();
      connectedBefore = true;
    });
    socket.on('disconnect', (reason) => {
      joinedRef.current = false;
      if (stopped) return;
      // The server only closes a socket itself when the session ended (session.ended comes first).
      if (reason === 'io server disconnect') return stop({ reason: 'signed_out', message: ENDED_MESSAGES.signed_out });
      setConnection('reconnecting');
    });
    socket.on('connect_error', (error) => {
      if (stopped) return;
      if (!socket.active) {
        // Refused by the server's handshake: socket.io-client does not retry that by itself. Only
        // `unauthenticated` is final; `unavailable` (the server could not check the session just
        // now) and `too_many_connections` (this person has many tabs open) are retried here with backoff.
        if (error.message !== 'unavailable' && error.message !== 'too_many_connections') {
          return stop({ reason: 'signed_out', message: ENDED_MESSAGES.signed_out });
        }
        const delay = Math.min(HANDSHAKE_RETRY_MAX_MS, HANDSHAKE_RETRY_MS * 2 ** handshakeFailures);
        handshakeFailures++;
        if (handshakeRetry) clearTimeout(handshakeRetry);
        handshakeRetry = setTimeout(
          () => {
            handshakeRetry = null;
            if (!stopped) socket.connect();
          },
          delay * (0.5 + Math.random() * 0.5),
        );
      }
      setConnection(connectedBefore ? 'reconnecting' : 'connecting');
    });
    socket.on('session.ready', (ready) => {
      meRef.current = ready;
      setMe(ready);
    });
    socket.on('session.ended', ({ reason, message }) => stop({ reason, message: message || ENDED_MESSAGES[reason] }));
    socket.on('presence.state', (state) => {
      if (state.planId === planId) setPeople(state.people);
    });
    socket.on('plan.change', (change) => {
      if (stopped || change.planId !== planId) return;
      seenChangeRef.current = change.id;
      setRecentChanges((previous) => {
        const next = new Map(previous);
        next.delete(change.entityId);
        next.set(change.entityId, change);
        if (next.size > RECENT_CHANGES_KEPT) next.delete(next.keys().next().value ?? '');
        return next;
      });
      for (const listener of listenersRef.current) listener(change);
      refreshSoon();
    });

    // Input on the page keeps this person "active", reported at most every 20 seconds.
    const onInput = () => {
      if (!socket.connected || !joinedRef.current) return;
      const now = Date.now();
      if (now - lastInputSentRef.current < ACTIVITY_EVERY_MS) return;
      lastInputSentRef.current = now;
      socket.emit('presence.update', { planId }, () => {});
    };
    const inputEvents = ['keydown', 'pointerdown', 'wheel', 'scroll', 'touchstart'] as const;
    for (const type of inputEvents) window.addEventListener(type, onInput, { capture: true, passive: true });

    // Leaving while changes are still on their way: the browser asks first.
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (collabDocs.hasPending()) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);

    return () => {
      stopped = true;
      if (joinRetry) clearTimeout(joinRetry);
      if (handshakeRetry) clearTimeout(handshakeRetry);
      if (focusTimerRef.current) clearTimeout(focusTimerRef.current);
      if (refreshTimerRef.current) clearTimeout(refreshTimerRef.current);
      for (const type of inputEvents) window.removeEventListener(type, onInput, { capture: true });
      window.removeEventListener('beforeunload', onBeforeUnload);
      const disconnect = () => {
        if (socket.connected) socket.emit('plan.leave', { planId }, () => {});
        socket.removeAllListeners();
        socket.disconnect();
      };
      // Navigating away inside the app unmounts this without `beforeunload`: text typed but not yet
      // acknowledged is still sent (the socket stays up until it is, for up to two minutes).
      collabDocs.drainThenDestroy(disconnect, DRAIN_ON_LEAVE_MS);
      socketRef.current = null;
      joinedRef.current = false;
      setDocs(null);
    };
  }, [planId, refreshSoon]);

  const value = useMemo<RealtimeValue>(
    () => ({ planId, connection, ended, me, people, recentChanges, enterFocus, leaveFocus, onPlanChange, docs }),
    [planId, connection, ended, me, people, recentChanges, enterFocus, leaveFocus, onPlanChange, docs],
  );
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
