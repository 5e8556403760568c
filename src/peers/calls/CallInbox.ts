/**
 * What arrives for the call engine: CALL_* frames on every authenticated
 * session (each peer's handled in order, after the previous one's checks) and
 * inbound media links. Frames are parsed and checked here ([CALL-1]), rings
 * taken or answered busy ([CALL-2], [CALL-3]), links answered only within the
 * current call ([CALL-7]); the rest goes to the current {@link Call}. Two
 * calls that cross (each of two friends rang the other) become one.
 */
import { describeError } from '../../lib/errors';
import type { ConversationId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { MediaLink, MediaTransport } from '../media';
import type { ControlFrame } from '../session/frames';
import type { Session } from '../session/Session';
import type { SessionManager } from '../session/SessionManager';
import type { Unsubscribe } from '../transport';
import type { CallEndReason } from './api';
import type { Call } from './Call';
import { bareFrame, isCallType, parseCallFrame, type CallFrame, type RingFrame } from './frames';
import { PendingLinks } from './PendingLinks';
import { KeyedSerialQueue } from '../../lib/serialQueue';
import type { Clock } from '../../lib/clock';

const logger = log('peers:calls');

/** The engine as the inbox sees it. */
export interface InboxHost {
  me: PeerId;
  manager: SessionManager;
  media: MediaTransport;
  timers: Clock;
  now(): number;
  ringTimeoutMs: number;
  /** The running call, or null. */
  live(): Call | null;
  stopped(): boolean;
  /**
   * Whether `peer` may take part in a call: a friend's call ([CALL-1]) with a friend, a group's
   * call ([GCALL-3]) with a member of `conv` now, friend or not.
   */
  mayJoin(peer: PeerId, conv: ConversationId | null): Promise<boolean>;
  /** A ring to take: it becomes the current call. `friends` are its members I may link with. */
  incoming(ring: RingFrame, from: PeerId, friends: PeerId[]): void;
  /** [CALL-3] `from`'s ring crosses my call to them and theirs goes on: take it, answered. */
  crossed(ring: RingFrame, from: PeerId): void;
  changed(): void;
}

/** Routes frames and media links to the engine's call. */
export class CallInbox {
  readonly #host: InboxHost;
  readonly #attached = new WeakSet<Session>();
  readonly #queues = new KeyedSerialQueue<PeerId>();
  readonly #pending: PendingLinks;
  /**
   * [CALL-3] A crossing ring I let pass because my call goes on, until they
   * withdraw it or accept mine; taken after all if they answer mine busy.
   */
  #passed: { session: Session; ring: RingFrame; at: number } | null = null;

  constructor(host: InboxHost) {
    this.#host = host;
    this.#pending = new PendingLinks(host.timers);
  }

  /** Listen to every live session, each one that comes up, and inbound links. */
  listen(): Unsubscribe[] {
    const { manager, media } = this.#host;
    const offs = [
      manager.on('up', (session) => {
        this.#attach(session);
        this.#host.live()?.sessionUp(session.peer);
      }),
      manager.on('down', (peer) => this.#host.live()?.sessionDown(peer)),
      media.onCall((link) => this.#onLink(link)),
    ];
    for (const peer of manager.livePeers) {
      const session = manager.session(peer);
      if (session) this.#attach(session);
    }
    return offs;
  }

  /**
   * The call ended: links still waiting for their ACCEPT are refused. A
   * crossing ring I let pass is taken now if they answered mine busy (an older
   * build: their call still rings) on the same session, within the ring time.
   */
  callEnded(reason: CallEndReason | null): void {
    this.#pending.clear();
    const passed = this.#passed;
    this.#passed = null;
    if (!passed || reason !== 'busy') return;
    if (this.#host.now() - passed.at >= this.#host.ringTimeoutMs) return;
    const { session, ring } = passed;
    if (this.#host.manager.session(session.peer) !== session) return;
    this.#enqueue(session.peer, () => this.#onRing(session, ring));
  }

  #attach(session: Session): void {
    if (this.#attached.has(session)) return;
    this.#attached.add(session);
    session.on('frame', (frame) => {
      if (isCallType(frame.type)) this.#enqueue(session.peer, () => this.#onFrame(session, frame));
    });
  }

  #enqueue(peer: PeerId, task: () => Promise<void> | void): void {
    void this.#queues.push(
      peer,
      () => (this.#host.stopped() ? undefined : task()),
      (err) => logger.error('call frame failed', describeError(err)),
    );
  }

  async #onFrame(session: Session, raw: ControlFrame): Promise<void> {
    const from = session.peer;
    const frame = parseCallFrame(raw);
    if (!frame) return logger.warn('dropping an invalid call frame', raw.type, 'from', from);
    if (frame.type === 'CALL_RING') return this.#onRing(session, frame);
    this.#settlePassed(from, frame);
    const call = this.#host.live();
    if (!call || call.id !== frame.call) {
      // [CALL-6] Not in that call (any more): say so, or they would wait for us.
      if (frame.type === 'CALL_ACCEPT') session.send(bareFrame('CALL_LEAVE', frame.call));
      return logger.debug('a', frame.type, 'for another call from', from);
    }
    if (frame.type === 'CALL_ACCEPT' && !call.people.has(from)) {
      // [CALL-13] Someone else invited them.
      if (!(await this.#host.mayJoin(from, call.conv)))
        return logger.warn('someone who may not join tried to', from);
      if (this.#host.live() !== call) return;
      call.addJoiner(from);
      const held = this.#pending.take(from);
      if (held) this.#onLink(held);
      return;
    }
    call.onFrame(from, frame);
  }

  /**
   * [CALL-2], [CALL-3] A ring: taken when free, answered busy otherwise; from friends only, or
   * ([GCALL-3]) from a member of the group the ring names.
   */
  async #onRing(session: Session, ring: RingFrame): Promise<void> {
    const from = session.peer;
    const { me } = this.#host;
    if (!ring.joined.includes(from) || !ring.ringing.includes(me)) {
      return logger.warn('dropping a malformed ring from', from);
    }
    const group = ring.group ?? null;
    if (!(await this.#host.mayJoin(from, group))) {
      const who = group ? 'ignoring a ring from a non-member' : 'ignoring a ring from a non-friend';
      return logger.warn(who, from);
    }
    const busy = () => {
      const current = this.#host.live();
      if (!current) return false;
      if (current.id !== ring.call) session.send(bareFrame('CALL_BUSY', ring.call));
      return true;
    };
    const current = this.#host.live();
    if (current?.crosses(ring, from)) {
      // [CALL-3] We called each other at once: the call with the smaller id goes on, on
      // both sides alike (theirs is withdrawn there when my ring reaches them). Mine gives
      // way anyway while my ring has not gone out: it may never (devices, hang-up).
      if (current.rang && current.id < ring.call) {
        logger.info('calls crossed with', from, '- ours goes on');
        this.#passed = { session, ring, at: this.#host.now() };
        return;
      }
      logger.info('calls crossed with', from, '- taking theirs');
      return this.#host.crossed(ring, from);
    }
    if (busy()) return;
    const members = [...ring.joined, ...ring.ringing].filter((p) => p !== me && p !== from);
    const friends = [from];
    for (const peer of members) if (await this.#host.mayJoin(peer, group)) friends.push(peer);
    // The checks took a while: another ring may have been taken meanwhile.
    if (busy() || this.#host.stopped()) return;
    this.#host.incoming(ring, from, friends);
  }

  /** [CALL-3] The ring I let pass is settled: they withdrew it, or took my call. */
  #settlePassed(from: PeerId, frame: Exclude<CallFrame, RingFrame>): void {
    const passed = this.#passed;
    if (!passed || passed.session.peer !== from) return;
    const theirs = frame.call === passed.ring.call;
    const withdrawn = theirs && (frame.type === 'CALL_CANCEL' || frame.type === 'CALL_LEAVE');
    if (withdrawn || (!theirs && frame.type === 'CALL_ACCEPT')) this.#passed = null;
  }

  /**
   * [CALL-7] Inbound media: answered only within the current call, from a
   * person in it, over a live session; held briefly when the sender's
   * CALL_ACCEPT is still on its way; else refused.
   */
  #onLink(link: MediaLink): void {
    const call = this.#host.live();
    const session = this.#host.manager.session(link.peer);
    let refusal: string | null;
    if (!session?.authenticated) refusal = 'no authenticated session';
    else if (!call) refusal = 'no call';
    else if (link.metadata.call !== call.id) refusal = 'not the current call';
    else if (!call.knows(link.peer) && call.joined) return this.#pending.hold(link);
    else refusal = call.onLink(link);
    if (refusal === null) return this.#host.changed();
    logger.warn('refusing a media link from', link.peer, `(${refusal})`);
    link.close();
  }
}
