import { eq, ilike, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '@/db/client';
import { type Partnership, partnerships } from '@/db/schema';

/**
 * Finds a partnership by id, slug or exact name (case-insensitive), for operator tools that run
 * outside any session (the command-line import). Web requests scope by the actor's memberships.
 */
export async function findPartnershipForOperator(db: Executor, idOrName: string): Promise<Partnership | undefined> {
  const key = idOrName.trim();
  const asId = z.string().uuid().safeParse(key);
  const escaped = key.replace(/[\\%_]/g, (c) => `\\${c}`);
  const [row] = await db
    .select()
    .from(partnerships)
    .where(
      asId.success
        ? eq(partnerships.id, asId.data)
        : or(eq(partnerships.slug, key.toLowerCase()), ilike(partnerships.name, escaped)),
    )
    .limit(1);
  return row;
}
