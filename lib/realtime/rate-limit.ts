import type { ClientEventName } from './events';

export type Bucket = { capacity: number; perSecond: number };
export type RateLimits = { [E in ClientEventName]: Bucket };

/** Per socket, per event: a burst of `capacity`, refilled at `perSecond` (docs/realtime.md). */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  'plan.join': { capacity: 20, perSecond: 2 },
  'plan.leave': { capacity: 20, perSecond: 2 },
  'presence.update': { capacity: 30, perSecond: 5 },
  'doc.sync': { capacity: 40, perSecond: 5 },
  'doc.update': { capacity: 300, perSecond: 60 },
  'doc.awareness': { capacity: 60, perSecond: 20 },
  'doc.leave': { capacity: 40, perSecond: 5 },
};

/** Token buckets for one socket. */
export class SocketRateLimiter {
  private readonly tokens = new Map<ClientEventName, { tokens: number; at: number }>();

  constructor(private readonly limits: RateLimits) {}

  /** Takes a token for the event: 0 when allowed, otherwise the milliseconds until one is free. */
  take(event: ClientEventName, now = Date.now()): number {
    const { capacity, perSecond } = this.limits[event];
    const state = this.tokens.get(event) ?? { tokens: capacity, at: now };
    state.tokens = Math.min(capacity, state.tokens + ((now - state.at) / 1000) * perSecond);
    state.at = now;
    this.tokens.set(event, state);
    if (state.tokens >= 1) {
      state.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - state.tokens) / perSecond) * 1000);
  }
}
