import type { ContentAction, ContentImpact, ContentObjective, ContentStrand, PlanContent } from '@/lib/governance/content';
import { richTextToPlainText } from '@/lib/richtext/sanitize';

/**
 * A readable diff of two PlanContents (a signed snapshot and the plan now, or two versions of a
 * lineage), by strand, as the snapshot, compare and board pack pages show it. Rows are matched by
 * their lineage `key`; rich text is compared as the text a reader sees, so markup-only edits are
 * not reported. Reordering alone is not reported as a change, nor is the plan's status (where a
 * version stands with the boards is not what it says; pages show each side's status themselves).
 */

/** One field that differs: values are fit to print ("Objective 1, 3", "Spring 1", plain text). */
export type FieldChange = { field: string; label: string; before: string | null; after: string | null };

export type ObjectiveDiff = {
  change: 'added' | 'removed' | 'changed';
  key: string;
  /** The number it has now (or had, when removed). */
  number: number;
  text: string;
  fields: FieldChange[];
};

export type ActionDiff = {
  change: 'added' | 'removed' | 'changed';
  key: string;
  /** The action's text now (or as it was, when removed). */
  text: string;
  /** For `changed`, what differs; for `added`/`removed`, every field it has. */
  fields: FieldChange[];
};

export type ImpactDiff = {
  change: 'added' | 'removed' | 'withdrawn' | 'changed';
  key: string;
  /** The entry's text now (or as it was, when removed), as plain text. */
  text: string;
  dateLabel: string | null;
  fields: FieldChange[];
};

export type StrandDiff =
  | { change: 'unchanged'; key: string; title: string }
  | {
      change: 'added' | 'removed' | 'changed';
      key: string;
      /** The strand's title now (or as it was, when removed). */
      title: string;
      fields: FieldChange[];
      actions: ActionDiff[];
      impact: ImpactDiff[];
    };

export type PlanDiff = {
  /** Whether anything at all differs. */
  changed: boolean;
  /** The plan's own fields: title, year, note, schools… */
  fields: FieldChange[];
  objectives: ObjectiveDiff[];
  /** Every strand, in the order of `after` with removed strands where they stood; unchanged ones only named. */
  strands: StrandDiff[];
  counts: {
    strandsAdded: number;
    strandsRemoved: number;
    strandsChanged: number;
    strandsUnchanged: number;
    objectivesAdded: number;
    objectivesRemoved: number;
    objectivesChanged: number;
  };
};

const actionStatusLabels: Record<ContentAction['status'], string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  blocked: 'Blocked',
};
const ragLabels: Record<NonNullable<ContentAction['rag']>, string> = { red: 'Red', amber: 'Amber', green: 'Green' };

type Getter<T> = { field: string; label: string; get: (item: T) => string | null };

const blank = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};
const plain = (html: string | null | undefined): string | null => blank(richTextToPlainText(html ?? ''));
const list = (values: readonly string[]): string | null => (values.length ? values.join(', ') : null);

const planFields: Getter<PlanContent>[] = [
  { field: 'title', label: 'Title', get: (p) => blank(p.title) },
  { field: 'academicYear', label: 'Academic year', get: (p) => p.academicYearLabel },
  { field: 'yearLabel', label: 'Year as printed', get: (p) => blank(p.yearLabel) },
  { field: 'note', label: 'Note', get: (p) => blank(p.note) },
  { field: 'objectivesIntro', label: 'Introduction to the objectives', get: (p) => blank(p.objectivesIntro) },
  { field: 'impactAsOf', label: 'Impact to date as of', get: (p) => blank(p.impactAsOf) },
  { field: 'schools', label: 'Schools', get: (p) => list(p.schools.map((s) => s.name)) },
];

const objectiveFields: Getter<ContentObjective>[] = [
  { field: 'number', label: 'Number', get: (o) => String(o.number) },
  { field: 'text', label: 'Objective', get: (o) => blank(o.text) },
];

const strandFields: Getter<ContentStrand>[] = [
  { field: 'title', label: 'Title', get: (s) => blank(s.title) },
  { field: 'subtitle', label: 'Subtitle', get: (s) => blank(s.subtitle) },
  {
    field: 'objectives',
    label: 'Linked objectives',
    get: (s) => (s.objectiveNumbers.length ? `Objective ${[...s.objectiveNumbers].sort((a, b) => a - b).join(', ')}` : null),
  },
  { field: 'keyObjective', label: 'Key objective', get: (s) => plain(s.keyObjective) },
  { field: 'intendedImpact', label: 'Intended impact', get: (s) => plain(s.intendedImpact) },
  { field: 'lead', label: 'Lead', get: (s) => blank(s.lead?.name) },
];

const actionFields: Getter<ContentAction>[] = [
  { field: 'text', label: 'Action', get: (a) => blank(a.text) },
  { field: 'owner', label: 'Owner', get: (a) => blank(a.owner) },
  { field: 'schools', label: 'Schools', get: (a) => list(a.schools) },
  { field: 'due', label: 'Due', get: (a) => blank(a.due.label) },
  { field: 'status', label: 'Status', get: (a) => actionStatusLabels[a.status] },
  { field: 'rag', label: 'RAG', get: (a) => (a.rag ? ragLabels[a.rag] : null) },
  { field: 'ragReason', label: 'RAG reason', get: (a) => blank(a.ragReason) },
];

const impactFields: Getter<ContentImpact>[] = [
  { field: 'text', label: 'Impact', get: (i) => plain(i.text) },
  { field: 'date', label: 'Date', get: (i) => blank(i.dateLabel) },
  { field: 'author', label: 'Written by', get: (i) => blank(i.author) },
  { field: 'evidenceUrl', label: 'Evidence', get: (i) => blank(i.evidenceUrl) },
  { field: 'withdrawn', label: 'Withdrawn', get: (i) => (i.withdrawn ? 'Yes' : 'No') },
];

function changes<T>(getters: Getter<T>[], before: T, after: T): FieldChange[] {
  const out: FieldChange[] = [];
  for (const g of getters) {
    const b = g.get(before);
    const a = g.get(after);
    if (b !== a) out.push({ field: g.field, label: g.label, before: b, after: a });
  }
  return out;
}

/** Every field an item has, as an addition (before null) or a removal (after null). */
function whole<T>(getters: Getter<T>[], item: T, side: 'added' | 'removed'): FieldChange[] {
  const out: FieldChange[] = [];
  for (const g of getters) {
    const value = g.get(item);
    if (value === null) continue;
    out.push({ field: g.field, label: g.label, before: side === 'removed' ? value : null, after: side === 'added' ? value : null });
  }
  return out;
}

type Pair<T> = { key: string; before: T | null; after: T | null };

/**
 * Pairs two lists by key, in the order of `after`; an item only in `before` comes right after the
 * item that preceded it there (or first, when nothing before it survives).
 */
function pairByKey<T extends { key: string }>(before: readonly T[], after: readonly T[]): Pair<T>[] {
  const afterByKey = new Map(after.map((item) => [item.key, item]));
  const beforeByKey = new Map(before.map((item) => [item.key, item]));
  const removedAfter = new Map<string | null, T[]>();
  let anchor: string | null = null;
  for (const item of before) {
    if (afterByKey.has(item.key)) {
      anchor = item.key;
    } else {
      removedAfter.set(anchor, [...(removedAfter.get(anchor) ?? []), item]);
    }
  }
  const removed = (at: string | null): Pair<T>[] => (removedAfter.get(at) ?? []).map((item) => ({ key: item.key, before: item, after: null }));
  const out: Pair<T>[] = removed(null);
  for (const item of after) {
    out.push({ key: item.key, before: beforeByKey.get(item.key) ?? null, after: item });
    out.push(...removed(item.key));
  }
  return out;
}

const byPosition = <T extends { position: number }>(items: readonly T[]): T[] => [...items].sort((a, b) => a.position - b.position);
const byNumber = <T extends { number: number }>(items: readonly T[]): T[] => [...items].sort((a, b) => a.number - b.number);

function diffActions(before: readonly ContentAction[], after: readonly ContentAction[]): ActionDiff[] {
  const out: ActionDiff[] = [];
  for (const { key, before: b, after: a } of pairByKey(byPosition(before), byPosition(after))) {
    if (a && !b) out.push({ change: 'added', key, text: a.text, fields: whole(actionFields, a, 'added') });
    else if (b && !a) out.push({ change: 'removed', key, text: b.text, fields: whole(actionFields, b, 'removed') });
    else if (a && b) {
      const fields = changes(actionFields, b, a);
      if (fields.length) out.push({ change: 'changed', key, text: a.text, fields });
    }
  }
  return out;
}

function diffImpact(before: readonly ContentImpact[], after: readonly ContentImpact[]): ImpactDiff[] {
  const out: ImpactDiff[] = [];
  for (const { key, before: b, after: a } of pairByKey(before, after)) {
    if (a && !b) out.push({ change: 'added', key, text: plain(a.text) ?? '', dateLabel: a.dateLabel, fields: whole(impactFields, a, 'added') });
    else if (b && !a) out.push({ change: 'removed', key, text: plain(b.text) ?? '', dateLabel: b.dateLabel, fields: whole(impactFields, b, 'removed') });
    else if (a && b) {
      const fields = changes(impactFields, b, a);
      if (!fields.length) continue;
      const withdrawn = !b.withdrawn && a.withdrawn;
      out.push({
        change: withdrawn ? 'withdrawn' : 'changed',
        key,
        text: plain(a.text) ?? '',
        dateLabel: a.dateLabel,
        // "Withdrawn: No → Yes" is what `withdrawn` already says.
        fields: withdrawn ? fields.filter((f) => f.field !== 'withdrawn') : fields,
      });
    }
  }
  return out;
}

function diffStrand(key: string, before: ContentStrand | null, after: ContentStrand | null): StrandDiff {
  if (after && !before) {
    return { change: 'added', key, title: after.title, fields: whole(strandFields, after, 'added'), actions: diffActions([], after.actions), impact: diffImpact([], after.impact) };
  }
  if (before && !after) {
    return { change: 'removed', key, title: before.title, fields: whole(strandFields, before, 'removed'), actions: diffActions(before.actions, []), impact: diffImpact(before.impact, []) };
  }
  const b = before as ContentStrand;
  const a = after as ContentStrand;
  const fields = changes(strandFields, b, a);
  const actionDiffs = diffActions(b.actions, a.actions);
  const impactDiffs = diffImpact(b.impact, a.impact);
  if (!fields.length && !actionDiffs.length && !impactDiffs.length) return { change: 'unchanged', key, title: a.title };
  return { change: 'changed', key, title: a.title, fields, actions: actionDiffs, impact: impactDiffs };
}

/** What changed from `before` to `after`, by strand. Pure: the same contents give the same diff. */
export function diffPlanContent(before: PlanContent, after: PlanContent): PlanDiff {
  const fields = changes(planFields, before, after);

  const objectives: ObjectiveDiff[] = [];
  for (const { key, before: b, after: a } of pairByKey(byNumber(before.objectives), byNumber(after.objectives))) {
    if (a && !b) objectives.push({ change: 'added', key, number: a.number, text: a.text, fields: whole(objectiveFields, a, 'added') });
    else if (b && !a) objectives.push({ change: 'removed', key, number: b.number, text: b.text, fields: whole(objectiveFields, b, 'removed') });
    else if (a && b) {
      const changed = changes(objectiveFields, b, a);
      if (changed.length) objectives.push({ change: 'changed', key, number: a.number, text: a.text, fields: changed });
    }
  }

  const strands = pairByKey(byPosition(before.strands), byPosition(after.strands)).map(({ key, before: b, after: a }) => diffStrand(key, b, a));
  const count = (change: StrandDiff['change']) => strands.filter((s) => s.change === change).length;
  const countObjectives = (change: ObjectiveDiff['change']) => objectives.filter((o) => o.change === change).length;
  const counts = {
    strandsAdded: count('added'),
    strandsRemoved: count('removed'),
    strandsChanged: count('changed'),
    strandsUnchanged: count('unchanged'),
    objectivesAdded: countObjectives('added'),
    objectivesRemoved: countObjectives('removed'),
    objectivesChanged: countObjectives('changed'),
  };
  const changed = fields.length > 0 || objectives.length > 0 || strands.some((s) => s.change !== 'unchanged');
  return { changed, fields, objectives, strands, counts };
}
