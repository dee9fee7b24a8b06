import { describe, expect, it } from 'vitest';
import { describeVerb, fieldLabel, formatValue, plainText, restoredFromLabel, rolesLabel } from '@/components/history/format';
import { historyFiltersFromSearchParams, historyFiltersInput, restoredFromOf, ukMidnight, whyNotRestorable } from '@/lib/queries/history';

const ID = '3f1c2a4e-9b7d-4c1e-8f2a-6d5b4c3a2e1f';

describe('history filters', () => {
  it('parse entity scopes, people and counts from a query string, treating empty values as absent', () => {
    const input = historyFiltersFromSearchParams(new URLSearchParams(`entity=strand:${ID}&actor=&school=Bank&limit=20&before=99&format=csv`));
    expect(input).toEqual({ entity: `strand:${ID}`, school: 'Bank', limit: '20', before: '99' });
    expect(historyFiltersInput.parse(input)).toEqual({ entity: { type: 'strand', id: ID }, school: 'Bank', limit: 20, before: 99 });
    expect(historyFiltersInput.parse({ entity: 'plan', actor: 'Head@BankRoad.example' })).toEqual({ entity: { type: 'plan' }, actor: { email: 'head@bankroad.example' } });
    expect(historyFiltersInput.parse({ actor: ID.toUpperCase() })).toEqual({ actor: { userId: ID } });
  });

  it('refuse what they cannot mean', () => {
    for (const bad of [{ entity: 'review:' + ID }, { entity: 'strand:12' }, { actor: 'Ann' }, { from: '2025-13-01' }, { limit: '1001' }, { limit: '2.5' }, { before: '0' }]) {
      expect(historyFiltersInput.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('count days as UK days: midnight is 00:00 GMT in winter and 23:00 UTC the day before in summer', () => {
    expect(ukMidnight('2025-01-15').toISOString()).toBe('2025-01-15T00:00:00.000Z');
    expect(ukMidnight('2025-06-11').toISOString()).toBe('2025-06-10T23:00:00.000Z');
    // The days the clocks change.
    expect(ukMidnight('2025-03-30').toISOString()).toBe('2025-03-30T00:00:00.000Z');
    expect(ukMidnight('2025-10-26').toISOString()).toBe('2025-10-25T23:00:00.000Z');
  });
});

describe('which recorded values can be restored', () => {
  const event = (verb: string, entityType: string, changes: { field: string; before: string | null; after: string | null }[]) => ({ verb, entityType, changes });
  it('field edits of plan content, with an earlier value', () => {
    expect(whyNotRestorable(event('action.update', 'action', [{ field: 'rag', before: null, after: 'red' }]), 'rag')).toBeNull();
    expect(whyNotRestorable(event('action.move', 'action', [{ field: 'position', before: '1', after: '2' }]), 'position')).toBeNull();
    expect(whyNotRestorable(event('strand.update', 'strand', [{ field: 'title', before: null, after: 'x' }]), 'title')).toBe('There was no earlier value to restore.');
    // A restore replaced a value too, which can be brought back in turn.
    expect(whyNotRestorable(event('action.restore', 'action', [{ field: 'text', before: 'a', after: 'b' }]), 'text')).toBeNull();
    expect(whyNotRestorable(event('objective.restore', 'objective', [{ field: 'number', before: '2', after: '1' }]), 'number')).toBeNull();
  });
  it('not a number that changed because another row moved: that row is moved itself', () => {
    expect(whyNotRestorable(event('objective.renumber', 'objective', [{ field: 'number', before: '3', after: '2' }]), 'number')).toMatch(/another was added, moved or removed; move the objective itself/);
    expect(whyNotRestorable(event('action.renumber', 'action', [{ field: 'position', before: '1', after: '2' }]), 'position')).toMatch(/move the action itself/);
  });
  it('never creations, removals, links, withdrawals, people or unknown fields', () => {
    expect(whyNotRestorable(event('action.create', 'action', [{ field: 'text', before: null, after: 'x' }]), 'text')).toMatch(/created the action/);
    expect(whyNotRestorable(event('plan.import', 'plan', [{ field: 'title', before: null, after: 'x' }]), 'title')).toMatch(/created the plan/);
    expect(whyNotRestorable(event('strand.delete', 'strand', []), 'title')).toMatch(/removed the strand/);
    expect(whyNotRestorable(event('strand.unlink_objective', 'strand', [{ field: 'objective', before: '1', after: null }]), 'objective')).toMatch(/linking or unlinking/);
    expect(whyNotRestorable(event('impact.withdraw', 'impact', [{ field: 'withdrawn', before: 'false', after: 'true' }]), 'withdrawn')).toMatch(/stays withdrawn/);
    expect(whyNotRestorable(event('role.assign', 'role_assignment', [{ field: 'role', before: null, after: 'staff' }]), 'role')).toMatch(/Only edits of a plan/);
    expect(whyNotRestorable(event('action.update', 'action', [{ field: 'strandId', before: 'a', after: 'b' }]), 'strandId')).toMatch(/cannot be restored/);
  });
});

describe('history in plain words', () => {
  it('says what happened the way a head would', () => {
    expect(describeVerb('action.update', ['rag'])).toBe('changed the RAG rating');
    expect(describeVerb('action.update', ['rag', 'ragReason'])).toBe('changed the RAG rating');
    expect(describeVerb('action.update', ['text', 'status'])).toBe('changed an action');
    expect(describeVerb('action.create', ['text'])).toBe('added an action');
    expect(describeVerb('strand.link_objective', ['objective'])).toBe('linked an objective to a strand');
    expect(describeVerb('something.new', [])).toBe('something new');
    expect(describeVerb('objective.renumber', ['number'])).toBe('renumbered an objective, as another was added, moved or removed');
    expect(describeVerb('strand.renumber', ['position'])).toBe('moved a strand along, as another was added, moved or removed');
    expect(describeVerb('action.restore', ['rag', 'ragReason'])).toBe('restored an earlier value of an action');
    expect(restoredFromLabel({ actorName: 'Bo Lead', at: '2025-06-12T09:00:00.000Z' })).toBe('Restored from Bo Lead’s change of 12 Jun 2025, 10:00');
    expect(fieldLabel('ragReason')).toBe('Reason for the RAG rating');
    expect(fieldLabel('someNewField')).toBe('Some New Field');
    expect(rolesLabel('head_teacher, jcc_member')).toBe('Head teacher, JCC member');
  });

  it('shows values as people read them', () => {
    const names = { members: new Map([['u1', 'Ann Head']]), schools: new Map([['s1', 'Bank Road (BR)']]), objectives: new Map([['o1', 3]]) };
    expect(formatValue('rag', 'amber')).toBe('Amber');
    expect(formatValue('status', 'in_progress')).toBe('In progress');
    expect(formatValue('ragReason', null)).toBeNull();
    expect(formatValue('ownerUserId', 'u1', names)).toBe('Ann Head');
    expect(formatValue('ownerUserId', 'u9', names)).toBe('someone no longer in the partnership');
    expect(formatValue('schoolIds', ['s1'], names)).toBe('Bank Road (BR)');
    expect(formatValue('objectiveIds', ['o1'], names)).toBe('Objective 3');
    expect(formatValue('due', { kind: 'half_term', academicYear: 2017, term: 'spring', half: 1 })).toBe('Spring 1 2017-18');
    expect(formatValue('due', { kind: 'term', academicYear: 2017, term: 'autumn' })).toBe('Autumn term 2017-18');
    expect(formatValue('due', { kind: 'date', date: '2017-12-05', time: '18:00' })).toBe('5 Dec 2017, 18:00');
    expect(formatValue('due', { kind: 'tbc' })).toBe('TBC');
    expect(formatValue('date', '2017-07-11')).toBe('11 Jul 2017');
    expect(formatValue('keyObjective', '<p>Keep <strong>every</strong> child safe &amp; well.</p><ul><li>One</li><li>Two</li></ul>')).toBe(
      'Keep every child safe & well.\n• One\n• Two',
    );
    expect(formatValue('title', 'Maths < English')).toBe('Maths < English');
  });

  it('turns rich text into plain text without running anything', () => {
    expect(plainText('<p>a<br>b</p><script>alert(1)</script>&#8217;&#x2014;&nbsp;x')).toBe('a\nb\nalert(1)’— x');
  });
});

describe('the change a restore brought back', () => {
  it('is read again from the event data, and absent for any other event', () => {
    const restoredFrom = { eventId: 'e1', seq: 4, verb: 'action.update', actorName: 'Bo Lead', at: '2025-06-12T09:00:00.000Z' };
    expect(restoredFromOf({ data: { restoredFrom } })).toEqual({ eventId: 'e1', seq: 4, actorName: 'Bo Lead', at: '2025-06-12T09:00:00.000Z' });
    expect(restoredFromOf({ data: {} })).toBeNull();
    expect(restoredFromOf({ data: { restoredFrom: 'e1' } })).toBeNull();
  });
});
