/**
 * One call's state machine: who is in it, the ring, connect and grace timers,
 * one media link per pair, and the frames that move it along. The engine
 * (CallEngine) owns the devices, the snapshot and the sessions; a Call only
 * sees them through its {@link CallContext}. Spec: docs/protocol.md [CALL-2..14].
 */
import type { CallOutcome } from '../../lib/chatEvent';
import type { ConversationId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { MediaLink, MediaTransport } from '../media';
import type { OutgoingFrame } from '../session/frames';
import { MAX_CALL_PEOPLE, type CallEndReason, type CallMedia } from './api';
import { arm, disarm, newPerson, present, type CallFacts, type Person } from './callModel';
import { SESSION_LOSS_GRACE_MS } from './constants';
import { bareFrame, ringFrame, stateFrame, type CallFrame, type RingFrame } from './frames';
import type { LocalMedia } from './LocalMedia';
import { Pairing } from './Pairing';
import type { Clock, TimerHandle } from '../../lib/clock';

const logger = log('peers:calls');

/** What a call needs from the engine. */
export interface CallContext {
  me: PeerId;
  timers: Clock;
  now(): number;
  ringTimeoutMs: number;
  local: LocalMedia;
  media: MediaTransport;
  /** Send on the live authenticated session with `peer`; false when there is none. */
  send(peer: PeerId, frame: OutgoingFrame): boolean;
  hasSession(peer: PeerId): boolean;
  changed(): void;
  /** The call ended (once): stop devices, write entries. */
  ended(call: Call): void;
}

/** One call, outgoing or incoming. */
export class Call implements CallFacts {
  readonly id: string;
  readonly media: CallMedia;
  readonly caller: PeerId;
  /** [GCALL-1] The group whose call this is; null for a call between friends. */
  readonly conv: ConversationId | null;
  readonly people = new Map<PeerId, Person>();
  group: boolean;
  joined: boolean;
  accepting = false;
  /** Others know of the call: rings went out, or it rang me (a call whose devices failed first did not). */
  rang = false;
  ended = false;
  startedAt: number | null = null;
  endedAt: number | null = null;
  endReason: CallEndReason | null = null;
  readonly #ctx: CallContext;
  readonly #pairing: Pairing;
  #ringTimer: TimerHandle | null = null;

  private constructor(
    ctx: CallContext,
    id: string,
    media: CallMedia,
    caller: PeerId,
    conv: ConversationId | null,
  ) {
    this.#ctx = ctx;
    this.id = id;
    this.media = media;
    this.caller = caller;
    this.conv = conv;
    this.joined = caller === ctx.me;
    this.group = conv !== null;
    this.#pairing = new Pairing({
      ctx,
      call: this,
      connected: (p) => this.#connected(p),
      fail: (p, why) => this.#fail(p, why),
      drop: (p, reason) => this.#drop(p, null, reason),
    });
  }

  /** My call to `peers` (not rung yet: see ringAll); `conv` for a group's call. */
  static outgoing(
    ctx: CallContext,
    id: string,
    media: CallMedia,
    peers: PeerId[],
    conv: ConversationId | null = null,
  ): Call {
    const call = new Call(ctx, id, media, ctx.me, conv);
    call.group = conv !== null || peers.length > 1;
    const cameraOff = media === 'audio';
    for (const peer of peers) call.people.set(peer, newPerson(peer, { rangByMe: true, cameraOff }));
    return call;
  }

  /** [CALL-2] `from` rings me; `friends` are the members I may connect with (from first). */
  static incoming(ctx: CallContext, ring: RingFrame, from: PeerId, friends: PeerId[]): Call {
    const call = new Call(ctx, ring.call, ring.media, from, ring.group ?? null);
    call.group ||= ring.joined.length + ring.ringing.length > 2;
    call.rang = true;
    for (const peer of friends) {
      const joined = ring.joined.includes(peer);
      const person = newPerson(peer, { joined, cameraOff: ring.media === 'audio' });
      call.people.set(peer, person);
      // Someone else is ringing them: they answer within the ring time or not at all.
      if (!joined)
        arm(ctx.timers, person, ctx.ringTimeoutMs, () => call.#drop(person, null, 'missed'));
    }
    call.#ringTimer = ctx.timers.setTimeout(() => call.end('missed'), ctx.ringTimeoutMs);
    return call;
  }

  /** [CALL-2] Ring everyone I am calling; those without a session are missed at once. */
  ringAll(): void {
    this.rang = true;
    for (const p of [...this.people.values()]) if (p.rangByMe && present(p)) this.#ring(p);
  }

  /** [CALL-13] Ring one more friend into the running call; false when it does not apply. */
  invite(peer: PeerId): boolean {
    if (this.ended || !this.joined || peer === this.#ctx.me) return false;
    const existing = this.people.get(peer);
    if (existing && present(existing)) return false;
    // Me, everyone present, and them: at most MAX_CALL_PEOPLE.
    if (this.#count() + 2 > MAX_CALL_PEOPLE) return false;
    const p = newPerson(peer, { rangByMe: true, cameraOff: this.media === 'audio' });
    this.people.delete(peer);
    this.people.set(peer, p);
    this.group = true;
    this.rang = true;
    this.#ring(p);
    this.#ctx.changed();
    return true;
  }

  /** [CALL-4] I answered and my devices are on: tell everyone, connect to those already in. */
  acceptNow(): void {
    if (this.ended || this.joined) return;
    if (this.#inCall() >= MAX_CALL_PEOPLE) {
      // [GCALL-4] It filled up while it rang here: not in, and those who rang me hear so.
      this.#tellAll('CALL_DECLINE');
      return this.end('full');
    }
    this.#clearRing();
    this.joined = true;
    this.accepting = false;
    for (const p of this.people.values()) {
      if (present(p)) this.#ctx.send(p.peer, bareFrame('CALL_ACCEPT', this.id));
    }
    for (const p of this.people.values()) if (p.joined && present(p)) this.#pairing.pairUp(p);
    this.#ctx.changed();
  }

  /** [CALL-5] Not taking it: everyone in the call hears so. */
  decline(): void {
    if (this.ended || this.joined) return;
    this.#tellAll('CALL_DECLINE');
    this.end('declined');
  }

  /** [CALL-6] Leave. Those I rang and still ring get CALL_CANCEL, everyone else CALL_LEAVE. */
  hangup(): void {
    if (this.ended) return;
    if (!this.joined) return this.decline();
    if (this.rang) {
      for (const p of this.people.values()) {
        if (!present(p)) continue;
        const cancel = p.rangByMe && p.state === 'ringing';
        this.#ctx.send(p.peer, bareFrame(cancel ? 'CALL_CANCEL' : 'CALL_LEAVE', this.id));
        if (p.connectedAt === null) p.outcome ??= 'cancelled';
      }
    }
    this.end('hangup');
  }

  /**
   * [CALL-3] `from` rings me for another call of two while I ring them in a
   * call of two where nobody was ever connected: we called each other at the
   * same moment.
   */
  crosses(ring: RingFrame, from: PeerId): boolean {
    const others = [...this.people.values()].filter(present);
    const p = others[0];
    return (
      !this.ended &&
      !this.group &&
      ring.call !== this.id &&
      this.startedAt === null &&
      others.length === 1 &&
      p?.peer === from &&
      p.rangByMe &&
      p.state === 'ringing' &&
      !p.joined &&
      ring.joined.length === 1 &&
      ring.ringing.length === 1
    );
  }

  /**
   * [CALL-3] Replaced by the crossing call: the ring is withdrawn (CALL_CANCEL)
   * and the call ends without an entry (the engine moved on to the other one).
   */
  withdraw(): void {
    if (this.ended) return;
    for (const p of this.people.values()) {
      if (this.rang && present(p)) this.#ctx.send(p.peer, bareFrame('CALL_CANCEL', this.id));
    }
    this.end('crossed');
  }

  /** [CALL-13] A friend I did not know of says it joined (invited by someone else). */
  addJoiner(peer: PeerId): void {
    if (this.ended || peer === this.#ctx.me) return;
    if (this.#inCall() >= MAX_CALL_PEOPLE || this.#count() + 2 > MAX_CALL_PEOPLE) {
      logger.info('call is full; telling', peer);
      this.#ctx.send(peer, bareFrame('CALL_FULL', this.id));
      return;
    }
    const p = newPerson(peer, { joined: true, cameraOff: this.media === 'audio' });
    this.people.set(peer, p);
    this.group = true;
    if (this.joined) this.#pairing.pairUp(p);
    this.#ctx.changed();
  }

  /** A frame of this call from `from` (parsed; call id matched). RING is the engine's. */
  onFrame(from: PeerId, frame: CallFrame): void {
    const p = this.people.get(from);
    if (!p || this.ended) return;
    if (!present(p)) {
      // Their part ended here (timed out, failed): say so, once they speak up.
      if (frame.type === 'CALL_ACCEPT') this.#ctx.send(from, bareFrame('CALL_LEAVE', this.id));
      return;
    }
    switch (frame.type) {
      case 'CALL_ACCEPT':
        if (p.joined && p.state !== 'ringing') return;
        if (!p.joined && this.#inCall() >= MAX_CALL_PEOPLE) {
          // [GCALL-4] A group's call rings more members than it holds: the first in are in.
          logger.info('call is full; telling', from);
          this.#ctx.send(from, bareFrame('CALL_FULL', this.id));
          return this.#drop(p, 'busy', 'remoteHangup');
        }
        p.joined = true;
        if (this.joined) this.#pairing.pairUp(p);
        else disarm(this.#ctx.timers, p); // in the call now: no longer someone else's ring to expire
        return this.#ctx.changed();
      case 'CALL_DECLINE':
        return this.#drop(p, 'declined', 'declined');
      case 'CALL_BUSY':
        if (p.state === 'ringing') this.#drop(p, 'busy', 'busy');
        return;
      case 'CALL_FULL':
        return this.#full();
      case 'CALL_CANCEL':
      case 'CALL_LEAVE':
        return this.#drop(p, p.joined ? null : 'declined', 'remoteHangup');
      case 'CALL_STATE':
        p.muted = frame.muted;
        p.cameraOff = frame.cameraOff;
        p.sharing = frame.sharing;
        return this.#ctx.changed();
      case 'CALL_FP':
        if (p.link?.link.id === frame.link) p.link.receive(frame);
        else p.pendingFp = frame;
        return;
      case 'CALL_RING':
        return; // already in this call
    }
  }

  /** True when `peer` takes part in the call (or is being rung into it). */
  knows(peer: PeerId): boolean {
    const p = this.people.get(peer);
    return p !== undefined && present(p);
  }

  /**
   * [CALL-7] An inbound media link claiming this call. Returns why it is
   * refused, or null when it was answered.
   */
  onLink(link: MediaLink): string | null {
    const p = this.people.get(link.peer);
    if (this.ended) return 'the call is over';
    if (!this.joined) return 'the call is not answered';
    if (!p || !present(p)) return 'not in this call';
    return this.#pairing.answer(p, link);
  }

  /** [CALL-14] Their session went down. Running media gets a grace period; the rest ends. */
  sessionDown(peer: PeerId): void {
    const p = this.people.get(peer);
    if (!p || !present(p) || this.ended) return;
    if (p.state === 'connected' && p.link && !p.link.link.closed) {
      p.sessionLost = true;
      arm(this.#ctx.timers, p, SESSION_LOSS_GRACE_MS, () => this.#drop(p, null, 'offline'));
      return;
    }
    this.#drop(p, p.joined ? null : 'missed', 'offline');
  }

  /** Their session is back: the grace ends, and they get my state again. */
  sessionUp(peer: PeerId): void {
    const p = this.people.get(peer);
    if (!p || !present(p) || this.ended || !p.sessionLost) return;
    p.sessionLost = false;
    disarm(this.#ctx.timers, p);
    this.#sendState(p);
  }

  /** My tracks changed: every verified link carries the new ones. */
  pushTracks(): void {
    for (const p of this.people.values()) p.link?.pushTracks();
  }

  /** [CALL-9] My mute, camera or share changed. */
  pushState(): void {
    for (const p of this.people.values()) if (p.state !== 'ringing') this.#sendState(p);
  }

  /** End the call here (frames were sent by the caller of end). Idempotent. */
  end(reason: CallEndReason): void {
    if (this.ended) return;
    this.ended = true;
    this.endReason = reason;
    this.endedAt = this.#ctx.now();
    this.accepting = false;
    this.#clearRing();
    for (const p of this.people.values()) {
      disarm(this.#ctx.timers, p);
      p.link?.close();
      p.link = null;
      p.speaking = false;
      if (present(p)) {
        p.state = 'left';
        p.leftAt = this.endedAt;
      }
    }
    logger.debug('call', this.id, 'ended:', reason);
    this.#ctx.ended(this);
  }

  #count(): number {
    return [...this.people.values()].filter(present).length;
  }

  /** [GCALL-4] People in the call as I count them: those who joined, and me once I did. */
  #inCall(): number {
    const others = [...this.people.values()].filter((p) => present(p) && p.joined).length;
    return others + (this.joined ? 1 : 0);
  }

  /**
   * [GCALL-4] Someone in the call counted it full when my CALL_ACCEPT came. Heeded only while I
   * am connected to nobody: a member who is talking already is not turned out by a late count.
   */
  #full(): void {
    if (!this.joined || this.caller === this.#ctx.me || this.startedAt !== null) return;
    logger.info('call', this.id, 'is full');
    this.#tellAll('CALL_LEAVE');
    this.end('full');
  }

  #ring(p: Person): void {
    const others = [...this.people.values()].filter((o) => present(o));
    const joined = [this.#ctx.me, ...others.filter((o) => o.joined).map((o) => o.peer)];
    const ringing = others.filter((o) => !o.joined).map((o) => o.peer);
    if (!this.#ctx.send(p.peer, ringFrame(this.id, this.media, joined, ringing, this.conv))) {
      return this.#drop(p, 'missed', 'offline');
    }
    arm(this.#ctx.timers, p, this.#ctx.ringTimeoutMs, () => {
      this.#ctx.send(p.peer, bareFrame('CALL_CANCEL', this.id));
      this.#drop(p, 'missed', 'missed');
    });
  }

  /** [CALL-8] The pair's link is verified: media flows both ways. */
  #connected(p: Person): void {
    p.connectedAt ??= this.#ctx.now();
    this.startedAt ??= p.connectedAt;
    this.#sendState(p);
    this.#ctx.changed();
  }

  /** The pair cannot connect: tell them, and drop them here. */
  #fail(p: Person, why: string): void {
    logger.info('leaving the pair with', p.peer, `(${why})`);
    this.#ctx.send(p.peer, bareFrame('CALL_LEAVE', this.id));
    this.#drop(p, null, 'failed');
  }

  #drop(p: Person, outcome: CallOutcome | null, reason: CallEndReason): void {
    if (!present(p) || this.ended) return;
    disarm(this.#ctx.timers, p);
    p.state = 'left';
    p.leftAt = this.#ctx.now();
    p.speaking = false;
    if (outcome) p.outcome ??= outcome;
    const link = p.link;
    p.link = null;
    link?.close();
    this.#settle(reason);
    this.#ctx.changed();
  }

  /** [CALL-13] The call ends for me when nobody is left in it (or, ringing, nobody rang). */
  #settle(reason: CallEndReason): void {
    const people = [...this.people.values()].filter(present);
    if (!this.joined) {
      if (!people.some((p) => p.joined)) this.end(reason === 'remoteHangup' ? 'cancelled' : reason);
      return;
    }
    if (people.length === 0) this.end(reason);
  }

  #tellAll(type: 'CALL_DECLINE' | 'CALL_LEAVE'): void {
    for (const p of this.people.values()) {
      if (present(p)) this.#ctx.send(p.peer, bareFrame(type, this.id));
    }
  }

  #sendState(p: Person): void {
    if (!present(p)) return;
    const { muted, cameraOff, sharing } = this.#ctx.local;
    this.#ctx.send(p.peer, stateFrame(this.id, { muted, cameraOff, sharing }));
  }

  #clearRing(): void {
    if (this.#ringTimer !== null) this.#ctx.timers.clearTimeout(this.#ringTimer);
    this.#ringTimer = null;
  }
}
