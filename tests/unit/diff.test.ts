import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PlanDiff } from '@/components/governance/PlanDiff';
import type { ContentAction, ContentImpact, ContentStrand, PlanContent } from '@/lib/governance/content';
import { type ActionDiff, type StrandDiff, diffPlanContent } from '@/lib/governance/diff';

/** A small action with sensible defaults; `key` doubles as its id. */
function action(key: string, text: string, extra: Partial<ContentAction> = {}): ContentAction {
  return {
    key,
    id: key,
    position: 0,
    text,
    schools: [],
    due: { kind: 'none', label: null },
    status: 'not_started',
    rag: null,
    ragReason: null,
    owner: null,
    ownerId: null,
    ...extra,
  };
}

function impact(key: string, text: string, extra: Partial<ContentImpact> = {}): ContentImpact {
  return { key, id: key, date: null, dateLabel: null, author: null, authorId: null, text, evidenceUrl: null, withdrawn: false, ...extra };
}

function strand(key: string, title: string, extra: Partial<ContentStrand> = {}): ContentStrand {
  return {
    key,
    id: key,
    position: 0,
    title,
    subtitle: null,
    objectiveNumbers: [1],
    keyObjective: `<p>${title} key objective.</p>`,
    intendedImpact: `<p>${title} intended impact.</p>`,
    lead: null,
    actions: [],
    impact: [],
    ...extra,
  };
}

/** A plan's content: strands get positions in the order given, actions within each strand too. */
function content(overrides: Partial<PlanContent> = {}): PlanContent {
  const strands = (overrides.strands ?? [strand('s-safe', 'Safeguarding'), strand('s-cpd', 'CPD'), strand('s-par', 'Parents')]).map((s, i) => ({
    ...s,
    position: i,
    actions: s.actions.map((a, j) => ({ ...a, position: j })),
  }));
  return {
    format: 1,
    planId: 'plan-1',
    lineageId: 'lineage-1',
    versionNumber: 1,
    title: 'Collaboration Action Plan',
    academicYear: 2017,
    academicYearLabel: '2017-18',
    yearLabel: '2017',
    note: null,
    objectivesIntro: 'Our two schools will work together to:',
    impactAsOf: 'July 2017',
    status: 'in_review',
    partnership: { id: 'p', name: 'Bank Road and William Lilley' },
    schools: [
      { id: 'br', name: 'Bank Road Infant School', shortCode: 'BR' },
      { id: 'wl', name: 'William Lilley Infant School', shortCode: 'WL' },
    ],
    objectives: [
      { key: 'o1', id: 'o1', number: 1, text: 'Raise standards.' },
      { key: 'o2', id: 'o2', number: 2, text: 'Share expertise.' },
    ],
    ...overrides,
    strands,
  };
}

const changedStrand = (diff: ReturnType<typeof diffPlanContent>, key: string) => {
  const found = diff.strands.find((s) => s.key === key);
  if (!found || found.change === 'unchanged') throw new Error(`strand ${key} is not reported as changed: ${JSON.stringify(found)}`);
  return found;
};

describe('diffPlanContent', () => {
  it('reports nothing for identical content, every strand as unchanged', () => {
    const diff = diffPlanContent(content(), content());
    expect(diff.changed).toBe(false);
    expect(diff.fields).toEqual([]);
    expect(diff.objectives).toEqual([]);
    expect(diff.strands.map((s) => [s.change, s.title])).toEqual([
      ['unchanged', 'Safeguarding'],
      ['unchanged', 'CPD'],
      ['unchanged', 'Parents'],
    ]);
    expect(diff.counts.strandsUnchanged).toBe(3);
  });

  it('names the plan fields that changed, with before and after', () => {
    const diff = diffPlanContent(content(), content({ title: 'Partnership Plan', note: 'Amended following review' }));
    expect(diff.changed).toBe(true);
    expect(diff.fields).toEqual([
      { field: 'title', label: 'Title', before: 'Collaboration Action Plan', after: 'Partnership Plan' },
      { field: 'note', label: 'Note', before: null, after: 'Amended following review' },
    ]);
  });

  it('does not count a change of status (review, ratification) as a change to what the plan says', () => {
    const diff = diffPlanContent(content({ status: 'draft' }), content({ status: 'ratified', versionNumber: 2, planId: 'plan-2' }));
    expect(diff.changed).toBe(false);
  });

  it('matches objectives by key: added, removed and reworded', () => {
    const after = content({
      objectives: [
        { key: 'o2', id: 'o2-v2', number: 1, text: 'Share expertise between staff.' },
        { key: 'o3', id: 'o3', number: 2, text: 'Inform families.' },
      ],
    });
    const diff = diffPlanContent(content(), after);
    expect(diff.objectives.map((o) => [o.change, o.key, o.number])).toEqual([
      ['removed', 'o1', 1],
      ['changed', 'o2', 1],
      ['added', 'o3', 2],
    ]);
    expect(diff.objectives[1].fields.map((f) => f.field)).toEqual(['number', 'text']);
    expect(diff.counts).toMatchObject({ objectivesAdded: 1, objectivesRemoved: 1, objectivesChanged: 1 });
  });

  it('orders strands as the later content has them, with a removed strand where it stood', () => {
    const before = content({ strands: [strand('a', 'Safeguarding'), strand('b', 'CPD'), strand('c', 'Parents')] });
    const after = content({ strands: [strand('new', 'Governors'), strand('a', 'Safeguarding'), strand('c', 'Parents')] });
    const diff = diffPlanContent(before, after);
    expect(diff.strands.map((s) => [s.key, s.change])).toEqual([
      ['new', 'added'],
      ['a', 'unchanged'],
      ['b', 'removed'],
      ['c', 'unchanged'],
    ]);
    expect(diff.counts).toMatchObject({ strandsAdded: 1, strandsRemoved: 1, strandsChanged: 0, strandsUnchanged: 2 });
  });

  it('puts a removed first strand first', () => {
    const diff = diffPlanContent(content({ strands: [strand('a', 'A'), strand('b', 'B')] }), content({ strands: [strand('b', 'B')] }));
    expect(diff.strands.map((s) => [s.key, s.change])).toEqual([
      ['a', 'removed'],
      ['b', 'unchanged'],
    ]);
  });

  it('lists what an added strand holds, and what a removed one held', () => {
    const added = strand('g', 'Governors', { actions: [action('g1', 'Joint governor training')], impact: [impact('gi', '<p>Chairs met.</p>')] });
    const diff = diffPlanContent(content({ strands: [] }), content({ strands: [added] }));
    const g = changedStrand(diff, 'g');
    expect(g.change).toBe('added');
    expect(g.fields.find((f) => f.field === 'keyObjective')).toEqual({ field: 'keyObjective', label: 'Key objective', before: null, after: 'Governors key objective.' });
    expect(g.actions).toMatchObject([{ change: 'added', text: 'Joint governor training' }]);
    expect(g.impact).toMatchObject([{ change: 'added', text: 'Chairs met.' }]);

    const back = diffPlanContent(content({ strands: [added] }), content({ strands: [] }));
    const gone = changedStrand(back, 'g');
    expect(gone.change).toBe('removed');
    expect(gone.actions).toMatchObject([{ change: 'removed', text: 'Joint governor training' }]);
  });

  it('compares rich text as the words a reader sees, ignoring markup', () => {
    const before = content({ strands: [strand('a', 'Safeguarding', { keyObjective: '<p>To keep <strong>every</strong> child safe.</p>' })] });
    const sameWords = content({ strands: [strand('a', 'Safeguarding', { keyObjective: '<p>To keep <em>every</em> child safe.</p>' })] });
    expect(diffPlanContent(before, sameWords).changed).toBe(false);

    const newWords = content({ strands: [strand('a', 'Safeguarding', { keyObjective: '<p>To keep every pupil safe.</p>' })] });
    expect(changedStrand(diffPlanContent(before, newWords), 'a').fields).toEqual([
      { field: 'keyObjective', label: 'Key objective', before: 'To keep every child safe.', after: 'To keep every pupil safe.' },
    ]);
  });

  it('reports links, lead and intended impact changes of a strand', () => {
    const before = content({ strands: [strand('a', 'CPD', { objectiveNumbers: [1], lead: null })] });
    const after = content({
      strands: [strand('a', 'CPD', { objectiveNumbers: [2, 1], lead: { id: 'u1', name: 'Amy Lead' }, intendedImpact: '<p>Better teaching.</p>' })],
    });
    const fields = changedStrand(diffPlanContent(before, after), 'a').fields;
    expect(fields).toEqual([
      { field: 'objectives', label: 'Linked objectives', before: 'Objective 1', after: 'Objective 1, 2' },
      { field: 'intendedImpact', label: 'Intended impact', before: 'CPD intended impact.', after: 'Better teaching.' },
      { field: 'lead', label: 'Lead', before: null, after: 'Amy Lead' },
    ]);
  });

  it('reports each changed field of an action, and added and removed actions', () => {
    const before = content({
      strands: [
        strand('a', 'Safeguarding', {
          actions: [action('x', 'Audit the single central record'), action('y', 'Peer review of safeguarding', { owner: 'Sam Owner' })],
        }),
      ],
    });
    const after = content({
      strands: [
        strand('a', 'Safeguarding', {
          actions: [
            action('y', 'Peer review of safeguarding', {
              owner: 'Pat Owner',
              schools: ['BR', 'WL'],
              due: { kind: 'half_term', academicYear: 2017, term: 'spring', half: 1, label: 'Spring 1' },
              status: 'in_progress',
              rag: 'amber',
              ragReason: 'Waiting for dates',
            }),
            action('z', 'SENCos to meet'),
          ],
        }),
      ],
    });
    const diff = changedStrand(diffPlanContent(before, after), 'a');
    expect(diff.actions.map((a: ActionDiff) => [a.change, a.key])).toEqual([
      ['removed', 'x'],
      ['changed', 'y'],
      ['added', 'z'],
    ]);
    expect(diff.actions[1].fields).toEqual([
      { field: 'owner', label: 'Owner', before: 'Sam Owner', after: 'Pat Owner' },
      { field: 'schools', label: 'Schools', before: null, after: 'BR, WL' },
      { field: 'due', label: 'Due', before: null, after: 'Spring 1' },
      { field: 'status', label: 'Status', before: 'Not started', after: 'In progress' },
      { field: 'rag', label: 'RAG', before: null, after: 'Amber' },
      { field: 'ragReason', label: 'RAG reason', before: null, after: 'Waiting for dates' },
    ]);
  });

  it('does not report an action that only moved', () => {
    const before = content({ strands: [strand('a', 'A', { actions: [action('x', 'First'), action('y', 'Second')] })] });
    const after = content({ strands: [strand('a', 'A', { actions: [action('y', 'Second'), action('x', 'First')] })] });
    expect(diffPlanContent(before, after).changed).toBe(false);
  });

  it('reports impact entries added, withdrawn and edited', () => {
    const before = content({
      strands: [strand('a', 'CPD', { impact: [impact('i1', '<p>INSET day held.</p>'), impact('i2', '<p>Staff survey done.</p>', { dateLabel: 'July 2017' })] })],
    });
    const after = content({
      strands: [
        strand('a', 'CPD', {
          impact: [
            impact('i1', '<p>INSET day held.</p>', { withdrawn: true }),
            impact('i2', '<p>Staff survey done: 90% positive.</p>', { dateLabel: 'July 2017' }),
            impact('i3', '<p>Moderation shared.</p>', { dateLabel: '5 Dec 2017' }),
          ],
        }),
      ],
    });
    const diff = changedStrand(diffPlanContent(before, after), 'a');
    expect(diff.impact.map((i) => [i.change, i.key])).toEqual([
      ['withdrawn', 'i1'],
      ['changed', 'i2'],
      ['added', 'i3'],
    ]);
    expect(diff.impact[0].fields).toEqual([]);
    expect(diff.impact[1].fields).toEqual([{ field: 'text', label: 'Impact', before: 'Staff survey done.', after: 'Staff survey done: 90% positive.' }]);
    expect(diff.impact[2]).toMatchObject({ text: 'Moderation shared.', dateLabel: '5 Dec 2017' });
  });

  it('keeps a strand whose only change is deep inside as changed, its title from the later content', () => {
    const before = content({ strands: [strand('a', 'Teaching', { actions: [action('x', 'Observe lessons')] })] });
    const after = content({ strands: [strand('a', 'Teaching and Learning', { actions: [action('x', 'Observe lessons', { status: 'done' })] })] });
    const s: StrandDiff = changedStrand(diffPlanContent(before, after), 'a');
    expect(s).toMatchObject({ change: 'changed', title: 'Teaching and Learning' });
  });
});

describe('PlanDiff (rendered)', () => {
  const render = (before: PlanContent, after: PlanContent) =>
    renderToStaticMarkup(createElement(PlanDiff, { diff: diffPlanContent(before, after), since: 'version 1' }));

  it('says plainly when nothing has changed', () => {
    const html = render(content(), content());
    expect(html).toContain('No changes since version 1.');
    expect(html).not.toContain('<ins');
  });

  it('names each change in words, with the old text deleted and the new inserted, and folds unchanged strands', () => {
    const before = content({ strands: [strand('a', 'Safeguarding'), strand('b', 'CPD', { actions: [action('x', 'Old action')] })] });
    const after = content({ strands: [strand('a', 'Safeguarding'), strand('b', 'CPD', { actions: [action('x', 'New action')] }), strand('c', 'Governors')] });
    const html = render(before, after);
    expect(html).toContain('>Changed</span>');
    expect(html).toContain('>Added</span>');
    expect(html).toMatch(/Was:<\/span> <del class="diff-del">Old action<\/del>/);
    expect(html).toMatch(/Now:<\/span> <ins class="diff-ins">New action<\/ins>/);
    expect(html).toMatch(/<details class="diff-unchanged"><summary>1 strand unchanged<\/summary><ul class="diff-unchanged__list"><li>Safeguarding<\/li>/);
  });

  it('escapes what users wrote: plan text is shown, never run', () => {
    const after = content({ title: '<img src=x onerror=alert(1)>' });
    const html = render(content(), after);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
