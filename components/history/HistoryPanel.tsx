'use client';

import { type CSSProperties, type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/Button';
import { FormAlert } from '@/components/ui/FormAlert';
import { formatDateTime } from '@/components/plan/labels';
import type { HistoryChangeView, HistoryEventView, HistoryPeopleView } from '@/lib/queries/history';
import { type PanelFilters, exportHref, fetchHistoryPage, fetchHistoryPeople, restoreRecordedValue } from './api';
import { type HistoryNames, describeVerb, emptyNames, fieldLabel, formatValue, restoredFromLabel, rolesLabel } from './format';

export type HistoryPanelProps = {
  planId: string;
  scope: { entityType: 'plan' | 'strand' | 'action'; entityId: string };
  onClose: () => void;
  /** Changes when the plan changed in a way this history shows: the list reloads, keeping its filters. */
  reloadSignal?: number;
};

const SCOPE_TITLES = { plan: 'History of this plan', strand: 'History of this strand', action: 'History of this action' } as const;
const NO_FILTERS = { actor: '', school: '', from: '', to: '' };
/** Values longer than this are cut short, with "Show more". */
const SHORT_VALUE = 200;

// The panel is a side sheet; the few rules it needs are inline so it brings no stylesheet along.
const styles = {
  dialog: {
    margin: '0 0 0 auto',
    width: 'min(44rem, 100vw)',
    maxWidth: '100vw',
    height: '100dvh',
    maxHeight: '100dvh',
    padding: 0,
    border: 0,
    borderLeft: '1px solid var(--color-border)',
    background: 'var(--color-surface)',
    color: 'var(--color-text)',
  },
  inner: { display: 'grid', gap: 'var(--space-4)', padding: 'var(--space-5)' },
  header: { display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: 'var(--space-3)' },
  filters: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(12rem, 1fr))',
    gap: 'var(--space-3)',
    margin: 0,
    padding: 'var(--space-3)',
    border: '1px solid var(--color-border)',
    borderRadius: 'var(--radius)',
  },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 'var(--space-3)' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 'var(--space-3)' },
  event: { padding: 'var(--space-3) var(--space-4)', border: '1px solid var(--color-border)', borderRadius: 'var(--radius)' },
  who: { margin: 0 },
  meta: { margin: 0, color: 'var(--color-text-muted)', fontSize: '0.9375rem' },
  changes: { margin: 'var(--space-2) 0 0', paddingLeft: '1.1rem', display: 'grid', gap: 'var(--space-2)' },
  value: { whiteSpace: 'pre-wrap' },
} satisfies { [name: string]: CSSProperties };

function namesOf(people: HistoryPeopleView | null): HistoryNames {
  if (!people) return emptyNames;
  return {
    members: new Map(people.members.map((m) => [m.id, m.name])),
    schools: new Map(people.schools.map((s) => [s.id, `${s.name} (${s.shortCode})`])),
    objectives: new Map(people.objectives.map((o) => [o.id, o.number])),
  };
}

/** A value that may be long: cut at SHORT_VALUE characters with a "Show more" toggle. */
function RecordedValue({ text }: { text: string | null }) {
  const [expanded, setExpanded] = useState(false);
  if (text === null) return <span className="empty-value">(empty)</span>;
  const long = text.length > SHORT_VALUE;
  return (
    <>
      <q style={styles.value}>{long && !expanded ? `${text.slice(0, SHORT_VALUE).trimEnd()}…` : text}</q>
      {long ? (
        <>
          {' '}
          <Button variant="quiet" size="small" aria-expanded={expanded} onClick={() => setExpanded((e) => !e)}>
            {expanded ? 'Show less' : 'Show more'}
          </Button>
        </>
      ) : null}
    </>
  );
}

/** A value short enough for a button's accessible name. */
const short = (text: string | null) => (text === null ? 'empty' : text.length > 60 ? `${text.slice(0, 60).trimEnd()}…` : text);

function ChangeLine({
  change,
  names,
  busy,
  onRestore,
}: {
  change: HistoryChangeView;
  names: HistoryNames;
  busy: boolean;
  onRestore: () => void;
}) {
  const label = fieldLabel(change.field);
  const before = formatValue(change.field, change.before, names);
  return (
    <li>
      <strong>{label}:</strong> <RecordedValue text={before} /> <span aria-hidden="true">→</span>
      <span className="visually-hidden"> changed to </span> <RecordedValue text={formatValue(change.field, change.after, names)} />
      {change.restorable ? (
        <>
          {' '}
          <Button variant="secondary" size="small" data-testid="restore-button" disabled={busy} onClick={onRestore}>
            Restore this value<span className="visually-hidden"> ({label}: {short(before)})</span>
          </Button>
        </>
      ) : null}
    </li>
  );
}

function HistoryEvent({
  event,
  names,
  restoring,
  onRestore,
}: {
  event: HistoryEventView;
  names: HistoryNames;
  restoring: string | null;
  onRestore: (event: HistoryEventView, field: string) => void;
}) {
  const role = rolesLabel(event.actor.role);
  const about = [role, event.actor.school].filter(Boolean).join(', ');
  return (
    <li style={styles.event} data-testid="history-event">
      <p style={styles.who}>
        <strong>{event.actor.name}</strong>
        {about ? <span> ({about})</span> : null} {describeVerb(event.verb, event.changes.map((c) => c.field))}
      </p>
      <p style={styles.meta}>
        <time dateTime={event.at}>{formatDateTime(event.at)}</time>
        {event.restoredFrom ? <span data-testid="restored-from"> · {restoredFromLabel(event.restoredFrom)}</span> : null}
      </p>
      {event.changes.length ? (
        <ul style={styles.changes} aria-label="What changed">
          {event.changes.map((change) => (
            <ChangeLine
              key={change.field}
              change={change}
              names={names}
              busy={restoring !== null}
              onRestore={() => onRestore(event, change.field)}
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/**
 * The history of a plan, a strand or an action in a modal side panel: who changed what and when,
 * old → new, filtered by person, school and dates, with "Restore this value" on edits that can be
 * restored (the server decides whether this person may) and CSV / JSON downloads.
 */
export function HistoryPanel({ planId, scope, onClose, reloadSignal = 0 }: HistoryPanelProps) {
  const router = useRouter();
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const entity = scope.entityType === 'plan' ? 'plan' : `${scope.entityType}:${scope.entityId}`;

  const [draft, setDraft] = useState(NO_FILTERS);
  const [applied, setApplied] = useState(NO_FILTERS);
  const filters: PanelFilters = useMemo(() => ({ entity, ...applied }), [entity, applied]);
  const [events, setEvents] = useState<HistoryEventView[]>([]);
  const [nextCursor, setNextCursor] = useState<number | null>(null);
  // The newest change the loaded history knows of: a restore is refused if the entity moved on since.
  const [headSeq, setHeadSeq] = useState<number | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [people, setPeople] = useState<HistoryPeopleView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [restoring, setRestoring] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const names = useMemo(() => namesOf(people), [people]);

  // Modal with focus inside while open; focus goes back where it was when the panel closes.
  useEffect(() => {
    const dialog = dialogRef.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    headingRef.current?.focus();
    return () => {
      if (dialog?.open) dialog.close();
      opener?.focus();
    };
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    fetchHistoryPeople(planId, controller.signal)
      .then(setPeople)
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : 'The list of people could not be loaded.');
      });
    return () => controller.abort();
  }, [planId]);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    fetchHistoryPage(planId, filters, null, controller.signal)
      .then((page) => {
        setEvents(page.events);
        setNextCursor(page.nextCursor);
        setHeadSeq(page.headSeq);
        setStatus(page.events.length ? `${page.events.length}${page.nextCursor ? ' or more' : ''} changes shown.` : 'No changes match.');
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : 'The history could not be loaded.');
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [planId, filters, reloads, reloadSignal]);

  const loadOlder = useCallback(async () => {
    if (nextCursor === null) return;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchHistoryPage(planId, filters, nextCursor);
      setEvents((current) => [...current, ...page.events]);
      setNextCursor(page.nextCursor);
      setStatus(`${page.events.length} older changes added.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The history could not be loaded.');
    } finally {
      setLoading(false);
    }
  }, [planId, filters, nextCursor]);

  const restore = useCallback(
    async (event: HistoryEventView, field: string) => {
      setRestoring(`${event.id}:${field}`);
      setError(null);
      setStatus('');
      try {
        await restoreRecordedValue(event.id, field, headSeq);
        setStatus(`${fieldLabel(field)} restored. The change is now at the top of the history.`);
        router.refresh();
        setReloads((n) => n + 1);
      } catch (e) {
        // A 403 or 409 carries the server's own reason: show it as it is.
        setError(e instanceof Error ? e.message : 'The value could not be restored.');
      } finally {
        setRestoring(null);
      }
    },
    [router, headSeq],
  );

  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    setApplied(draft);
  };
  const clear = () => {
    setDraft(NO_FILTERS);
    setApplied(NO_FILTERS);
  };
  const schoolOptions = people?.schools ?? [];

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={`${id}-title`}
      style={styles.dialog}
      onCancel={(e) => {
        // Escape: let the owner unmount the panel rather than the browser hiding it.
        e.preventDefault();
        onClose();
      }}
    >
      <div style={styles.inner}>
        <div style={styles.header}>
          <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} style={{ margin: 0 }}>
            {SCOPE_TITLES[scope.entityType]}
          </h2>
          <Button variant="secondary" size="small" onClick={onClose}>
            Close<span className="visually-hidden"> history</span>
          </Button>
        </div>

        <form onSubmit={apply} aria-label="Filter the history">
          <fieldset style={styles.filters}>
            <legend className="field__label">Show changes</legend>
            <div className="field">
              <label className="field__label" htmlFor={`${id}-actor`}>
                By
              </label>
              <select
                id={`${id}-actor`}
                className="field__input field__select"
                value={draft.actor}
                onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
              >
                <option value="">Anyone</option>
                {(people?.people ?? []).map((p) => (
                  <option key={p.value} value={p.value}>
                    {p.name}
                    {p.email ? ` (${p.email})` : ''}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label className="field__label" htmlFor={`${id}-school`}>
                From school
              </label>
              <select
                id={`${id}-school`}
                className="field__input field__select"
                value={draft.school}
                onChange={(e) => setDraft({ ...draft, school: e.target.value })}
              >
                <option value="">Any school</option>
                {schoolOptions.map((s) => (
                  <option key={s.id} value={s.name}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label className="field__label" htmlFor={`${id}-from`}>
                On or after
              </label>
              <input
                id={`${id}-from`}
                type="date"
                className="field__input"
                value={draft.from}
                max={draft.to || undefined}
                onChange={(e) => setDraft({ ...draft, from: e.target.value })}
              />
            </div>
            <div className="field">
              <label className="field__label" htmlFor={`${id}-to`}>
                On or before
              </label>
              <input
                id={`${id}-to`}
                type="date"
                className="field__input"
                value={draft.to}
                min={draft.from || undefined}
                onChange={(e) => setDraft({ ...draft, to: e.target.value })}
              />
            </div>
            <div style={styles.row}>
              <Button type="submit" size="small">
                Apply filters
              </Button>
              <Button variant="quiet" size="small" onClick={clear}>
                Clear filters
              </Button>
            </div>
          </fieldset>
        </form>

        <div style={styles.row}>
          <a className="button button--secondary button--small" href={exportHref(planId, filters, 'csv')} download>
            Download CSV
          </a>
          <a className="button button--secondary button--small" href={exportHref(planId, filters, 'json')} download>
            Download JSON
          </a>
        </div>

        <FormAlert id={`${id}-error`} message={error} />
        <p role="status" className="visually-hidden">
          {loading ? 'Loading the history…' : status}
        </p>

        {events.length ? (
          <ol style={styles.list} aria-label="Changes, newest first" aria-busy={loading}>
            {events.map((event) => (
              <HistoryEvent key={event.id} event={event} names={names} restoring={restoring} onRestore={restore} />
            ))}
          </ol>
        ) : (
          <p className="empty-state">{loading ? 'Loading the history…' : 'No changes match these filters.'}</p>
        )}

        {nextCursor !== null ? (
          <div>
            <Button variant="secondary" onClick={loadOlder} disabled={loading}>
              Show older changes
            </Button>
          </div>
        ) : null}
      </div>
    </dialog>
  );
}
