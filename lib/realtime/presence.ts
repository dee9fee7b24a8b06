import type { Role } from '@/db/schema';
import { type Actor, membershipOf } from '@/lib/auth/actor';
import type { Focus, PresencePerson, PresenceState } from './events';

/** What a socket records about a plan it has joined (in socket.data, so every process can read it). */
export type SocketPlan = { partnershipId: string; focus: Focus | null; lastInputAt: number; idle: boolean };

/** What the server keeps on each socket. */
export type SocketData = {
  userId: string;
  sessionVersion: number;
  actor: Actor;
  /** When `actor` was read, and the server's count of membership changes then (ACTOR_FRESH_MS). */
  actorRead: { at: number; epoch: number };
  colour: string;
  /** Plans joined, by id. */
  plans: { [planId: string]: SocketPlan };
  /** Partnerships whose plans or documents this socket has open. */
  partnerships: string[];
};

/** The role shown beside a person's name: the most senior they hold in the partnership. */
const ROLE_ORDER: readonly Role[] = [
  'head_teacher',
  'partnership_admin',
  'chair_of_governors',
  'jcc_member',
  'governor',
  'subject_lead',
  'clerk',
  'staff',
  'viewer',
];

function describe(actor: Actor, partnershipId: string): { role: string | null; school: string | null } {
  const roles = [...(membershipOf(actor, partnershipId)?.roles ?? [])].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
  const main = roles[0];
  return { role: main?.role ?? null, school: main?.schoolName ?? roles.find((r) => r.schoolName)?.schoolName ?? null };
}

/** Whether a socket's person has given no input on the plan for `idleAfterMs`. */
export function isIdle(plan: SocketPlan, idleAfterMs: number, now = Date.now()): boolean {
  return now - plan.lastInputAt >= idleAfterMs;
}

/**
 * Who is on a plan, from the data of every socket in its room (in any process): one entry per
 * person however many tabs they have, idle only when every tab is, focus from the latest input.
 */
export function presenceOf(planId: string, sockets: { data: SocketData }[], idleAfterMs: number, now = Date.now()): PresenceState {
  // Called on every join with every socket of the plan: only the comparisons run per socket, and
  // what a person is shown as (role, school, times) is built once per person at the end.
  const people = new Map<string, { data: SocketData; plan: SocketPlan; idle: boolean; latest: SocketPlan }>();
  for (const { data } of sockets) {
    const plan = data.plans?.[planId];
    if (!plan || !data.actor) continue;
    const idle = isIdle(plan, idleAfterMs, now);
    const seen = people.get(data.userId);
    if (!seen) people.set(data.userId, { data, plan, idle, latest: plan });
    else {
      seen.idle &&= idle;
      if (plan.lastInputAt > seen.latest.lastInputAt) seen.latest = plan;
    }
  }
  const list: PresencePerson[] = [...people.values()].map(({ data, plan, idle, latest }) => ({
    userId: data.userId,
    name: data.actor.name,
    ...describe(data.actor, plan.partnershipId),
    colour: data.colour,
    focus: latest.focus,
    idle,
    lastActiveAt: new Date(latest.lastInputAt).toISOString(),
  }));
  list.sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
  return { planId, people: list };
}
