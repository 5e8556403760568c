/**
 * Per-recipient outbox of one peer object: at most one delivery RPC in flight per recipient,
 * and frames that arrive meanwhile ride in the next call as one batch.
 *
 * Why not one RPC per frame on a cached stub? Durable Objects document E-order for calls on one
 * stub, but our ordering should not rest on how the runtime schedules concurrent calls (in the
 * local vitest pool, per-frame calls on one stub were seen to run out of order under a burst).
 * With one call in flight, batch k+1 leaves only after batch k has been handled, so order holds
 * by construction, and a burst of candidates costs a handful of RPCs instead of hundreds.
 * Spec: docs/protocol.md [SIG-RELAY-3].
 */

/** One relayed frame, already stamped with `src`. */
export interface OutboxItem {
  /** OFFER, ANSWER, CANDIDATE or LEAVE. */
  type: string;
  /** The exact text the recipient's socket will get. */
  frame: string;
  /** `payload.connectionId` of an OFFER, ANSWER or CANDIDATE, so the recipient need not parse. */
  connectionId?: string | null;
  /**
   * An OFFER's reach token, hashed by the sender's object so that the recipient's gate can stay
   * synchronous ([SIG-REACH-3]); null or absent when it carries none.
   */
  reachHash?: string | null;
  /** True when the sender connected in OPEN_IDS mode: no gate ([SIG-REACH-8]). */
  open?: boolean;
}

/** Sends one batch to the recipient and resolves with one outcome per item (or rejects). */
export type BatchSender<T extends OutboxItem, O> = (batch: T[]) => Promise<O[]>;

/** Told what became of a batch: the items and their outcomes, or `null` when the call failed. */
export type BatchResult<T extends OutboxItem, O> = (batch: T[], outcomes: O[] | null) => void;

/** Largest batch per call; a longer backlog simply takes several calls, still in order. */
export const MAX_BATCH_ITEMS = 500;

/** The outbox for one recipient. */
export class Outbox<T extends OutboxItem, O> {
  #pending: T[] = [];
  #inFlight = false;
  readonly #send: BatchSender<T, O>;
  readonly #onResult: BatchResult<T, O>;
  readonly #onIdle: () => void;

  constructor(send: BatchSender<T, O>, onResult: BatchResult<T, O>, onIdle: () => void) {
    this.#send = send;
    this.#onResult = onResult;
    this.#onIdle = onIdle;
  }

  /** Queue an item; it leaves at once if no call is in flight, else with the next batch. */
  push(item: T): void {
    this.#pending.push(item);
    if (!this.#inFlight) this.#flush();
  }

  /** True while a call is in flight or items wait. */
  get busy(): boolean {
    return this.#inFlight || this.#pending.length > 0;
  }

  #flush(): void {
    const batch = this.#pending.splice(0, MAX_BATCH_ITEMS);
    if (batch.length === 0) {
      this.#onIdle();
      return;
    }
    this.#inFlight = true;
    let call: Promise<O[]>;
    try {
      call = this.#send(batch);
    } catch (err) {
      call = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    call.then(
      (outcomes) => this.#settle(batch, outcomes),
      () => this.#settle(batch, null),
    );
  }

  #settle(batch: T[], outcomes: O[] | null): void {
    this.#inFlight = false;
    try {
      this.#onResult(batch, outcomes);
    } finally {
      this.#flush();
    }
  }
}
