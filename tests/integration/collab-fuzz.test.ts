import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strands } from '@/db/schema';
import { documentName } from '@/lib/collab/names';
import { docFromPersisted, readDocument } from '@/lib/collab/store';
import { type TestServer, seedPlan, startRealtimeServer, until } from '../helpers/realtime';
import { type TestEditor, converged, firstText, occurrences, openEditor, plainText, tokenBoundaries } from '../helpers/realtime-collab';
import { useTestDatabase } from '../helpers/test-db';

// Random concurrent edits by several editors, random disconnects, a clean restart and a crash of
// the server; in the end every replica, the server and the database hold the same text, every
// surviving token exactly once and the seed exactly once. FUZZ_ITERATIONS=2000 (and FUZZ_SEED=…)
// runs it longer.
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS || 160);
const SEED = Number(process.env.FUZZ_SEED || Math.floor(Math.random() * 2 ** 31));

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const testDb = useTestDatabase();
let server: TestServer;
let data: Awaited<ReturnType<typeof seedPlan>>;
const options = { collab: { pauseMs: 200, compactAfterUpdates: 40 } };

beforeAll(async () => {
  data = await seedPlan(testDb().db);
  server = await startRealtimeServer(testDb(), options);
});
afterAll(async () => {
  await server?.stop();
});

describe('convergence fuzz', () => {
  it(`converges under random edits, disconnects and restarts (seed ${SEED}, ${ITERATIONS} steps)`, async () => {
    const rand = random(SEED);
    const pick = <T,>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const [strand] = await testDb()
      .db.insert(strands)
      .values({ planId: data.plan.id, position: 5, title: 'Fuzz', keyObjective: '<p>Seeded text.</p>' })
      .returning();
    const name = documentName('strand', strand.id, 'keyObjective');
    const people = [data.headA.user, data.headB.user, data.headB.user, data.admin.user];
    const editors: TestEditor[] = [];
    for (const p of people) editors.push(await openEditor(server.url, p, name));
    const inserted: string[] = [];
    const deleted = new Set<string>();
    try {
      for (let step = 0; step < ITERATIONS; step++) {
        if (step === Math.floor(ITERATIONS / 2) || step === Math.floor((3 * ITERATIONS) / 4)) {
          // A clean restart, then a crash: unsaved batches are lost and must be resent.
          const port = server.port;
          await server.stop({ flush: step === Math.floor(ITERATIONS / 2) });
          server = await startRealtimeServer(testDb(), options, port);
        }
        const e = pick(editors);
        const r = rand();
        const text = firstText(e.doc);
        const current = text.toString();
        if (r < 0.6) {
          const token = `[${editors.indexOf(e)}-${step}]`;
          inserted.push(token);
          text.insert(pick(tokenBoundaries(current)), token);
        } else if (r < 0.8) {
          const visible: string[] = [...(current.match(/\[\d+-\d+\]/g) ?? [])];
          if (visible.length) {
            const token = pick(visible);
            deleted.add(token);
            text.delete(current.indexOf(token), token.length);
          }
        } else if (r < 0.9) {
          if (e.socket.connected) e.socket.disconnect();
          else e.socket.connect();
        }
        if (rand() < 0.3) await new Promise((resolve) => setTimeout(resolve, Math.floor(rand() * 8)));
      }
      for (const e of editors) if (!e.socket.connected) e.socket.connect();
      const final = await converged(editors, 30_000);

      const text = plainText(editors[0].doc);
      for (const token of inserted) expect(occurrences(text, token), token).toBe(deleted.has(token) ? 0 : 1);
      expect(text.replace(/\[\d+-\d+\]/g, '')).toBe('Seeded text.\n');
      await until(() => server.realtime.collab.get(name)?.doc.getXmlFragment('default').toString() === final, 5000, 'the server');
      await server.realtime.collab.settle();
      const stored = await readDocument(testDb().db, name);
      expect(stored && docFromPersisted(stored).getXmlFragment('default').toString()).toBe(final);
    } finally {
      for (const e of editors) e.close();
    }
  }, 120_000);
});
