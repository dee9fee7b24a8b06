import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import { GENESIS_HASH, appendAuditEvent, canonicalJson, eventHash, systemActor } from '@/lib/audit/events';
import { createPartnership } from '../factories';
import { useTestDatabase } from '../helpers/test-db';

const testDb = useTestDatabase();

describe('audit events', () => {
  it('chain per partnership: each event hashes the previous hash and its own content', async () => {
    const { db } = testDb();
    const { partnership } = await createPartnership(db);
    const { partnership: other } = await createPartnership(db);
    const first = await db.transaction((tx) =>
      appendAuditEvent(tx, { partnershipId: partnership.id, entityType: 'partnership', entityId: partnership.id, verb: 'partnership.create', actor: systemActor }),
    );
    const elsewhere = await db.transaction((tx) =>
      appendAuditEvent(tx, { partnershipId: other.id, entityType: 'partnership', entityId: other.id, verb: 'partnership.create', actor: systemActor }),
    );
    const second = await db.transaction((tx) =>
      appendAuditEvent(tx, {
        partnershipId: partnership.id,
        entityType: 'school',
        entityId: 'x',
        verb: 'school.create',
        actor: systemActor,
        changes: [{ field: 'name', before: null, after: 'Oak Tree Infants' }],
      }),
    );
    expect([first.seq, second.seq, elsewhere.seq]).toEqual([1, 2, 1]);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    // What was stored (after a round trip through jsonb) still hashes to the stored hash.
    const [stored] = await db.select().from(auditEvents).where(eq(auditEvents.id, second.id));
    expect(eventHash(stored.prevHash, stored)).toBe(stored.hash);
    expect(eventHash(stored.prevHash, { ...stored, actorName: 'Someone else' })).not.toBe(stored.hash);
  });

  it('the database refuses UPDATE and DELETE of an event', async () => {
    // drizzle wraps the driver's error; the trigger's message is its cause.
    const refused = { cause: { message: expect.stringMatching(/audit_events is append-only/) } };
    const { db } = testDb();
    const { partnership } = await createPartnership(db);
    const event = await db.transaction((tx) =>
      appendAuditEvent(tx, { partnershipId: partnership.id, entityType: 'partnership', entityId: partnership.id, verb: 'partnership.create', actor: systemActor }),
    );
    await expect(db.update(auditEvents).set({ actorName: 'forged' }).where(eq(auditEvents.id, event.id))).rejects.toMatchObject(refused);
    await expect(db.delete(auditEvents).where(eq(auditEvents.id, event.id))).rejects.toMatchObject(refused);
    const [still] = await db.select().from(auditEvents).where(eq(auditEvents.id, event.id));
    expect(still.actorName).toBe(systemActor.name);
  });

  it('a failing transaction leaves no event behind', async () => {
    const { db } = testDb();
    const { partnership } = await createPartnership(db);
    await expect(
      db.transaction(async (tx) => {
        await appendAuditEvent(tx, { partnershipId: partnership.id, entityType: 'partnership', entityId: partnership.id, verb: 'partnership.create', actor: systemActor });
        throw new Error('the change itself failed');
      }),
    ).rejects.toThrow('the change itself failed');
    expect(await db.select().from(auditEvents).where(eq(auditEvents.partnershipId, partnership.id))).toEqual([]);
  });

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }] })).toBe(canonicalJson({ a: [{ c: 'x', d: null }], b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });
});
