/**
 * The sending side of relaying: stamps `src`, hashes an OFFER's reach token, keeps one
 * {@link Outbox} per recipient, and answers the sender with LEAVE or EXPIRE when a delivery fails.
 * Spec: docs/protocol.md [SIG-RELAY-*], [SIG-LIVE-4], [SIG-QUEUE-4], [SIG-STORE-1],
 * [SIG-REACH-3], [SIG-REACH-4].
 */
import { reachHash, type ReachToken } from '../src/lib/reach';
import { ServerMessageType } from '../src/lib/signalingProtocol';
import { expireFrame, leaveFrame, relayFrame, type RelayRequest } from './frames';
import { logError } from './log';
import { Outbox, type OutboxItem } from './outbox';
import { safeSend } from './sockets';

/**
 * What became of one relayed frame:
 * `sent` to the socket; `queued` for an absent peer; `gone` (dead or failing socket: the sender
 * gets LEAVE); `full` (queue or the sender's share over its cap: the sender gets EXPIRE now);
 * `unknown` (an id that never held a socket: EXPIRE now, nothing stored); `refused` (by the
 * recipient's reach gate: EXPIRE now, nothing sent or stored); `dropped` (a LEAVE for an absent
 * peer, which peerjs-server ignores too).
 */
export type DeliveryOutcome =
  'sent' | 'queued' | 'gone' | 'full' | 'unknown' | 'refused' | 'dropped';

/** Delivers one batch from `src` to `dst` (an RPC to `dst`'s object), one outcome per item. */
export type DeliverBatch = (
  dst: string,
  src: string,
  batch: OutboxItem[],
) => Promise<DeliveryOutcome[]>;

/** A frame on its way out, with the socket that sent it (for LEAVE / EXPIRE answers). */
interface Outgoing extends OutboxItem {
  dst: string;
  src: string;
  from: WebSocket;
  /** An OFFER's reach token, hashed just before delivery. */
  reach: ReachToken | null;
}

/** All outgoing traffic of one peer object. */
export class Relay {
  /** One outbox per recipient with something in flight; dropped when idle. */
  readonly #outboxes = new Map<string, Outbox<Outgoing, DeliveryOutcome>>();
  readonly #deliver: DeliverBatch;

  constructor(deliver: DeliverBatch) {
    this.#deliver = deliver;
  }

  /**
   * Relay `relay` from the peer `src` (whose socket is `from`, connected in OPEN_IDS mode when
   * `open`). Called synchronously, in the order the socket delivered the frames; the outbox keeps
   * that order up to the recipient.
   */
  push(from: WebSocket, src: string, request: RelayRequest, open = false): void {
    const { frame: relay, connectionId } = request;
    const frame = relayFrame(relay, src);
    this.#outboxFor(relay.dst).push({
      type: relay.type,
      dst: relay.dst,
      src,
      from,
      frame,
      connectionId,
      reach: open ? null : (request.reach ?? null),
      open,
    });
  }

  /** Recipients with a call in flight or frames waiting (for tests and diagnostics). */
  get pendingRecipients(): number {
    return this.#outboxes.size;
  }

  #outboxFor(dst: string): Outbox<Outgoing, DeliveryOutcome> {
    const existing = this.#outboxes.get(dst);
    if (existing) return existing;
    const created = new Outbox<Outgoing, DeliveryOutcome>(
      // Hashing is asynchronous and the recipient's delivery is not, so it happens here: one call
      // in flight per recipient keeps the order ([SIG-RELAY-3]).
      async (batch) => this.#deliver(dst, batch[0]!.src, await Promise.all(batch.map(toItem))),
      (batch, outcomes) => answerSenders(batch, outcomes),
      () => {
        if (this.#outboxes.get(dst) === created) this.#outboxes.delete(dst);
      },
    );
    this.#outboxes.set(dst, created);
    return created;
  }
}

/** What goes over the RPC for one frame: the reach token only as its hash ([SIG-REACH-3]). */
async function toItem(item: Outgoing): Promise<OutboxItem> {
  const { type, frame, connectionId, reach, open } = item;
  return {
    type,
    frame,
    connectionId,
    reachHash: reach === null ? null : await reachHash(reach),
    open,
  };
}

/**
 * Answer the senders of a batch: LEAVE when the recipient is gone (or the call failed), EXPIRE
 * when its queue is full, it never held a socket, or its gate refused the frame. At most one of
 * each per sending socket and batch; a LEAVE that failed or was refused gets no answer, since its
 * sender is done with that peer anyway.
 */
function answerSenders(batch: Outgoing[], outcomes: DeliveryOutcome[] | null): void {
  if (outcomes === null) logError('relay', `delivery to ${batch[0]?.dst ?? '?'} failed`);
  const answered = new Map<WebSocket, Set<string>>();
  batch.forEach((item, index) => {
    const outcome = outcomes?.[index] ?? 'gone';
    let answer: string | null = null;
    if (outcome === 'gone' && item.type !== ServerMessageType.Leave) {
      answer = leaveFrame(item.dst, item.src);
    } else if (outcome === 'full' || outcome === 'unknown') {
      answer = expireFrame(item.dst, item.src);
    } else if (outcome === 'refused' && item.type !== ServerMessageType.Leave) {
      answer = expireFrame(item.dst, item.src);
    }
    if (answer === null) return;
    const sent = answered.get(item.from) ?? new Set<string>();
    if (sent.has(answer)) return;
    sent.add(answer);
    answered.set(item.from, sent);
    safeSend(item.from, answer);
  });
}
