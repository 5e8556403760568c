/**
 * The chat sync engine on one SessionManager: a SessionLink per live session,
 * local appends (stored first, then pushed), read receipts and typing. It
 * keeps no state that matters across a restart: everything it sends is read
 * from IndexedDB, so dropping it and starting a new one loses nothing.
 * Spec: docs/protocol.md [SYNC-*], [CHAT-*].
 */
import type { MessageRow } from '../../db/chatRows';
import { getConv, markConvRead } from '../../db/convsRepo';
import type { PlumeDatabase } from '../../db/db';
import { getPerson } from '../../db/peopleRepo';
import { scheduleIndexing } from '../../db/searchIndex';
import type { ChatEvent, EventBodies, EventType } from '../../lib/chatEvent';
import { Emitter } from '../../lib/emitter';
import { describeError } from '../../lib/errors';
import type { IdentityKeys } from '../../lib/identity';
import type { ConversationId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { browserEnvironment } from '../browserEnvironment';
import type { Session } from '../session/Session';
import type { SessionManager } from '../session/SessionManager';
import type { SignalingEnvironment } from '../signalingLifecycle';
import type { Unsubscribe } from '../transport';
import { FAREWELL_MS, TYPING_SHOW_MS, TYPING_THROTTLE_MS } from './constants';
import { appendBuilt, appendEvent, type BodyBuilder } from './append';
import { isGroupId } from '../../lib/groupId';
import type { GroupEventType } from '../../lib/group/bodies';
import type { RosterDirectory } from '../groups/RosterDirectory';
import type { CheckJob, CheckResult } from './checkEvents';
import type { EventVerifier } from './EventVerifier';
import { SessionLink, type LinkContext } from './SessionLink';
import { StatusBook, type StatusMarks } from './StatusBook';
import type { TimerHandle } from '../../lib/clock';

export { NotFriendError, NotMemberError } from './append';
export type { StatusMarks } from './StatusBook';

const logger = log('peers:sync');

/** Construction parameters; the optional ones are for tests. */
export interface SyncEngineOptions {
  manager: SessionManager;
  keys: IdentityKeys;
  db: PlumeDatabase;
  /** Whether READ receipts are on (settings). Default: on. */
  readReceipts?: () => Promise<boolean>;
  env?: SignalingEnvironment;
  now?: () => number;
  /** The groups held here: their events sync with every member we share them with. */
  groups?: RosterDirectory;
}

/** Events of a {@link SyncEngine}. */
export interface SyncEngineEvents {
  /**
   * Events of `conv` were stored (mine or the peer's): `messages` are the
   * message rows they wrote, as stored, or undefined when there were too many
   * to list (a backlog).
   */
  changed: (conv: ConversationId, messages?: readonly MessageRow[]) => void;
  /** My read state of `conv` changed (unread count, read up to): its row only. */
  readState: (conv: ConversationId) => void;
  /** [SYNC-8] The status marks of my messages in `conv` moved: views show these now. */
  status: (conv: ConversationId, marks: StatusMarks) => void;
  /** Events from the peer were stored (notifications). */
  incoming: (conv: ConversationId, events: ChatEvent[]) => void;
  /** Conversations where the peer is typing now. */
  typing: (convs: ReadonlySet<ConversationId>) => void;
}

/** Runs chat sync over every live session of a manager. */
export class SyncEngine {
  readonly #manager: SessionManager;
  readonly #keys: IdentityKeys;
  readonly #db: PlumeDatabase;
  readonly #env: SignalingEnvironment;
  readonly #now: () => number;
  readonly #events = new Emitter<SyncEngineEvents>();
  readonly #links = new Map<PeerId, SessionLink>();
  readonly #typing = new Map<ConversationId, TimerHandle>();
  readonly #typingSent = new Map<ConversationId, number>();
  readonly #ctx: LinkContext;
  readonly #status: StatusBook;
  /** Loaded with the first EVENTS frame (a lazy chunk, like the verify worker it starts). */
  #verifier: Promise<EventVerifier> | null = null;
  #offs: Unsubscribe[] = [];
  #stopped = false;
  readonly #groups: RosterDirectory | null;

  constructor(options: SyncEngineOptions) {
    this.#manager = options.manager;
    this.#keys = options.keys;
    this.#db = options.db;
    this.#env = options.env ?? browserEnvironment();
    this.#now = options.now ?? Date.now;
    this.#groups = options.groups ?? null;
    const readReceipts = options.readReceipts ?? (() => Promise.resolve(true));
    this.#status = new StatusBook({
      db: this.#db,
      emit: (conv, marks) => this.#events.emit('status', conv, marks),
      fail: (what, err) => this.#fail(what, err),
    });
    this.#ctx = {
      db: this.#db,
      me: this.#keys.id,
      myPub: this.#keys.publicKeyRaw,
      now: this.#now,
      friendKey: (peer) => this.#friendKey(peer),
      readReceipts,
      check: (job) => this.#check(job),
      changed: (conv, messages) => this.#events.emit('changed', conv, messages),
      raiseStatus: (conv, change) => this.#status.raise(conv, change),
      seedStatus: (row) => this.#status.seed(row),
      incoming: (conv, events) => this.#onIncoming(conv, events),
      typing: (conv) => this.#onTyping(conv),
      fail: (what, err) => this.#fail(what, err),
      groups: this.#groups,
      env: this.#env,
      toMembers: (conv, send, except) => this.#toLive(conv, send, except),
    };
  }

  /** Our own id. */
  get me(): PeerId {
    return this.#keys.id;
  }

  /** Link every live session and each one that comes up. */
  start(): void {
    if (this.#offs.length > 0 || this.#stopped) return;
    this.#offs = [
      this.#manager.on('up', (session) => this.#attach(session)),
      this.#manager.on('down', (peer) => this.#detach(peer)),
    ];
    // [GRP-19] A roster changed: every link offers or forgets the group.
    if (this.#groups) {
      this.#offs.push(
        this.#groups.onChange((conv) => {
          for (const link of this.#links.values()) link.regroup(conv);
        }),
      );
    }
    for (const peer of this.#manager.livePeers) {
      const session = this.#manager.session(peer);
      if (session) this.#attach(session);
    }
    // Received messages a closed tab left unindexed are indexed once it is quiet. [CHAT-SEARCH-4]
    scheduleIndexing(this.#db);
  }

  /** Drop every link and timer; no events afterwards. The database keeps everything. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#status.close();
    for (const off of this.#offs) off();
    for (const link of this.#links.values()) link.close();
    this.#verifier?.then(
      (verifier) => verifier.close(),
      () => undefined,
    );
    for (const timer of this.#typing.values()) this.#env.clearTimeout(timer);
    this.#links.clear();
    this.#typing.clear();
    this.#events.clear();
  }

  /** Subscribe to an event. */
  on<E extends keyof SyncEngineEvents>(event: E, listener: SyncEngineEvents[E]): Unsubscribe {
    return this.#events.on(event, listener);
  }

  /** A friendship may have begun or ended: (re)offer HAVE on the live session. */
  resync(peer: PeerId): void {
    this.#links.get(peer)?.begin();
  }

  /**
   * [SYNC-4] Append my event: stored first (so it is never only in memory),
   * then pushed as it is when the peer is online (nothing is read back), and
   * only then are views told. Rejects with NotFriendError or StorageError.
   */
  async append<T extends EventType>(
    conv: ConversationId,
    type: T,
    body: EventBodies[T],
  ): Promise<ChatEvent<T>> {
    if (isGroupId(conv)) return this.#appendGroup(conv, type, () => body);
    const {
      event,
      conv: row,
      messages,
    } = await appendEvent(this.#db, this.#keys, conv, type, body, this.#now());
    if (!this.#stopped) this.#links.get(row.peer)?.pushEvent(event);
    this.#events.emit('changed', conv, messages ?? undefined);
    return event;
  }

  /**
   * [GRP-19] Append my group control event, its body made from the head it is signed at; then
   * push it to every live member. Rejects with the builder's error, NotMemberError or
   * StorageError.
   */
  appendBuilt<T extends GroupEventType>(
    conv: ConversationId,
    type: T,
    build: BodyBuilder<T>,
  ): Promise<ChatEvent<T>> {
    return this.#appendGroup(conv, type, build);
  }

  async #appendGroup<T extends EventType>(
    conv: ConversationId,
    type: T,
    build: BodyBuilder<T>,
  ): Promise<ChatEvent<T>> {
    // A parting event (my leave, the owner's dissolution) ends my sharing the group as it is
    // stored, yet the members I shared it with must still be sent it. [GRP-74]
    const parting = type === 'group.leave' || type === 'group.dissolve';
    const before = new Set<SessionLink>();
    if (parting) await this.#toMembers(conv, (link) => before.add(link));
    const { event, messages } = await appendBuilt(
      this.#db,
      this.#keys,
      conv,
      type,
      build,
      this.#now(),
    );
    if (!this.#stopped) {
      if (parting) for (const link of before) link.sendParting(event);
      else await this.#toMembers(conv, (link) => link.pushEvent(event));
    }
    this.#events.emit('changed', conv, messages ?? undefined);
    return event;
  }

  /** Run `send` on the link of every live member of group `conv` but `except`. */
  async #toMembers(
    conv: ConversationId,
    send: (link: SessionLink) => void,
    except?: PeerId,
  ): Promise<void> {
    const groups = this.#groups;
    if (!groups) return;
    for (const link of [...this.#links.values()]) {
      if (link.peer !== except && (await groups.shares(link.peer, conv))) send(link);
    }
  }

  /** {@link toMembers}, failures logged. */
  #toLive(conv: ConversationId, send: (link: SessionLink) => void, except?: PeerId): void {
    this.#toMembers(conv, send, except).catch((err: unknown) =>
      this.#fail('could not relay a group', err),
    );
  }

  /**
   * [GRP-60] Resolves once the farewell to `peer`, a removed member, was acknowledged, or after
   * FAREWELL_MS, or at once without a live session: the caller may close the session then.
   */
  farewell(peer: PeerId): Promise<void> {
    const link = this.#links.get(peer);
    if (!link || this.#stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = this.#env.setTimeout(resolve, FAREWELL_MS);
      void link.farewellSent().then(() => {
        this.#env.clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Push `conv` to its peer if a session is live (events appended elsewhere). */
  push(conv: ConversationId): void {
    if (isGroupId(conv)) return this.#toLive(conv, (link) => link.push(conv));
    getConv(this.#db, conv).then(
      (row) => {
        if (row && !this.#stopped) this.#links.get(row.peer)?.push(conv);
      },
      (err: unknown) => this.#fail('could not read a conversation', err),
    );
  }

  /** [SYNC-6] I read `conv` up to its newest event: clear unread; READ when enabled. */
  async markRead(conv: ConversationId): Promise<void> {
    const marked = await markConvRead(this.#db, conv);
    if (!marked) return;
    const { row, before, changed } = marked;
    if (changed) this.#events.emit('readState', conv);
    if (row.readUpto > before && (await this.#ctx.readReceipts()))
      this.#links.get(row.peer)?.sendRead(conv, row.readUpto);
  }

  /** [SYNC-7] Tell the peer I am typing, at most once per TYPING_THROTTLE_MS. */
  async typing(conv: ConversationId): Promise<void> {
    const last = this.#typingSent.get(conv) ?? -Infinity;
    const now = this.#now();
    if (now - last < TYPING_THROTTLE_MS) return;
    this.#typingSent.set(conv, now);
    const row = await getConv(this.#db, conv);
    if (row) this.#links.get(row.peer)?.sendTyping(conv);
  }

  /**
   * [SYNC-8] The status marks of my messages in `conv` as shown now (ahead of
   * the conversation row while a write is under way), or null when this
   * engine has not read them yet.
   */
  statusOf(conv: ConversationId): StatusMarks | null {
    return this.#status.peek(conv);
  }

  /** Conversations with a live TYPING. */
  get typingIn(): ReadonlySet<ConversationId> {
    return new Set(this.#typing.keys());
  }

  /** True when a session with `peer` is live. */
  isOnline(peer: PeerId): boolean {
    return this.#links.has(peer);
  }

  /** True when `peer` is a friend and not blocked (calls ring only friends). */
  async isFriend(peer: PeerId): Promise<boolean> {
    return (await this.#friendKey(peer)) !== null;
  }

  #attach(session: Session): void {
    if (this.#stopped) return;
    this.#links.get(session.peer)?.close();
    const link = new SessionLink(session, this.#ctx);
    this.#links.set(session.peer, link);
    session.on('closed', () => {
      link.close();
      if (this.#links.get(session.peer) === link) this.#links.delete(session.peer);
    });
    link.begin();
    // A session may bring a backlog: have the verifier ready before its first frame.
    this.#loadVerifier().then(
      (verifier) => verifier.warm(),
      () => undefined,
    );
  }

  #detach(peer: PeerId): void {
    this.#links.get(peer)?.close();
    this.#links.delete(peer);
  }

  /**
   * [CHAT-7] Check a frame's events (in the verify worker when the browser has
   * one). Rejects only when the verifier's chunk cannot load: the frame's
   * events are then not stored, and the HAVEs that follow ask for them again.
   */
  #check(job: CheckJob): Promise<CheckResult[]> {
    return this.#loadVerifier().then((verifier) => verifier.check(job));
  }

  /** The verifier, loaded once; a failed load is tried again next time. */
  #loadVerifier(): Promise<EventVerifier> {
    const loading = (this.#verifier ??= import('./EventVerifier').then(
      (m) => new m.EventVerifier(),
    ));
    loading.catch(() => {
      if (this.#verifier === loading) this.#verifier = null;
    });
    return loading;
  }

  async #friendKey(peer: PeerId): Promise<Uint8Array | null> {
    const person = await getPerson(this.#db, peer);
    return person && person.state === 'friend' && !person.blocked ? person.pub : null;
  }

  #onIncoming(conv: ConversationId, events: ChatEvent[]): void {
    // A message from them ends their typing indicator.
    if (events.some((e) => e.author !== this.me && e.type === 'text')) this.#clearTyping(conv);
    this.#events.emit('incoming', conv, events);
  }

  #onTyping(conv: ConversationId): void {
    const timer = this.#typing.get(conv);
    if (timer !== undefined) this.#env.clearTimeout(timer);
    this.#typing.set(
      conv,
      this.#env.setTimeout(() => this.#clearTyping(conv), TYPING_SHOW_MS),
    );
    if (timer === undefined) this.#events.emit('typing', this.typingIn);
  }

  #clearTyping(conv: ConversationId): void {
    const timer = this.#typing.get(conv);
    if (timer === undefined) return;
    this.#env.clearTimeout(timer);
    this.#typing.delete(conv);
    this.#events.emit('typing', this.typingIn);
  }

  #fail(what: string, err: unknown): void {
    if (this.#stopped) logger.debug(what, 'after stop:', describeError(err));
    else logger.error(what, describeError(err));
  }
}
