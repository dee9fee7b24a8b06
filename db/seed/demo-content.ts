/**
 * Demo content for jointplan: two partnerships, their people and their plans.
 *
 * Everything here is invented. The shape follows the real documents in /work/shared/seeds
 * (the Bank Road / William Lilley Collaboration Action Plan and the Harwich Education
 * Partnership case study), but the wording and all personal names are our own.
 *
 * Pure data: no database access, only type imports. A seeding script turns it into rows.
 */
import type { PlanStatus, Role } from '@/db/schema';
import type {
  ParsedAction,
  ParsedImpact,
  ParsedPlan,
  ParsedReview,
  ParsedSchool,
  ParsedSignatory,
  ParsedStrand,
} from '@/lib/import/types';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** Every demo account shares this password. */
export const DEMO_PASSWORD = 'jointplan-demo';

export type DemoPartnershipSlug = 'bank-road-william-lilley' | 'harwich-education-partnership';

/** Same values as the `role` enum in the database. */
export type DemoRole = Role;

/** The plan statuses the demo uses (never `archived`). */
export type DemoPlanStatus = Extract<PlanStatus, 'draft' | 'in_review' | 'ratified'>;

export type DemoPartnership = {
  slug: DemoPartnershipSlug;
  name: string;
  description: string;
  schools: ParsedSchool[];
};

export type DemoRoleAssignment = {
  partnership: DemoPartnershipSlug;
  /** Short code of the school the role is held at; null for partnership-wide roles. */
  school: string | null;
  role: DemoRole;
  /** For a subject lead: "English", "Maths", "SENCo"… */
  subject?: string;
};

export type DemoUser = {
  email: string;
  name: string;
  roles: DemoRoleAssignment[];
};

export type DemoPlan = {
  partnership: DemoPartnershipSlug;
  plan: ParsedPlan;
  status: DemoPlanStatus;
};

// ---------------------------------------------------------------------------------------------
// Partnerships and schools
// ---------------------------------------------------------------------------------------------

const BR: ParsedSchool = { shortCode: 'BR', name: 'Bank Road Infant and Nursery School' };
const WL: ParsedSchool = { shortCode: 'WL', name: 'William Lilley Infant and Nursery School' };

const CL: ParsedSchool = { shortCode: 'CL', name: 'Chase Lane Primary School' };
const HDHS: ParsedSchool = { shortCode: 'HDHS', name: 'The Harwich and Dovercourt High School' };
const SM: ParsedSchool = { shortCode: 'SM', name: 'Spring Meadow Primary School' };
const MF: ParsedSchool = { shortCode: 'MF', name: 'The Mayflower Primary School' };
const AS: ParsedSchool = { shortCode: 'AS', name: "All Saints' VA Primary School" };
const TV: ParsedSchool = { shortCode: 'TV', name: 'Two Village VC Primary School' };

export const demoPartnerships: DemoPartnership[] = [
  {
    slug: 'bank-road-william-lilley',
    name: 'Bank Road and William Lilley Collaboration',
    description:
      'A formal collaboration of two infant and nursery schools, overseen by a Joint Collaboration ' +
      'Committee of governors from both boards.',
    schools: [BR, WL],
  },
  {
    slug: 'harwich-education-partnership',
    name: 'Harwich Education Partnership',
    description:
      'Five primary schools and one secondary school in Harwich and Dovercourt, working together ' +
      'through termly peer review and a shared improvement plan.',
    schools: [CL, HDHS, SM, MF, AS, TV],
  },
];

// ---------------------------------------------------------------------------------------------
// People (all names invented)
// ---------------------------------------------------------------------------------------------

const BRWL: DemoPartnershipSlug = 'bank-road-william-lilley';
const HEP: DemoPartnershipSlug = 'harwich-education-partnership';

export const demoUsers: DemoUser[] = [
  // Bank Road and William Lilley Collaboration
  {
    email: 'head@bankroad.example',
    name: 'Rachel Okafor',
    roles: [{ partnership: BRWL, school: 'BR', role: 'head_teacher' }],
  },
  {
    email: 'head@williamlilley.example',
    name: 'Daniel Whitcombe',
    roles: [{ partnership: BRWL, school: 'WL', role: 'head_teacher' }],
  },
  {
    email: 'chair@bankroad.example',
    name: 'Margaret Ellison',
    roles: [
      { partnership: BRWL, school: 'BR', role: 'chair_of_governors' },
      { partnership: BRWL, school: 'BR', role: 'jcc_member' },
    ],
  },
  {
    email: 'chair@williamlilley.example',
    name: 'Tom Adebayo',
    roles: [
      { partnership: BRWL, school: 'WL', role: 'chair_of_governors' },
      { partnership: BRWL, school: 'WL', role: 'jcc_member' },
    ],
  },
  {
    email: 'english@bankroad.example',
    name: 'Priya Natarajan',
    roles: [{ partnership: BRWL, school: 'BR', role: 'subject_lead', subject: 'English' }],
  },
  {
    email: 'senco@bankroad.example',
    name: 'Hannah Greaves',
    roles: [{ partnership: BRWL, school: 'BR', role: 'subject_lead', subject: 'SENCo' }],
  },
  {
    email: 'maths@williamlilley.example',
    name: 'Owen Fairclough',
    roles: [{ partnership: BRWL, school: 'WL', role: 'subject_lead', subject: 'Maths' }],
  },
  {
    email: 'governor@williamlilley.example',
    name: 'Susan Pryce',
    roles: [
      { partnership: BRWL, school: 'WL', role: 'governor' },
      { partnership: BRWL, school: 'WL', role: 'jcc_member' },
    ],
  },
  {
    email: 'clerk@williamlilley.example',
    name: 'Janet Moody',
    roles: [{ partnership: BRWL, school: 'WL', role: 'clerk' }],
  },
  {
    email: 'teacher@williamlilley.example',
    name: 'Chloe Brennan',
    roles: [{ partnership: BRWL, school: 'WL', role: 'staff' }],
  },
  {
    email: 'admin@bankroad.example',
    name: 'Gareth Lomas',
    roles: [{ partnership: BRWL, school: null, role: 'partnership_admin' }],
  },
  {
    email: 'adviser@localauthority.example',
    name: 'Imran Siddiqui',
    roles: [{ partnership: BRWL, school: null, role: 'viewer' }],
  },

  // Harwich Education Partnership
  {
    email: 'head@chaselane.example',
    name: 'Fiona Trelawny',
    roles: [{ partnership: HEP, school: 'CL', role: 'head_teacher' }],
  },
  {
    email: 'head@springmeadow.example',
    name: 'Nadia Bellamy',
    roles: [{ partnership: HEP, school: 'SM', role: 'head_teacher' }],
  },
  {
    email: 'head@mayflower.example',
    name: 'Ian Doherty',
    roles: [{ partnership: HEP, school: 'MF', role: 'head_teacher' }],
  },
  {
    email: 'head@allsaints.example',
    name: 'Claire Whitmore',
    roles: [{ partnership: HEP, school: 'AS', role: 'head_teacher' }],
  },
  {
    email: 'writing@springmeadow.example',
    name: 'Natalie Osei',
    roles: [{ partnership: HEP, school: 'SM', role: 'subject_lead', subject: 'English' }],
  },
  {
    email: 'admin@harwichpartnership.example',
    name: 'Lisa Coleman',
    roles: [{ partnership: HEP, school: null, role: 'partnership_admin' }],
  },
];

// ---------------------------------------------------------------------------------------------
// Signatories (the demo accounts above, as they sign a paper review)
// ---------------------------------------------------------------------------------------------

const brHead: ParsedSignatory = {
  name: 'Rachel Okafor',
  roleLabel: 'Head Teacher',
  role: 'head_teacher',
  schoolName: BR.name,
  schoolCode: BR.shortCode,
};
const wlHead: ParsedSignatory = {
  name: 'Daniel Whitcombe',
  roleLabel: 'Head Teacher',
  role: 'head_teacher',
  schoolName: WL.name,
  schoolCode: WL.shortCode,
};
const brChair: ParsedSignatory = {
  name: 'Margaret Ellison',
  roleLabel: 'Chair of Governing Board',
  role: 'chair_of_governors',
  schoolName: BR.name,
  schoolCode: BR.shortCode,
};
const wlChair: ParsedSignatory = {
  name: 'Tom Adebayo',
  roleLabel: 'Chair of Governing Board',
  role: 'chair_of_governors',
  schoolName: WL.name,
  schoolCode: WL.shortCode,
};
const clHead: ParsedSignatory = {
  name: 'Fiona Trelawny',
  roleLabel: 'Head Teacher',
  role: 'head_teacher',
  schoolName: CL.name,
  schoolCode: CL.shortCode,
};
const smHead: ParsedSignatory = {
  name: 'Nadia Bellamy',
  roleLabel: 'Head Teacher',
  role: 'head_teacher',
  schoolName: SM.name,
  schoolCode: SM.shortCode,
};
const mfHead: ParsedSignatory = {
  name: 'Ian Doherty',
  roleLabel: 'Head Teacher',
  role: 'head_teacher',
  schoolName: MF.name,
  schoolCode: MF.shortCode,
};
const asHead: ParsedSignatory = {
  name: 'Claire Whitmore',
  roleLabel: 'Head Teacher',
  role: 'head_teacher',
  schoolName: AS.name,
  schoolCode: AS.shortCode,
};

// ---------------------------------------------------------------------------------------------
// Bank Road and William Lilley: Collaboration Action Plan 2025-26
// ---------------------------------------------------------------------------------------------

const brwlStrands: ParsedStrand[] = [
  {
    title: 'Safeguarding',
    subtitle: null,
    objectiveNumbers: [1, 2, 5, 10],
    keyObjective:
      '<p>To make sure the policies, procedures and arrangements that protect our children meet ' +
      'statutory requirements, including Keeping Children Safe in Education 2025.</p>' +
      "<p>To check together how well each school's safeguarding policies are understood, applied " +
      'and working.</p>',
    actions: [
      {
        text: "Head teachers to peer review each other's safeguarding arrangements, covering the five areas of the annual audit.",
        due: { kind: 'term', academicYear: 2025, term: 'autumn', label: 'Autumn 2025' },
        schools: [],
        status: 'done',
      },
      {
        text: 'Office managers at BR and WL to cross-check each single central record against the shared checklist.',
        due: { kind: 'half_term', academicYear: 2025, term: 'autumn', half: 2, label: 'Autumn 2' },
        schools: ['BR', 'WL'],
        status: 'in_progress',
      },
      {
        text: 'Safeguarding governors from both schools to compare their annual safeguarding audits.',
        due: { kind: 'half_term', academicYear: 2025, term: 'spring', half: 1, label: 'Spring 1' },
        schools: [],
        status: 'not_started',
      },
      {
        text: "Designated safeguarding leads to review filtering and monitoring against the DfE standards with each school's IT provider.",
        due: { kind: 'term', academicYear: 2025, term: 'spring', label: 'Spring 2026' },
        schools: [],
        status: 'not_started',
      },
    ],
    intendedImpact:
      "<p>In both schools a culture of vigilance keeps children's welfare at the centre of everything. " +
      'Leaders and governors meet every legal duty, and children say they feel safe.</p>',
    impact: [
      {
        html:
          '<p>Head teachers completed the safeguarding peer review. Both schools have adopted the ' +
          "clearer way of recording low-level concerns that WL's review brought to light.</p>",
        date: '2025-10-14',
        dateLabel: '14 Oct 2025',
      },
      {
        html: '<p>Joint update training on KCSIE 2025 given to all staff of both schools on the September INSET day.</p>',
        date: null,
        dateLabel: 'September 2025',
      },
    ],
    line: 0,
  },
  {
    title: 'Teaching and Learning',
    subtitle: null,
    objectiveNumbers: [1, 2, 3, 4, 5, 8, 9, 10],
    keyObjective: '<p>To strengthen teaching and learning through joint monitoring and review by senior leaders.</p>',
    actions: [
      {
        text: 'Joint senior leader scrutiny of Year 2 writing books.',
        due: { kind: 'term', academicYear: 2025, term: 'autumn', label: 'Autumn 2025' },
        schools: [],
        status: 'done',
      },
      {
        text: "Head teachers to make informal learning walks in each other's school.",
        due: { kind: 'term', academicYear: 2025, term: 'autumn', label: 'Autumn 2025' },
        schools: [],
        status: 'in_progress',
      },
      {
        text: 'Joint senior leader learning walks focused on phonics and early reading.',
        due: { kind: 'half_term', academicYear: 2025, term: 'spring', half: 1, label: 'Spring 1' },
        schools: [],
        status: 'not_started',
      },
    ],
    intendedImpact:
      "<p>Teaching is sharper in both schools because leaders see, compare and discuss each other's practice.</p>" +
      '<ul><li>Leaders agree what strong phonics teaching looks like.</li>' +
      '<li>Next steps for teachers are identified and followed up.</li></ul>',
    impact: [
      {
        html:
          '<p>The Year 2 work scrutiny found handwriting and sentence punctuation stronger at WL. ' +
          "BR has adopted WL's handwriting sequence in Year 1.</p>",
        date: '2025-10-07',
        dateLabel: '7 Oct 2025',
      },
      {
        html: '<p>Head teachers shared end-of-year attainment and progress and agreed three common areas for improvement.</p>',
        date: null,
        dateLabel: 'July 2025',
      },
    ],
    line: 0,
  },
  {
    title: 'Staff',
    subtitle: null,
    objectiveNumbers: [1, 2, 3, 4, 5, 6, 8, 9, 10],
    keyObjective: "<p>To raise pupils' progress through development days for link teachers.</p>",
    actions: [
      {
        text: 'Link teachers to identify the main strengths and areas for development in each school.',
        due: { kind: 'term', academicYear: 2025, term: 'autumn', label: 'Autumn 2025' },
        schools: [],
        status: 'done',
      },
      {
        text: 'Middle leaders to write a short impact evaluation after each development day.',
        due: { kind: 'none' },
        schools: [],
        status: 'in_progress',
      },
      {
        text: 'SENCos to meet to compare provision maps (4 December 2025).',
        due: { kind: 'date', date: '2025-12-04', label: '4 December 2025' },
        schools: [],
        status: 'not_started',
      },
      {
        text: 'EYFS leads to meet to compare what the Reception baseline shows (date TBC).',
        due: { kind: 'tbc', label: 'date TBC' },
        schools: [],
        status: 'not_started',
      },
      {
        text: 'Maths leads to meet to plan shared work on mastering number.',
        due: { kind: 'half_term', academicYear: 2025, term: 'spring', half: 1, label: 'Spring 1' },
        schools: [],
        status: 'not_started',
      },
      {
        text: 'English leads to moderate Year 2 writing together at WL.',
        due: { kind: 'date', date: '2025-12-04', label: '4 December 2025' },
        schools: ['BR', 'WL'],
        status: 'in_progress',
      },
    ],
    intendedImpact:
      "<p>Each school builds its own evidence of continuous improvement, and pupils' outcomes rise.</p>" +
      '<ul><li>Good practice is shared between the schools.</li>' +
      '<li>Colleagues give each other honest, supportive self-evaluation.</li></ul>',
    impact: [
      {
        html:
          '<p>English leads compared phonics assessment data and agreed one format for tracking ' +
          'pupils who need daily keep-up sessions.</p>',
        date: '2025-10-15',
        dateLabel: '15 Oct 2025',
      },
      {
        html: '<p>EYFS leads completed a gap analysis of communication and language in Reception and planned how to close the gaps.</p>',
        date: null,
        dateLabel: 'July 2025',
      },
    ],
    line: 0,
  },
  {
    title: 'CPD',
    subtitle: null,
    objectiveNumbers: [1, 2, 3, 4, 5, 6, 8, 9, 10],
    keyObjective: '<p>To share training opportunities that match the development needs of staff in both schools.</p>',
    actions: [
      {
        text: 'Share CPD across both schools through staff meetings, INSET days and external courses.',
        due: { kind: 'none' },
        schools: [],
        status: 'in_progress',
      },
      {
        text: 'WL staff to join the twilight training on emotional regulation at BR (14 January 2026).',
        due: { kind: 'date', date: '2026-01-14', label: '14 January 2026' },
        schools: ['WL', 'BR'],
        status: 'not_started',
      },
      {
        text: 'SENCo from BR to lead a staff meeting at WL on adaptive teaching for pupils with SEND.',
        due: { kind: 'term', academicYear: 2025, term: 'spring', label: 'Spring 2026' },
        schools: ['BR', 'WL'],
        status: 'not_started',
      },
    ],
    intendedImpact:
      "<p>Staff put what they have learned into practice, and the change shows in pupils' learning.</p>",
    impact: [
      {
        html: "<p>Two BR teaching assistants attended WL's speech and language intervention training over two twilight sessions.</p>",
        date: '2025-09-30',
        dateLabel: '30 Sep 2025',
      },
    ],
    line: 0,
  },
  {
    title: 'Moderation / assessment',
    subtitle: null,
    objectiveNumbers: [1, 2, 3, 4, 5, 6, 8, 9, 10],
    keyObjective:
      '<p>Moderation: to make sure every teacher understands our assessment systems and is confident ' +
      'in the judgements they make.</p>',
    actions: [
      {
        text: 'Teachers from both schools to meet each term to check that assessment systems are applied in the same way.',
        due: { kind: 'none' },
        schools: [],
        status: 'in_progress',
      },
      {
        text: 'Year 2 teachers to moderate writing together using the optional end of Key Stage 1 materials.',
        due: { kind: 'half_term', academicYear: 2025, term: 'spring', half: 2, label: 'Spring 2' },
        schools: [],
        status: 'not_started',
      },
      {
        text: 'Reception teachers to moderate EYFS profile judgements jointly ahead of LA moderation.',
        due: { kind: 'half_term', academicYear: 2025, term: 'summer', half: 1, label: 'Summer 1' },
        schools: [],
        status: 'not_started',
      },
      {
        text: 'Set up a shared secure area for moderated work samples once the data-sharing agreement is signed.',
        due: { kind: 'tbc', label: 'date TBC' },
        schools: [],
        status: 'blocked',
      },
    ],
    intendedImpact:
      '<p>Assessment judgements are:</p>' +
      "<ul><li>Consistent: two teachers looking at the same pupil's work reach the same judgement.</li>" +
      '<li>Comparable: a judgement made at BR means the same as one made at WL.</li>' +
      '<li>Fair: every pupil has had a real chance to show what they know and can do.</li></ul>',
    impact: [
      {
        html: '<p>Year 1 and Year 2 teachers moderated writing together; judgements matched for 9 of the 10 pupils sampled.</p>',
        date: '2025-10-21',
        dateLabel: '21 Oct 2025',
      },
      {
        html: '<p>LA moderation of the EYFS profile at WL confirmed that judgements were accurate.</p>',
        date: null,
        dateLabel: 'July 2025',
      },
    ],
    line: 0,
  },
  {
    title: 'School Council',
    subtitle: null,
    objectiveNumbers: [1, 2, 3],
    keyObjective:
      '<p>For school council members to speak for the pupils of their school, to help improve their ' +
      'school and support their classmates, and to grow the partnership across both school communities.</p>',
    actions: [
      {
        text: 'Form a joint school council that meets once a term, with an agenda built around real actions from this plan.',
        due: { kind: 'term', academicYear: 2025, term: 'autumn', label: 'Autumn 2025' },
        schools: [],
        status: 'in_progress',
      },
      {
        text: "School council members to spend an afternoon at each other's school: BR to WL in Spring 1, WL to BR in Spring 2.",
        due: { kind: 'half_term', academicYear: 2025, term: 'spring', half: 1, label: 'Spring 1' },
        schools: ['BR', 'WL'],
        status: 'not_started',
      },
      {
        text: 'Each school council to write a short report for parents every term.',
        due: { kind: 'none' },
        schools: [],
        status: 'in_progress',
      },
      {
        text: 'Joint school council to choose and run a shared charity project.',
        due: { kind: 'term', academicYear: 2025, term: 'summer', label: 'Summer 2026' },
        schools: [],
        status: 'not_started',
      },
    ],
    intendedImpact:
      '<p>Listening to pupils helps both schools improve. Children learn what being a good citizen of ' +
      'their community means and take a real part in decisions, and council members show the values ' +
      'of the partnership.</p>',
    impact: [
      {
        html: '<p>New councils elected in both schools in September. The first joint meeting was held at BR, with a tour led by BR pupils.</p>',
        date: '2025-11-05',
        dateLabel: '5 Nov 2025',
      },
    ],
    line: 0,
  },
  {
    title: 'Pupil Premium',
    subtitle: null,
    objectiveNumbers: [1, 2, 3, 5, 6, 9, 10],
    keyObjective:
      '<p>To make sure pupil premium funding pays for well-targeted support for eligible pupils, is ' +
      'spent only on raising the attainment of disadvantaged pupils, and follows a clear strategy in ' +
      'each school.</p>',
    actions: [
      {
        text: 'Pupil premium leads to meet at WL to compare strategy statements and share case studies (13 November 2025).',
        due: { kind: 'date', date: '2025-11-13', label: '13 November 2025' },
        schools: ['WL'],
        status: 'done',
      },
      {
        text: "Head teachers to peer review each other's pupil premium strategy statement before it is published.",
        due: { kind: 'date', date: '2025-12-31', label: '31 December 2025' },
        schools: [],
        status: 'in_progress',
      },
      {
        text: 'Audit of pupil premium provision in both schools using the shared audit tool.',
        due: { kind: 'term', academicYear: 2025, term: 'spring', label: 'Spring 2026' },
        schools: [],
        status: 'not_started',
      },
      {
        text: 'Pupil premium link governors to meet (date TBC).',
        due: { kind: 'tbc', label: 'date TBC' },
        schools: [],
        status: 'not_started',
      },
    ],
    intendedImpact:
      '<p>More disadvantaged pupils make at least expected progress, and the gap with their peers narrows.</p>' +
      '<ul><li>Teaching and the curriculum speed up progress.</li>' +
      '<li>Both schools keep what works and change or stop interventions that do not.</li></ul>',
    impact: [
      {
        html:
          '<p>Pupil premium leads shared two case studies each. BR is now trialling the attendance ' +
          'mentoring that WL uses for persistently absent pupils.</p>',
        date: '2025-11-13',
        dateLabel: '13 Nov 2025',
      },
      {
        html: "<p>Both pupil premium leads attended the county's disadvantaged learners conference.</p>",
        date: null,
        dateLabel: 'July 2025',
      },
    ],
    line: 0,
  },
  {
    title: 'Parents',
    subtitle: null,
    objectiveNumbers: [1, 2, 7],
    keyObjective: '<p>To keep parents informed about the collaboration and the difference it is making.</p>',
    actions: [
      {
        text: 'Send parents a termly collaboration newsletter, with school council reports and ratified JCC minutes.',
        due: { kind: 'term', academicYear: 2025, term: 'autumn', label: 'Autumn 2025' },
        schools: [],
        status: 'done',
      },
      {
        text: 'Publish ratified JCC minutes on both school websites and display them in the foyers.',
        due: { kind: 'none' },
        schools: [],
        status: 'in_progress',
      },
      {
        text: 'Joint phonics workshop at WL for Reception parents from both schools.',
        due: { kind: 'half_term', academicYear: 2025, term: 'spring', half: 2, label: 'Spring 2' },
        schools: ['WL'],
        status: 'not_started',
      },
    ],
    intendedImpact:
      "<p>Children's education is richer for the involvement of parents and the wider community.</p>" +
      '<p>The two school communities grow into one partnership.</p>',
    impact: [
      {
        html: "<p>The Autumn collaboration newsletter went home alongside both schools' own newsletters.</p>",
        date: '2025-10-17',
        dateLabel: '17 Oct 2025',
      },
    ],
    line: 0,
  },
  {
    title: 'Governors',
    subtitle: null,
    objectiveNumbers: [],
    keyObjective:
      '<p>To make sure each governing board checks, formally and informally, what the collaboration ' +
      'is achieving.</p>' +
      "<p>To keep clear that the JCC recommends, while each school's own governing board authorises " +
      'decisions and plans.</p>',
    actions: [
      {
        text: "Chair of the WL governing board to attend BR's full governing board meeting on 9 December 2025.",
        due: { kind: 'date', date: '2025-12-09', label: '9 December 2025' },
        schools: ['WL', 'BR'],
        status: 'not_started',
      },
      {
        text: "Chair of the BR governing board to attend WL's Spring term full governing board meeting (Tuesday 20 January 2026 6.00 p.m.).",
        due: { kind: 'date', date: '2026-01-20', time: '18:00', label: 'Tuesday 20 January 2026 6.00 p.m.' },
        schools: ['BR', 'WL'],
        status: 'not_started',
      },
      {
        text: 'Training link governors of both boards to plan a joint session on the new Ofsted report cards.',
        due: { kind: 'term', academicYear: 2025, term: 'autumn', label: 'Autumn 2025' },
        schools: [],
        status: 'in_progress',
      },
    ],
    intendedImpact:
      "<ul><li>Governors on both boards can see and share each other's practice.</li>" +
      '<li>The boards drive school improvement by learning from and supporting one another.</li>' +
      '<li>Professional knowledge is spread across both boards.</li>' +
      '<li>Each board stays responsive to the needs of its own school and community.</li></ul>',
    impact: [],
    line: 0,
  },
  {
    title: 'Combined SIP priorities',
    subtitle: '(2025-2026)',
    objectiveNumbers: [],
    keyObjective:
      '<p>To support each other in driving forward our school improvement priorities.</p>' +
      '<p>Shared goals this year:</p>' +
      '<ul><li>Early reading and phonics</li><li>Oracy in EYFS and Key Stage 1</li>' +
      '<li>Attendance</li><li>Emotional health and wellbeing (EHWB)</li></ul>',
    actions: [
      {
        text: 'Give staff more chances to train and plan with colleagues from the other school, so that sharing practice becomes part of normal work.',
        due: { kind: 'none' },
        schools: [],
        status: 'in_progress',
      },
      {
        text: 'Attendance leads to compare persistent absence figures and approaches every half term.',
        due: { kind: 'term', academicYear: 2025, term: 'autumn', label: 'Autumn 2025' },
        schools: [],
        status: 'in_progress',
      },
      {
        text: 'Staff to share ideas and resources for each shared priority at the joint INSET day (5 January 2026).',
        due: { kind: 'date', date: '2026-01-05', label: '5 January 2026' },
        schools: [],
        status: 'not_started',
      },
    ],
    intendedImpact:
      '<ul><li>Staff are readier to try new ideas, more confident in solving problems and more reflective about their own practice.</li>' +
      '<li>Sharing ideas and training linked to our SIP priorities strengthens the curriculum in both schools.</li></ul>',
    impact: [
      {
        html: '<p>Attendance leads agreed a common first-day response to unexplained absence, now in use in both schools.</p>',
        date: '2025-11-10',
        dateLabel: '10 Nov 2025',
      },
    ],
    line: 0,
  },
];

const brwlReviews: ParsedReview[] = [
  {
    kind: 'jcc',
    statement:
      'This action plan was monitored and reviewed by the head teachers and members of the JCC on 8 July 2025.\n' +
      'The JCC agreed it as the basis of the collaboration for 2025-26.',
    heldOn: '2025-07-08',
    heldOnLabel: '8 July 2025',
    signatories: [brHead, wlHead, brChair, wlChair],
  },
  {
    kind: 'head_teachers',
    statement: 'This action plan was monitored and reviewed by the head teachers in November 2025.',
    heldOn: null,
    heldOnLabel: 'November 2025',
    signatories: [brHead, wlHead],
  },
  {
    kind: 'jcc',
    statement: 'This action plan was reviewed by the JCC on 18 November 2025.',
    heldOn: '2025-11-18',
    heldOnLabel: '18 November 2025',
    signatories: [brHead, wlHead, brChair, wlChair],
  },
];

const brwlPlan: ParsedPlan = {
  title: 'Collaboration Action Plan',
  yearLabel: '2025-26',
  academicYear: 2025,
  note: "Updated after the head teachers' review, November 2025",
  objectivesIntro: 'The overall aim of our formal collaboration is to improve outcomes for pupils by:',
  objectives: [
    {
      number: 1,
      text: 'Committing to a lasting partnership between the two schools, on foundations secure enough for future joint work to succeed.',
    },
    {
      number: 2,
      text: 'Regularly reviewing, and showing openly, how the schools work together now and how they will do so in future.',
    },
    {
      number: 3,
      text: 'Widening teaching, learning and curriculum opportunities for the children of both schools, so that they learn well and feel well.',
    },
    { number: 4, text: 'Developing the skills and career prospects of staff in both schools.' },
    { number: 5, text: 'Strengthening our ability to meet the complex and varied needs of all our children.' },
    {
      number: 6,
      text: 'Sharing people and resources across both schools so that children and staff gain from economies of scale.',
    },
    {
      number: 7,
      text: 'Building closer links with parents across both schools, drawing on our combined parent community and on partners beyond the schools.',
    },
    {
      number: 8,
      text: 'Checking teacher assessment and the quality of provision in both schools through joint evaluation and moderation.',
    },
    { number: 9, text: 'Solving problems together by drawing on a wider base of knowledge, experience and skills.' },
    { number: 10, text: 'Making sure all of the above keeps to local and national priorities and statutory requirements.' },
  ],
  impactAsOf: 'November 2025',
  strands: brwlStrands,
  reviews: brwlReviews,
  schools: [BR, WL],
};

// ---------------------------------------------------------------------------------------------
// Harwich Education Partnership: Partnership Improvement Plan 2025-26
// ---------------------------------------------------------------------------------------------

const peerReviewActions: ParsedAction[] = [
  {
    text: 'Refresh the Memorandum of Understanding to confirm one peer review each half term.',
    due: { kind: 'term', academicYear: 2025, term: 'autumn', label: 'Autumn 2025' },
    schools: [],
    status: 'done',
  },
  {
    text: 'Peer review of TV, followed by a quality-assurance meeting of the reviewing heads.',
    due: { kind: 'half_term', academicYear: 2025, term: 'autumn', half: 2, label: 'Autumn 2' },
    schools: ['TV'],
    status: 'in_progress',
  },
  {
    text: 'Peer review of SM.',
    due: { kind: 'half_term', academicYear: 2025, term: 'spring', half: 1, label: 'Spring 1' },
    schools: ['SM'],
    status: 'not_started',
  },
  {
    text: 'Peer review of HDHS, with a primary and a secondary head on the review team.',
    due: { kind: 'half_term', academicYear: 2025, term: 'spring', half: 2, label: 'Spring 2' },
    schools: ['HDHS'],
    status: 'not_started',
  },
];

const peerReviewImpact: ParsedImpact[] = [
  {
    html: "<p>The review of MF was completed; its findings on assessment for learning shaped this plan's Assessment strand.</p>",
    date: null,
    dateLabel: 'July 2025',
  },
  {
    html: '<p>The quality-assurance meeting agreed to add a pupil voice session to every review from now on.</p>',
    date: '2025-09-25',
    dateLabel: '25 Sep 2025',
  },
];

const hepPlan: ParsedPlan = {
  title: 'Partnership Improvement Plan',
  yearLabel: '2025-26',
  academicYear: 2025,
  note: 'Agreed by the partnership head teachers, October 2025',
  objectivesIntro: 'The schools of the partnership work together to improve outcomes for every child in Harwich and Dovercourt by:',
  objectives: [
    { number: 1, text: 'Raising standards across every school in the partnership, with writing as the first priority.' },
    { number: 2, text: 'Using peer review to give each school an honest outside view once a year and to share expertise.' },
    {
      number: 3,
      text: 'Making teacher assessment accurate and consistent across the partnership, including at transfer to secondary school.',
    },
    { number: 4, text: 'Pooling resources and funding where the same need appears in several schools.' },
  ],
  impactAsOf: 'November 2025',
  strands: [
    {
      title: 'Peer review',
      subtitle: null,
      objectiveNumbers: [2, 4],
      keyObjective:
        '<p>To give every school in the partnership a peer review each year, with findings that feed ' +
        'into its own improvement plan and into this one.</p>',
      actions: peerReviewActions,
      intendedImpact:
        '<p>Each school has an honest outside view of its strengths and areas for development, and ' +
        'heads trust each other enough to hold challenging conversations.</p>',
      impact: peerReviewImpact,
      line: 0,
    },
    {
      title: 'Writing moderation',
      subtitle: null,
      objectiveNumbers: [1, 3],
      keyObjective:
        "<p>To build teachers' confidence in judging writing against age-related expectations, and to " +
        'increase the proportion of pupils writing at greater depth.</p>',
      actions: [
        {
          text: 'Year 5 and Year 6 teachers from all five primary schools to moderate writing together.',
          due: { kind: 'term', academicYear: 2025, term: 'autumn', label: 'Autumn 2025' },
          schools: [],
          status: 'done',
        },
        {
          text: 'Deputy head of SM to lead Year 6 writing moderation ahead of LA moderation (12 March 2026).',
          due: { kind: 'date', date: '2026-03-12', label: '12 March 2026' },
          schools: ['SM'],
          status: 'not_started',
        },
        {
          text: 'Year 1, Year 3 and Year 4 teachers to hold cross-partnership writing moderation.',
          due: { kind: 'term', academicYear: 2025, term: 'summer', label: 'Summer 2026' },
          schools: [],
          status: 'not_started',
        },
      ],
      intendedImpact:
        "<ul><li>Writing judgements agree across the partnership's schools.</li>" +
        '<li>More pupils reach greater depth in writing at the end of Key Stage 2.</li></ul>',
      impact: [
        {
          html: '<p>Year 6 teachers met at CL to moderate writing; judgements were agreed for every piece sampled.</p>',
          date: '2025-11-06',
          dateLabel: '6 Nov 2025',
        },
      ],
      line: 0,
    },
    {
      title: 'Assessment',
      subtitle: null,
      objectiveNumbers: [1, 3, 4],
      keyObjective:
        '<p>To make assessment accurate and robust in every primary school, and to strengthen assessment ' +
        'for learning, especially feedback to pupils.</p>',
      actions: [
        {
          text: "Heads to share headline data and agree common needs at the Autumn heads' meeting.",
          due: { kind: 'term', academicYear: 2025, term: 'autumn', label: 'Autumn 2025' },
          schools: [],
          status: 'done',
        },
        {
          text: 'Commission assessment for learning training for all primary schools, paid for from pooled partnership funds.',
          due: { kind: 'tbc', label: 'date TBC' },
          schools: [],
          status: 'in_progress',
        },
        {
          text: 'HDHS to share Year 7 baseline results with its partner primary schools.',
          due: { kind: 'term', academicYear: 2025, term: 'spring', label: 'Spring 2026' },
          schools: ['HDHS'],
          status: 'not_started',
        },
      ],
      intendedImpact:
        '<p>Teachers assess pupils accurately against age-related expectations, targets rest on evidence, ' +
        'and pupil progress meetings lead to action.</p>',
      impact: [
        {
          html: '<p>MF reassessed every pupil against a published framework to set an accurate baseline; pupil progress meetings now start from it.</p>',
          date: null,
          dateLabel: 'July 2025',
        },
      ],
      line: 0,
    },
  ],
  reviews: [
    {
      kind: 'head_teachers',
      statement: 'This improvement plan was reviewed and agreed by the partnership head teachers on 16 October 2025.',
      heldOn: '2025-10-16',
      heldOnLabel: '16 October 2025',
      signatories: [clHead, smHead, mfHead, asHead],
    },
  ],
  schools: [CL, HDHS, SM, MF, AS, TV],
};

// ---------------------------------------------------------------------------------------------
// Plans
// ---------------------------------------------------------------------------------------------

export const demoPlans: DemoPlan[] = [
  { partnership: BRWL, plan: brwlPlan, status: 'draft' },
  { partnership: HEP, plan: hepPlan, status: 'in_review' },
];

/**
 * Who leads which strands and owns which actions in the demo plans, so each role has something of
 * its own to work on. Actions are found by the start of their text.
 */
export const demoAssignments: {
  partnership: DemoPartnershipSlug;
  strand: string;
  leadEmail?: string;
  owners?: { actionStartsWith: string; email: string }[];
}[] = [
  { partnership: BRWL, strand: 'Teaching and Learning', leadEmail: 'english@bankroad.example' },
  {
    partnership: BRWL,
    strand: 'Staff',
    owners: [
      { actionStartsWith: 'SENCos to meet', email: 'senco@bankroad.example' },
      { actionStartsWith: 'Maths leads to meet', email: 'maths@williamlilley.example' },
      { actionStartsWith: 'English leads to moderate', email: 'english@bankroad.example' },
    ],
  },
];
