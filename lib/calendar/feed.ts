import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { type ActionStatus, type ReviewKind, actions, calendarFeeds, partnerships, plans, reviews, roleAssignments, strands, users } from '@/db/schema';
import { academicYearLabel, presentDue } from '@/lib/presenters/plan';
import { type IcsEvent, buildCalendar } from './ics';
import { nominalTermEnd } from './terms';
import { hashCalendarToken } from './token';

/** Roles that see every action of their partnership's plans in their feed, not only their own. */
const SEES_ALL_ACTIONS = new Set(['head_teacher', 'partnership_admin']);

const STATUS_LABELS: Record<ActionStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  blocked: 'Blocked',
};

const REVIEW_KIND_LABELS: Record<ReviewKind, string> = {
  head_teachers: 'Head teachers’ review',
  jcc: 'JCC review',
};

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Whether someone has a feed turned on, and since when (the address itself cannot be shown again). */
export async function calendarFeedStatus(db: Executor, userId: string): Promise<{ on: boolean; createdAt: string | null }> {
  const [feed] = await db.select({ createdAt: calendarFeeds.createdAt }).from(calendarFeeds).where(eq(calendarFeeds.userId, userId));
  return { on: Boolean(feed), createdAt: feed?.createdAt.toISOString() ?? null };
}

/** The person a feed token belongs to: null for an unknown or replaced token, or a disabled account. */
export async function feedOwner(db: Executor, token: string): Promise<{ id: string; name: string } | null> {
  const [row] = await db
    .select({ id: users.id, name: users.name })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(and(eq(calendarFeeds.tokenHash, hashCalendarToken(token)), isNull(users.disabledAt)));
  return row ?? null;
}

/**
 * The events of a person's feed:
 * - due dates of actions in their partnerships' plans that are not archived (of each plan, only
 *   its newest version that is not archived, so an amendment does not double every date): the
 *   actions they own or whose strand they lead, or every action where they are a head teacher or
 *   partnership admin. A date is all day, or at its time (London) when it has one; a term or half
 *   term falls on its nominal last day (lib/calendar/terms.ts); TBC and no due point are left out;
 * - the meetings of their partnerships' plans' reviews that have a date.
 */
export async function feedEvents(db: Executor, userId: string, origin: string): Promise<IcsEvent[]> {
  const roles = await db
    .select({ partnershipId: roleAssignments.partnershipId, role: roleAssignments.role })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, userId));
  const partnershipIds = [...new Set(roles.map((r) => r.partnershipId))];
  if (!partnershipIds.length) return [];
  const seesAll = new Set(roles.filter((r) => SEES_ALL_ACTIONS.has(r.role)).map((r) => r.partnershipId));

  const planRows = await db
    .select({ plan: plans, partnershipName: partnerships.name })
    .from(plans)
    .innerJoin(partnerships, eq(partnerships.id, plans.partnershipId))
    .where(inArray(plans.partnershipId, partnershipIds));
  const planById = new Map(planRows.map((r) => [r.plan.id, r]));
  const newest = new Map<string, (typeof planRows)[number]>();
  for (const row of planRows) {
    if (row.plan.status === 'archived') continue;
    const current = newest.get(row.plan.lineageId);
    if (!current || row.plan.versionNumber > current.plan.versionNumber) newest.set(row.plan.lineageId, row);
  }
  const actionPlanIds = [...newest.values()].map((r) => r.plan.id);
  const planLabel = (row: (typeof planRows)[number]) =>
    `${row.plan.title} ${row.plan.yearLabel ?? academicYearLabel(row.plan.academicYear)}${row.plan.versionNumber > 1 ? ` (version ${row.plan.versionNumber})` : ''} · ${row.partnershipName}`;

  const events: IcsEvent[] = [];
  if (actionPlanIds.length) {
    const rows = await db
      .select({ action: actions, strandTitle: strands.title, strandLead: strands.leadUserId, ownerName: users.name })
      .from(actions)
      .innerJoin(strands, eq(strands.id, actions.strandId))
      .leftJoin(users, eq(users.id, actions.ownerUserId))
      .where(and(inArray(actions.planId, actionPlanIds), inArray(actions.dueKind, ['date', 'term', 'half_term'])));
    for (const { action, strandTitle, strandLead, ownerName } of rows) {
      const planRow = planById.get(action.planId);
      if (!planRow) continue;
      const mine = action.ownerUserId === userId || strandLead === userId || seesAll.has(planRow.plan.partnershipId);
      if (!mine) continue;
      const due = presentDue(action);
      let when: IcsEvent['when'];
      let dueLine: string;
      if (due.kind === 'date') {
        when = due.time && CLOCK.test(due.time) ? { kind: 'time', date: due.date, time: due.time } : { kind: 'date', date: due.date };
        dueLine = `Due: ${due.label}${due.time && !due.label.includes(due.time) ? ` at ${due.time}` : ''}`;
      } else if (due.kind === 'term' || due.kind === 'half_term') {
        const half = due.kind === 'half_term' ? due.half : null;
        when = { kind: 'date', date: nominalTermEnd(due.academicYear, due.term, half) };
        dueLine = `Due: ${due.label} (${half === 1 ? 'end of half term' : 'end of term'}, nominal date)`;
      } else {
        continue;
      }
      const who = ownerName ?? action.ownerText;
      events.push({
        uid: `action-${action.id}@jointplan`,
        summary: `${action.status === 'done' ? 'Done: ' : 'Due: '}${action.text}`,
        description: [
          dueLine,
          planLabel(planRow),
          `Strand: ${strandTitle}`,
          ...(who ? [`Owner: ${who}`] : []),
          `Status: ${STATUS_LABELS[action.status]}`,
        ].join('\n'),
        url: `${origin}/plans/${action.planId}#action-${action.id}`,
        when,
        categories: ['Action due'],
      });
    }
  }

  const allPlanIds = planRows.map((r) => r.plan.id);
  const reviewRows = await db
    .select()
    .from(reviews)
    .where(and(inArray(reviews.planId, allPlanIds), isNotNull(reviews.heldOn)));
  for (const review of reviewRows) {
    const planRow = planById.get(review.planId);
    if (!planRow || !review.heldOn) continue;
    events.push({
      uid: `review-${review.id}@jointplan`,
      summary: `${REVIEW_KIND_LABELS[review.kind]}: ${planRow.plan.title}`,
      description: [planLabel(planRow), ...(review.attendees ? [`Attendees: ${review.attendees}`] : [])].join('\n'),
      url: `${origin}/reviews/${review.id}`,
      when: { kind: 'date', date: review.heldOn },
      categories: ['Review meeting'],
    });
  }
  // A stable order, so a feed fetched twice is the same text apart from DTSTAMP.
  return events.sort((a, b) => a.when.date.localeCompare(b.when.date) || a.uid.localeCompare(b.uid));
}

/** The whole feed for a token, or null when the token does not open one (the route answers 404). */
export async function calendarFeedFor(db: Executor, token: string, origin: string, now = new Date()): Promise<string | null> {
  const owner = await feedOwner(db, token);
  if (!owner) return null;
  const events = await feedEvents(db, owner.id, origin);
  return buildCalendar({
    name: `jointplan: ${owner.name}`,
    description: 'Action due dates and review meetings of your partnerships’ plans.',
    events,
    now,
  });
}

