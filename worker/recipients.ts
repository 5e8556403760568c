/**
 * Who one id sends to ([SIG-HYG-7]). Ids are free, and every frame to an id that never held a
 * socket costs a Durable Object call at that id's object, which answers EXPIRE and keeps nothing
 * ([SIG-STORE-1]). So the sender's own object counts the recipients its peer reaches out to, and
 * remembers the ones nobody was at; frames beyond that stop in the sender's object, which answers
 * EXPIRE itself and calls no one.
 *
 * Only OFFER and LEAVE are counted: they are the frames that may go to anyone. An ANSWER or a
 * CANDIDATE passes only within a handshake ([SIG-HS-1]), so it follows an OFFER this ledger let
 * through, or one that reached us from a peer that is there.
 */
import { ServerMessageType } from '../src/lib/signalingProtocol';
import { TokenBucket, type BucketSpec, type BucketState } from './rateLimit';
import type { DeliveryOutcome } from './relay';

/**
 * New recipients: 256 at once, then one a second. An app dials every friend when its socket
 * opens (up to a couple of hundred), then re-dials the offline ones with backoff, which costs
 * nothing here since they are known by then.
 */
export const NEW_RECIPIENT_BUCKET: BucketSpec = { capacity: 256, refillPerSecond: 1 };
/**
 * Recipients remembered, least recently used dropped first. Reaching a known one again is free;
 * one dropped from the list costs a token to come back.
 */
export const MAX_KNOWN_RECIPIENTS = 256;
/**
 * A recipient nobody was at gets no frame from us for this long. An offline friend's app dials
 * us when it starts, and we answer that whatever the hold, so the hold only spares their object
 * our re-dials.
 */
export const ABSENT_HOLD_MS = 5 * 60_000;

/**
 * `known` and `new` pass (`new` took a token); `absent` (held) and `overBudget` stop in the
 * sender's object.
 */
export type RecipientVerdict = 'known' | 'new' | 'absent' | 'overBudget';

/**
 * True when the recipient's object kept nothing because nobody is there: an id that never held a
 * socket (`unknown`), or a LEAVE that found no socket (`dropped`).
 */
export function nobodyThere(outcome: DeliveryOutcome): boolean {
  return outcome === 'unknown' || outcome === 'dropped';
}

/** The recipients of one id. Memory only, except the bucket, which its owner saves. */
export class RecipientLedger {
  readonly #bucket: TokenBucket;
  /** Recipient → held until (ms; 0 when not held), least recently used first. */
  readonly #known = new Map<string, number>();

  constructor(now: number, saved?: BucketState) {
    this.#bucket = new TokenBucket(NEW_RECIPIENT_BUCKET, now, saved);
  }

  /** May our peer send a frame of `type` to `dst` now? */
  admit(type: string, dst: string, now: number): RecipientVerdict {
    if (type !== ServerMessageType.Offer && type !== ServerMessageType.Leave) return 'known';
    const heldUntil = this.#known.get(dst);
    if (heldUntil !== undefined) {
      this.#touch(dst, heldUntil);
      return heldUntil > now ? 'absent' : 'known';
    }
    if (!this.#bucket.take(1, now)) return 'overBudget';
    this.#touch(dst, 0);
    return 'new';
  }

  /** Nobody was at `dst`: hold it. A recipient no longer remembered is left alone. */
  absent(dst: string, now: number): void {
    if (this.#known.has(dst)) this.#known.set(dst, now + ABSENT_HOLD_MS);
  }

  /** `dst` is there (its OFFER reached us and we answered): lift its hold. */
  reached(dst: string): void {
    if (this.#known.has(dst)) this.#known.set(dst, 0);
  }

  /** The new-recipient bucket, to be saved where memory does not last. */
  save(): BucketState {
    return this.#bucket.save();
  }

  /** Recipients remembered (for tests and diagnostics). */
  get size(): number {
    return this.#known.size;
  }

  /** Make `dst` the most recently used, dropping the least recently used past the cap. */
  #touch(dst: string, heldUntil: number): void {
    this.#known.delete(dst);
    this.#known.set(dst, heldUntil);
    for (const oldest of this.#known.keys()) {
      if (this.#known.size <= MAX_KNOWN_RECIPIENTS) break;
      this.#known.delete(oldest);
    }
  }
}
