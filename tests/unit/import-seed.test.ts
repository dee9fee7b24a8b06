import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePlanDocument } from '@/lib/import/parse';
import type { Due, ParsedPlan, ParsedStrand } from '@/lib/import/types';

/**
 * The real 2017 plan, read where the shared seeds live; it is never copied into the project.
 * The expectations below are what a careful reader takes from each cell.
 */
const SEED = path.resolve(process.cwd(), '../shared/seeds/002_0b1cb70c67a5a1be.txt');
const hasSeed = existsSync(SEED);
if (!hasSeed) console.warn(`import-seed tests skipped: the seed plan is not at ${SEED}`);

type StrandExpectation = {
  title: string;
  subtitle: string | null;
  objectiveNumbers: number[];
  actions: number;
  impact: number;
  firstAction: string;
  lastAction: string;
  keyObjective: string;
  intendedImpact: string;
};

const STRANDS: StrandExpectation[] = [
  {
    title: 'Safeguarding',
    subtitle: null,
    objectiveNumbers: [1, 2, 5, 10],
    actions: 2,
    impact: 5,
    firstAction: 'Peer review by head teachers to check the five main aspects of each settings safeguarding arrangements.',
    lastAction: 'Safeguarding governors from both schools to compare Safeguarding audits',
    keyObjective: '<p>To audit the content, application and effectiveness of safeguarding policies.</p>',
    intendedImpact: 'Children and learners feel safe.</p>',
  },
  {
    title: 'Teaching and Learning',
    subtitle: null,
    objectiveNumbers: [1, 2, 3, 4, 5, 8, 9, 10],
    actions: 3,
    impact: 2,
    firstAction: 'Joint senior leaders work scrutiny',
    lastAction: 'Informal learning walks to take place by HTs at both schools',
    keyObjective: '<p>To enhance teaching and learning through senior leaders monitoring and review.</p>',
    intendedImpact: '<p>Teaching and learning practices have been enhanced.</p>',
  },
  {
    title: 'Staff',
    subtitle: null,
    objectiveNumbers: [1, 2, 3, 4, 5, 6, 8, 9, 10],
    actions: 7,
    impact: 4,
    firstAction: 'Identify key strengths and areas of development',
    lastAction: 'English leads (4 December)',
    keyObjective: "link teachers 'development' days",
    intendedImpact: 'To share honest self-evaluation between colleagues.',
  },
  {
    title: 'CPD',
    subtitle: null,
    objectiveNumbers: [1, 2, 3, 4, 5, 6, 8, 9, 10],
    actions: 4,
    impact: 2,
    firstAction: 'Share CPD throughout both schools – Staff meetings, INSET and external training.',
    lastAction: 'Sally Beardsley to lead staff meeting at BR on Growth Mindset',
    keyObjective: '<p>To share CPD opportunities linked to the development needs of staff</p>',
    intendedImpact: "For a change in practice to impact on pupils' learning.",
  },
  {
    title: 'Moderation / assessment',
    subtitle: null,
    objectiveNumbers: [1, 2, 3, 4, 5, 6, 8, 9, 10],
    actions: 3,
    impact: 1,
    firstAction: 'Staff to meet termly to ensure teachers are applying assessment systems consistently.',
    lastAction: 'To moderate end of key-stage judgements against key criteria.',
    keyObjective: '<p>Moderation: To ensure all teachers understand assessment structures',
    intendedImpact:
      '<p>Assessment judgements are</p><ul><li><p>Consistent: different teachers make the same assessment judgements on the same pupil</p></li><li><p>Comparable: different assessments are comparable</p></li><li><p>Fair: ',
  },
  {
    title: 'School Council',
    subtitle: null,
    objectiveNumbers: [1, 2, 3],
    actions: 6,
    impact: 1,
    firstAction: 'Visits to each others schools.',
    lastAction: 'Tour of school, playtime, discussion around roles of joint school council',
    keyObjective: 'To develop the partnership, involving all members of the schools\' communities.</p>',
    intendedImpact: "Children to understand what it means to be a 'good citizen' in your own community.",
  },
  {
    title: 'Pupil Premium',
    subtitle: null,
    objectiveNumbers: [1, 2, 3, 5, 6, 9, 10],
    actions: 7,
    impact: 3,
    firstAction: 'To audit the allocation of pupil premium funding, through peer review, using audit tools.',
    lastAction: 'Plan to carry out audit of PP provision in Spring term',
    keyObjective: "To ensure that pupil premium is 'ring-fenced'",
    intendedImpact: '(withdrawing or modifying interventions found to be ineffective).</p>',
  },
  {
    title: 'Parents',
    subtitle: null,
    objectiveNumbers: [1, 2, 7],
    actions: 1,
    impact: 3,
    firstAction:
      "Sending summary reports, detailing the aspects of collaboration activities inc. JCC minutes, action planning, school council reports, collaboration 'newsletters'.",
    lastAction:
      "Sending summary reports, detailing the aspects of collaboration activities inc. JCC minutes, action planning, school council reports, collaboration 'newsletters'.",
    keyObjective: '<p>To ensure parents are kept informed of impact of collaboration agreement.</p>',
    intendedImpact:
      "<p>Enhanced pupils' education through parent and community involvement.</p><p>Fostering a partnership between the school communities.</p>",
  },
  {
    title: 'Governors',
    subtitle: null,
    objectiveNumbers: [],
    actions: 3,
    impact: 0,
    firstAction: 'Chair of GB of WL to attend full Governing Board meeting at BR on 12 December 2017',
    lastAction: 'Chair of BR to attend Full Governing Board Spring term meeting at WL (Tuesday 23 January 2018 6.00 p.m.)',
    keyObjective: 'but individual governing Boards authorise decisions and plans.</p>',
    intendedImpact:
      '<ul><li><p>To give members of both governing boards opportunities to observe and share practice</p></li><li><p>To drive forward school improvement by learning from and supporting one another</p></li><li><p>To create distribution of professional knowledge</p></li><li><p>Each governing board to remain flexible to the needs of their school and the communities they serve</p></li></ul>',
  },
  {
    title: 'Combined SIP priorities',
    subtitle: '(2017-2018)',
    objectiveNumbers: [],
    actions: 2,
    impact: 0,
    firstAction:
      'Provide more opportunities for CPD between schools for staff to recognise that sharing practice amongst colleagues is a powerful tool and will have a positive impact on practice.',
    lastAction: 'Staff to share ideas towards development areas',
    keyObjective:
      '<p>To share common goals:</p><ul><li><p>EHWB</p></li><li><p>Writing</p></li><li><p>Middle leaders</p></li><li><p>30 Hrs provision in F1</p></li></ul>',
    intendedImpact: '<li><p>By sharing ideas and CPD linked to SIP priorities, curriculum development will be enhanced</p></li></ul>',
  },
];

const NONE: Due = { kind: 'none' };
const AUTUMN_2017: Due = { kind: 'term', academicYear: 2017, term: 'autumn', label: 'Autumn 2017' };
const SPRING_1: Due = { kind: 'half_term', academicYear: 2017, term: 'spring', half: 1, label: 'Spring 1' };
const NOV_16: Due = { kind: 'date', date: '2017-11-16', label: '16 November' };

/** Every action of the strands whose cells lost their bullets, with its due: the splitting rules pinned. */
const ALL_ACTIONS: Record<string, [string, Due][]> = {
  Safeguarding: [
    ['Peer review by head teachers to check the five main aspects of each settings safeguarding arrangements.', NONE],
    ['Safeguarding governors from both schools to compare Safeguarding audits', AUTUMN_2017],
  ],
  'Teaching and Learning': [
    ['Joint senior leaders work scrutiny', NONE],
    ['Joint senior leaders informal learning walks.', NONE],
    ['Informal learning walks to take place by HTs at both schools', AUTUMN_2017],
  ],
  Staff: [
    ['Identify key strengths and areas of development', NONE],
    [
      'Compile impact evaluation reports for middle leaders, to identify elements of development as a direct result of development days',
      NONE,
    ],
    ['Lead teachers to meet to discuss priorities for the year ahead', AUTUMN_2017],
    ['SENcos to meet (5 December 2017)', { kind: 'date', date: '2017-12-05', label: '5 December 2017' }],
    ['EYFS leads – to meet (date TBC)', { kind: 'tbc', label: 'date TBC' }],
    ['Maths leads to meet Spring 1', SPRING_1],
    ['English leads (4 December)', { kind: 'date', date: '2017-12-04', label: '4 December' }],
  ],
  CPD: [
    ['Share CPD throughout both schools – Staff meetings, INSET and external training.', NONE],
    ['Staff collaboration to ensure training is shared.', NONE],
    ['WL to send staff to twilight training on EHWB (15 January at BR)', { kind: 'date', date: '2018-01-15', label: '15 January' }],
    ['Sally Beardsley to lead staff meeting at BR on Growth Mindset', AUTUMN_2017],
  ],
  'School Council': [
    ['Visits to each others schools.', NONE],
    ['To form a joint school council.', NONE],
    [
      'Agendas for these meetings will focus on real and positive action and includes the core business of the collaboration agreement.',
      NONE,
    ],
    ['Pupils at each school to create termly reports.', NONE],
    ["School council members to spend afternoon at each other's school. Spring 1 – BR to WL, Spring 2 WL to BR", SPRING_1],
    ['Tour of school, playtime, discussion around roles of joint school council', SPRING_1],
  ],
  'Pupil Premium': [
    ['To audit the allocation of pupil premium funding, through peer review, using audit tools.', NONE],
    ['To share good practice and reporting (e.g case studies).', NONE],
    ['Link governors to meet.', NONE],
    ['Pupil Premium lead teachers to meet at BR (16 November)', NOV_16],
    ['Look at Action Plans', NOV_16],
    ['Share Case Studies', NOV_16],
    ['Plan to carry out audit of PP provision in Spring term', { kind: 'term', academicYear: 2017, term: 'spring', label: 'Spring term' }],
  ],
  Governors: [
    [
      'Chair of GB of WL to attend full Governing Board meeting at BR on 12 December 2017',
      { kind: 'date', date: '2017-12-12', label: '12 December 2017' },
    ],
    ['WL governor training lead to contact training lead governor from BR', NONE],
    [
      'Chair of BR to attend Full Governing Board Spring term meeting at WL (Tuesday 23 January 2018 6.00 p.m.)',
      { kind: 'date', date: '2018-01-23', time: '18:00', label: 'Tuesday 23 January 2018 6.00 p.m.' },
    ],
  ],
};

/** Every impact entry of the cells that lost their bullets, as plain words. */
const ALL_IMPACT: Record<string, string[]> = {
  Safeguarding: [
    'Peer Head Teacher review took place on 25th April.',
    'Good practice procedures adopted by both school.',
    'Statutory requirements regularly shared through CP and safeguarding posters.',
    'Governor training shared',
    'SCR – reviewed by HTs and office staff',
  ],
  'Teaching and Learning': [
    'Work scrutiny carried out prior to LA moderation within each school',
    'Sharing of progress and attainment including data analysis and key areas for improvement identified',
  ],
  Staff: [
    'EYFS carried out a gap analysis and planned how to address those gaps.',
    'English subject leads carried out a data review, looking at Raiseonline and in house school data.',
    'English leads also looked at teaching and learning of spelling in order to enhance practice at schools',
    'Mastery in Maths and methods were shared at a work scrutiny and enhanced the T&amp;L and evidencing of children working at greater depth.',
  ],
  Parents: [
    'Information has been shared regarding the Collaboration School council reports on school websites',
    'JCC minutes on display in school foyers when ratified',
    'Newsletters updated with Collaborative activities',
  ],
};

describe.skipIf(!hasSeed)('the 2017 Collaboration Action Plan (seed 002)', () => {
  let plan: ParsedPlan;
  const strand = (title: string): ParsedStrand => {
    const found = plan.strands.find((s) => s.title === title);
    if (!found) throw new Error(`no strand ${title}`);
    return found;
  };

  beforeAll(() => {
    plan = parsePlanDocument(readFileSync(SEED, 'utf8'));
  });

  it('reads the heading, note and objectives', () => {
    expect(plan.title).toBe('Collaboration Action Plan');
    expect(plan.yearLabel).toBe('2017');
    expect(plan.academicYear).toBe(2017);
    expect(plan.note).toBe('Amended and updated following review by head teachers – November 2017');
    expect(plan.objectivesIntro).toBe(
      'The overriding objective of the formal collaboration is to improve pupil outcomes through:',
    );
    expect(plan.objectives).toHaveLength(10);
    expect(plan.objectives.map((o) => o.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(plan.objectives[0].text).toMatch(/^Demonstrating a commitment to a sustained partnership/);
    expect(plan.objectives[5].text).toMatch(/resources – both human and material – across both Schools/);
    expect(plan.objectives[9].text).toBe(
      'All of the above objectives to be in line with local and national initiatives and statutory requirements.',
    );
    expect(plan.impactAsOf).toBe('July 2017');
  });

  it('reads ten strands in order', () => {
    expect(plan.strands.map((s) => s.title)).toEqual(STRANDS.map((s) => s.title));
    expect(plan.strands.map((s) => s.line)).toEqual([31, 35, 36, 40, 41, 45, 46, 50, 51, 55]);
  });

  describe.each(STRANDS)('$title', (expected) => {
    it('has its links, subtitle and counts', () => {
      const s = strand(expected.title);
      expect(s.objectiveNumbers).toEqual(expected.objectiveNumbers);
      expect(s.subtitle).toBe(expected.subtitle);
      expect(s.actions).toHaveLength(expected.actions);
      expect(s.impact).toHaveLength(expected.impact);
    });

    it('has its first and last actions', () => {
      const s = strand(expected.title);
      expect(s.actions[0].text).toBe(expected.firstAction);
      expect(s.actions[s.actions.length - 1].text).toBe(expected.lastAction);
    });

    it('has its key objective and intended impact', () => {
      const s = strand(expected.title);
      expect(s.keyObjective).toContain(expected.keyObjective);
      expect(s.intendedImpact).toContain(expected.intendedImpact);
    });

    it('has imported actions not started, and impact dated by the column header', () => {
      const s = strand(expected.title);
      for (const action of s.actions) expect(action.status).toBe('not_started');
      for (const entry of s.impact) {
        expect(entry.date).toBeNull();
        expect(entry.dateLabel).toBe('July 2017');
        expect(entry.html).toMatch(/^<p>.*<\/p>$/);
      }
    });
  });

  it.each(Object.entries(ALL_ACTIONS))('splits the %s actions and reads their dues', (title, actions) => {
    expect(strand(title).actions.map((a) => [a.text, a.due])).toEqual(actions);
  });

  it.each(Object.entries(ALL_IMPACT))('splits the %s impact to date', (title, entries) => {
    expect(strand(title).impact.map((e) => e.html)).toEqual(entries.map((text) => `<p>${text}</p>`));
  });

  it('names the schools of actions by their codes, in order of appearance', () => {
    expect(strand('CPD').actions[2].schools).toEqual(['WL', 'BR']);
    expect(strand('CPD').actions[3].schools).toEqual(['BR']);
    expect(strand('CPD').actions[0].schools).toEqual([]);
    expect(strand('Pupil Premium').actions[3].schools).toEqual(['BR']);
    expect(strand('School Council').actions[4].schools).toEqual(['BR', 'WL']);
    expect(strand('Governors').actions.map((a) => a.schools)).toEqual([
      ['WL', 'BR'],
      ['WL', 'BR'],
      ['BR', 'WL'],
    ]);
    expect(strand('Staff').actions.flatMap((a) => a.schools)).toEqual([]);
  });

  it('keeps the lists of the impact cells whole where bullets survived', () => {
    expect(strand('CPD').impact[1].html).toMatch(/^<p>Subject leaders have shared good practice procedures.*resilient learners\.<\/p>$/);
    expect(strand('Pupil Premium').impact.map((e) => e.html)).toEqual([
      '<p>HTs have discussed procedures currently in place to monitor and review impact of PP funding and interventions having impact. Good practice being in</p>',
      "<p>Pupil premium lead teachers attending 'Closing the Gap' conference on July 5.</p>",
      '<p>This area will be focus to share good practice further throughout the next academic year.</p>',
    ]);
  });

  it('reads the three sign-offs', () => {
    expect(plan.reviews.map((r) => [r.kind, r.heldOn, r.heldOnLabel, r.signatories.length])).toEqual([
      ['jcc', '2017-07-11', '11 July 2017', 4],
      ['head_teachers', null, 'November 2017', 2],
      ['jcc', '2017-11-14', '14 November 2017', 4],
    ]);
    expect(plan.reviews[0].statement).toBe(
      'THIS ACTION PLAN WAS MONITORED AND REVIEWED BY THE HTs and MEMBERS OF THE JCC ON 11TH July 2017.\nThis action plan was reviewed by the JCC in July 2017',
    );
    expect(plan.reviews[1].statement).toBe('THIS ACTION PLAN WAS MONITORED AND REVIEWED BY THE HTs November 2017.');
    expect(plan.reviews[2].statement).toBe('This action plan was reviewed by the JCC on 14th November 2017');
  });

  it('reads each signatory with role and school', () => {
    expect(plan.reviews[2].signatories).toEqual([
      {
        name: 'Carole Clemens',
        roleLabel: 'Head Teacher',
        role: 'head_teacher',
        schoolName: 'Bank Road Infant and Nursery School',
        schoolCode: 'BR',
      },
      {
        name: 'Sally Beardsley',
        roleLabel: 'Head Teacher',
        role: 'head_teacher',
        schoolName: 'William Lilley Infant and Nursery School',
        schoolCode: 'WL',
      },
      {
        name: 'Andy Hitchcock',
        roleLabel: 'Chair of Governing Board',
        role: 'chair_of_governors',
        schoolName: 'Bank Road Infant and Nursery School',
        schoolCode: 'BR',
      },
      {
        name: 'Kevin Snow',
        roleLabel: 'Chair of Governing Board',
        role: 'chair_of_governors',
        schoolName: 'William Lilley Infant and Nursery School',
        schoolCode: 'WL',
      },
    ]);
    expect(plan.reviews[1].signatories.map((s) => s.role)).toEqual(['head_teacher', 'head_teacher']);
  });

  it('lists the two schools with their codes', () => {
    expect(plan.schools).toEqual([
      { shortCode: 'BR', name: 'Bank Road Infant and Nursery School' },
      { shortCode: 'WL', name: 'William Lilley Infant and Nursery School' },
    ]);
  });

  it('leaves no trace of the broken list markup anywhere', () => {
    const all = JSON.stringify(plan);
    expect(all).not.toContain('•');
    expect(all).not.toContain('<ul style');
    expect(all).not.toContain('list-style');
    expect(all).not.toMatch(/style=/);
    for (const s of plan.strands) {
      for (const a of s.actions) {
        expect(a.text).toBe(a.text.trim());
        expect(a.text).not.toMatch(/<|>|^[-–]|\s{2}/);
      }
    }
  });

  it('reads the same with CRLF line endings and a BOM', () => {
    const text = readFileSync(SEED, 'utf8');
    expect(parsePlanDocument(`\ufeff${text.replace(/\n/g, '\r\n')}`)).toEqual(plan);
  });
});
