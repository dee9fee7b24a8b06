// The realtime layer alone (no Next), for tests that need a real process to stop with SIGTERM, kill
// with -9, or run twice beside Redis. Configured by the environment:
//   PORT (0: any free port), DATABASE_URL or PGLITE_DIR, AUTH_SECRET, REDIS_URL (optional),
//   COLLAB_PAUSE_MS (the revision pause), REALTIME_TEST_HOOKS=1 (the command hook below).
// Prints `READY <port>` once it listens. Never run it in production: the hook acts as any user.
import { eq } from 'drizzle-orm';
import { createServer } from 'node:http';
import { z } from 'zod';
import { getDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { loadActor } from '../lib/auth/actor';
import { updateStrand } from '../lib/commands/update-strand';
import { attachRealtime } from '../lib/realtime/server';
import { strands, users } from '../db/schema';

const hookInput = z.object({ userId: z.string().uuid(), strandId: z.string().uuid(), title: z.string().min(1) }).strict();

async function runHook(body: string): Promise<number> {
  const input = hookInput.parse(JSON.parse(body));
  const db = getDatabase().db;
  const [user] = await db.select().from(users).where(eq(users.id, input.userId));
  const actor = user ? await loadActor(db, user.id, user.sessionVersion) : null;
  if (!actor) return 404;
  const [strand] = await db.select({ version: strands.version }).from(strands).where(eq(strands.id, input.strandId));
  await updateStrand(db, actor, input.strandId, { version: strand.version, title: input.title });
  return 204;
}

async function main() {
  const database = getDatabase();
  await migrateDatabase(database);
  const hooks = process.env.REALTIME_TEST_HOOKS === '1';
  const http = createServer((req, res) => {
    if (hooks && req.method === 'POST' && req.url === '/__test/strand-title') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        runHook(body)
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
  const realtime = await attachRealtime(http, { collab: { pauseMs } });
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
