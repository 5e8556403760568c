/**
 * The friends engine on one Transport: sessions (SessionManager), dialling
 * (Dialer), and the friend protocol on top. It keeps the stored people in
 * step with what peers say, delivers the outbox whenever a session comes up,
 * records security notices and last-seen times, and reports presence. It also
 * keeps reach tokens moving: the transport's reach state follows the stored
 * people and invites, and every friend hears my token for them on each session.
 * Spec: docs/protocol.md [SES-9..11], [FR-*], [SIG-REACH-*].
 */
import type { PlumeDatabase } from '../../db/db';
import { outboxFor } from '../../db/outboxRepo';
import { dialTargets, getPerson, listPeople } from '../../db/peopleRepo';
import { loadMyProfile } from '../../db/profileRepo';
import type { BackoffOptions } from '../../lib/backoff';
import { Emitter } from '../../lib/emitter';
import { describeError } from '../../lib/errors';
import type { IdentityKeys } from '../../lib/identity';
import type { PeerId } from '../../lib/ids';
import type { PersonRecord } from '../../lib/people';
import { log } from '../../lib/log';
import type { ProfileData } from '../../lib/profile';
import { browserEnvironment } from '../browserEnvironment';
import { ReachHandout } from '../reach/ReachHandout';
import { ReachKeeper, type GroupReach } from '../reach/ReachKeeper';
import type { SessionCloseReasonKey } from '../session/closeReasons';
import { Dialer } from '../session/Dialer';
import type { ControlFrame, OutgoingFrame } from '../session/frames';
import type { PinnedPeer } from '../session/handshake';
import type { Session } from '../session/Session';
import { SessionManager } from '../session/SessionManager';
import type { SignalingEnvironment } from '../signalingLifecycle';
import type { Transport, Unsubscribe } from '../transport';
import type { GroupDirectory } from '../groups/contract';
import { JOIN_FRAME_TYPES } from '../groups/joinFrameTypes';
import { withRosterKeys } from '../groups/rosterLookup';
import {
  FRIEND_FRAME_TYPES,
  parseFriendFrame,
  profileFrame,
  profileHaveFrame,
  removedFrame,
  requestFrame,
} from './frames';
import { handleFriendFrame, type ProtocolContext } from './handlers';
import { handshakeFailed, sessionEnded, sessionStarted } from './sessionRecords';
import { KeyedSerialQueue, SerialQueue } from '../../lib/serialQueue';
import type { TimerHandle } from '../../lib/clock';

const logger = log('peers:friends');

/** A stranger must send FRIEND_REQUEST this soon after AUTH. [FR-2] */
export const STRANGER_TIMEOUT_MS = 10_000;

/** Construction parameters; the optional ones are for tests. */
export interface FriendsEngineOptions {
  transport: Transport;
  keys: IdentityKeys;
  db: PlumeDatabase;
  env?: SignalingEnvironment;
  now?: () => number;
  handshakeTimeoutMs?: number;
  strangerTimeoutMs?: number;
  raceWindowMs?: number;
  keepalive?: { keepaliveMs: number; idleTimeoutMs: number };
  backoff?: BackoffOptions;
  /**
   * The rosters of my groups: members who are not friends open sessions keyed by them, which
   * carry only the groups both are in. [GRP-30]
   */
  groups?: Pick<GroupDirectory, 'rosterKey'> & Partial<Pick<GroupDirectory, 'shares'>>;
  /** My groups' reach tokens, registered and presented along with the friends'. [GRP-35] */
  groupReach?: () => Promise<GroupReach>;
}

/** Friend frames a peer without a record may send on a roster-keyed session, as a stranger may. */
const STRANGER_FRIEND_FRAMES: ReadonlySet<string> = new Set(['FRIEND_REQUEST', 'FRIEND_REMOVED']);

/** Events of a {@link FriendsEngine}. */
export interface FriendsEngineEvents {
  /** Stored people or invites changed (reload the views). */
  changed: (peer: PeerId) => void;
  /** Peers with a live authenticated session. */
  presence: (online: ReadonlySet<PeerId>) => void;
}

const FALLBACK_PROFILE: ProfileData = { name: '', statusLine: '', avatar: null, version: 0 };

/** Runs the friend lifecycle over one transport. */
export class FriendsEngine {
  readonly manager: SessionManager;
  readonly dialer: Dialer;
  readonly #db: PlumeDatabase;
  readonly #transport: Transport;
  readonly #env: SignalingEnvironment;
  readonly #now: () => number;
  readonly #strangerTimeoutMs: number;
  readonly #events = new Emitter<FriendsEngineEvents>();
  readonly #queues = new KeyedSerialQueue<Session>();
  readonly #strangers = new Map<Session, TimerHandle>();
  readonly #ctx: ProtocolContext;
  readonly #targets = new SerialQueue();
  readonly #reach: ReachKeeper;
  readonly #handout: ReachHandout;
  /** Peers a join by group code runs with: their stranger sessions carry group frames. [GRP-44] */
  readonly #joins = new Set<PeerId>();
  /** Members of my groups the group mesh dials: trusted like the friends' dial targets. [ADM-2] */
  #groupPeers: readonly PeerId[] = [];
  /** The dial targets last read, which the transport trusts with the group peers. */
  #dialTargets: readonly PeerId[] = [];
  #unlisten: Unsubscribe[] = [];
  #stopped = false;

  constructor(options: FriendsEngineOptions) {
    this.#db = options.db;
    this.#transport = options.transport;
    this.#env = options.env ?? browserEnvironment();
    this.#now = options.now ?? Date.now;
    this.#strangerTimeoutMs = options.strangerTimeoutMs ?? STRANGER_TIMEOUT_MS;
    this.manager = new SessionManager({
      transport: options.transport,
      keys: options.keys,
      lookup: withRosterKeys((peer) => this.#lookup(peer), options.groups),
      timers: this.#env,
      now: this.#now,
      handshakeTimeoutMs: options.handshakeTimeoutMs,
      raceWindowMs: options.raceWindowMs,
      keepalive: options.keepalive,
    });
    this.dialer = new Dialer({
      manager: this.manager,
      transport: options.transport,
      env: this.#env,
      backoff: options.backoff,
    });
    this.#reach = new ReachKeeper({
      db: this.#db,
      transport: options.transport,
      clock: this.#env,
      now: this.#now,
      groups: options.groupReach,
    });
    this.#handout = new ReachHandout({
      db: this.#db,
      register: () => this.#reach.refresh(),
      now: this.#now,
    });
    this.#ctx = {
      db: this.#db,
      now: this.#now,
      myProfile: () => this.myProfile(),
      changed: (peer) => this.#changed(peer),
      sharesGroup: (peer, conv) => options.groups?.shares?.(peer, conv) ?? Promise.resolve(false),
    };
  }

  /** Accept sessions, dial every target. */
  start(): void {
    if (this.#unlisten.length > 0 || this.#stopped) return;
    this.#unlisten = [
      this.manager.on('up', (session) => this.#onUp(session)),
      this.manager.on('down', (peer) => this.#onDown(peer)),
      this.manager.on('failed', (peer, reason) => this.#onFailed(peer, reason)),
    ];
    this.manager.start();
    this.dialer.start();
    this.refreshTargets();
  }

  /** Close every session, stop dialling; no events afterwards. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const off of this.#unlisten) off();
    for (const timer of this.#strangers.values()) this.#env.clearTimeout(timer);
    this.#strangers.clear();
    this.#events.clear();
    this.#reach.stop();
    this.dialer.stop();
    this.manager.stop();
  }

  /** Subscribe to an event. */
  on<E extends keyof FriendsEngineEvents>(event: E, listener: FriendsEngineEvents[E]): Unsubscribe {
    return this.#events.on(event, listener);
  }

  /** Peers with a live authenticated session. */
  get online(): ReadonlySet<PeerId> {
    return new Set(this.manager.livePeers);
  }

  /** My profile as friends get it. */
  async myProfile(): Promise<ProfileData> {
    return (await loadMyProfile(this.#db, this.#now())) ?? FALLBACK_PROFILE;
  }

  /**
   * Re-read who to dial (after any change of people, outbox or invites). The same peers are
   * the ones the transport does not count as strangers [ADM-2]; the same records say which
   * reach tokens we register and present. [SIG-REACH-2]
   */
  refreshTargets(): void {
    void this.#refresh();
  }

  /**
   * My invites changed: register their reach hashes. Resolves once the transport has them,
   * so an invite is shown only when it can already open me. [SIG-REACH-5]
   */
  invitesChanged(): Promise<void> {
    return this.#stopped ? Promise.resolve() : this.#reach.refresh();
  }

  /**
   * A group's roster or reach tokens changed: register and present the new tokens. Resolves once
   * the transport has them, so my token is published only when it already opens me. [GRP-35]
   */
  groupsChanged(): Promise<void> {
    return this.#stopped ? Promise.resolve() : this.#reach.refresh();
  }

  /**
   * A person changed by the user's hand: update dialling, close a blocked or
   * deleted peer's session, deliver new outbox entries on a live session.
   */
  async peerChanged(peer: PeerId): Promise<void> {
    // Revocation is at once: the registration is pushed before this resolves. [SIG-REACH-6]
    await this.#refresh();
    const person = await getPerson(this.#db, peer);
    if (!person || person.blocked)
      return this.manager.closePeer(peer, person ? 'blocked' : 'local');
    const session = this.manager.session(peer);
    if (!session) return this.dialer.dialNow(peer);
    this.#enqueue(session, async () => {
      await this.#flushOutbox(session);
      await this.#handout.offer(session);
    });
  }

  /**
   * The group members the mesh dials now: the transport does not count them as strangers either,
   * so strangers' channels cannot keep them out. [ADM-2], [GRP-34]
   */
  trustGroupPeers(peers: Iterable<PeerId>): void {
    if (this.#stopped) return;
    this.#groupPeers = [...peers];
    this.#transport.trust([...this.#dialTargets, ...this.#groupPeers]);
  }

  /**
   * A join by group code runs with `peer` (I dial them to join, or they proved a code of mine):
   * their session, a stranger's, is not closed for group frames (group sync still refuses what
   * we do not share) and has no stranger timer until {@link endJoin}. [GRP-44]
   */
  holdForJoin(peer: PeerId): void {
    this.#joins.add(peer);
    const session = this.manager.session(peer);
    if (session) this.#clearStranger(session);
  }

  /** The join with `peer` is over: a stranger's session is a stranger's again. [GRP-44] */
  endJoin(peer: PeerId): void {
    if (!this.#joins.delete(peer)) return;
    const session = this.manager.session(peer);
    if (session && !session.known && !session.closed && !this.#strangers.has(session))
      this.#armStranger(session);
  }

  /** The peer of `session` joined a group I am in: it is roster keyed from now on. [GRP-46] */
  adoptMember(session: Session): void {
    this.#joins.delete(session.peer);
    this.#clearStranger(session);
    if (!session.known) session.markRosterKeyed();
  }

  /** The people I blocked: the group mesh never dials them. [GRP-34] */
  async blockedPeers(): Promise<ReadonlySet<PeerId>> {
    const people = await listPeople(this.#db);
    return new Set(people.filter((person) => person.blocked).map((person) => person.id));
  }

  /** Send on the live session with `peer`; false when there is none. */
  send(peer: PeerId, frame: OutgoingFrame): boolean {
    return this.manager.session(peer)?.send(frame) ?? false;
  }

  /** My profile changed: friends online now get it at once, the rest on their next session. */
  async broadcastProfile(): Promise<void> {
    const mine = await this.myProfile();
    for (const peer of this.manager.livePeers) {
      const person = await getPerson(this.#db, peer);
      if (person?.state === 'friend') this.send(peer, profileFrame(mine));
    }
  }

  /** Re-read dial targets and reach state; resolves once both reached the transport. */
  async #refresh(): Promise<void> {
    if (this.#stopped) return;
    const registered = this.#reach.refresh();
    void this.#targets.push(
      async () => {
        const targets = await dialTargets(this.#db);
        if (this.#stopped) return;
        this.#dialTargets = targets;
        this.#transport.trust([...targets, ...this.#groupPeers]);
        this.dialer.setTargets(targets);
      },
      (err) => this.#fail('could not read dial targets', err),
    );
    await Promise.all([this.#targets.settled(), registered]);
  }

  /** Log a failed step; after stop() (storage closing under us) it is expected. */
  #fail(what: string, err: unknown): void {
    if (this.#stopped) logger.debug(what, 'after stop:', describeError(err));
    else logger.error(what, describeError(err));
  }

  async #lookup(peer: PeerId): Promise<PinnedPeer | null> {
    const person = await getPerson(this.#db, peer);
    return person ? { pub: person.pub, blocked: person.blocked } : null;
  }

  #changed(peer: PeerId): void {
    this.#events.emit('changed', peer);
    this.refreshTargets();
  }

  #presence(): void {
    this.#events.emit('presence', this.online);
  }

  /** Run `task` after everything already queued for this session. */
  #enqueue(session: Session, task: () => Promise<void>): void {
    void this.#queues.push(
      session,
      // Frames that arrived before a close are still handled (a FRIEND_REMOVED
      // is usually followed by the close); only a stopped engine skips them.
      () => (this.#stopped ? undefined : task()),
      (err) => this.#fail('friend protocol step failed', err),
    );
  }

  #onUp(session: Session): void {
    this.#presence();
    session.on('frame', (frame) => this.#enqueue(session, () => this.#onFrame(session, frame)));
    session.on('closed', () => {
      this.#queues.delete(session);
      this.#clearStranger(session);
    });
    this.#enqueue(session, () => this.#begin(session));
  }

  async #begin(session: Session): Promise<void> {
    const peer = session.peer;
    const person = await sessionStarted(this.#db, peer, this.#now());
    // A member keyed by a roster is no stranger: its session carries groups, not a request.
    if (!person) {
      const kept = session.rosterKeyed || this.#joins.has(peer);
      return kept ? undefined : this.#armStranger(session);
    }
    if (session.rosterKeyed) session.markKnown();
    this.#events.emit('changed', peer);
    await this.#flushOutbox(session);
    if (person.state === 'friend') session.send(profileHaveFrame(person.profileVersion));
    await this.#handout.offer(session);
  }

  async #flushOutbox(session: Session): Promise<void> {
    const entries = await outboxFor(this.#db, session.peer);
    if (entries.length === 0) return;
    const mine = await this.myProfile();
    for (const { frame } of entries) {
      session.send(
        frame.type === 'FRIEND_REQUEST'
          ? requestFrame(frame.proof, mine, frame.group)
          : removedFrame(),
      );
    }
  }

  async #onFrame(session: Session, raw: ControlFrame): Promise<void> {
    const parsed = parseFriendFrame(raw);
    const person = await getPerson(this.#db, session.peer);
    if (!parsed) {
      // Other modules (sync, calls, groups) share the session; strangers get nothing but this
      // protocol, and group sync answers a roster-keyed peer only about the groups both are in.
      const joining = this.#joins.has(session.peer) || JOIN_FRAME_TYPES.has(raw.type);
      if (!person && !session.rosterKeyed && !joining) session.close('stranger');
      else if (FRIEND_FRAME_TYPES.has(raw.type)) logger.warn('malformed', raw.type, 'dropped');
      else logger.debug('not a friend frame:', raw.type);
      return;
    }
    if (!person && session.rosterKeyed && !STRANGER_FRIEND_FRAMES.has(parsed.type)) {
      // A member who is no friend sends friend frames only as a stranger may. [GRP-31]
      logger.warn('dropping', parsed.type, 'from a group member who is not a friend');
      return;
    }
    await handleFriendFrame(this.#ctx, session, person, parsed);
    // The peer may have just become a friend (a request or an accept): hand my token over.
    await this.#handout.offer(session);
    const unrecorded = this.#strangers.has(session) || session.rosterKeyed;
    if (unrecorded && (await getPerson(this.#db, session.peer))) {
      this.#clearStranger(session);
      session.markKnown();
    }
  }

  #armStranger(session: Session): void {
    this.#strangers.set(
      session,
      this.#env.setTimeout(() => session.close('stranger'), this.#strangerTimeoutMs),
    );
  }

  #clearStranger(session: Session): void {
    const timer = this.#strangers.get(session);
    if (timer !== undefined) this.#env.clearTimeout(timer);
    this.#strangers.delete(session);
  }

  #onDown(peer: PeerId): void {
    this.#presence();
    this.#record(sessionEnded(this.#db, peer, this.#now()), peer, 'could not store last seen');
  }

  #onFailed(peer: PeerId, reason: SessionCloseReasonKey | null): void {
    const write = handshakeFailed(this.#db, peer, reason, this.#now());
    this.#record(write, peer, 'could not record a security notice');
  }

  #record(write: Promise<PersonRecord | null>, peer: PeerId, what: string): void {
    write.then(
      (person) => {
        if (person) this.#events.emit('changed', peer);
      },
      (err: unknown) => this.#fail(what, err),
    );
  }
}
