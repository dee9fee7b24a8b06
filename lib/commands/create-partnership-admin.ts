import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { partnerships, roleAssignments, users } from '@/db/schema';
import { type AuditActor, appendAuditEvent, systemActor } from '@/lib/audit/events';
import { hashPassword } from '@/lib/auth/password';
import { AppError } from '@/lib/errors';

export const createPartnershipAdminSchema = z.object({
  partnershipName: z.string().trim().min(3, 'Give the partnership a name of at least 3 characters.').max(200),
  email: z.string().trim().toLowerCase().email('That is not an email address.').max(254),
  name: z.string().trim().min(1, 'Give the person’s name.').max(200),
  password: z.string().min(12, 'Choose a password of at least 12 characters.').max(1024),
});

export type CreatePartnershipAdminInput = z.input<typeof createPartnershipAdminSchema>;

/** A URL-safe slug for a partnership name. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/**
 * Creates a partnership (or uses the one of that name) and its first partnership admin: how a real
 * deployment, started without demo data, gets its first person in.
 */
export async function createPartnershipAdmin(
  db: Db,
  input: CreatePartnershipAdminInput,
  actor: AuditActor = systemActor,
): Promise<{ partnershipId: string; userId: string }> {
  const data = createPartnershipAdminSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email)).limit(1);
    if (taken) throw new AppError('conflict', `An account for ${data.email} already exists.`);
    const slug = slugify(data.partnershipName);
    let [partnership] = await tx.select().from(partnerships).where(eq(partnerships.slug, slug)).limit(1);
    if (!partnership) {
      [partnership] = await tx.insert(partnerships).values({ name: data.partnershipName, slug }).returning();
      await appendAuditEvent(tx, {
        partnershipId: partnership.id,
        entityType: 'partnership',
        entityId: partnership.id,
        verb: 'partnership.create',
        actor,
        changes: [{ field: 'name', before: null, after: partnership.name }],
      });
    }
    const [user] = await tx.insert(users).values({ email: data.email, name: data.name, passwordHash }).returning();
    await appendAuditEvent(tx, {
      partnershipId: partnership.id,
      entityType: 'user',
      entityId: user.id,
      verb: 'user.create',
      actor,
      changes: [
        { field: 'email', before: null, after: user.email },
        { field: 'name', before: null, after: user.name },
      ],
    });
    const [role] = await tx
      .insert(roleAssignments)
      .values({ userId: user.id, partnershipId: partnership.id, role: 'partnership_admin' })
      .returning();
    await appendAuditEvent(tx, {
      partnershipId: partnership.id,
      entityType: 'role_assignment',
      entityId: role.id,
      verb: 'role.assign',
      actor,
      changes: [{ field: 'role', before: null, after: 'partnership_admin' }],
      data: { userId: user.id, schoolId: null },
    });
    return { partnershipId: partnership.id, userId: user.id };
  });
}
