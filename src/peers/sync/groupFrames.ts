/**
 * Checking a group's EVENTS frame before anything of it is stored ([GRP-19], [GRP-20]): a
 * member we share the group with has its events checked with the keys of the held roster
 * ([GRP-14]); a group I hold nothing of is taken only as an invitation, whose own events make
 * both of us members; anything else is refused whole.
 */
import type { ChatEvent } from '../../lib/chatEvent';
import type { FarewellCap } from '../../lib/group/farewell';
import { foldGroup } from '../../lib/group/fold';
import { checkGroupEvents } from '../../lib/group/verify';
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
}

/** The frame's events, each checked, or why it is dropped (log words); never rejects. */
export async function checkGroupFrame(
  groups: GroupSync,
  me: PeerId,
  peer: PeerId,
  frame: EventsFrame,
): Promise<CheckResult[]> {
  const conv = frame.conv;
  const access = await groups.access(peer, conv).catch(() => 'refused' as const);
  if (access === 'refused') return [`refusing a frame for a group ${peer} does not share`];
  const known = access === 'shared' ? await groups.keysOf(conv) : new Map<PeerId, Uint8Array>();
  const { events, dropped } = await checkGroupEvents(conv, frame.events, known);
  const results: CheckResult[] = dropped.map((d) => `dropping a group event: ${d.reason}`);
  if (access === 'shared') return [...results, ...events];
  return isInvitation(conv, events, me, peer)
    ? [...results, ...events]
    : [`refusing events of a group ${peer} does not share`];
}

/** [GRP-20] The events' own control events make both `me` and `peer` members of the group. */
function isInvitation(
  conv: ConversationId,
  events: readonly ChatEvent[],
  me: PeerId,
  peer: PeerId,
): boolean {
  const fold = foldGroup(conv, events);
  return !fold.dissolved && fold.members[me] !== undefined && fold.members[peer] !== undefined;
}
