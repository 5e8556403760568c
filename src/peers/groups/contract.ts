/**
 * What the parts of group chat agree on: the roster directory that sessions and sync consult,
 * and the actions the screens call. The directory answers from the folded groups held on this
 * device ([GRP-12]); nothing here trusts what a peer says about a group.
 * Spec: docs/protocol.md, Groups (GRP).
 */
import type { GroupCode } from '../../lib/groupCode';
import type { AppointedRole } from '../../lib/group/bodies';
import type { GroupFold } from '../../lib/group/types';
import type { ConversationId, PeerId } from '../../lib/ids';
import type { ReachToken } from '../../lib/reach';
import type { Unsubscribe } from '../transport';

/** The folded rosters of the groups this device holds, as sessions and sync need them. */
export interface GroupDirectory {
  /**
   * The raw key (canonical base64url) the rosters give `peer` when they are a member of a
   * group I am a member of, else null. Sessions with people who are not friends are keyed by it.
   */
  rosterKey(peer: PeerId): Promise<string | null>;
  /** Groups where both `peer` and I are members now, not dissolved. */
  sharedGroups(peer: PeerId): Promise<readonly ConversationId[]>;
  /** Whether `peer` may receive and relay `conv`'s events: both of us are members now. */
  shares(peer: PeerId, conv: ConversationId): Promise<boolean>;
  /** Members of `conv` other than me (empty when I am not a member). */
  members(conv: ConversationId): Promise<readonly PeerId[]>;
  /** A group's roster changed (after a fold): sessions re-check, dialers re-plan. */
  onChange(listener: (conv: ConversationId) => void): Unsubscribe;
}

/** The group actions the screens call; each signs and stores one control event, then pushes it. */
export interface GroupActions {
  /** A new group with me as owner and these friends as members; its id. */
  create(name: string, friends: readonly PeerId[]): Promise<ConversationId>;
  invite(conv: ConversationId, friends: readonly PeerId[], reason?: string): Promise<void>;
  leave(conv: ConversationId): Promise<void>;
  remove(conv: ConversationId, member: PeerId): Promise<void>;
  setRole(conv: ConversationId, member: PeerId, role: AppointedRole): Promise<void>;
  transfer(conv: ConversationId, member: PeerId): Promise<void>;
  setMeta(
    conv: ConversationId,
    meta: {
      name?: string;
      avatar?: string | null;
      announcement?: string | null;
      approval?: boolean;
    },
  ): Promise<void>;
  setNickname(conv: ConversationId, nickname: string | null): Promise<void>;
  dissolve(conv: ConversationId): Promise<void>;
  /** Publish a fresh reach token of mine in `conv` ([GRP-71]). */
  publishReach(conv: ConversationId, token: ReachToken): Promise<void>;
  /** [GRP-40] A new group code; its link id. */
  createCode(conv: ConversationId): Promise<string>;
  revokeCode(conv: ConversationId, id: string): Promise<void>;
  /** [GRP-11] Admit, or turn away, someone waiting for approval. */
  accept(conv: ConversationId, member: PeerId): Promise<void>;
  decline(conv: ConversationId, member: PeerId): Promise<void>;
  /**
   * [GRP-44] Join by a group code: `member` once the group is held with me in it, `pending` when
   * an admin must approve. Rejects with a JoinError (its `reason` says why). With `again`, only
   * ask about a join already sent ([GRP-81]).
   */
  join(
    code: GroupCode,
    reason?: string,
    onStep?: (step: 'reaching' | 'checking' | 'joining' | 'syncing') => void,
    again?: boolean,
  ): Promise<'member' | 'pending'>;
  /** The folded group as this device holds it, or null when no event of it is held. */
  view(conv: ConversationId): Promise<GroupFold | null>;
  /** `conv`'s folded view changed. */
  onView(listener: (conv: ConversationId) => void): Unsubscribe;
}
