// The realtime layer alone (no Next), for tests that need a real process to stop with SIGTERM, kill
// with -9, or run twice beside Redis. Configured by the environment:
//   PORT (0: any free port), DATABASE_URL or PGLITE_DIR, AUTH_SECRET, REDIS_URL (optional),
//   COLLAB_PAUSE_MS (the revision pause), REALTIME_TEST_HOOKS=1 (the command hooks below),
//   REALTIME_MAX_SOCKETS_PER_USER and REALTIME_SOCKET_LEASE_MS (the per-person connection cap).
// Prints `READY <port>` once it listens. Never run it in production: the hook acts as any user.
import { eq } from 'drizzle-orm';
import { createServer } from 'node:http';
import { z } from 'zod';
import { getDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { loadActor } from '../lib/auth/actor';
import { archivePlan } from '../lib/commands/archive-plan';
import { signReview } from '../lib/commands/sign-review';
import { updateStrand } from '../lib/commands/update-strand';
import { attachRealtime } from '../lib/realtime/server';
import { plans, strands, users } from '../db/schema';

const strandTitleInput = z.object({ userId: z.string().uuid(), strandId: z.string().uuid(), title: z.string().min(1) }).strict();
const archivePlanInput = z.object({ userId: z.string().uuid(), planId: z.string().uuid() }).strict();
const signReviewHookInput = z.object({ userId: z.string().uuid(), reviewId: z.string().uuid(), lineId: z.string().uuid(), password: z.string() }).strict();

async function actorOf(userId: string) {
  const db = getDatabase().db;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  return user ? loadActor(db, user.id, user.sessionVersion) : null;
}

/** Runs a command in this process as any user: its committed change is relayed from here. */
async function runHook(url: string, body: string): Promise<number> {
  const db = getDatabase().db;
  if (url === '/__test/strand-title') {
    const input = strandTitleInput.parse(JSON.parse(body));
    const actor = await actorOf(input.userId);
    if (!actor) return 404;
    const [strand] = await db.select({ version: strands.version }).from(strands).where(eq(strands.id, input.strandId));
    await updateStrand(db, actor, input.strandId, { version: strand.version, title: input.title });
    return 204;
  }
  if (url === '/__test/archive-plan') {
    const input = archivePlanInput.parse(JSON.parse(body));
    const actor = await actorOf(input.userId);
    if (!actor) return 404;
    const [plan] = await db.select({ revision: plans.revision }).from(plans).where(eq(plans.id, input.planId));
    await archivePlan(db, actor, input.planId, { version: plan.revision });
    return 204;
  }
  if (url === '/__test/sign-review') {
    const input = signReviewHookInput.parse(JSON.parse(body));
    const actor = await actorOf(input.userId);
    if (!actor) return 404;
    await signReview(db, actor, input.reviewId, { lineId: input.lineId, password: input.password });
    return 204;
  }
  return 404;
}

async function main() {
  const database = getDatabase();
  await migrateDatabase(database);
  const hooks = process.env.REALTIME_TEST_HOOKS === '1';
  const http = createServer((req, res) => {
    if (hooks && req.method === 'POST' && req.url?.startsWith('/__test/')) {
      const url = req.url;
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        runHook(url, body)
          .then((status) => {
            res.statusCode = status;
            res.end();
          })
          .catch((error) => {
            console.error(error);
            res.statusCode = 500;
            res.end();
          });
      });
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  const pauseMs = Number(process.env.COLLAB_PAUSE_MS || 3000);
  const limit = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const realtime = await attachRealtime(http, {
    collab: { pauseMs },
    maxSocketsPerUser: limit('REALTIME_MAX_SOCKETS_PER_USER'),
    socketLeaseMs: limit('REALTIME_SOCKET_LEASE_MS'),
  });
  http.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
    const address = http.address();
    console.log(`READY ${typeof address === 'object' && address ? address.port : ''}`);
  });
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    realtime
      .close()
      .then(() => database.close())
      .then(() => process.exit(0))
      .catch((error) => {
        console.error(error);
        process.exit(1);
      });
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
