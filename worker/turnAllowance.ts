/**
 * Whether `GET /turn` may answer for an id: its rate limit ([TURN-6]) and, when TURN is
 * configured, its live signaling socket ([TURN-9]). Both are decided by the id's own `PeerObject`
 * in one RPC, from memory: a `/turn` costs that call and writes nothing. The decision itself is
 * pure, so it is tested on its own.
 */
import type { BucketSpec, TokenBucket } from './rateLimit';

/**
 * A burst of 10, then one request per 30 s. The app asks once its socket has been open a few
 * seconds, then before its credentials expire, so even a run of reloads stays inside; a client
 * over the limit falls back to STUN, which still works on open networks.
 */
export const TURN_BUCKET: BucketSpec = { capacity: 10, refillPerSecond: 1 / 30 };

/** The outcome of one `/turn` request, as the id's object decides it. */
export type TurnAllowance =
  { ok: true } | { ok: false; reason: 'noSocket' | 'rateLimited'; retryAfterS: number };

function wait(reason: 'noSocket' | 'rateLimited', ms: number): TurnAllowance {
  return { ok: false, reason, retryAfterS: Math.max(1, Math.ceil(ms / 1000)) };
}

/**
 * Decide one request at `now`. `socketAgeMs` is how long the id's live socket of a signed
 * session has been open (null: none); `minSocketAgeMs` is what minting needs (null: no socket
 * needed, TURN is not configured). A request refused for want of a socket takes no token.
 */
export function decideTurn(
  bucket: TokenBucket,
  socketAgeMs: number | null,
  minSocketAgeMs: number | null,
  now: number,
): TurnAllowance {
  if (minSocketAgeMs !== null) {
    // The app asks once its socket is old enough; a request before that is told when to come back.
    if (socketAgeMs === null) return wait('noSocket', minSocketAgeMs);
    if (socketAgeMs < minSocketAgeMs) return wait('noSocket', minSocketAgeMs - socketAgeMs);
  }
  if (!bucket.take(1, now)) return wait('rateLimited', bucket.waitMs(1, now));
  return { ok: true };
}
