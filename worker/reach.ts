/**
 * The reach gate, in the recipient's object: an OFFER passes when it carries a token whose hash
 * the recipient registered; strangers (no token, or one not registered) get a small trickle, and
 * everything that reaches the recipient outside a friend's handshake shares one small budget.
 * Memory only: the budget is lost when the object is evicted (about ten seconds without an
 * event), and a fresh one starts full, which is what a friend dialling an idle peer needs.
 * Spec: docs/protocol.md [SIG-REACH-2]…[SIG-REACH-8].
 */
import { isReachText, MAX_REACH_HASHES, type ReachHash } from '../src/lib/reach';
import { ServerMessageType } from '../src/lib/signalingProtocol';
import { MAX_CANDIDATES_PER_SIDE } from './handshakes';
import type { OutboxItem } from './outbox';
import { TokenBucket, type BucketSpec } from './rateLimit';

/** OFFERs without a registered token that may pass at once, per recipient. [SIG-REACH-4] */
export const TRICKLE_BURST = 4;
/** …and then one more this often. [SIG-REACH-4] */
export const TRICKLE_INTERVAL_MS = 15_000;
/**
 * The trickle as a bucket. A friend with a stale token needs one OFFER (two when a call follows
 * at once) and then gets a fresh token over the session, so four at once covers two such friends
 * dialling together; a stranger gets 4 OFFERs a minute in front of the recipient, not 100 a
 * second.
 */
export const TRICKLE_BUCKET: BucketSpec = {
  capacity: TRICKLE_BURST,
  refillPerSecond: 1000 / TRICKLE_INTERVAL_MS,
};
/** A whole handshake as the recipient sees it: the OFFER and at most 32 CANDIDATEs. */
const FRAMES_PER_HANDSHAKE = 1 + MAX_CANDIDATES_PER_SIDE;
/**
 * Frames outside friends' handshakes, per recipient ([SIG-REACH-7]): exactly the trickle's
 * handshakes in full (132 at once, then 33 per 15 s), so a trickle OFFER is never cut short
 * unless LEAVEs or orphan frames used the budget first.
 */
export const STRANGER_FRAME_BUCKET: BucketSpec = {
  capacity: TRICKLE_BURST * FRAMES_PER_HANDSHAKE,
  refillPerSecond: (FRAMES_PER_HANDSHAKE * 1000) / TRICKLE_INTERVAL_MS,
};
/**
 * Distinct strangers whose frames may reach one recipient in a minute ([SIG-REACH-7]). The
 * trickle lets through at most 8 OFFERs in a first minute, so its senders always fit; the cap
 * keeps many ids from sharing the frame budget with LEAVEs and orphan candidates.
 */
export const MAX_NEW_STRANGERS = 8;
/** The window of {@link MAX_NEW_STRANGERS}. */
export const NEW_STRANGER_WINDOW_MS = 60_000;

/**
 * The hashes of a REACH frame's payload ([SIG-REACH-2]): `{hashes: [...]}`, at most
 * {@link MAX_REACH_HASHES} distinct hash texts. Null when it has any other shape.
 */
export function reachHashesOf(payload: unknown): ReachHash[] | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const hashes = (payload as Record<string, unknown>).hashes;
  if (!Array.isArray(hashes) || hashes.length > MAX_REACH_HASHES) return null;
  if (!hashes.every(isReachText)) return null;
  return new Set(hashes).size === hashes.length ? hashes : null;
}

/** How the gate judged one relayed frame: a friend's, a stranger's within budget, or refused. */
export type Admission = 'friend' | 'stranger' | 'refused';

/** What the gate reads from the rest of the recipient's object. */
export interface GateContext {
  /** True in OPEN_IDS mode ([SIG-REACH-8]). */
  open: boolean;
  /** Did our peer register `hash`? */
  registered(hash: ReachHash): boolean;
  /** Is `peer`'s connection `connectionId` a handshake our peer or a registered token opened? */
  trustedHandshake(peer: string, connectionId: string, now: number): boolean;
}

/** The gate of one recipient's object. */
export class ReachGate {
  readonly #context: GateContext;
  /** Created on the first stranger's frame, full. */
  #strangers: StrangerBudget | null = null;

  constructor(context: GateContext) {
    this.#context = context;
  }

  /** Judge a frame from `src`, charging the stranger budget when it passes as a stranger's. */
  admit(src: string, item: OutboxItem, now: number): Admission {
    if (this.#context.open || item.open === true || this.#isFriends(src, item, now)) {
      return 'friend';
    }
    this.#strangers ??= new StrangerBudget(now);
    return this.#strangers.take(src, item.type === ServerMessageType.Offer, now)
      ? 'stranger'
      : 'refused';
  }

  #isFriends(src: string, item: OutboxItem, now: number): boolean {
    switch (item.type) {
      case ServerMessageType.Offer:
        return typeof item.reachHash === 'string' && this.#context.registered(item.reachHash);
      case ServerMessageType.Answer:
      case ServerMessageType.Candidate:
        return (
          typeof item.connectionId === 'string' &&
          this.#context.trustedHandshake(src, item.connectionId, now)
        );
      default:
        // A LEAVE: neither the stock client nor Plume sends one.
        return false;
    }
  }
}

/**
 * What strangers may still put in front of one recipient: the trickle of OFFERs, the shared frame
 * budget, and the strangers let through in the last minute. Time is passed in, so the logic is
 * pure and testable. Bounded: at most {@link MAX_NEW_STRANGERS} senders are remembered.
 */
export class StrangerBudget {
  readonly #trickle: TokenBucket;
  readonly #frames: TokenBucket;
  /** Strangers let through, with when they first were; oldest first (Map insertion order). */
  readonly #senders = new Map<string, number>();

  constructor(now: number) {
    this.#trickle = new TokenBucket(TRICKLE_BUCKET, now);
    this.#frames = new TokenBucket(STRANGER_FRAME_BUCKET, now);
  }

  /** Let one frame from `src` through (an OFFER when `offer`), if every budget allows it. */
  take(src: string, offer: boolean, now: number): boolean {
    for (const [sender, since] of this.#senders) {
      if (since > now - NEW_STRANGER_WINDOW_MS) break;
      this.#senders.delete(sender);
    }
    const known = this.#senders.has(src);
    if (!known && this.#senders.size >= MAX_NEW_STRANGERS) return false;
    if (offer && !this.#trickle.has(1, now)) return false;
    if (!this.#frames.take(1, now)) return false;
    if (offer) this.#trickle.take(1, now);
    if (!known) this.#senders.set(src, now);
    return true;
  }
}
