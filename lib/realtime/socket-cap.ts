import { randomUUID } from 'node:crypto';

/** Counts each person's connections against a cap: in this process, or across every process through Redis. */
export interface SocketCounter {
  /** Counts a socket against its person's cap; false (nothing counted) when they already hold as many as allowed. */
  admit(userId: string, socketId: string): Promise<boolean>;
  /** Stops counting a socket (it closed). */
  release(userId: string, socketId: string): void;
  /** Stops counting every socket of this process (it is stopping). */
  close(): Promise<void>;
}

/** This process's sockets per person: enough when it works alone. */
export class LocalSocketCounter implements SocketCounter {
  protected readonly held = new Map<string, Set<string>>();

  constructor(protected readonly max: number) {}

  async admit(userId: string, socketId: string): Promise<boolean> {
    const held = this.held.get(userId) ?? new Set<string>();
    if (held.size >= this.max) return false;
    this.remember(userId, socketId);
    return true;
  }

  protected remember(userId: string, socketId: string): void {
    const held = this.held.get(userId) ?? new Set<string>();
    held.add(socketId);
    this.held.set(userId, held);
  }

  release(userId: string, socketId: string): boolean {
    const held = this.held.get(userId);
    if (!held?.delete(socketId)) return false;
    if (!held.size) this.held.delete(userId);
    return true;
  }

  async close(): Promise<void> {
    this.held.clear();
  }
}

/** The part of a node-redis client the counter uses. */
export type RedisScripts = { eval: (script: string, options: { keys: string[]; arguments: string[] }) => Promise<unknown> };

// Redis's own clock decides expiry, so the processes' clocks need not agree.
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// KEYS[1] the person's sorted set; ARGV: member, cap, lease (ms). 1 when admitted.
const ADMIT = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1`;

// KEYS[1] the person's sorted set; ARGV: lease (ms), then the members this process still holds.
const RENEW = `${NOW}
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
return 1`;

const RELEASE = `redis.call('ZREM', KEYS[1], unpack(ARGV))
return 1`;

/**
 * Every process's sockets per person, in one Redis sorted set per person: a member per socket
 * (`<process>:<socket id>`) scored with when it lapses. Each process renews its own members every
 * third of the lease, so the sockets of a process that crashed stop counting within one lease.
 */
export class RedisSocketCounter extends LocalSocketCounter {
  private readonly processId = randomUUID();
  private readonly renewal: ReturnType<typeof setInterval>;

  constructor(
    private readonly redis: RedisScripts,
    /** Keys are `<prefix>:sockets:<user id>`. */
    private readonly prefix: string,
    max: number,
    private readonly leaseMs: number,
    private readonly log: (message: string, error?: unknown) => void,
  ) {
    super(max);
    this.renewal = setInterval(() => void this.renew(), Math.max(50, Math.floor(leaseMs / 3)));
    this.renewal.unref?.();
  }

  private key(userId: string): string {
    return `${this.prefix}:sockets:${userId}`;
  }

  private member(socketId: string): string {
    return `${this.processId}:${socketId}`;
  }

  override async admit(userId: string, socketId: string): Promise<boolean> {
    const admitted = await this.redis.eval(ADMIT, {
      keys: [this.key(userId)],
      arguments: [this.member(socketId), String(this.max), String(this.leaseMs)],
    });
    if (Number(admitted) !== 1) return false;
    this.remember(userId, socketId);
    return true;
  }

  override release(userId: string, socketId: string): boolean {
    if (!super.release(userId, socketId)) return false;
    this.redis
      .eval(RELEASE, { keys: [this.key(userId)], arguments: [this.member(socketId)] })
      .catch((error) => this.log('could not release a connection count', error));
    return true;
  }

  private async renew(): Promise<void> {
    for (const [userId, sockets] of this.held) {
      try {
        await this.redis.eval(RENEW, { keys: [this.key(userId)], arguments: [String(this.leaseMs), ...[...sockets].map((s) => this.member(s))] });
      } catch (error) {
        this.log('could not renew connection counts', error);
        return;
      }
    }
  }

  override async close(): Promise<void> {
    clearInterval(this.renewal);
    const held = [...this.held];
    this.held.clear();
    await Promise.all(
      held.map(([userId, sockets]) =>
        this.redis.eval(RELEASE, { keys: [this.key(userId)], arguments: [...sockets].map((s) => this.member(s)) }).catch(() => undefined),
      ),
    );
  }
}
