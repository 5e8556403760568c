/**
 * What a folded group says about events that are not control events: whether a message (or an
 * edit, recall, reaction, file, call) counts, and whether its author may mention everyone.
 * Spec: docs/protocol.md [GRP-13].
 */
import type { ChatEvent } from '../chatEvent';
import type { PeerId } from '../ids';
import type { Role } from './bodies';
import { isGroupEventType } from './bodies';
import { RANK, rankOf } from './state';
import type { GroupFold } from './types';

/**
 * [GRP-7] The role `author` held for its event at `seq`: that of the last change in the timeline
 * that applies beyond a seq below it; null when none (not admitted yet, removed, left, or the
 * group dissolved by then).
 */
export function roleAt(fold: GroupFold, author: PeerId, seq: number): Role | null {
  const changes = fold.timelines[author] ?? [];
  for (let i = changes.length - 1; i >= 0; i--) {
    if (changes[i]!.after < seq) return changes[i]!.role;
  }
  return null;
}

/** [GRP-13] True when `author` was a member for its event at `seq`. */
export function authorAllowedAt(fold: GroupFold, author: PeerId, seq: number): boolean {
  return rankOf(roleAt(fold, author, seq)) >= RANK.member;
}

/**
 * [GRP-13] True when a non-control event of this group counts: its author was a member at its
 * seq. Events of non-members, of removed members beyond what the removal had seen, after a
 * leave or after the dissolution are void, whatever their lamport claims.
 */
export function isMessageVisible(fold: GroupFold, event: ChatEvent): boolean {
  return (
    event.conv === fold.conv &&
    !isGroupEventType(event.type) &&
    authorAllowedAt(fold, event.author, event.seq)
  );
}

/** [GRP-13] `@all` counts only from an admin or the owner, at the mentioning event's seq. */
export function canMentionAll(fold: GroupFold, event: ChatEvent): boolean {
  return (
    isMessageVisible(fold, event) && rankOf(roleAt(fold, event.author, event.seq)) >= RANK.admin
  );
}

/**
 * [GRP-80] Whether `lamport` lies in a stretch of the group's history that `me` belongs to: above
 * the lamport of an admission of mine and below that of the exit that followed it (a leave, a
 * removal, the dissolution). A role change within a stretch neither starts nor ends one. Nobody
 * belongs to a history they hold no admission in. A fold kept from before lamports were recorded
 * shows the whole history, as it did.
 */
export function inHistoryOf(fold: GroupFold, me: PeerId, lamport: number): boolean {
  let start: number | null = null;
  for (const change of fold.timelines[me] ?? []) {
    if (change.lamport === undefined) return true;
    if (change.role !== null) start ??= change.lamport;
    else if (start !== null) {
      if (lamport > start && lamport < change.lamport) return true;
      start = null;
    }
  }
  return start !== null && lamport > start;
}

/**
 * [GRP-80] Whether `me` is shown a non-control event of the group: it counts ([GRP-13]), and it
 * is mine or lies in my history.
 */
export function isShownTo(fold: GroupFold, me: PeerId, event: ChatEvent): boolean {
  return (
    isMessageVisible(fold, event) && (event.author === me || inHistoryOf(fold, me, event.lamport))
  );
}
