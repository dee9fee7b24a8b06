'use client';

import { useActionState, useEffect, useId, useRef } from 'react';
import type { CalendarFeedState } from '@/app/account/actions';
import { CopyLink } from '@/components/members/CopyLink';
import { FormAlert } from '@/components/ui/FormAlert';
import { SubmitButton } from '@/components/ui/SubmitButton';

type Action = (prev: CalendarFeedState) => Promise<CalendarFeedState>;

const initial: CalendarFeedState = { error: null, url: null, turnedOff: false };

/**
 * Turns the private calendar feed on, gives it a new address, or turns it off. The address is
 * shown once, straight after it is made: only its hash is kept.
 */
export function CalendarFeedPanel({
  on,
  since,
  reset,
  turnOff,
}: {
  on: boolean;
  /** When the current address was made, formatted. */
  since: string | null;
  reset: Action;
  turnOff: Action;
}) {
  const [resetState, dispatchReset] = useActionState(reset, initial);
  const [offState, dispatchOff] = useActionState(turnOff, initial);
  const alertId = useId();
  const issued = useRef<HTMLDivElement>(null);
  // The latest action decides what shows: a new address, or the feed turned off.
  const url = offState.turnedOff && !resetState.url ? null : resetState.url;
  const error = resetState.error ?? offState.error;

  useEffect(() => {
    // Move focus to the new address so a keyboard or screen-reader user lands on it.
    if (resetState.url) issued.current?.focus();
  }, [resetState.url]);

  return (
    <div className="calendar-feed" data-testid="calendar-feed">
      <FormAlert id={alertId} message={error} />
      {url ? (
        <div ref={issued} tabIndex={-1} className="calendar-feed__issued" aria-labelledby={`${alertId}-issued`}>
          <p id={`${alertId}-issued`} className="calendar-feed__status">
            <strong>Your calendar address is ready.</strong> Copy it now: for your privacy it is not shown again. Add it to your
            calendar app as a subscription (“From URL” in Google Calendar, “Subscribe from web” in Outlook).
          </p>
          <CopyLink label="Your private calendar address" link={url} />
        </div>
      ) : (
        <p className="calendar-feed__status" role="status">
          {on && !offState.turnedOff
            ? `Your calendar feed is on${since ? ` (address made ${since})` : ''}. The address was shown when it was made; if you no longer have it, get a new one.`
            : 'Your calendar feed is off.'}
        </p>
      )}
      <div className="form__actions">
        <form action={dispatchReset}>
          <SubmitButton variant={on ? 'secondary' : 'primary'} pendingLabel="Making the address…">
            {on && !offState.turnedOff ? 'Get a new address' : 'Turn on the calendar feed'}
          </SubmitButton>
        </form>
        {(on && !offState.turnedOff) || url ? (
          <form action={dispatchOff}>
            <SubmitButton variant="quiet" pendingLabel="Turning off…">
              Turn off the calendar feed
            </SubmitButton>
          </form>
        ) : null}
      </div>
      {on && !offState.turnedOff ? (
        <p className="field__hint">Getting a new address stops the old one working at once: calendars using it stop updating.</p>
      ) : null}
    </div>
  );
}
