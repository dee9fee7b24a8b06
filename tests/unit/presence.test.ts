import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { type SocketData, presenceOf } from '@/lib/realtime/presence';

const PLAN = '00000000-0000-4000-8000-000000000001';
const OTHER_PLAN = '00000000-0000-4000-8000-000000000002';
const PARTNERSHIP = '00000000-0000-4000-8000-0000000000aa';
const STRAND_A = '00000000-0000-4000-8000-0000000000a1';
const STRAND_B = '00000000-0000-4000-8000-0000000000b1';
const IDLE_AFTER = 60_000;
const NOW = Date.parse('2026-11-23T18:00:00Z');

function actor(id: string, name: string, roles: Actor['memberships'][number]['roles']): Actor {
  return { id, email: `${id}@example.test`, name, memberships: [{ partnershipId: PARTNERSHIP, partnershipName: 'Riverside', roles }], ip: null, userAgent: null };
}

const head = actor('u-head', 'Hana Head', [
  { role: 'subject_lead', schoolId: 's1', schoolName: 'Elm Infants', subject: 'Maths' },
  { role: 'head_teacher', schoolId: 's2', schoolName: 'Oak Infants', subject: null },
]);
const lead = actor('u-lead', 'Ali Lead', [{ role: 'subject_lead', schoolId: 's1', schoolName: 'Elm Infants', subject: 'Reading' }]);

/** A socket of `who` on PLAN with its last input `agoMs` before NOW. */
function tab(who: Actor, agoMs: number, focus: { strandId: string; field: string } | null = null, planId = PLAN): { data: SocketData } {
  return {
    data: {
      userId: who.id,
      sessionVersion: 1,
      actor: who,
      actorRead: { at: NOW, epoch: 0 },
      colour: `colour-of-${who.id}`,
      plans: { [planId]: { partnershipId: PARTNERSHIP, focus, lastInputAt: NOW - agoMs, idle: false } },
      partnerships: [PARTNERSHIP],
    },
  };
}

describe('who is on a plan', () => {
  it('lists each person once however many tabs they have, with the focus and time of their latest input', () => {
    const state = presenceOf(
      PLAN,
      [tab(head, 5_000, { strandId: STRAND_A, field: 'keyObjective' }), tab(lead, 1_000), tab(head, 2_000, { strandId: STRAND_B, field: 'impact' })],
      IDLE_AFTER,
      NOW,
    );
    expect(state.planId).toBe(PLAN);
    expect(state.people.map((p) => p.name)).toEqual(['Ali Lead', 'Hana Head']);
    const hana = state.people.find((p) => p.userId === head.id);
    expect(hana).toMatchObject({
      // Their most senior role, and that role's school.
      role: 'head_teacher',
      school: 'Oak Infants',
      colour: 'colour-of-u-head',
      focus: { strandId: STRAND_B, field: 'impact' },
      idle: false,
      lastActiveAt: new Date(NOW - 2_000).toISOString(),
    });
  });

  it('shows a person idle only when every one of their tabs is', () => {
    const oneActive = presenceOf(PLAN, [tab(head, IDLE_AFTER + 1), tab(head, 10)], IDLE_AFTER, NOW);
    expect(oneActive.people[0].idle).toBe(false);
    const allIdle = presenceOf(PLAN, [tab(head, IDLE_AFTER + 1), tab(head, IDLE_AFTER)], IDLE_AFTER, NOW);
    expect(allIdle.people[0].idle).toBe(true);
  });

  it('leaves out sockets that have not joined this plan', () => {
    const state = presenceOf(PLAN, [tab(lead, 0, null, OTHER_PLAN), tab(head, 0)], IDLE_AFTER, NOW);
    expect(state.people.map((p) => p.userId)).toEqual([head.id]);
  });
});
