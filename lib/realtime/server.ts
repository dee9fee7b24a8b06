import type { Server as HttpServer } from 'node:http';
import { decode } from 'next-auth/jwt';
import { Server } from 'socket.io';
import { getDb } from '@/db/client';
import { loadActor } from '@/lib/auth/actor';

/** Events the server sends; the realtime work adds plan rooms, presence and structured changes. */
export type ServerToClientEvents = {
  'session.ready': (payload: { userId: string; name: string }) => void;
};
export type ClientToServerEvents = Record<string, never>;
export type SocketData = { userId: string; sessionVersion: number };

const COOKIE_NAMES = ['__Secure-authjs.session-token', 'authjs.session-token'];

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * Attaches socket.io to the HTTP server. A connection must carry a valid next-auth session
 * cookie of a current account; anything else is refused at the handshake.
 */
export function attachRealtime(httpServer: HttpServer): Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData> {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    // Other upgrade requests (Next's own dev reloads) are not socket.io's to close.
    destroyUpgrade: false,
  });
  io.use(async (socket, next) => {
    try {
      const secret = process.env.AUTH_SECRET ?? '';
      for (const name of COOKIE_NAMES) {
        const token = readCookie(socket.handshake.headers.cookie, name);
        if (!token) continue;
        const jwt = await decode({ token, secret, salt: name });
        if (!jwt?.uid) continue;
        const actor = await loadActor(getDb(), jwt.uid, jwt.sv ?? -1);
        if (!actor) continue;
        socket.data = { userId: actor.id, sessionVersion: jwt.sv ?? -1 };
        return next();
      }
      next(new Error('unauthenticated'));
    } catch {
      next(new Error('unauthenticated'));
    }
  });
  io.on('connection', async (socket) => {
    const actor = await loadActor(getDb(), socket.data.userId, socket.data.sessionVersion);
    if (actor) socket.emit('session.ready', { userId: actor.id, name: actor.name });
  });
  return io;
}
