/**
 * One Durable Object per peer id. It holds that peer's signaling socket (WebSocket Hibernation
 * API), relays what the peer sends to other peers' objects by RPC, and queues what arrives while
 * the peer is away. Spec: docs/protocol.md, "Signaling".
 */
import { DurableObject } from 'cloudflare:workers';
import {
  CLOSE_DEAD,
  CLOSE_ID_TAKEN,
  CLOSE_RATE_LIMITED,
  CLOSE_REPLACED,
  HEARTBEAT_REPLY,
  HEARTBEAT_TEXT,
  MAX_FRAME_BYTES,
  ServerMessageType,
} from '../src/lib/signalingProtocol';
import { readConfig, type Env, type SignalingConfig } from './env';
import { errorFrame, expireFrame, idTakenFrame, OPEN_FRAME, parseClientFrame } from './frames';
import { HandshakeTable } from './handshakes';
import { IdBudgets } from './idBudgets';
import { logError } from './log';
import { PeerStorage } from './peerStorage';
import { PeerRateLimit } from './rateLimit';
import { ReachGate } from './reach';
import { nobodyThere } from './recipients';
import {
  isAlive,
  isValidPeerId,
  LAST_SEEN_WRITE_MS,
  mayReplace,
  readConnectInfo,
  readSocketState,
  type ConnectInfo,
  type SocketState,
} from './session';
import { refuseWebSocket, safeClose, safeSend } from './sockets';
import type { OutboxItem } from './outbox';
import { Relay, type DeliveryOutcome } from './relay';
import { decideTurn, type TurnAllowance } from './turnAllowance';
import type { WakeRegistration, WakeTicket } from './wakeStore';
import type { ReachHash } from '../src/lib/reach';
import type { PushTarget } from '../src/lib/wakeProtocol';

/** Header on the worker → object connect request carrying the checked {@link ConnectInfo}. */
export const CONNECT_INFO_HEADER = 'X-Plume-Connect';

/** The signaling Durable Object for one peer id. */
export class PeerObject extends DurableObject<Env> {
  readonly #config: SignalingConfig;
  readonly #store: PeerStorage;
  readonly #relay: Relay;
  /** Handshakes our peer is part of ([SIG-HS-*]); memory only. */
  readonly #handshakes = new HandshakeTable();
  /** Which relayed frames may reach our peer ([SIG-REACH-*]); memory only. */
  readonly #gate: ReachGate;
  /**
   * The id's frame and byte buckets ([SIG-HYG-4]): one per id, so a reconnect does not refill
   * them. Memory only: the object is evicted only after about ten seconds with no event, and in
   * ten seconds the frame bucket refills 1,000 of its 2,000 tokens anyway.
   */
  #limit: PeerRateLimit | null = null;
  /** The id's recipient and `/turn` budgets ([SIG-HYG-7], [TURN-6]); see worker/idBudgets.ts. */
  #budgets: IdBudgets | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#config = readConfig(env);
    this.#store = new PeerStorage(ctx.storage);
    this.#gate = new ReachGate({
      open: this.#config.openIds,
      registered: (hash) => this.#store.isRegistered(hash),
      trustedHandshake: (peer, connectionId, now) =>
        this.#handshakes.isTrusted(peer, connectionId, now),
    });
    // Frames to ourselves skip the RPC; the path is otherwise the same.
    this.#relay = new Relay(async (dst, src, batch) => {
      const outcomes = await (dst === src
        ? this.deliver(dst, src, batch)
        : env.PEERS.getByName(dst).deliver(dst, src, batch));
      this.#delivered(dst, batch, outcomes);
      return outcomes;
    });
    // The runtime answers the stock client's 5 s heartbeat itself, so idle peers never wake us.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(HEARTBEAT_TEXT, HEARTBEAT_REPLY));
  }

  /**
   * Accept a signaling socket. Only the worker calls this, after checking the token, and it
   * passes the result in {@link CONNECT_INFO_HEADER}. No `await` anywhere in here: the object
   * must not interleave a delivery between taking over the id and flushing the queue.
   */
  override fetch(request: Request): Response {
    let info: ConnectInfo | null = null;
    try {
      info = readConnectInfo(JSON.parse(request.headers.get(CONNECT_INFO_HEADER) ?? 'null'));
    } catch {
      info = null;
    }
    if (!info || request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('Bad internal connect request', { status: 400 });
    }
    return this.#accept(info, Date.now());
  }

  /**
   * RPC from another peer's object (or this one): deliver a batch of relayed frames from `src`
   * to our socket, or queue them while we are away, once the reach gate let them through.
   * Synchronous on purpose: a handler with no `await` runs to completion, so a batch is never
   * interleaved with anything else.
   */
  deliver(dst: string, src: string, batch: OutboxItem[]): DeliveryOutcome[] {
    const now = Date.now();
    let current = this.#current();
    if (current && !this.#isAlive(current.ws, current.state, now)) {
      this.#retire(current.ws, current.state, null, CLOSE_DEAD, 'no heartbeat');
      // Everything in this batch was meant for the dead socket: all of it gets LEAVE.
      return batch.map(() => 'gone');
    }
    return batch.map((item) => {
      try {
        const admission = this.#gate.admit(src, item, now);
        if (admission === 'refused') return 'refused';
        let outcome: DeliveryOutcome;
        if (current) {
          outcome = safeSend(current.ws, item.frame) ? 'sent' : 'gone';
          if (outcome === 'gone') {
            this.#retire(current.ws, current.state, null, CLOSE_DEAD, 'send failed');
            current = null;
          }
        } else {
          outcome = this.#enqueue(dst, src, item, now);
        }
        const reached = outcome === 'sent' || outcome === 'queued';
        if (reached && item.type === ServerMessageType.Offer && item.connectionId) {
          this.#handshakes.offerReceived(src, item.connectionId, now, admission === 'friend');
        }
        return outcome;
      } catch (err) {
        logError('deliver', err);
        return 'gone';
      }
    });
  }

  /**
   * RPC from the worker's `/turn`: count one request against this id's bucket ([TURN-6]), once
   * the id holds a live socket of a signed session open for `minSocketAgeMs` ([TURN-9]; null
   * when no socket is needed). Memory and the socket's attachment only: no storage.
   */
  turnAllowance(minSocketAgeMs: number | null): TurnAllowance {
    const now = Date.now();
    const current = this.#current();
    const live =
      current && !current.state.open && this.#isAlive(current.ws, current.state, now)
        ? current
        : null;
    const age = live ? now - live.state.since : null;
    const answer = decideTurn(this.#idBudgets(now).turn, age, minSocketAgeMs, now);
    if (answer.ok && live) this.#saveBudgets(live.ws, live.state);
    return answer;
  }

  /**
   * RPC from the worker's `PUT /wake/subscription`, its token already checked: keep `target` as
   * our peer's push subscription ([WAKE-3]). Only while a live socket of a signed session holds
   * the id, so an id that never connected gets nothing stored, and within the id's registration
   * budget (memory and the socket's attachment, like [TURN-6]).
   */
  wakeRegister(target: PushTarget): WakeRegistration {
    const now = Date.now();
    const current = this.#current();
    if (!current || current.state.open || !this.#isAlive(current.ws, current.state, now)) {
      return { ok: false, reason: 'noSocket' };
    }
    const bucket = this.#idBudgets(now).wake;
    if (!bucket.take(1, now)) {
      const retryAfterS = Math.max(1, Math.ceil(bucket.waitMs(1, now) / 1000));
      return { ok: false, reason: 'rateLimited', retryAfterS };
    }
    this.#saveBudgets(current.ws, current.state);
    this.#store.wake.setTarget(target);
    return { ok: true };
  }

  /** RPC from `DELETE /wake/subscription`: forget our peer's subscription ([WAKE-4]). */
  wakeUnregister(): void {
    this.#store.wake.clear();
  }

  /**
   * RPC from `POST /wake`: may the token whose hash is `hash` wake our peer now? Checked against
   * every registered hash in constant time ([WAKE-6]), then the subscription and the limits
   * ([WAKE-11]); only a wake that passes writes (its limits).
   */
  wakeTicket(hash: ReachHash): WakeTicket {
    if (!this.#store.reach.matches(hash)) return { ok: false, reason: 'unknownToken' };
    return this.#store.wake.charge(hash, Date.now());
  }

  /** RPC: the push service called our peer's subscription `endpoint` gone ([WAKE-12]). */
  wakeGone(endpoint: string): void {
    this.#store.wake.gone(endpoint);
  }

  /** RPC from `absent`'s object: our messages to it waited in vain; tell our peer. */
  expired(absent: string): void {
    const current = this.#current();
    if (current) safeSend(current.ws, expireFrame(absent, current.state.id));
  }

  /**
   * Expire queued messages and send each sender one EXPIRE, as peerjs-server does. An emptied
   * queue wipes the storage ([SIG-STORE-2]), all but the mark and reach hashes of a socket that
   * holds the id.
   */
  override async alarm(): Promise<void> {
    const queue = this.#store.queue;
    const expired = queue.takeExpired(Date.now());
    const next = queue.nextExpiry();
    if (next !== null) {
      await this.ctx.storage.setAlarm(next);
    } else {
      this.#store.wipe(this.#current() !== null);
    }
    await Promise.allSettled(
      expired.map(({ src, dst }) => this.env.PEERS.getByName(src).expired(dst)),
    );
  }

  /** Every frame a client sends. Nothing it contains may throw out of here. */
  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    try {
      this.#onMessage(ws, message);
    } catch (err) {
      logError('webSocketMessage', err);
      safeSend(ws, errorFrame('internal'));
    }
  }

  /** Complete the close handshake; a current socket that closes frees its address's count. */
  override webSocketClose(ws: WebSocket, code: number, reason: string): void {
    this.#closedByClient(ws);
    safeClose(ws, code, reason);
  }

  /** A socket that failed is gone as well. */
  override webSocketError(ws: WebSocket): void {
    this.#closedByClient(ws);
  }

  #closedByClient(ws: WebSocket): void {
    const state = readSocketState(ws.deserializeAttachment());
    if (!state || state.retired) return;
    state.retired = true;
    try {
      ws.serializeAttachment(state);
    } catch {
      // Already torn down: nothing to mark.
    }
    this.#releaseAddress(state.addr, state.id);
  }

  /** Tell the address's gate that `id` holds no socket from it any more ([SIG-ADDR-3]). */
  #releaseAddress(addr: string | null, id: string): void {
    if (addr === null) return;
    this.env.ADDRESSES.getByName(addr)
      .release(id)
      .catch((err: unknown) => logError('address release', err));
  }

  #accept(info: ConnectInfo, now: number): Response {
    // Read before a replaced socket is retired: after a hibernation its attachment has them.
    const budgets = this.#idBudgets(now).save();
    const current = this.#current();
    if (current) {
      const alive = this.#isAlive(current.ws, current.state, now);
      if (alive && !mayReplace(current.state, info)) {
        // The worker counted this id for the newcomer's address; it gets no socket here.
        if (info.counted) this.#releaseAddress(info.addr, info.id);
        const refusal = refuseWebSocket(
          idTakenFrame('ID is taken by a newer session'),
          CLOSE_ID_TAKEN,
          'id taken',
        );
        this.ctx.waitUntil(refusal.done);
        return refusal.response;
      }
      const why = alive ? 'replaced by a newer session' : 'replaced after liveness timeout';
      this.#retire(current.ws, current.state, idTakenFrame(why), CLOSE_REPLACED, 'replaced', false);
      // The id stays counted at the newcomer's address; at the old one it is gone.
      if (current.state.addr !== info.addr) this.#releaseAddress(current.state.addr, info.id);
    }
    // The queue goes out right after OPEN; once read, the storage is wiped ([SIG-STORE-2]) but
    // for the reach hashes, and the id is marked as one that held a socket ([SIG-STORE-1]).
    const queued = this.#store.queue.drain();
    if (queued.length > 0) this.#store.wipe(true);
    this.#store.markHeld();
    const pair = new WebSocketPair();
    const client = pair[0];
    const server = pair[1];
    this.ctx.acceptWebSocket(server);
    const state: SocketState = { ...info, lastSeen: now, retired: false, since: now, budgets };
    server.serializeAttachment(state);
    safeSend(server, OPEN_FRAME);
    for (const frame of queued) safeSend(server, frame);
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Keep a frame for an absent peer ([SIG-QUEUE-1]); a LEAVE is not worth keeping, and an id
   * that never held a socket gets nothing stored ([SIG-STORE-1]).
   */
  #enqueue(dst: string, src: string, item: OutboxItem, now: number): DeliveryOutcome {
    if (item.type === ServerMessageType.Leave) return 'dropped';
    if (!this.#store.hasHeldSocket) return 'unknown';
    const expires = now + this.#config.queueTtlMs;
    const pushed = this.#store.queue.push(src, dst, item.frame, expires);
    if (pushed.wasEmpty && pushed.queued) {
      // The queue was empty, so no alarm is pending; the alarm re-arms itself while rows remain.
      this.ctx.storage.setAlarm(expires).catch((err: unknown) => logError('setAlarm', err));
    }
    return pushed.queued ? 'queued' : 'full';
  }

  #onMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    const state = readSocketState(ws.deserializeAttachment());
    if (!state || state.retired) return;
    const now = Date.now();
    this.#touch(ws, state, now);

    const size = typeof message === 'string' ? utf8Length(message) : message.byteLength;
    this.#limit ??= new PeerRateLimit(now);
    if (!this.#limit.allow(size, now)) {
      this.#retire(ws, state, errorFrame('rateLimited'), CLOSE_RATE_LIMITED, 'rate limited');
      return;
    }
    if (typeof message !== 'string') {
      safeSend(ws, errorFrame('binary'));
      return;
    }
    if (size > MAX_FRAME_BYTES) {
      safeSend(ws, errorFrame('tooLarge'));
      return;
    }
    const verdict = parseClientFrame(message, (dst) => isValidPeerId(dst, state.open), state.open);
    if (verdict.kind === 'error') {
      safeSend(ws, errorFrame(verdict.reason, verdict.msg));
      return;
    }
    if (verdict.kind === 'reach') {
      this.#store.registerReach(verdict.hashes);
      return;
    }
    if (verdict.kind !== 'relay') return;
    const { frame, connectionId } = verdict;
    if (!this.#admitRecipient(ws, state, frame.type, frame.dst, now)) return;
    // Dropped without an ERROR: the stock client treats any ERROR as fatal and leaves
    // signaling, and a frame can outlive its handshake innocently (this object was evicted).
    if (connectionId !== null && this.#handshakes.allow(frame.type, frame.dst, connectionId, now)) {
      return;
    }
    // An ANSWER follows the recipient's own OFFER: it is there.
    if (frame.type === ServerMessageType.Answer) this.#budgets?.recipients.reached(frame.dst);
    this.#relay.push(ws, state.id, verdict, state.open);
  }

  /**
   * The recipient budget ([SIG-HYG-7]): false when the frame stops here, with EXPIRE to the
   * sender as for an absent peer (none for a LEAVE, as in [SIG-LIVE-4]).
   */
  #admitRecipient(
    ws: WebSocket,
    state: SocketState,
    type: string,
    dst: string,
    now: number,
  ): boolean {
    if (dst === state.id) return true;
    const verdict = this.#idBudgets(now).recipients.admit(type, dst, now);
    if (verdict === 'new') this.#saveBudgets(ws, state);
    if (verdict === 'new' || verdict === 'known') return true;
    if (type !== ServerMessageType.Leave) safeSend(ws, expireFrame(dst, state.id));
    return false;
  }

  /**
   * What became of a batch we relayed to `dst`: when nobody was there, hold `dst`
   * ([SIG-HYG-7]) and end the handshakes our OFFERs opened with it, so their CANDIDATEs stop
   * here too.
   */
  #delivered(dst: string, batch: OutboxItem[], outcomes: DeliveryOutcome[]): void {
    const now = Date.now();
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome === undefined || !nobodyThere(outcome)) return;
      this.#budgets?.recipients.absent(dst, now);
      if (item.type === ServerMessageType.Offer && item.connectionId) {
        this.#handshakes.end(dst, item.connectionId);
      }
    });
  }

  /** The id's budgets: from memory, or after a hibernation from the current socket. */
  #idBudgets(now: number): IdBudgets {
    this.#budgets ??= new IdBudgets(now, this.#current()?.state.budgets ?? null);
    return this.#budgets;
  }

  /** Save the budgets in `ws`'s attachment, so a hibernation does not refill them. */
  #saveBudgets(ws: WebSocket, state: SocketState): void {
    if (!this.#budgets) return;
    state.budgets = this.#budgets.save();
    try {
      ws.serializeAttachment(state);
    } catch (err) {
      logError('save budgets', err);
    }
  }

  /** The socket that currently holds this id, if any. */
  #current(): { ws: WebSocket; state: SocketState } | null {
    for (const ws of this.ctx.getWebSockets()) {
      if (ws.readyState !== WebSocket.READY_STATE_OPEN) continue;
      const state = readSocketState(ws.deserializeAttachment());
      if (state && !state.retired) return { ws, state };
    }
    return null;
  }

  #isAlive(ws: WebSocket, state: SocketState, now: number): boolean {
    return isAlive(
      state,
      this.ctx.getWebSocketAutoResponseTimestamp(ws),
      now,
      this.#config.livenessMs,
    );
  }

  /** Record a sign of life, rewriting the attachment only every {@link LAST_SEEN_WRITE_MS}. */
  #touch(ws: WebSocket, state: SocketState, now: number): void {
    if (now - state.lastSeen < LAST_SEEN_WRITE_MS) return;
    state.lastSeen = now;
    ws.serializeAttachment(state);
  }

  /**
   * Mark a socket as no longer current, optionally tell it why, and close it. Its address's count
   * is freed unless `freeAddress` is false (a replacement, which settles the count itself).
   */
  #retire(
    ws: WebSocket,
    state: SocketState,
    frame: string | null,
    code: number,
    reason: string,
    freeAddress = true,
  ): void {
    if (!state.retired && freeAddress) this.#releaseAddress(state.addr, state.id);
    state.retired = true;
    try {
      ws.serializeAttachment(state);
    } catch {
      // A socket already torn down cannot take an attachment; it is not current either way.
    }
    if (frame !== null) safeSend(ws, frame);
    safeClose(ws, code, reason);
  }
}

const encoder = new TextEncoder();

/** UTF-8 size of a text frame (the 64 KiB cap is in bytes, not UTF-16 units). */
function utf8Length(text: string): number {
  return encoder.encode(text).byteLength;
}
