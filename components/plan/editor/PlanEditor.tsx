'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import { HistoryPanel } from '@/components/history/HistoryPanel';
import { PresenceBar } from '@/components/realtime/Presence';
import { RealtimeProvider, useRealtime } from '@/components/realtime/RealtimeProvider';
import type { PlanChange } from '@/lib/realtime/events';
import type { PlanPageData, PlanPermissions } from '@/lib/presenters/types';
import { PlanDocument } from '../PlanDocument';
import { byPosition } from '../parts/order';
import { ReviewsSection } from '../parts/Reviews';
import { StrandsSection } from '../parts/StrandsTable';
import { type HistoryScope, PlanEditorContext, type PlanEditorContextValue } from './context';
import { ObjectivesEditor } from './ObjectivesEditor';
import { PlanGovernance } from './PlanGovernance';
import { PlanHeaderEditor } from './PlanHeaderEditor';
import { AddStrandForm } from './StrandForms';
import { StrandRowEditor } from './StrandRowEditor';

/** Whether the page offers this person any control at all; if not they get the plain document. */
function offersAnyControl(p: PlanPermissions): boolean {
  return (
    p.update ||
    p.createImpact ||
    p.readHistory ||
    Object.values(p.strands).some((s) => s.update || s.createAction) ||
    Object.values(p.actions).some((a) => a.update || a.delete) ||
    Object.values(p.impact).some((i) => i.update)
  );
}

/** Focuses `element`, making a heading or other static element focusable by script first. */
function focusElement(element: HTMLElement) {
  element.focus();
  if (document.activeElement !== element) {
    element.setAttribute('tabindex', '-1');
    element.focus();
  }
}

/** Whether a committed change shows in the history panel opened on `scope`. */
function concerns(change: PlanChange, scope: HistoryScope): boolean {
  if (scope.entityType === 'plan') return true;
  if (scope.entityType === 'strand') return change.strandId === scope.entityId || change.entityId === scope.entityId;
  return change.entityId === scope.entityId;
}

/** An open history panel is reloaded at most this often while changes keep arriving. */
const HISTORY_RELOAD_MS = 1000;

/**
 * The plan page: live (presence, committed changes, co-editing; components/realtime) around the
 * plan laid out exactly like PlanDocument (and printing like it), with editing in place wherever
 * `data.permissions` (computed by the server's own policies) allows. Someone with no rights at
 * all sees PlanDocument itself.
 */
export function PlanEditor({ data, lastChangeId }: { data: PlanPageData; lastChangeId: string | null }) {
  return (
    <RealtimeProvider planId={data.plan.id} lastChangeId={lastChangeId}>
      <LivePlanEditor data={data} />
    </RealtimeProvider>
  );
}

function LivePlanEditor({ data }: { data: PlanPageData }) {
  const { plan, permissions, people, governance } = data;
  const { onPlanChange } = useRealtime();
  const idBase = `plan-${plan.id}`;
  const [status, setStatus] = useState<{ id: number; text: string } | null>(null);
  const [focusRequest, setFocusRequest] = useState<string[] | null>(null);
  const [history, setHistory] = useState<{ scope: HistoryScope; openerId: string } | null>(null);

  const announce = useCallback((text: string) => setStatus((prev) => ({ id: (prev?.id ?? 0) + 1, text })), []);
  const requestFocus = useCallback((...elementIds: string[]) => setFocusRequest(elementIds), []);
  const openHistory = useCallback((scope: HistoryScope, openerId: string) => setHistory({ scope, openerId }), []);
  // The open panel reloads (keeping its filters) after changes it shows.
  const [historyLoad, setHistoryLoad] = useState(0);
  const historyScope = history?.scope ?? null;
  useEffect(() => {
    if (!historyScope) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = onPlanChange((change) => {
      if (!concerns(change, historyScope) || timer) return;
      timer = setTimeout(() => {
        timer = null;
        setHistoryLoad((n) => n + 1);
      }, HISTORY_RELOAD_MS);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [historyScope, onPlanChange]);

  // Runs after the render that carries the request: for a save, the one with the refreshed plan.
  useEffect(() => {
    if (!focusRequest) return;
    setFocusRequest(null);
    for (const elementId of focusRequest) {
      const element = document.getElementById(elementId);
      if (element && !element.matches(':disabled')) {
        focusElement(element);
        return;
      }
    }
  }, [focusRequest]);

  // "Saved." stays on screen a few seconds; a new message replaces it and is announced again.
  useEffect(() => {
    if (!status) return;
    const timer = window.setTimeout(() => setStatus((current) => (current?.id === status.id ? { id: status.id, text: '' } : current)), 6000);
    return () => window.clearTimeout(timer);
  }, [status]);

  const schoolNames = useMemo(() => new Map(plan.schools.map((s) => [s.shortCode, s.name])), [plan.schools]);
  const context = useMemo<PlanEditorContextValue>(
    () => ({ plan, permissions, people, governance, schoolNames, announce, requestFocus, openHistory }),
    [plan, permissions, people, governance, schoolNames, announce, requestFocus, openHistory],
  );

  const tableId = `${idBase}-table`;
  const addStrandId = `${idBase}-add-strand`;

  return (
    <PlanEditorContext.Provider value={context}>
      <PresenceBar />
      {offersAnyControl(permissions) ? (
        <article className="plan-document plan-editor" aria-labelledby={`${idBase}-title`}>
          <PlanHeaderEditor idBase={idBase} />
          <PlanGovernance idBase={idBase} />
          <ObjectivesEditor idBase={idBase} />

          <StrandsSection
            idBase={idBase}
            impactAsOf={plan.impactAsOf}
            strands={byPosition(plan.strands)}
            regionId={tableId}
            renderStrand={(strand, index, strands) => (
              <StrandRowEditor
                strand={strand}
                previous={strands[index - 1] ?? null}
                next={strands[index + 1] ?? null}
                fallbackFocusIds={[`${addStrandId}-title`, tableId]}
              />
            )}
          >
            {permissions.update ? <AddStrandForm formId={addStrandId} /> : null}
          </StrandsSection>

          <ReviewsSection idBase={idBase} reviews={plan.reviews} />
        </article>
      ) : (
        <PlanDocument plan={plan} afterHeader={<PlanGovernance idBase={idBase} />} />
      )}
      <div className="plan-editor__status no-print" role="status" aria-live="polite">
        {status && status.text ? <span key={status.id}>{status.text}</span> : null}
      </div>
      {history ? (
        <HistoryPanel
          reloadSignal={historyLoad}
          planId={plan.id}
          scope={history.scope}
          onClose={() => {
            const { openerId } = history;
            setHistory(null);
            requestFocus(openerId);
          }}
        />
      ) : null}
    </PlanEditorContext.Provider>
  );
}
