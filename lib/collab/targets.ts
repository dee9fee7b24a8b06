import { eq } from 'drizzle-orm';
import type { Db, Executor } from '@/db/client';
import { plans, reviews, strands } from '@/db/schema';
import { updateReview } from '@/lib/commands/update-review';
import { updateStrand } from '@/lib/commands/update-strand';
import type { Actor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { can } from '@/lib/policies';
import type { StrandResource } from '@/lib/policies';
import type { DocumentRef } from './names';

/** What a co-edited document belongs to, and who may read and write it. */
export type DocumentTarget = {
  ref: DocumentRef;
  planId: string;
  partnershipId: string;
  /** The field's stored (sanitized) HTML. */
  html: string;
  canRead: (actor: Actor) => boolean;
  canWrite: (actor: Actor) => boolean;
};

/** One kind of co-edited document: how to find what it belongs to and how its HTML is saved. */
type TargetKind = {
  load: (db: Executor, ref: DocumentRef) => Promise<DocumentTarget | null>;
  /** Writes a revision of the field through its command, as the person who typed it. */
  save: (db: Db, actor: Actor, ref: DocumentRef, html: string) => Promise<void>;
};

const strandTarget: TargetKind = {
  async load(db, ref) {
    const [row] = await db
      .select({
        planId: plans.id,
        partnershipId: plans.partnershipId,
        status: plans.status,
        leadUserId: strands.leadUserId,
        keyObjective: strands.keyObjective,
        intendedImpact: strands.intendedImpact,
      })
      .from(strands)
      .innerJoin(plans, eq(plans.id, strands.planId))
      .where(eq(strands.id, ref.id));
    if (!row) return null;
    const resource: StrandResource = { partnershipId: row.partnershipId, status: row.status, leadUserId: row.leadUserId };
    return {
      ref,
      planId: row.planId,
      partnershipId: row.partnershipId,
      html: ref.field === 'keyObjective' ? row.keyObjective : row.intendedImpact,
      canRead: (actor) => can(actor, 'plan.read', resource),
      canWrite: (actor) => can(actor, 'strand.update', resource),
    };
  },
  save: (db, actor, ref, html) =>
    // The strand's version moves on with every edit; a form saved in between only means trying again.
    saveAtCurrentVersion(
      ref,
      'strand',
      async () => (await db.select({ version: strands.version }).from(strands).where(eq(strands.id, ref.id)))[0]?.version,
      (version) => updateStrand(db, actor, ref.id, { version, [ref.field]: html }, { fromLiveDocument: true }),
    ),
};

/**
 * A review's minutes (`review:<id>:minutes`): read by anyone who reads the plan, written while the
 * review is open by those who keep its record (the same rule as PATCH /api/v1/reviews/:id).
 */
const reviewTarget: TargetKind = {
  async load(db, ref) {
    const [row] = await db
      .select({
        planId: plans.id,
        partnershipId: plans.partnershipId,
        reviewStatus: reviews.status,
        minutes: reviews.minutes,
      })
      .from(reviews)
      .innerJoin(plans, eq(plans.id, reviews.planId))
      .where(eq(reviews.id, ref.id));
    if (!row) return null;
    const { partnershipId, reviewStatus } = row;
    return {
      ref,
      planId: row.planId,
      partnershipId,
      html: row.minutes,
      canRead: (actor) => can(actor, 'plan.read', { partnershipId }),
      canWrite: (actor) => can(actor, 'review.update', { partnershipId, reviewStatus }),
    };
  },
  save: (db, actor, ref, html) =>
    // Date and attendees saved in between move the review's version on: only a reason to try again.
    saveAtCurrentVersion(
      ref,
      'review',
      async () => (await db.select({ version: reviews.version }).from(reviews).where(eq(reviews.id, ref.id)))[0]?.version,
      (version) => updateReview(db, actor, ref.id, { version, minutes: html }, { fromLiveDocument: true }),
    ),
};

/**
 * Writes a revision through its command at the record's current version, reading it again when an
 * edit made in between moved it on (a 409); nothing to do when the record is gone.
 */
async function saveAtCurrentVersion(
  ref: DocumentRef,
  what: string,
  currentVersion: () => Promise<number | undefined>,
  write: (version: number) => Promise<unknown>,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const version = await currentVersion();
    if (version === undefined) return;
    try {
      await write(version);
      return;
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflict') continue;
      throw error;
    }
  }
  throw new AppError('conflict', `Could not save ${ref.name}: the ${what} kept changing.`);
}

const kinds: { [K in DocumentRef['kind']]: TargetKind } = { strand: strandTarget, review: reviewTarget };

/** What a document belongs to, or null when its record is gone. */
export function loadTarget(db: Executor, ref: DocumentRef): Promise<DocumentTarget | null> {
  return kinds[ref.kind].load(db, ref);
}

/** Saves a revision of a document's HTML to its record, through the record's command. */
export function saveRevision(db: Db, actor: Actor, ref: DocumentRef, html: string): Promise<void> {
  return kinds[ref.kind].save(db, actor, ref, html);
}
