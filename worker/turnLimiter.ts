/**
 * Rate limit for `GET /turn`, per peer id ([TURN-6]): one small Durable Object per id holding a
 * token bucket in its storage. A dedicated class rather than the signaling `PeerObject`, so that
 * asking for ICE servers never wakes (or competes with) the id's signaling socket.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from './env';
import type { BucketSpec } from './rateLimit';

/**
 * A burst of 10, then one request per 30 s. The app asks once per start and before its
 * credentials expire, so even a run of reloads stays inside; a client over the limit falls back
 * to STUN, which still works on open networks.
 */
export const TURN_BUCKET: BucketSpec = { capacity: 10, refillPerSecond: 1 / 30 };

/** What is stored: the bucket's level and when it was last computed. */
export interface BucketState {
  tokens: number;
  updatedAt: number;
}

/** The outcome of one request against the bucket. */
export type TurnAllowance = { ok: true } | { ok: false; retryAfterS: number };

/** The result of {@link takeTurnToken}: the decision and the bucket to store. */
export interface TakeResult {
  allowance: TurnAllowance;
  state: BucketState;
  /** When the bucket will be full again if nothing else is taken (ms). */
  fullAt: number;
}

/** Take one token from `state` (undefined = a full bucket) at `now`. Pure. */
export function takeTurnToken(
  state: BucketState | undefined,
  spec: BucketSpec,
  now: number,
): TakeResult {
  const previous = state ?? { tokens: spec.capacity, updatedAt: now };
  const elapsedS = Math.max(0, now - previous.updatedAt) / 1000;
  const level = Math.min(spec.capacity, previous.tokens + elapsedS * spec.refillPerSecond);
  const fullAfterS = (tokens: number) => (spec.capacity - tokens) / spec.refillPerSecond;
  if (level < 1) {
    const retryAfterS = Math.max(1, Math.ceil((1 - level) / spec.refillPerSecond));
    const next = { tokens: level, updatedAt: now };
    return {
      allowance: { ok: false, retryAfterS },
      state: next,
      fullAt: now + fullAfterS(level) * 1000,
    };
  }
  const tokens = level - 1;
  return {
    allowance: { ok: true },
    state: { tokens, updatedAt: now },
    fullAt: now + fullAfterS(tokens) * 1000,
  };
}

const BUCKET_KEY = 'bucket';

/** One per peer id (`env.TURN_LIMITS.getByName(id)`). */
export class TurnLimiter extends DurableObject<Env> {
  /** RPC: count one `/turn` request for this id. */
  async take(): Promise<TurnAllowance> {
    const now = Date.now();
    const storage = this.ctx.storage;
    const result = takeTurnToken(storage.kv.get<BucketState>(BUCKET_KEY), TURN_BUCKET, now);
    storage.kv.put(BUCKET_KEY, result.state);
    // Once the bucket is full again its state equals "no state": drop it then, so ids that
    // stopped asking leave nothing behind.
    await storage.setAlarm(result.fullAt);
    return result.allowance;
  }

  /** The bucket has refilled: forget it. */
  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}
