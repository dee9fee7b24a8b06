import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { CalendarFeedPanel } from '@/components/account/CalendarFeedPanel';
import { formatDateTime } from '@/components/inbox/format';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/session';
import { calendarFeedStatus } from '@/lib/calendar/feed';
import { roleLabels } from '@/lib/governance/rules';
import { resetCalendarFeedAction, turnOffCalendarFeedAction } from './actions';

export const metadata: Metadata = { title: 'Your account' };
export const dynamic = 'force-dynamic';

export default async function AccountPage() {
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent('/account')}`);
  const feed = await calendarFeedStatus(getDb(), actor.id);

  return (
    <div className="page page--narrow account">
      <div className="page-heading">
        <h1>Your account</h1>
      </div>
      <section className="plan-section" aria-labelledby="account-you">
        <h2 id="account-you" className="plan-section__heading">
          You
        </h2>
        <dl className="account__facts">
          <div>
            <dt>Name</dt>
            <dd>{actor.name}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{actor.email}</dd>
          </div>
          {actor.memberships.map((m) => (
            <div key={m.partnershipId} className="account__membership">
              <dt>{m.partnershipName}</dt>
              <dd>
                {m.roles
                  .map((r) => `${roleLabels[r.role]}${r.schoolName ? `, ${r.schoolName}` : ''}${r.subject ? ` (${r.subject})` : ''}`)
                  .join('; ')}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="plan-section" aria-labelledby="account-calendar">
        <h2 id="account-calendar" className="plan-section__heading">
          Calendar feed
        </h2>
        <p>
          Put your due dates and review meetings in your own calendar app. The feed holds the due dates of the actions you own or
          whose strand you lead (every action, if you are a head teacher or partnership administrator) in your partnerships’ plans
          that are not archived, and the dates of their review meetings.
        </p>
        <p className="field__hint">
          An action due in a term or half term appears on a nominal last day of that term (for example 19 December for the autumn
          term), marked “nominal date”: your school’s own term dates may differ.
        </p>
        <p className="field__hint">
          The address is private: anyone who has it can see these dates without signing in. Keep it to yourself; if it gets out, get a
          new address and the old one stops working.
        </p>
        <CalendarFeedPanel
          on={feed.on}
          since={feed.createdAt ? formatDateTime(feed.createdAt) : null}
          reset={resetCalendarFeedAction}
          turnOff={turnOffCalendarFeedAction}
        />
      </section>
    </div>
  );
}
