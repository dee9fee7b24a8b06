import nextEnv from '@next/env';
import { createServer } from 'node:http';
import next from 'next';
import { getDatabase } from './db/client';
import { migrateDatabase } from './db/migrate';
import { seedDemo } from './db/seed/seed';
import { pruneSignInAttempts } from './lib/auth/rate-limit';
import { demoMode, ensureAuthSecret } from './lib/env';
import { attachRealtime } from './lib/realtime/server';

nextEnv.loadEnvConfig(process.cwd());

const dev = process.env.NODE_ENV !== 'production';
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOST || 'localhost';
const trustProxy = process.env.TRUST_PROXY === '1';

async function main() {
  ensureAuthSecret();
  const database = getDatabase();
  // Migrations run once, before anything listens.
  await migrateDatabase(database);
  await pruneSignInAttempts(database.db);
  if (demoMode()) {
    const seeded = await seedDemo(database.db);
    if (seeded) console.log('> Demo data loaded: sign in as head@bankroad.example / jointplan-demo');
  }

  const app = next({ dev, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();

  const server = createServer((req, res) => {
    // The client address is decided here, never taken from what the client claims: behind a proxy,
    // the entry the proxy itself appended (the last one); otherwise the socket's.
    const forwarded = trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',').pop()?.trim() : '';
    req.headers['x-real-ip'] = forwarded || req.socket.remoteAddress || 'unknown';
    if (!trustProxy) {
      delete req.headers['x-forwarded-host'];
      delete req.headers['x-forwarded-proto'];
      delete req.headers['x-forwarded-for'];
    }
    if (req.url?.startsWith('/socket.io/')) return; // socket.io answers these itself
    handle(req, res);
  });
  // Idle keep-alive connections stay open longer than clients and proxies keep theirs (commonly 60 s),
  // so a client reusing one never races the server closing it (a reset instead of an answer).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // Realtime on the same port; with REDIS_URL the processes share rooms through Redis.
  const realtime = await attachRealtime(server);
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/socket.io/')) upgrade(req, socket, head);
  });

  server.listen(port, hostname, () => {
    const where = database.target.kind === 'postgres' ? 'Postgres' : `PGlite (${database.target.dataDir})`;
    console.log(`> jointplan ready on http://${hostname}:${port} (${dev ? 'development' : 'production'}, ${where})`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`> ${signal}: saving co-edited text, closing connections and the database`);
    // Stored updates and pending revisions are flushed before anything closes.
    await realtime.close().catch((error) => console.error('> realtime did not close cleanly:', error));
    server.close();
    server.closeAllConnections();
    await app.close?.();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
