'use client';

import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { Role } from '@/db/schema';
import type { PresencePerson } from '@/lib/realtime/events';
import { ROLE_LABELS } from '@/lib/validation/members';
import { type ConnectionState, type Ended, useRealtime } from './RealtimeProvider';

const COLOUR = /^#[0-9a-fA-F]{6}$/;
/** A person's colour as CSS, never anything the server did not mean as a colour. */
export const safeColour = (colour: string) => (COLOUR.test(colour) ? colour : '#6b7280');

function isRole(role: string): role is Role {
  return Object.hasOwn(ROLE_LABELS, role);
}

/** "Head teacher, Bank Road Infant School" or whichever parts are known. */
function roleAndSchool(person: PresencePerson): string {
  const role = person.role && isRole(person.role) ? ROLE_LABELS[person.role] : person.role;
  return [role, person.school].filter(Boolean).join(', ');
}

/** What a field name stands for, in words. */
export function fieldWords(field: string): string {
  if (field === 'keyObjective') return 'key objective';
  if (field === 'intendedImpact') return 'intended impact';
  if (field === 'title') return 'strand details';
  if (field.startsWith('action:')) return 'an action';
  if (field.startsWith('impact:')) return 'impact to date';
  return 'this strand';
}

/** The person's colour as a dot: decoration only, the name says who it is. */
export function PresenceDot({ colour }: { colour: string }) {
  return <span className="presence-dot" style={{ backgroundColor: safeColour(colour) }} aria-hidden="true" />;
}

/** The people here, one entry each, with the signed-in person first. */
function orderedPeople(people: readonly PresencePerson[], myId: string | null): PresencePerson[] {
  const seen = new Set<string>();
  const unique = people.filter((p) => (seen.has(p.userId) ? false : (seen.add(p.userId), true)));
  return [...unique.filter((p) => p.userId === myId), ...unique.filter((p) => p.userId !== myId)];
}

/**
 * "Who's here": everyone on the plan now (name, role and school, colour, idle), and the state of
 * the live connection. Joins and leaves of others are announced politely, once each.
 */
export function PresenceBar() {
  const { planId, people, me, connection, ended } = useRealtime();
  const myId = me?.userId ?? null;
  const list = orderedPeople(people, myId);
  const announcement = useArrivals(list, myId);

  return (
    <section className="presence-bar no-print" aria-labelledby="presence-bar-heading" data-testid="presence-bar">
      {/* Not a heading: it sits above the plan's own title (h1). */}
      <p id="presence-bar-heading" className="presence-bar__heading">
        Who’s here
      </p>
      {list.length > 0 ? (
        <ul className="presence-bar__people">
          {list.map((person) => {
            const about = roleAndSchool(person);
            return (
              <li
                key={person.userId}
                className={`presence-person${person.idle ? ' presence-person--idle' : ''}`}
                data-testid="presence-person"
                data-user-id={person.userId}
              >
                <PresenceDot colour={person.colour} />
                <span className="presence-person__name">{person.name}</span>
                {person.userId === myId ? <span className="presence-person__you"> (you)</span> : null}
                {about ? <span className="presence-person__about">{about}</span> : null}
                {person.idle ? <span className="presence-person__idle">idle</span> : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="presence-bar__empty">{connection === 'ended' ? 'Not connected.' : 'Connecting…'}</p>
      )}
      <ConnectionNotice planId={planId} connection={connection} ended={ended} />
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}

/** "Daniel Whitcombe joined the plan." for others coming and going; nothing for the first list. */
function useArrivals(people: readonly PresencePerson[], myId: string | null): string {
  const known = useRef<Map<string, string> | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    // Before the join has answered the list is empty: the first real list is who was already here.
    if (people.length === 0 || !myId) return;
    const now = new Map(people.filter((p) => p.userId !== myId).map((p) => [p.userId, p.name]));
    const before = known.current;
    known.current = now;
    if (!before) return;
    const joined = [...now].filter(([id]) => !before.has(id)).map(([, name]) => `${name} joined the plan.`);
    const left = [...before].filter(([id]) => !now.has(id)).map(([, name]) => `${name} left the plan.`);
    // Focus moving and idleness are not news: only arrivals and departures are said.
    if (joined.length || left.length) setMessage([...joined, ...left].join(' '));
  }, [people, myId]);
  return message;
}

function ConnectionNotice({ planId, connection, ended }: { planId: string; connection: ConnectionState; ended: Ended | null }) {
  if (ended) {
    return (
      <div className="presence-bar__notice presence-bar__notice--ended" role="alert">
        <p>
          {ended.message}{' '}
          {ended.reason === 'signed_out' ? (
            <a href={`/sign-in?callbackUrl=${encodeURIComponent(`/plans/${planId}`)}`}>Sign in again</a>
          ) : (
            <a href="/">Go to your plans</a>
          )}
        </p>
        <p>Live updates have stopped on this page.</p>
      </div>
    );
  }
  if (connection === 'reconnecting') {
    return (
      <p className="presence-bar__notice" role="status">
        Connection lost. Reconnecting… Your typing is kept and will be sent when the connection is back.
      </p>
    );
  }
  return null;
}

/** The others (not the signed-in person) whose focus is on `strandId`, optionally on one `field`. */
export function usePeopleIn(strandId: string, field?: (name: string) => boolean): PresencePerson[] {
  const { people, me } = useRealtime();
  return people.filter((p) => p.userId !== me?.userId && p.focus?.strandId === strandId && (!field || field(p.focus.field)));
}

/** The markers on a strand row: who is working in this strand, and on what. */
export function StrandPresenceMarkers({ strandId }: { strandId: string }) {
  const here = usePeopleIn(strandId);
  if (here.length === 0) return null;
  return (
    <ul className="presence-markers no-print" aria-label="Working on this strand now">
      {here.map((person) => (
        <li key={person.userId} className="presence-marker" data-testid="presence-marker" style={{ borderColor: safeColour(person.colour) }}>
          <PresenceDot colour={person.colour} />
          <span className="presence-marker__name">{person.name}</span>
          {person.focus ? <span className="presence-marker__where"> ({fieldWords(person.focus.field)})</span> : null}
          {person.idle ? <span className="presence-marker__where"> (idle)</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** The marker on one field (a rich-text cell, an action, an impact entry): who is in it now. */
export function FieldPresenceMarkers({ strandId, field }: { strandId: string; field: string }) {
  const here = usePeopleIn(strandId, (name) => name === field);
  if (here.length === 0) return null;
  const names = here.map((p) => p.name);
  return (
    <p className="presence-field no-print" data-testid="presence-field-marker">
      {here.map((person) => (
        <PresenceDot key={person.userId} colour={person.colour} />
      ))}
      <span>
        {names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`}{' '}
        {names.length === 1 ? 'is' : 'are'} here
      </span>
    </p>
  );
}

/**
 * Reports this person's focus as `{ strandId, field }` from the moment it opens (opening a form is
 * going to work there) and whenever focus comes back inside; null once focus moves elsewhere on
 * the page or the form closes.
 */
export function PresenceScope({ strandId, field, children }: { strandId: string; field: string; children: ReactNode }) {
  const { enterFocus, leaveFocus } = useRealtime();
  useEffect(() => {
    const focus = { strandId, field };
    enterFocus(focus);
    return () => leaveFocus(focus);
  }, [strandId, field, enterFocus, leaveFocus]);
  return (
    <div
      className="presence-scope"
      onFocus={() => enterFocus({ strandId, field })}
      onBlur={(event) => {
        // Focus going nowhere (another window, a click on plain text) leaves the person here.
        const next = event.relatedTarget;
        if (!(next instanceof Node) || event.currentTarget.contains(next)) return;
        leaveFocus({ strandId, field });
      }}
    >
      {children}
    </div>
  );
}
