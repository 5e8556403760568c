/**
 * The group part of storing events, inside the chat store's transaction: forks of a slot
 * ([GRP-5]), the roster folded again from the stored control events when a batch brings one
 * ([GRP-18]), and which messages count ([GRP-13]). Only group conversations come here, so a
 * direct chat's store reads and writes nothing more.
 * Spec: docs/protocol.md [GRP-5], [GRP-13], [GRP-18].
 */
import { base64urlEncode } from '../lib/base64url';
import { isMessageType, type ChatEvent } from '../lib/chatEvent';
import { isGroupEventType } from '../lib/group/bodies';
import { compareSignatures } from '../lib/group/control';
import { foldGroup } from '../lib/group/fold';
import type { GroupFold } from '../lib/group/types';
import { groupKeys } from '../lib/group/verify';
import { isMessageVisible, isShownTo } from '../lib/group/visibility';
import type { ConversationId, PeerId } from '../lib/ids';
import type { ConvRow, EventRow, MessageRow } from './chatRows';
import type { PlumeDatabase } from './db';
import type { GroupRow } from './groupRows';
import { MAX_NUM, MAX_STR, MIN_NUM, MIN_STR } from './keyBounds';
import { postingKeysOf, postingsOf } from './searchIndex';

/** What a group store reads first, beside the chat store's reads. */
export interface GroupReads {
  row: GroupRow | undefined;
  /** The stored event at each arriving event's slot (author, seq), if any. */
  slots: (EventRow | undefined)[];
}

/** Read the group row and the slots of `events`, at once. */
export async function readGroup(
  d: PlumeDatabase,
  conv: ConversationId,
  events: readonly ChatEvent[],
): Promise<GroupReads> {
  const [row, slots] = await Promise.all([
    d.groups.get(conv),
    events.length ? d.events.bulkGet(events.map((e) => [conv, e.author, e.seq])) : [],
  ]);
  return { row, slots };
}

/**
 * [GRP-5] Arriving events that win a fork: a different event is stored at their slot, and
 * their signature bytes are lower. Every device keeps the same one.
 */
export function forkWinners(events: readonly ChatEvent[], reads: GroupReads): ChatEvent[] {
  const winners = new Map<string, ChatEvent>();
  events.forEach((event, i) => {
    const held = reads.slots[i];
    if (!held || held.sig === event.sig) return;
    const key = `${event.author}|${event.seq}`;
    const best = winners.get(key)?.sig ?? held.sig;
    if (compareSignatures(event.sig, best) < 0) winners.set(key, event);
  });
  return [...winners.values()];
}

/** A stored row for an event: `control` marks a group's control events for their index. */
export function groupEventRow(event: ChatEvent, row: EventRow): EventRow {
  return isGroupEventType(event.type) ? { ...row, control: event.conv } : row;
}

/** The fold of a group with no control event held: nobody is a member, nothing counts. */
export function emptyGroupRow(conv: ConversationId): GroupRow {
  return { conv, fold: foldGroup(conv, []), keys: {}, controls: 0 };
}

/**
 * [GRP-18] Fold `conv` again from its stored control events and `incoming` ones (this batch's,
 * which take their slot's place). Only control events are read, never the messages.
 */
export async function refoldGroup(
  d: PlumeDatabase,
  conv: ConversationId,
  incoming: readonly ChatEvent[],
): Promise<GroupRow> {
  const stored = await d.events.where('control').equals(conv).toArray();
  const bySlot = new Map<string, ChatEvent>();
  for (const { target: _t, control: _c, ...event } of stored)
    bySlot.set(`${event.author}|${event.seq}`, event);
  for (const event of incoming) bySlot.set(`${event.author}|${event.seq}`, event);
  const events = [...bySlot.values()];
  const keys: Record<PeerId, string> = {};
  for (const [id, raw] of groupKeys(events)) keys[id] = base64urlEncode(raw);
  return { conv, fold: foldGroup(conv, events), keys, controls: events.length };
}

/** Whether two folds may count different messages: some timeline differs. */
export function timelinesDiffer(a: GroupFold, b: GroupFold): boolean {
  return JSON.stringify(a.timelines) !== JSON.stringify(b.timelines);
}

/**
 * [GRP-13] [GRP-80] Whether an arriving event of a group counts on my device: a message only
 * when it is shown to me (within my history of the group); an edit, recall or reaction when its
 * author was a member, whatever message it names.
 */
export function counts(fold: GroupFold, me: PeerId, event: ChatEvent): boolean {
  return isMessageType(event.type) ? isShownTo(fold, me, event) : isMessageVisible(fold, event);
}

/**
 * [GRP-13] [GRP-80] Whether a message row of `fold`'s group is shown to `me`: its author a member
 * at its seq, and the message within my history of the group.
 */
export function rowVisible(fold: GroupFold, me: PeerId, message: MessageRow): boolean {
  return isShownTo(fold, me, {
    conv: message.conv,
    author: message.author,
    seq: message.seq,
    lamport: message.lamport,
    type: 'text',
  } as ChatEvent);
}

/**
 * [GRP-13] After the roster changed: mark the group's stored messages that now count, or no
 * longer do, and move their search postings with them. Messages in `skip` (this batch's) are
 * left to the batch. Reads the group's messages once; only a roster change brings it here.
 */
export async function revisitMessages(
  d: PlumeDatabase,
  fold: GroupFold,
  me: PeerId,
  skip: ReadonlySet<string>,
): Promise<void> {
  const conv = fold.conv;
  const rows = await d.messages
    .where('[conv+lamport+author]')
    .between([conv, MIN_NUM, MIN_STR], [conv, MAX_NUM, MAX_STR], true, true)
    .toArray();
  const changed: MessageRow[] = [];
  const added = [];
  const removed = [];
  for (const message of rows) {
    if (skip.has(message.id)) continue;
    const voided = !rowVisible(fold, me, message);
    if (voided === (message.voided === true)) continue;
    const next = { ...message, voided };
    changed.push(next);
    if (voided) removed.push(...postingKeysOf(message));
    else added.push(...postingsOf(next));
  }
  if (changed.length === 0) return;
  await Promise.all([
    d.messages.bulkPut(changed),
    removed.length ? d.postings.bulkDelete(removed) : undefined,
    added.length ? d.postings.bulkPut(added) : undefined,
  ]);
}

/** [GRP-13] Whether my event at `seq` in a group would count: I am a member of it then. */
export function mayWrite(reads: GroupReads | null, me: PeerId, seq: number): boolean {
  const fold = reads?.row?.fold;
  return (
    fold !== undefined &&
    !fold.dissolved &&
    fold.members[me] !== undefined &&
    isMessageVisible(fold, { conv: fold.conv, author: me, seq, type: 'text' } as ChatEvent)
  );
}

/** A group's roster for one store: folded again when the batch brings control events. */
export interface Roster {
  row: GroupRow;
  /** Folded by this store (to be written). */
  refolded: boolean;
  /** Some member's timeline moved: stored messages may count differently. */
  changed: boolean;
}

/**
 * [GRP-18] The roster that decides which of the batch's messages count, and the conversation
 * row's group fields from it.
 */
export async function rosterFor(
  d: PlumeDatabase,
  conv: ConvRow,
  reads: GroupReads,
  events: readonly ChatEvent[],
): Promise<Roster> {
  const before = reads.row ?? emptyGroupRow(conv.conv);
  const controls = events.filter((e) => isGroupEventType(e.type));
  if (controls.length === 0) return { row: before, refolded: false, changed: false };
  const row = await refoldGroup(d, conv.conv, controls);
  conv.kind = 'group';
  conv.name = row.fold.name;
  conv.members = Object.keys(row.fold.members).sort() as PeerId[];
  return { row, refolded: true, changed: timelinesDiffer(before.fold, row.fold) };
}

/** Whether an event is a group control event, for the store's callers that hold this chunk. */
export { isGroupEventType };
