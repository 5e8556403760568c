/**
 * The result of folding a group's control events: plain data, identical on every device that
 * holds the same events, so it can be stored, compared and shown as it is.
 * Spec: docs/protocol.md [GRP-12], [GRP-13].
 */
import type { ConversationId, EventId, PeerId } from '../ids';
import type { GroupEventType, Role } from './bodies';
import type { VoidReason } from './control';

/** One member of the roster. */
export interface GroupMember {
  role: Role;
  /** Seniority: the order of admission in the replay (0 for the creator). [GRP-10] */
  order: number;
  /** The create, add or join that admitted them, and its lamport: the history a member is
   * shown starts there. */
  since: EventId;
  sinceLamport: number;
  /** Their own events with a seq above this count as a member's ([GRP-7]). */
  after: number;
  /** Raw public key, base64url: the key their events verify with. */
  pub: string;
  nickname: string | null;
  /** The token that lets members dial them through signaling ([SIG-REACH-*]). */
  reach: string | null;
}

/** [GRP-11] Someone waiting for an admin's approval. */
export interface GroupRequest {
  pub: string;
  /** Who asked: the inviting member, or the joiner itself. */
  by: PeerId;
  event: EventId;
  reason: string | null;
}

/** A join link (group code). */
export interface GroupLink {
  by: PeerId;
  event: EventId;
  expires: number;
  revoked: boolean;
}

/** [GRP-7] From this change on (for the person's events with seq > `after`), `role` holds. */
export interface RankChange {
  after: number;
  role: Role | null;
  event: EventId;
  /**
   * The changing event's lamport: where, for the person, the group's history starts or stops
   * ([GRP-80]). Absent in a fold kept from before it was recorded.
   */
  lamport?: number;
}

/** What became of one control event. */
export interface GroupOutcome {
  event: EventId;
  type: GroupEventType;
  status: 'applied' | 'void';
  reason?: VoidReason;
}

/** [GRP-12] A folded group. */
export interface GroupFold {
  conv: ConversationId;
  /** The genesis that proved the id, or null while none is held. */
  genesis: EventId | null;
  owner: PeerId | null;
  name: string | null;
  avatar: string | null;
  announcement: string | null;
  /** Joins and members' invitations wait for an admin. */
  approval: boolean;
  members: Record<PeerId, GroupMember>;
  requests: Record<PeerId, GroupRequest>;
  links: Record<string, GroupLink>;
  /** The seq of a removed person that their last removal had seen. */
  removedAt: Record<PeerId, number>;
  dissolved: boolean;
  /** Everyone who ever held a rank, with every change in replay order. */
  timelines: Record<PeerId, RankChange[]>;
  /** Every control event given: the void ones first (by author, seq), then the replay order. */
  outcomes: GroupOutcome[];
  /** [GRP-5] Authors who wrote two events at one seq, and those seqs. */
  forked: Record<PeerId, number[]>;
}
