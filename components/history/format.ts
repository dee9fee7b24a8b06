import type { AuditValue } from '@/db/schema';
import { actionStatusLabel, formatDate, formatDateTime, ragLabel } from '@/components/plan/labels';

/** Names for ids that appear in recorded changes (owners, leads, schools, objectives). */
export type HistoryNames = {
  members: ReadonlyMap<string, string>;
  schools: ReadonlyMap<string, string>;
  objectives: ReadonlyMap<string, number>;
};

export const emptyNames: HistoryNames = { members: new Map(), schools: new Map(), objectives: new Map() };

const VERBS: { [verb: string]: string } = {
  'partnership.create': 'set up the partnership',
  'school.create': 'added a school',
  'school.join_partnership': 'added a school to the partnership',
  'user.create': 'added a person',
  'role.assign': 'gave someone a role',
  'role.revoke': 'took away a role',
  'member.invite': 'invited someone',
  'member.invitation_revoke': 'cancelled an invitation',
  'member.join': 'joined the partnership',
  'member.remove': 'removed someone from the partnership',
  'plan.import': 'imported the plan',
  'plan.create': 'created the plan',
  'plan.update': 'changed the plan',
  'plan.archive': 'archived the plan',
  'plan.restore': 'restored an earlier value of the plan',
  'objective.create': 'added an objective',
  'objective.update': 'changed an objective',
  'objective.move': 'renumbered an objective',
  'objective.delete': 'removed an objective',
  'objective.renumber': 'renumbered an objective, as another was added, moved or removed',
  'objective.restore': 'restored an earlier value of an objective',
  'strand.create': 'added a strand',
  'strand.update': 'changed a strand',
  'strand.move': 'moved a strand',
  'strand.delete': 'removed a strand',
  'strand.renumber': 'moved a strand along, as another was added, moved or removed',
  'strand.restore': 'restored an earlier value of a strand',
  'strand.link_objective': 'linked an objective to a strand',
  'strand.unlink_objective': 'unlinked an objective from a strand',
  'action.create': 'added an action',
  'action.update': 'changed an action',
  'action.move': 'moved an action',
  'action.delete': 'removed an action',
  'action.renumber': 'moved an action along, as another in its strand was added, moved or removed',
  'action.restore': 'restored an earlier value of an action',
  'impact.create': 'added impact to date',
  'impact.update': 'changed an impact entry',
  'impact.withdraw': 'withdrew an impact entry',
  'impact.restore': 'restored an earlier wording of an impact entry',
  'review.start': 'started a review (the plan was frozen for signing)',
  'review.update': 'changed a review’s record',
  'review.sign': 'signed a review',
  'review.signature_refused': 'tried to sign for someone else (refused)',
  'review.withdraw_signature': 'withdrew their signature',
  'review.complete': 'completed a review: every signature given',
  'review.reopen': 'reopened a review',
  'recommendation.create': 'recorded a JCC recommendation',
  'recommendation.authorise': 'authorised a recommendation',
  'recommendation.reject': 'recorded the rejection of a recommendation',
  'board.decide': 'recorded a board’s decision',
  'board.decision_refused': 'tried to record another board’s decision (refused)',
  'plan.await_approval': 'sent the plan to the boards for approval',
  'plan.ratify': 'ratified the plan: every board approved',
  'plan.return_to_draft': 'returned the plan to draft after a rejection',
  'plan.amend': 'opened a new version of the plan',
  'plan.publish': 'published the plan for parents',
  'plan.unpublish': 'took down the parents’ page',
  'governance.update': 'changed the governance rules',
  'calendar.reset': 'changed their calendar feed',
};

/** What a single-field edit did, in the words a head or governor would use. */
const FIELD_VERBS: { [verbAndField: string]: string } = {
  'plan.update title': 'renamed the plan',
  'plan.update academicYear': 'changed the plan’s academic year',
  'objective.update text': 'reworded an objective',
  'strand.update title': 'renamed a strand',
  'strand.update keyObjective': 'changed a strand’s key objective',
  'strand.update intendedImpact': 'changed a strand’s intended impact',
  'strand.update leadUserId': 'changed who leads a strand',
  'strand.update objectiveIds': 'changed the objectives a strand links to',
  'action.update text': 'reworded an action',
  'action.update rag': 'changed the RAG rating',
  'action.update ragReason': 'changed the reason for a RAG rating',
  'action.update status': 'changed the status of an action',
  'action.update due': 'changed when an action is due',
  'action.update ownerUserId': 'changed who owns an action',
  'action.update schoolIds': 'changed the schools an action concerns',
  'impact.update body': 'reworded an impact entry',
  'impact.update evidenceUrl': 'changed the evidence link of an impact entry',
  'impact.update date': 'changed the date of an impact entry',
};

/** "changed the RAG rating", "added an action", …: the event in plain words. */
export function describeVerb(verb: string, fields: readonly string[]): string {
  const specific = fields.length === 1 ? FIELD_VERBS[`${verb} ${fields[0]}`] : undefined;
  if (specific) return specific;
  // Changing the rating usually brings its reason along: still "changed the RAG rating".
  if (verb === 'action.update' && fields.length === 2 && fields.includes('rag') && fields.includes('ragReason')) return FIELD_VERBS['action.update rag'];
  return VERBS[verb] ?? verb.replace(/[._]/g, ' ');
}

/** "Restored from Ann Head’s change of 3 Jun 2025, 10:00": which recorded change a restore brought back. */
export function restoredFromLabel(from: { actorName: string; at: string }): string {
  const when = formatDateTime(from.at);
  return `Restored from ${from.actorName}’s change${when ? ` of ${when}` : ''}`;
}

const FIELD_LABELS: { [field: string]: string } = {
  title: 'Title',
  academicYear: 'Academic year',
  text: 'Text',
  number: 'Number',
  subtitle: 'Subtitle',
  position: 'Position',
  keyObjective: 'Key objective',
  intendedImpact: 'Intended impact',
  objectiveIds: 'Linked objectives',
  leadUserId: 'Lead',
  ownerUserId: 'Owner',
  schoolIds: 'Schools',
  due: 'Due',
  status: 'Status',
  rag: 'RAG rating',
  ragReason: 'Reason for the RAG rating',
  body: 'Impact',
  date: 'Date',
  evidenceUrl: 'Evidence link',
  withdrawn: 'Withdrawn',
  withdrawnReason: 'Reason for withdrawing',
  name: 'Name',
  shortCode: 'Short name',
  role: 'Role',
  heldOn: 'Meeting date',
  attendees: 'Attendees',
  minutes: 'Minutes',
  calendarFeed: 'Calendar feed',
  signatures: 'Who signs',
  approvals: 'Who approves',
};

/** The label of a recorded field: "RAG rating" for `rag`. */
export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

const ROLE_LABELS: { [role: string]: string } = {
  head_teacher: 'Head teacher',
  chair_of_governors: 'Chair of governors',
  clerk: 'Clerk',
  governor: 'Governor',
  jcc_member: 'JCC member',
  subject_lead: 'Subject lead',
  staff: 'Staff',
  partnership_admin: 'Partnership admin',
  viewer: 'Viewer',
};

/** "Head teacher, JCC member" from the roles recorded with an event ("head_teacher, jcc_member"). */
export function rolesLabel(roles: string | null): string | null {
  if (!roles) return null;
  return roles
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean)
    .map((r) => ROLE_LABELS[r] ?? r.replace(/_/g, ' '))
    .join(', ');
}

const ENTITIES: { [name: string]: string } = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Rich text as plain words: tags become spaces or line breaks, entities their characters. */
export function plainText(html: string): string {
  return html
    .replace(/<(br|\/p|\/li|\/h[1-6])\s*\/?>/gi, '\n')
    .replace(/<li[^>]*>/gi, '• ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, name: string) => {
      const code = /^#x/i.test(name) ? parseInt(name.slice(2), 16) : name.startsWith('#') ? Number(name.slice(1)) : NaN;
      if (Number.isInteger(code) && code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
      return ENTITIES[name.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

const TERMS: { [term: string]: string } = { autumn: 'Autumn', spring: 'Spring', summer: 'Summer' };
const yearLabel = (y: AuditValue | undefined) => (typeof y === 'number' ? `${y}-${String((y + 1) % 100).padStart(2, '0')}` : '');

function isRecord(v: AuditValue): v is { [key: string]: AuditValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function dueLabel(v: { [key: string]: AuditValue }): string {
  const term = typeof v.term === 'string' ? (TERMS[v.term] ?? v.term) : '';
  switch (v.kind) {
    case 'none':
      return 'Not set';
    case 'tbc':
      return 'TBC';
    case 'term':
      return `${term} term ${yearLabel(v.academicYear)}`.trim();
    case 'half_term':
      return `${term} ${typeof v.half === 'number' ? v.half : ''} ${yearLabel(v.academicYear)}`.replace(/\s+/g, ' ').trim();
    case 'date': {
      const day = typeof v.date === 'string' ? (formatDate(`${v.date}T12:00:00Z`) ?? v.date) : '';
      return typeof v.time === 'string' ? `${day}, ${v.time}` : day;
    }
    default:
      return JSON.stringify(v);
  }
}

/** A recorded value as a person reads it; null when there was none. */
export function formatValue(field: string, value: AuditValue, names: HistoryNames = emptyNames): string | null {
  if (value === null || value === '') return null;
  if (field === 'rag' && typeof value === 'string' && (value === 'red' || value === 'amber' || value === 'green')) return ragLabel[value];
  if (field === 'status' && typeof value === 'string' && (value === 'not_started' || value === 'in_progress' || value === 'done' || value === 'blocked')) {
    return actionStatusLabel[value];
  }
  if ((field === 'ownerUserId' || field === 'leadUserId') && typeof value === 'string') return names.members.get(value) ?? 'someone no longer in the partnership';
  if (field === 'schoolIds' && Array.isArray(value)) {
    return value.map((id) => (typeof id === 'string' ? (names.schools.get(id) ?? 'a school no longer in the partnership') : String(id))).join(', ') || null;
  }
  if (field === 'objectiveIds' && Array.isArray(value)) {
    const numbers = value.map((id) => (typeof id === 'string' ? names.objectives.get(id) : undefined));
    if (!numbers.length) return null;
    return numbers.map((n) => (n === undefined ? 'a removed objective' : `Objective ${n}`)).join(', ');
  }
  if (field === 'due' && isRecord(value)) return dueLabel(value);
  if (field === 'date' && typeof value === 'string') return formatDate(`${value}T12:00:00Z`) ?? value;
  if (typeof value === 'string') return /<[a-z][^>]*>/i.test(value) ? plainText(value) : value;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((v) => formatValue(field, v, names) ?? '').filter(Boolean).join(', ') || null;
  return JSON.stringify(value);
}
