/**
 * The group actions: each builds one control event's body at the head it is signed at (its
 * context is my version vector of the group, its lamport above everything held, [GRP-4]),
 * checks it as the fold would ([GRP-3], [GRP-8]) and refuses what would be void, then signs,
 * stores and pushes it through the sync engine's append path.
 * Spec: docs/protocol.md [GRP-1]…[GRP-4], [GRP-21].
 */
import { createReachToken, type ReachToken } from '../../lib/reach';
import { ensureConv } from '../../db/convsRepo';
import type { PlumeDatabase } from '../../db/db';
import { controlEvents } from '../../db/groupsRepo';
import { getPerson } from '../../db/peopleRepo';
import { base64urlEncode } from '../../lib/base64url';
import type { ChatEvent, EventBodies } from '../../lib/chatEvent';
import { eventIdOf } from '../../lib/convId';
import { groupConversationId, isGroupId, newGroupSalt } from '../../lib/groupId';
import { GROUP_BODY_GUARDS, type AppointedRole, type GroupEventType } from '../../lib/group/bodies';
import type { VoidReason } from '../../lib/group/control';
import { foldGroup } from '../../lib/group/fold';
import { MAX_GROUP_MEMBERS } from '../../lib/group/rules';
import type { GroupFold } from '../../lib/group/types';
import type { BodyRecord } from '../../lib/bodyShape';
import type { IdentityKeys } from '../../lib/identity';
import type { ConversationId, PeerId } from '../../lib/ids';
import { createLinkId, GROUP_CODE_TTL_MS, type GroupCode } from '../../lib/groupCode';
import { isControlEvent } from '../../lib/group/control';
import type { BodyBuilder } from '../sync/append';
import type { Unsubscribe } from '../transport';
import type { GroupActions } from './contract';
import { joinByCode, type JoinerDeps, type JoinOutcome, type JoinStep } from './Joiner';
import { JoinReach } from './joinReach';
import type { GroupReach } from '../reach/ReachKeeper';
import type { Clock } from '../../lib/clock';
import type { RosterDirectory } from './RosterDirectory';

/** Why an action was refused: the fold's reason, or a check of its own. */
export type GroupRefusal = VoidReason | 'not-friend' | 'not-group' | 'empty';

const MESSAGES: Record<GroupRefusal, string> = {
  shape: 'That is not a valid value for a group.',
  genesis: 'This group cannot be created.',
  key: 'That key does not belong to this person.',
  self: 'You cannot do that to yourself.',
  context: 'The group changed while this was prepared; try again.',
  'link-ttl': 'A group code lives at most 7 days.',
  fork: 'Another device wrote at the same time; try again.',
  'no-genesis': 'This group is not on this device yet.',
  dissolved: 'This group was dissolved.',
  'not-member': 'You are not a member of this group.',
  rank: 'Your role in this group does not allow that.',
  'not-in-group': 'That person is not in this group.',
  'already-member': 'That person is already in this group.',
  pending: 'That person is waiting for approval.',
  full: `A group holds at most ${MAX_GROUP_MEMBERS} members.`,
  'removed-concurrently': 'That person was removed at the same time.',
  're-added-concurrently': 'That person was added back at the same time.',
  'link-unknown': 'That group code does not exist.',
  'link-revoked': 'That group code was revoked.',
  'link-expired': 'That group code has expired.',
  'link-issuer': 'Whoever made that group code is no longer an admin.',
  'link-exists': 'That group code exists already.',
  'no-change': 'Nothing would change.',
  'not-friend': 'Only friends can be added from here.',
  'not-group': 'That is not a group.',
  empty: 'Nothing to change.',
};

/** An action the fold would void, refused before anything was signed. */
export class GroupActionError extends Error {
  override readonly name = 'GroupActionError';
  readonly reason: GroupRefusal;

  constructor(reason: GroupRefusal) {
    super(MESSAGES[reason]);
    this.reason = reason;
  }
}

/** What the engine appends through: the sync engine (signs, stores, pushes to members). */
export interface GroupAppender {
  appendBuilt<T extends GroupEventType>(
    conv: ConversationId,
    type: T,
    build: BodyBuilder<T>,
  ): Promise<ChatEvent<T>>;
}

/** Construction parameters. */
export interface GroupsEngineOptions {
  db: PlumeDatabase;
  keys: IdentityKeys;
  directory: RosterDirectory;
  sync: GroupAppender;
  /** Sessions for joins by group code; without them `join` is refused. */
  joins?: { friends: JoinerDeps['friends'] & { manager: JoinerDeps['manager'] }; clock: Clock };
  now?: () => number;
}

/** A control body without its context, which the head fills in. */
type BodyOf<T extends GroupEventType> = Omit<EventBodies[T], 'ctx'>;

/** The group actions of one install. */
export class GroupsEngine implements GroupActions {
  readonly #db: PlumeDatabase;
  readonly #keys: IdentityKeys;
  readonly #directory: RosterDirectory;
  readonly #sync: GroupAppender;
  readonly #now: () => number;
  readonly #joiner: JoinerDeps | null;
  readonly #reach = new JoinReach();

  constructor(options: GroupsEngineOptions) {
    const joins = options.joins;
    this.#joiner = joins
      ? {
          keys: options.keys,
          manager: joins.friends.manager,
          friends: joins.friends,
          fold: (conv) => options.directory.fold(conv),
          onGroupChange: (listener) => options.directory.onChange(listener),
          reach: this.#reach,
          clock: joins.clock,
          now: options.now ?? Date.now,
        }
      : null;
    this.#db = options.db;
    this.#keys = options.keys;
    this.#directory = options.directory;
    this.#sync = options.sync;
    this.#now = options.now ?? Date.now;
  }

  /** [GRP-1] The genesis, then one add per friend (their pinned key from the friends list). */
  async create(name: string, friends: readonly PeerId[]): Promise<ConversationId> {
    const invited = [...new Set(friends)].filter((id) => id !== this.#keys.id);
    if (invited.length + 1 > MAX_GROUP_MEMBERS) throw new GroupActionError('full');
    const pubs = await this.#friendPubs(invited);
    const pub = base64urlEncode(this.#keys.publicKeyRaw);
    const salt = newGroupSalt();
    const conv = groupConversationId(pub, salt);
    const me = this.#keys.id;
    await ensureConv(this.#db, { conv, peer: me, members: [me], kind: 'group' }, this.#now());
    // Each admission carries a reach token for the one admitted ([GRP-35]): they register it
    // with the worker as theirs, and members present it, so only members can dial each other.
    await this.#act(conv, 'group.create', () => ({ name, salt, pub, reach: createReachToken() }));
    for (const [member, key] of pubs) {
      await this.#act(conv, 'group.add', () => ({ member, pub: key, reach: createReachToken() }));
    }
    return conv;
  }

  async invite(conv: ConversationId, friends: readonly PeerId[], reason?: string): Promise<void> {
    const pubs = await this.#friendPubs(friends);
    for (const [member, pub] of pubs) {
      await this.#act(conv, 'group.add', () => {
        const reach = createReachToken();
        return reason ? { member, pub, reach, reason } : { member, pub, reach };
      });
    }
  }

  async leave(conv: ConversationId): Promise<void> {
    await this.#act(conv, 'group.leave', () => ({}));
  }

  async remove(conv: ConversationId, member: PeerId): Promise<void> {
    // `seen` is what I hold of their log: their events beyond it are cut. [GRP-7]
    await this.#act(conv, 'group.remove', (head) => ({ member, seen: head.vv[member] ?? 0 }));
  }

  async setRole(conv: ConversationId, member: PeerId, role: AppointedRole): Promise<void> {
    await this.#act(conv, 'group.role', () => ({ member, role }));
  }

  async transfer(conv: ConversationId, member: PeerId): Promise<void> {
    await this.#act(conv, 'group.transfer', () => ({ member }));
  }

  async setMeta(
    conv: ConversationId,
    meta: {
      name?: string;
      avatar?: string | null;
      announcement?: string | null;
      approval?: boolean;
    },
  ): Promise<void> {
    const body = Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined));
    if (Object.keys(body).length === 0) throw new GroupActionError('empty');
    await this.#act(conv, 'group.meta', () => body as BodyOf<'group.meta'>);
  }

  async setNickname(conv: ConversationId, nickname: string | null): Promise<void> {
    await this.#act(conv, 'group.nick', () => ({ nickname }));
  }

  /** [GRP-71] Publish `token` as my reach token in `conv` (a rotation after a removal). */
  async publishReach(conv: ConversationId, token: ReachToken): Promise<void> {
    await this.#act(conv, 'group.reach', () => ({ token }));
  }

  async dissolve(conv: ConversationId): Promise<void> {
    await this.#act(conv, 'group.dissolve', () => ({}));
  }

  /** [GRP-40] A new group code, valid for 7 days from the moment it is signed; its link id. */
  async createCode(conv: ConversationId): Promise<string> {
    const id = createLinkId();
    await this.#act(conv, 'group.link', (_head, next) => ({
      op: 'create' as const,
      id,
      expires: next.ts + GROUP_CODE_TTL_MS,
    }));
    return id;
  }

  async revokeCode(conv: ConversationId, id: string): Promise<void> {
    await this.#act(conv, 'group.link', () => ({ op: 'revoke' as const, id }));
  }

  /**
   * [GRP-11] Let a waiting person in: an add with the key of their request and, for a join, the
   * reach token their join published (they registered that one, [GRP-47]).
   */
  async accept(conv: ConversationId, member: PeerId): Promise<void> {
    const fold = await this.#directory.fold(conv);
    const request = fold?.requests[member];
    if (!request) throw new GroupActionError('not-in-group');
    const held = await controlEvents(this.#db, conv);
    const join = held.find(
      (e) => eventIdOf(conv, e.author, e.seq) === request.event && e.type === 'group.join',
    );
    const joinReach =
      join && isControlEvent(join) ? (join.body as { reach?: string }).reach : undefined;
    const reach = joinReach ?? createReachToken();
    await this.#act(conv, 'group.add', () => ({ member, pub: request.pub, reach }));
  }

  /** [GRP-11] Turn a waiting person away: their removal declines the request. */
  async decline(conv: ConversationId, member: PeerId): Promise<void> {
    await this.remove(conv, member);
  }

  /** The reach state with the tokens of joins under way added. [GRP-42] */
  joinReach(base: GroupReach): GroupReach {
    return this.#reach.merge(base);
  }

  /** [GRP-44] Join the group of a scanned or opened code; [GRP-81] `again`: ask about it. */
  async join(
    code: GroupCode,
    reason?: string,
    onStep?: (step: JoinStep) => void,
    again?: boolean,
  ): Promise<JoinOutcome> {
    if (!this.#joiner) throw new GroupActionError('not-group');
    return joinByCode(this.#joiner, code, reason, onStep, again);
  }

  view(conv: ConversationId): Promise<GroupFold | null> {
    return this.#directory.fold(conv);
  }

  onView(listener: (conv: ConversationId) => void): Unsubscribe {
    return this.#directory.onChange(listener);
  }

  /** Friends' pinned keys, in order; refuses when one is not a friend (or is blocked). */
  async #friendPubs(ids: readonly PeerId[]): Promise<[PeerId, string][]> {
    const pubs: [PeerId, string][] = [];
    for (const id of ids) {
      const person = await getPerson(this.#db, id);
      if (!person || person.state !== 'friend' || person.blocked)
        throw new GroupActionError('not-friend');
      pubs.push([id, base64urlEncode(person.pub)]);
    }
    return pubs;
  }

  /**
   * Sign, store and push one control event whose body `make` builds at the head it is signed
   * at; refused (nothing signed) when its shape fails [GRP-3] or the fold would void it.
   */
  async #act<T extends GroupEventType>(
    conv: ConversationId,
    type: T,
    make: (head: { vv: Readonly<Record<string, number>> }, next: { ts: number }) => BodyOf<T>,
  ): Promise<ChatEvent<T>> {
    if (!isGroupId(conv)) throw new GroupActionError('not-group');
    const me = this.#keys.id;
    const build: BodyBuilder<T> = async (head, next) => {
      // [GRP-2] My version vector of the group when writing.
      const body = { ...make(head, next), ctx: { ...head.vv } } as unknown as EventBodies[T];
      if (!GROUP_BODY_GUARDS[type](body as unknown as BodyRecord))
        throw new GroupActionError('shape');
      const held = await controlEvents(this.#db, conv);
      const candidate = { conv, author: me, ...next, type, body, sig: '' } as ChatEvent;
      const id = eventIdOf(conv, me, next.seq);
      const outcome = foldGroup(conv, [...held, candidate]).outcomes.find((o) => o.event === id);
      // An invitation waiting for approval is what the member asked for. [GRP-11]
      if (outcome?.status === 'void' && outcome.reason !== 'pending')
        throw new GroupActionError(outcome.reason ?? 'shape');
      return body;
    };
    return this.#sync.appendBuilt(conv, type, build);
  }
}
