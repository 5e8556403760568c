/**
 * What a peer's object keeps for wakes, in its synchronous KV storage: the peer's push
 * subscription, one rate-limit record per reach token that woke it, and the object's own wake
 * budget. Written only when a registration changes the subscription or a wake is handed to the
 * push service; a refused wake writes nothing. Spec: docs/protocol.md [WAKE-3], [WAKE-4],
 * [WAKE-6], [WAKE-11].
 */
import type { ReachHash } from '../src/lib/reach';
import { checkEndpoint, type PushTarget } from '../src/lib/wakeProtocol';
import { readBucketState, TokenBucket, type BucketSpec, type BucketState } from './rateLimit';

/** The subscription. */
export const WAKE_SUBSCRIPTION_KEY = 'wake';
/** The object's wake budget ({@link WAKE_OBJECT_BUCKET}). */
export const WAKE_OBJECT_KEY = 'wake:o';
/** One record per reach token hash that woke the peer: `wake:t:<hash>`. */
export const WAKE_TOKEN_PREFIX = 'wake:t:';
/** Every key of this store starts with this. */
const WAKE_PREFIX = 'wake';

/** A token wakes at most once in this long ([WAKE-11]). */
export const WAKE_TOKEN_INTERVAL_MS = 2 * 60 * 1000;
/** …and about 30 times a day: a bucket of 30 refilling over 24 h ([WAKE-11]). */
export const WAKE_TOKEN_DAILY: BucketSpec = { capacity: 30, refillPerSecond: 30 / 86_400 };
/**
 * One object is woken at most 12 times at once, then once per 5 minutes, whoever asks
 * ([WAKE-11]): many friends at once, or a set of leaked tokens, cannot make a phone ring all day.
 */
export const WAKE_OBJECT_BUCKET: BucketSpec = { capacity: 12, refillPerSecond: 1 / 300 };

/** The rate-limit record of one token. */
interface TokenRecord {
  /** When it last woke the peer (ms). */
  last: number;
  day: BucketState;
}

/** What the object answers a wake: the push to send, or why not. */
export type WakeTicket =
  | { ok: true; target: PushTarget; slot: ReachHash }
  | { ok: false; reason: 'unknownToken' | 'noSubscription' }
  | { ok: false; reason: 'rateLimited'; retryAfterS: number };

/** What the object answers a registration ([WAKE-3]). */
export type WakeRegistration =
  | { ok: true }
  | { ok: false; reason: 'noSocket' }
  | { ok: false; reason: 'rateLimited'; retryAfterS: number };

/** The outcome of the rate limits for one wake, with the levels to store when it passes. */
export type WakeBudgetDecision =
  { ok: true; token: TokenRecord; object: BucketState } | { ok: false; retryAfterMs: number };

/**
 * The rate limits of [WAKE-11] for one wake at `now`, from the stored levels (null: never used).
 * Pure: what is written is what it returns.
 */
export function decideWakeBudget(
  token: TokenRecord | null,
  object: BucketState | null,
  now: number,
): WakeBudgetDecision {
  const daily = new TokenBucket(WAKE_TOKEN_DAILY, now, token?.day);
  const budget = new TokenBucket(WAKE_OBJECT_BUCKET, now, object ?? undefined);
  const intervalWait = token ? Math.max(0, token.last + WAKE_TOKEN_INTERVAL_MS - now) : 0;
  const wait = Math.max(intervalWait, daily.waitMs(1, now), budget.waitMs(1, now));
  if (wait > 0) return { ok: false, retryAfterMs: wait };
  daily.take(1, now);
  budget.take(1, now);
  return { ok: true, token: { last: now, day: daily.save() }, object: budget.save() };
}

function readTokenRecord(value: unknown): TokenRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const day = readBucketState(v.day);
  return typeof v.last === 'number' && Number.isFinite(v.last) && day
    ? { last: v.last, day }
    : null;
}

function readTarget(value: unknown): PushTarget | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const endpoint = checkEndpoint(v.endpoint);
  if (endpoint === null || typeof v.p256dh !== 'string' || typeof v.auth !== 'string') return null;
  return { endpoint, p256dh: v.p256dh, auth: v.auth };
}

/** The wake state of one peer object. */
export class WakeStore {
  readonly #kv: SyncKvStorage;
  /** The stored subscription; undefined until first read. */
  #target: PushTarget | null | undefined = undefined;

  constructor(kv: SyncKvStorage) {
    this.#kv = kv;
  }

  /** The peer's subscription, or null. Read once per object lifetime. */
  get target(): PushTarget | null {
    if (this.#target === undefined) this.#target = readTarget(this.#kv.get(WAKE_SUBSCRIPTION_KEY));
    return this.#target;
  }

  /** Keep `target` as the peer's subscription, writing only when it changed. */
  setTarget(target: PushTarget): void {
    const current = this.target;
    if (
      current?.endpoint === target.endpoint &&
      current.p256dh === target.p256dh &&
      current.auth === target.auth
    ) {
      return;
    }
    this.#kv.put(WAKE_SUBSCRIPTION_KEY, target);
    this.#target = target;
  }

  /** The peer turned wake off, or the push service said the subscription is gone. */
  clear(): void {
    if (this.target === null && this.#keys().length === 0) return;
    for (const key of this.#keys()) this.#kv.delete(key);
    this.#target = null;
  }

  /** Clear only if `endpoint` is still the stored one (a newer registration stays). [WAKE-12] */
  gone(endpoint: string): void {
    if (this.target?.endpoint === endpoint) this.clear();
  }

  /**
   * Charge one wake by the registered token `hash` at `now` ([WAKE-11]) and hand out the push
   * to send; nothing is written unless it passes.
   */
  charge(hash: ReachHash, now: number): WakeTicket {
    const target = this.target;
    if (target === null) return { ok: false, reason: 'noSubscription' };
    const key = WAKE_TOKEN_PREFIX + hash;
    const decision = decideWakeBudget(
      readTokenRecord(this.#kv.get(key)),
      readBucketState(this.#kv.get(WAKE_OBJECT_KEY)),
      now,
    );
    if (!decision.ok) {
      const retryAfterS = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      return { ok: false, reason: 'rateLimited', retryAfterS };
    }
    this.#kv.put(key, decision.token);
    this.#kv.put(WAKE_OBJECT_KEY, decision.object);
    return { ok: true, target, slot: hash };
  }

  /** Drop the records of tokens no longer registered (unfriended, blocked). [WAKE-13] */
  prune(registered: ReadonlySet<ReachHash>): void {
    for (const key of this.#keys()) {
      if (
        key.startsWith(WAKE_TOKEN_PREFIX) &&
        !registered.has(key.slice(WAKE_TOKEN_PREFIX.length))
      ) {
        this.#kv.delete(key);
      }
    }
  }

  /** Everything stored, to be written back after a wipe; empty without a subscription. */
  snapshot(): [string, unknown][] {
    if (this.target === null) return [];
    return [...this.#kv.list<unknown>({ prefix: WAKE_PREFIX })];
  }

  /** Write back what {@link snapshot} returned, after the storage was wiped. */
  restore(entries: readonly [string, unknown][]): void {
    for (const [key, value] of entries) this.#kv.put(key, value);
    this.#target = undefined;
  }

  /** The storage was wiped (`deleteAll`). */
  forget(): void {
    this.#target = null;
  }

  #keys(): string[] {
    return [...this.#kv.list({ prefix: WAKE_PREFIX })].map(([key]) => key);
  }
}
