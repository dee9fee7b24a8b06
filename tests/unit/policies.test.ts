import { describe, expect, it } from 'vitest';
import type { PlanStatus, Role } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { type Ability, authorize, can } from '@/lib/policies';

const P = 'partnership-1';
const OTHER = 'partnership-2';
const ME = 'user-me';
const SOMEONE = 'user-someone';

function actorWith(...roles: Role[]): Actor {
  return {
    id: ME,
    email: 'me@school.example',
    name: 'Me',
    ip: null,
    userAgent: null,
    memberships: [{ partnershipId: P, partnershipName: 'P', roles: roles.map((role) => ({ role, schoolId: null, schoolName: null, subject: null })) }],
  };
}

const plan = (status: PlanStatus = 'draft') => ({ partnershipId: P, status });

// The rules of issue 3, written out as a table: every role against every write.
type Case = { ability: Ability; resource: Parameters<typeof can>[2]; label: string };
const cases: Case[] = [
  { label: 'edit the plan (title, objectives, strands, links)', ability: 'plan.update', resource: plan() },
  { label: 'edit a strand someone else leads', ability: 'strand.update', resource: { ...plan(), leadUserId: SOMEONE } },
  { label: 'edit a strand they lead', ability: 'strand.update', resource: { ...plan(), leadUserId: ME } },
  { label: 'edit an action someone else owns', ability: 'action.update', resource: { ...plan(), ownerUserId: SOMEONE, strandLeadUserId: SOMEONE } },
  { label: 'edit an action they own', ability: 'action.update', resource: { ...plan(), ownerUserId: ME, strandLeadUserId: SOMEONE } },
  { label: 'edit an action in a strand they lead', ability: 'action.update', resource: { ...plan(), ownerUserId: SOMEONE, strandLeadUserId: ME } },
  { label: 'remove an action someone else owns', ability: 'action.delete', resource: { ...plan(), ownerUserId: SOMEONE, strandLeadUserId: SOMEONE } },
  { label: 'remove an action in a strand they lead', ability: 'action.delete', resource: { ...plan(), ownerUserId: SOMEONE, strandLeadUserId: ME } },
  { label: 'remove an action they own in a strand they do not lead', ability: 'action.delete', resource: { ...plan(), ownerUserId: ME, strandLeadUserId: SOMEONE } },
  { label: 'add impact', ability: 'impact.create', resource: plan() },
  { label: 'edit their own impact entry', ability: 'impact.update', resource: { ...plan(), authorUserId: ME } },
  { label: "edit someone else's impact entry", ability: 'impact.update', resource: { ...plan(), authorUserId: SOMEONE } },
  { label: 'read the history', ability: 'history.read', resource: { partnershipId: P } },
  { label: 'manage members', ability: 'members.manage', resource: { partnershipId: P } },
  { label: 'import a plan', ability: 'plan.import', resource: { partnershipId: P } },
  { label: 'see the partnership’s people', ability: 'members.read', resource: { partnershipId: P } },
  { label: 'add schools to the partnership', ability: 'schools.manage', resource: { partnershipId: P } },
];

const Y = true;
const N = false;
// Columns follow `cases`.
const expected: Record<Role, boolean[]> = {
  partnership_admin: [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y],
  head_teacher: [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, N, Y, Y, N],
  subject_lead: [N, N, Y, N, Y, Y, N, Y, N, Y, Y, N, Y, N, N, Y, N],
  staff: [N, N, N, N, N, N, N, N, N, Y, Y, N, Y, N, N, Y, N],
  chair_of_governors: [N, N, N, N, N, N, N, N, N, N, N, N, Y, N, N, Y, N],
  clerk: [N, N, N, N, N, N, N, N, N, N, N, N, Y, N, N, Y, N],
  governor: [N, N, N, N, N, N, N, N, N, N, N, N, Y, N, N, Y, N],
  jcc_member: [N, N, N, N, N, N, N, N, N, N, N, N, Y, N, N, Y, N],
  viewer: [N, N, N, N, N, N, N, N, N, N, N, N, Y, N, N, Y, N],
};

describe('who may do what', () => {
  for (const [role, row] of Object.entries(expected) as [Role, boolean[]][]) {
    for (const [i, c] of cases.entries()) {
      it(`${role} ${row[i] ? 'may' : 'may not'} ${c.label}`, () => {
        expect(can(actorWith(role), c.ability, c.resource)).toBe(row[i]);
      });
    }
  }

  it('nobody may change a ratified or archived plan, whatever their role', () => {
    const head = actorWith('head_teacher', 'partnership_admin', 'subject_lead');
    for (const status of ['ratified', 'archived'] as const) {
      expect(can(head, 'plan.update', plan(status))).toBe(false);
      expect(can(head, 'strand.update', { ...plan(status), leadUserId: ME })).toBe(false);
      expect(can(head, 'action.update', { ...plan(status), ownerUserId: ME, strandLeadUserId: ME })).toBe(false);
      expect(can(head, 'impact.create', plan(status))).toBe(false);
      expect(() => authorize(head, 'plan.update', plan(status))).toThrow(expect.objectContaining({ code: 'forbidden', message: expect.stringMatching(status) }));
    }
    expect(can(head, 'plan.update', plan('in_review'))).toBe(true);
  });

  it('outside their partnership everything is a 404 for every role, inside a refusal is a 403', () => {
    for (const role of Object.keys(expected) as Role[]) {
      for (const c of cases) {
        const foreign = { ...c.resource, partnershipId: OTHER };
        expect(can(actorWith(role), c.ability, foreign)).toBe(false);
        expect(() => authorize(actorWith(role), c.ability, foreign)).toThrow(expect.objectContaining({ code: 'not_found' }));
      }
    }
    expect(() => authorize(actorWith('viewer'), 'plan.update', plan())).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });
});
