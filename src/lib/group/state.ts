/**
 * What the fold builds while it replays a group's control events: the roster, each person's
 * rank timeline, links, requests and the meta registers. Mutable, private to the fold; the
 * result the rest of the app sees is the plain snapshot of types.ts.
 * Spec: docs/protocol.md [GRP-7]…[GRP-11].
 */
import { eventIdOf } from '../convId';
import type { ConversationId, EventId, PeerId } from '../ids';
import type { Role } from './bodies';
import type { ControlEvent } from './control';
import type { GroupLink, GroupMember, GroupRequest, RankChange } from './types';

/** [GRP-7] Strict ranks: owner > admin > member > none. */
export const RANK = { owner: 3, admin: 2, member: 1, none: 0 } as const;

/** The rank of a role, 0 for none. */
export function rankOf(role: Role | null | undefined): number {
  return role ? RANK[role] : RANK.none;
}

/** A last-writer-wins register: the value with the highest (lamport, author). [GRP-8] */
export interface Register<T> {
  value: T;
  lamport: number;
  author: PeerId | '';
}

/** An add, join or removal that passed its checks, kept for the concurrency rule. [GRP-9] */
export interface RankedEvent {
  event: ControlEvent;
  rank: number;
}

export class FoldState {
  readonly conv: ConversationId;
  genesis: EventId | null = null;
  owner: PeerId | null = null;
  dissolved = false;
  readonly members = new Map<PeerId, GroupMember>();
  readonly requests = new Map<PeerId, GroupRequest>();
  readonly links = new Map<string, GroupLink & { seq: number }>();
  readonly removedAt = new Map<PeerId, number>();
  readonly timelines = new Map<PeerId, RankChange[]>();
  readonly adds = new Map<PeerId, RankedEvent[]>();
  readonly removals = new Map<PeerId, RankedEvent[]>();
  readonly name: Register<string | null> = { value: null, lamport: 0, author: '' };
  readonly avatar: Register<string | null> = { value: null, lamport: 0, author: '' };
  readonly announcement: Register<string | null> = { value: null, lamport: 0, author: '' };
  readonly approval: Register<boolean> = { value: false, lamport: 0, author: '' };
  #nextOrder = 0;

  constructor(conv: ConversationId) {
    this.conv = conv;
  }

  /**
   * [GRP-7] The rank `author` holds for its event at `seq`: the role of the last change (in
   * replay order) that applies beyond a seq below it; none before any change.
   */
  rankAt(author: PeerId, seq: number): number {
    const changes = this.timelines.get(author);
    if (!changes) return RANK.none;
    for (let i = changes.length - 1; i >= 0; i--) {
      if (changes[i]!.after < seq) return rankOf(changes[i]!.role);
    }
    return RANK.none;
  }

  /**
   * The role `id` holds now, or held when it last went out; undefined for someone never
   * admitted.
   */
  lastRole(id: PeerId): Role | undefined {
    const current = this.members.get(id);
    if (current) return current.role;
    const changes = this.timelines.get(id) ?? [];
    for (let i = changes.length - 1; i >= 0; i--) if (changes[i]!.role) return changes[i]!.role!;
    return undefined;
  }

  /** The current rank of `id` in the roster. */
  rankNow(id: PeerId): number {
    return rankOf(this.members.get(id)?.role);
  }

  #change(id: PeerId, after: number, role: Role | null, event: ControlEvent): void {
    const changes = this.timelines.get(id) ?? [];
    changes.push({
      after,
      role,
      event: eventIdOf(event.conv, event.author, event.seq),
      lamport: event.lamport,
    });
    this.timelines.set(id, changes);
  }

  /** Admit `id` by `event`: its events beyond `after` count as a member's. [GRP-8] */
  admit(
    id: PeerId,
    pub: string,
    role: Role,
    after: number,
    event: ControlEvent,
    reach?: string,
  ): void {
    const since = eventIdOf(event.conv, event.author, event.seq);
    this.members.set(id, {
      role,
      order: this.#nextOrder++,
      since,
      sinceLamport: event.lamport,
      after,
      pub,
      nickname: null,
      reach: reach ?? null,
    });
    this.requests.delete(id);
    this.#change(id, after, role, event);
  }

  /** `id` is out (if it was in): its events beyond `after` are void. [GRP-8] */
  exit(id: PeerId, after: number, event: ControlEvent): void {
    this.members.delete(id);
    this.#change(id, after, null, event);
  }

  /** [GRP-8] Dissolution: `id` stays on the roster, but its events beyond `after` are void. */
  silence(id: PeerId, after: number, event: ControlEvent): void {
    this.#change(id, after, null, event);
  }

  /** `id` holds `role` for its events beyond `after`. */
  setRole(id: PeerId, role: Role, after: number, event: ControlEvent): void {
    const member = this.members.get(id);
    if (!member) return;
    member.role = role;
    if (role === 'owner') this.owner = id;
    this.#change(id, after, role, event);
  }

  /** [GRP-10] The successor of a leaving owner: the senior admin, else the senior member. */
  successor(): PeerId | null {
    let pick: [PeerId, GroupMember] | null = null;
    for (const entry of this.members) {
      const [rank, order] = [rankOf(entry[1].role), entry[1].order];
      const best = pick ? rankOf(pick[1].role) : -1;
      if (rank > best || (rank === best && order < pick![1].order)) pick = entry;
    }
    return pick ? pick[0] : null;
  }

  /** Record an add or join for [GRP-9]. */
  recordAdd(id: PeerId, event: ControlEvent, rank: number): void {
    const list = this.adds.get(id) ?? [];
    list.push({ event, rank });
    this.adds.set(id, list);
  }

  /** Record a removal for [GRP-9]. */
  recordRemoval(id: PeerId, event: ControlEvent, rank: number): void {
    const list = this.removals.get(id) ?? [];
    list.push({ event, rank });
    this.removals.set(id, list);
  }
}

/** Write `value` into `register` when (lamport, author) is later than what it holds. [GRP-8] */
export function writeRegister<T>(register: Register<T>, value: T, event: ControlEvent): void {
  const later =
    event.lamport > register.lamport ||
    (event.lamport === register.lamport && event.author > register.author);
  if (!later) return;
  register.value = value;
  register.lamport = event.lamport;
  register.author = event.author;
}
