import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { collabDocuments, collabUpdates } from '@/db/schema';
import { useTestDatabase } from '../helpers/test-db';

const testDb = useTestDatabase();

describe('collaboration storage', () => {
  it('keeps binary Yjs state byte for byte', async () => {
    const { db } = testDb();
    const bytes = new Uint8Array([0, 1, 2, 255, 128, 0, 7]);
    await db.insert(collabDocuments).values({ name: 'strand:x:keyObjective', planId: crypto.randomUUID(), snapshot: bytes });
    await db.insert(collabUpdates).values({ documentName: 'strand:x:keyObjective', update: bytes.subarray(2, 5), size: 3 });
    const [doc] = await db.select().from(collabDocuments).where(eq(collabDocuments.name, 'strand:x:keyObjective'));
    const [update] = await db.select().from(collabUpdates);
    expect([...doc.snapshot!]).toEqual([0, 1, 2, 255, 128, 0, 7]);
    expect([...update.update]).toEqual([2, 255, 128]);
  });
});
