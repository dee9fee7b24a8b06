import { io } from 'socket.io-client';
import type { ClientSocket } from '../lib/collab/client';

/** A bench client's socket, signed in by `cookie`, once connected (20 s at most). */
export function connect(url: string, cookie: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { cookie, origin: url },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('connect timeout'));
    }, 20_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (e) => {
      clearTimeout(timer);
      socket.close();
      reject(e);
    });
  });
}
