/**
 * Checking a group's EVENTS frame ahead of storage ([GRP-19]): a member we share the group with
 * has its events checked with the keys of the held roster ([GRP-14]). A frame about a group not
 * shared with the peer is checked later, in order, as a possible invitation ([GRP-73]), and one
 * about a dissolved group is refused whole.
 */
import type { ChatEvent } from '../../lib/chatEvent';
import type { FarewellCap } from '../../lib/group/farewell';
import { checkGroupEvents } from '../../lib/group/verify';
import type { GroupFold } from '../../lib/group/types';
import type { ConversationId, PeerId } from '../../lib/ids';
import type { GroupAccess } from '../groups/RosterDirectory';
import type { CheckResult } from './checkEvents';
import type { EventsFrame } from './frames';

/** What group sync asks of the roster directory. */
export interface GroupSync {
  access(peer: PeerId, conv: ConversationId): Promise<GroupAccess>;
  sharedGroups(peer: PeerId): Promise<readonly ConversationId[]>;
  keysOf(conv: ConversationId): Promise<ReadonlyMap<PeerId, Uint8Array>>;
  /** [GRP-60] What `peer`, removed from `conv`, may still be sent; null when not removed. */
  farewell(peer: PeerId, conv: ConversationId): Promise<FarewellCap | null>;
  /** The fold of `conv` as held now, or null. */
  fold(conv: ConversationId): Promise<GroupFold | null>;
  /** [GRP-72] The control events held of `conv`. */
  control(conv: ConversationId): Promise<ChatEvent[]>;
}

/** The frame's events, each checked, or why it is dropped (log words); never rejects. */
export async function checkGroupFrame(
  groups: GroupSync,
  peer: PeerId,
  frame: EventsFrame,
): Promise<CheckResult[]> {
  const conv = frame.conv;
  const access = await groups.access(peer, conv).catch(() => 'refused' as const);
  if (access === 'refused') return ['refusing a frame for a dissolved group'];
  // Not shared: checked when its turn comes, with the keys the invitation names. [GRP-73]
  if (access !== 'shared') return [];
  const { events, dropped } = await checkGroupEvents(conv, frame.events, await groups.keysOf(conv));
  return [...dropped.map((d) => `dropping a group event: ${d.reason}`), ...events];
}
