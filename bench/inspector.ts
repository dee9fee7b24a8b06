// The server's own view of its memory, through the V8 inspector it opens on loopback when started
// with BENCH's --inspect flag: a full garbage collection first, then process.memoryUsage(). RSS read
// from outside counts whatever garbage the collector has not yet returned; this does not.
import WebSocket from 'ws';

export type ServerMemory = { rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number; arrayBuffersMb: number };

/** The inspector's address from the server's log (`Debugger listening on ws://…`), or null. */
export function inspectorUrl(log: string): string | null {
  return /Debugger listening on (ws:\/\/\S+)/.exec(log)?.[1] ?? null;
}

/** Collects garbage in the server (twice: the first pass frees what finalizers release), then reads its memory. */
export async function collectedMemory(url: string): Promise<ServerMemory> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let id = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<{ result?: { result?: { value?: string } } }>((resolve, reject) => {
      const mine = ++id;
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(String(data)) as { id?: number; error?: { message: string } };
        if (message.id !== mine) return;
        ws.off('message', onMessage);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message as { result?: { result?: { value?: string } } });
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const r = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
    const m = JSON.parse(r.result?.result?.value ?? '{}') as { [k in 'rss' | 'heapUsed' | 'heapTotal' | 'external' | 'arrayBuffers']: number };
    const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;
    return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers) };
  } finally {
    ws.close();
  }
}
