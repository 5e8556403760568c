/**
 * Storing events: one transaction checks that each event continues its
 * author's log with no gap, stores it, folds it into its message, updates the
 * search index and the conversation row. Verification of signatures happens
 * before (it is asynchronous crypto, which cannot run inside an IndexedDB
 * transaction). Spec: docs/protocol.md [SYNC-4], [CHAT-8..12].
 */
import type { ChatEvent, MessageEventType } from '../lib/chatEvent';
import { isMessageType } from '../lib/chatEvent';
import { eventIdOf } from '../lib/convId';
import type { ConversationId, EventId, PeerId } from '../lib/ids';
import type { Table, Transaction } from 'dexie';
import type { PersonRecord } from '../lib/people';
import type { ConvRow, EventRow, MessageRow, PostingRow } from './chatRows';
import type { PlumeDatabase } from './db';
import { applyModifier, isAfter, lastOf, messageFromEvent } from './fold';
import { deferIndexing, postingKeysOf, postingsOf, type IndexedConvRow } from './searchIndex';
import { withStorage } from './storageErrors';
import { isGroupId } from '../lib/groupId';
import type { GroupRow } from './groupRows';
import type { GroupReads } from './groupStore';
import type * as GroupStoreModule from './groupStore';
import { emitGroup } from './groupWatch';

type GroupStore = typeof GroupStoreModule;
let groupStoreLoad: Promise<GroupStore> | null = null;

/**
 * The group half of the store (the fold and its rules): a chunk of its own, so a first visit
 * without groups does not carry it. It is loaded before a group's transaction opens, since
 * waiting on a chunk inside one would let the transaction commit under it.
 */
function loadGroupStore(): Promise<GroupStore> {
  groupStoreLoad ??= import('./groupStore');
  return groupStoreLoad;
}

/** Who a conversation is with; used when its row does not exist yet. */
export interface ConvIdentity {
  conv: ConversationId;
  peer: PeerId;
  members: PeerId[];
  /** A group's row ([GRP-18]); absent for a direct chat. */
  kind?: 'group';
}

/** What one store call did. */
export interface StoreResult {
  stored: ChatEvent[];
  /**
   * The message rows written (new ones and those the stored modifiers changed), as stored; null
   * when a group's roster changed and messages beyond these may count differently now.
   */
  messages: MessageRow[] | null;
  duplicates: number;
  /** Events beyond a gap: dropped, the next HAVE asks again. [SYNC-5] */
  gaps: number;
  conv: ConvRow;
  /** Nothing was stored: the sender (StoreOptions.from) is no friend of mine (or is blocked). */
  refused?: 'not-friend';
  /** [GRP-18] A group's roster as folded again by this store (absent: it did not change). */
  group?: GroupRow;
}

/** A conversation row with nothing in it yet. */
export function emptyConv(who: ConvIdentity, now: number): ConvRow {
  return {
    ...(who.kind ? { kind: who.kind, name: null } : {}),
    conv: who.conv,
    peer: who.peer,
    members: [...who.members].sort(),
    vv: {},
    maxLamport: 0,
    lastActivity: now,
    last: null,
    unread: 0,
    pinned: false,
    muted: false,
    readUpto: 0,
    peerReadUpto: 0,
    sentSeq: 0,
    deliveredSeq: 0,
  };
}

function toRow(event: ChatEvent): EventRow {
  const body = event.body as { target?: EventId };
  return body.target ? { ...event, target: body.target } : { ...event };
}

/** Strip local fields: the event exactly as signed and sent. */
export function fromRow(row: EventRow): ChatEvent {
  const { target: _target, control: _control, ...event } = row;
  return event;
}

/** Events of the batch that pass the version-vector check, in order; counts the rest. */
function accept(row: ConvRow, events: readonly ChatEvent[], result: StoreResult): ChatEvent[] {
  const vv = { ...row.vv };
  const accepted: ChatEvent[] = [];
  for (const event of events) {
    const have = vv[event.author] ?? 0;
    if (event.seq <= have) result.duplicates++;
    else if (event.seq > have + 1) result.gaps++;
    else {
      vv[event.author] = event.seq;
      accepted.push(event);
    }
  }
  return accepted;
}

/** Messages of one batch, read once and written once; their postings as one diff. */
class BatchMessages {
  /** Messages as they stand now (undefined: no such message). */
  readonly current = new Map<EventId, MessageRow | undefined>();
  /** Stored messages whose searchable text changed: the text they were indexed with. */
  readonly indexedBefore = new Map<EventId, MessageRow>();
  readonly dirty = new Set<EventId>();
  readonly textChanged = new Set<EventId>();
  /** Messages created by this batch. */
  readonly created = new Set<EventId>();

  put(message: MessageRow, textChanged: boolean, isNew: boolean) {
    const before = this.current.get(message.id);
    if (textChanged && !isNew && before && !this.textChanged.has(message.id))
      this.indexedBefore.set(message.id, before);
    if (textChanged || isNew) this.textChanged.add(message.id);
    if (isNew) this.created.add(message.id);
    this.current.set(message.id, message);
    this.dirty.add(message.id);
  }
}

/** A postings key as one string, to compare keys. */
function keyOf(key: readonly [string, number, string]): string {
  return `${key[0]}\u0000${key[1]}\u0000${key[2]}`;
}

/** How to store. */
export interface StoreOptions {
  /**
   * Index new messages later (received backlog): no postings now, only the
   * conversation row's pending range is widened; indexPending and
   * scheduleIndexing (searchIndex.ts) index them. [CHAT-SEARCH-4]
   */
  deferIndex?: boolean;
  /**
   * The peer the events came from: they are stored only while it is a friend
   * and not blocked, checked inside the same transaction (no read before it).
   */
  from?: PeerId;
}

/**
 * Store events of one conversation idempotently, in order. An event at or
 * below its author's version-vector entry is a duplicate; one beyond the next
 * seq is a gap and is dropped. Rejects with StorageError (e.g. 'quota').
 *
 * The whole batch costs a fixed number of IndexedDB requests, issued in two
 * rounds: the conv row, one look-up of early modifiers (by `target`) and one
 * bulkGet of modified messages; then bulkAdd / bulkPut / bulkDelete and one
 * conv row write. The fold runs in memory in arrival order, with the same
 * result as storing the events one by one.
 */
export async function storeEvents(
  db: PlumeDatabase,
  who: ConvIdentity,
  events: readonly ChatEvent[],
  me: PeerId,
  now: number,
  options: StoreOptions = {},
): Promise<StoreResult> {
  const from = options.from ?? null;
  const tables: Table[] = [db.events, db.messages, db.convs, db.postings];
  if (from) tables.push(db.people);
  const gs = isGroupId(who.conv) ? await loadGroupStore() : null;
  if (gs) tables.push(db.groups);
  const result = await withStorage(db, (d) =>
    d.transaction('rw', tables, async (tx): Promise<StoreResult> => {
      const reads = await readForStore(d, who.conv, events, from, gs);
      if (from && !isFriend(reads.person)) {
        const conv = reads.stored ?? emptyConv(who, now);
        return { stored: [], messages: [], duplicates: 0, gaps: 0, conv, refused: 'not-friend' };
      }
      return storeRead(d, tx, who, events, me, now, options, reads);
    }),
  );
  if (result.stored.length > 0) noteHead(db, result);
  if (result.group) emitGroup(db, result.group);
  return result;
}

/** Why my own event was not stored; nothing was written. */
export type OwnStoreRefusal =
  /** The peer is not a friend (or is blocked): nothing may be sent to them. */
  | { reason: 'not-friend' }
  /** The conversation is unknown. */
  | { reason: 'no-conversation' }
  /** The event does not continue my log at its head: sign again from `conv`. */
  | { reason: 'stale'; conv: ConvRow }
  /** [GRP-13] A message in a group I am not a member of (or that is dissolved): it would not count. */
  | { reason: 'not-member' };

/**
 * [SYNC-4][CHAT-3] Store my own new event in one transaction with the checks
 * it rests on: the conversation exists, `who.peer` is a friend and not
 * blocked, and the event continues my log at its head (the seq right after
 * mine; with `aboveAll`, also a lamport above every lamport stored). The
 * event is signed before (signing is asynchronous crypto, which cannot run
 * inside the transaction), from the head this page last stored
 * ({@link knownHead}); when another writer moved the head, nothing is stored
 * and the caller signs again from the row handed back. Rejects with
 * StorageError.
 */
export async function storeOwnEvent(
  db: PlumeDatabase,
  who: ConvIdentity,
  event: ChatEvent,
  now: number,
  { aboveAll }: { aboveAll: boolean },
): Promise<StoreResult | OwnStoreRefusal> {
  const me = event.author;
  const gs = isGroupId(who.conv) ? await loadGroupStore() : null;
  const tables = [db.events, db.messages, db.convs, db.postings, gs ? db.groups : db.people];
  const outcome = await withStorage(db, (d) =>
    d.transaction('rw', tables, async (tx): Promise<StoreResult | OwnStoreRefusal> => {
      const reads = await readForStore(d, who.conv, [event], gs ? null : who.peer, gs);
      const { stored, person } = reads;
      if (!stored) return { reason: 'no-conversation' };
      if (!gs && !isFriend(person)) return { reason: 'not-friend' };
      // A control event's rules are the fold's ([GRP-8]); a message must count when it is written.
      if (gs && !gs.isGroupEventType(event.type) && !gs.mayWrite(reads.group, me, event.seq))
        return { reason: 'not-member' };
      const next = event.seq === (stored.vv[me] ?? 0) + 1;
      if (!next || (aboveAll && event.lamport <= stored.maxLamport))
        return { reason: 'stale', conv: stored };
      // My own text is indexed in idle time too (and before any search), not on the way to EVENTS.
      return storeRead(d, tx, who, [event], me, now, { deferIndex: true }, reads);
    }),
  );
  if ('stored' in outcome) noteHead(db, outcome);
  if ('stored' in outcome && outcome.group) emitGroup(db, outcome.group);
  return outcome;
}

/** The head of a conversation's logs: enough to sign my next event without reading. */
export interface ConvHead {
  conv: ConversationId;
  peer: PeerId;
  members: PeerId[];
  vv: Readonly<Record<string, number>>;
  maxLamport: number;
}

/** Per database, the head of each conversation as this page last stored it. */
const heads = new WeakMap<PlumeDatabase, Map<ConversationId, ConvHead>>();

/**
 * The head of `conv` as this page last stored it (null: nothing stored here
 * yet). Another tab or a restore may have moved it since; {@link storeOwnEvent}
 * checks it inside its transaction.
 */
export function knownHead(db: PlumeDatabase, conv: ConversationId): ConvHead | null {
  return heads.get(db)?.get(conv) ?? null;
}

function noteHead(db: PlumeDatabase, result: StoreResult): void {
  const row = result.conv;
  let known = heads.get(db);
  if (!known) {
    known = new Map();
    heads.set(db, known);
  }
  const head: ConvHead = {
    conv: row.conv,
    peer: row.peer,
    members: row.members,
    vv: { ...row.vv },
    maxLamport: row.maxLamport,
  };
  known.set(row.conv, head);
}

/**
 * Ask the database to commit `tx` once its requests are done (where the browser can). Not when
 * a table has write hooks: Dexie then reads the old rows first and writes after, and the write
 * would come too late.
 */
function commitNow(tx: Transaction): void {
  const native = tx.idbtrans as IDBTransaction | undefined;
  if (typeof native?.commit !== 'function') return;
  const hooked = [...native.objectStoreNames].some((name) => {
    const { creating, updating, deleting } = tx.table(name).hook;
    return [creating, updating, deleting].some((hook) => hook.subscribers.length > 0);
  });
  if (!hooked) native.commit();
}

/** A friend I sync with: not blocked. */
function isFriend(person: PersonRecord | undefined): boolean {
  return person !== undefined && person.state === 'friend' && !person.blocked;
}

/** What a store reads first, all at once. */
interface StoreReads {
  stored: ConvRow | undefined;
  earlyRows: EventRow[];
  targetList: EventId[];
  found: (MessageRow | undefined)[];
  person: PersonRecord | undefined;
  /** A group conversation's roster and slots; null for a direct chat. */
  group: GroupReads | null;
  /** The group half of the store, loaded for a group conversation; null for a direct chat. */
  gs: GroupStore | null;
}

/**
 * Everything the fold may need, read at once (one round trip, not three): the
 * conversation, modifiers stored before their target (another author's log
 * ran ahead), messages modified by this batch and, for my own event, the
 * peer. Duplicates and gaps are included; nothing of theirs is used.
 */
async function readForStore(
  d: PlumeDatabase,
  conv: ConversationId,
  events: readonly ChatEvent[],
  peer: PeerId | null,
  gs: GroupStore | null,
): Promise<StoreReads> {
  const textIds: EventId[] = [];
  const targets = new Set<EventId>();
  for (const event of events) {
    if (isMessageType(event.type)) textIds.push(eventIdOf(event.conv, event.author, event.seq));
    else {
      const target = (event.body as { target?: EventId }).target;
      if (target) targets.add(target);
    }
  }
  const targetList = [...targets];
  const [stored, earlyRows, found, person, group] = await Promise.all([
    d.convs.get(conv),
    textIds.length ? d.events.where('target').anyOf(textIds).toArray() : [],
    targetList.length ? d.messages.bulkGet(targetList) : [],
    peer ? d.people.get(peer) : undefined,
    gs ? gs.readGroup(d, conv, events) : null,
  ]);
  return { stored, earlyRows, targetList, found, person, group, gs };
}

/** The store itself, inside the caller's transaction, from what {@link readForStore} read. */
async function storeRead(
  d: PlumeDatabase,
  tx: Transaction,
  who: ConvIdentity,
  events: readonly ChatEvent[],
  me: PeerId,
  now: number,
  options: StoreOptions,
  { stored, earlyRows, targetList, found, group, gs }: StoreReads,
): Promise<StoreResult> {
  const row: IndexedConvRow = stored ?? emptyConv(who, now);
  const result: StoreResult = { stored: [], messages: [], duplicates: 0, gaps: 0, conv: row };
  const accepted = accept(row, events, result);
  // [GRP-5] A group's slot held with a higher signature gives way to the arriving event.
  const replaced = group && gs ? gs.forkWinners(events, group) : [];
  if (accepted.length === 0 && replaced.length === 0) return result;
  const roster = group && gs ? await gs.rosterFor(d, row, group, [...accepted, ...replaced]) : null;
  const counts = (event: ChatEvent) => !roster || !gs || gs.counts(roster.row.fold, me, event);
  const groupRow = (event: ChatEvent): EventRow =>
    gs ? gs.groupEventRow(event, toRow(event)) : toRow(event);

  const early = new Map<EventId, ChatEvent[]>();
  for (const mod of earlyRows) {
    const list = early.get(mod.target!) ?? [];
    list.push(fromRow(mod));
    early.set(mod.target!, list);
  }
  const batch = new BatchMessages();
  targetList.forEach((id, i) => batch.current.set(id, found[i]));

  const rows: EventRow[] = [];
  const replacedRows = replaced.map(groupRow);
  for (const event of [...replaced, ...accepted]) {
    const fresh = !replaced.includes(event);
    if (fresh) {
      rows.push(groupRow(event));
      row.vv[event.author] = event.seq;
      row.maxLamport = Math.max(row.maxLamport, event.lamport);
    }
    if (isMessageType(event.type)) {
      const id = eventIdOf(event.conv, event.author, event.seq);
      let message = messageFromEvent(event as ChatEvent<MessageEventType>, id);
      const mods = (early.get(id) ?? []).sort((x, y) => x.lamport - y.lamport);
      for (const mod of mods) message = applyModifier(message, mod).message;
      if (!counts(event)) message.voided = true;
      batch.put(message, true, fresh);
      if (message.voided || !fresh) continue;
      if (!row.last || isAfter(message, row.last)) row.last = lastOf(message);
      if (event.author !== me && event.lamport > row.readUpto && !message.recalled) row.unread++;
      // A peer's clock must not pin a chat to the top: never later than now.
      row.lastActivity = Math.max(row.lastActivity, Math.min(event.ts, now));
    } else {
      const target = (event.body as { target?: EventId }).target;
      if (!target || !counts(event)) continue;
      const message = batch.current.get(target);
      if (!message) {
        // The target may come later in this batch: fold it in then.
        const list = early.get(target) ?? [];
        list.push(event);
        early.set(target, list);
        continue;
      }
      const folded = applyModifier(message, event);
      if (!folded.changed) continue;
      batch.put(folded.message, folded.textChanged, false);
      if (row.last?.id === target) row.last = lastOf(folded.message);
    }
  }

  const messages = [...batch.dirty].map((id) => batch.current.get(id)!);
  const defer = options.deferIndex === true;
  const postings: PostingRow[] = [];
  for (const m of messages) {
    if (defer && batch.created.has(m.id)) deferIndexing(row, m);
    else if (batch.textChanged.has(m.id)) postings.push(...postingsOf(m));
  }
  // Postings of edited texts: the old ones go, except those the new text keeps.
  const kept = new Set(postings.map((p) => keyOf([p.t, p.ts, p.id])));
  const deleted = [...batch.indexedBefore.values()]
    .flatMap(postingKeysOf)
    .filter((k) => !kept.has(keyOf(k)));
  if (roster?.changed && gs) await gs.revisitMessages(d, roster.row.fold, me, batch.dirty);
  // Issued together, so the writes stream to the database without a round trip each.
  const writes = Promise.all([
    d.events.bulkAdd(rows),
    replacedRows.length ? d.events.bulkPut(replacedRows) : undefined,
    roster?.refolded ? d.groups.put(roster.row) : undefined,
    d.messages.bulkPut(messages),
    deleted.length ? d.postings.bulkDelete(deleted) : undefined,
    postings.length ? d.postings.bulkPut(postings) : undefined,
    d.convs.put(row),
  ]);
  // Nothing more is asked in this transaction: it may commit now, not only once the answers to
  // these writes have come back (a round trip to the database less on every store).
  commitNow(tx);
  await writes;
  result.stored = accepted;
  // A roster change revisited messages beyond this batch's: views read their window again.
  result.messages = roster?.changed ? null : messages;
  if (roster?.refolded) result.group = roster.row;
  return result;
}

/** Events of one author with seq in [from, to], at most `limit`, in seq order. [SYNC-2] */
export async function readLog(
  db: PlumeDatabase,
  conv: ConversationId,
  author: PeerId,
  from: number,
  to: number,
  limit: number,
): Promise<ChatEvent[]> {
  if (from > to) return [];
  const rows = await withStorage(db, (d) =>
    d.events
      .where('[conv+author+seq]')
      .between([conv, author, from], [conv, author, to], true, true)
      .limit(limit)
      .toArray(),
  );
  return rows.map(fromRow);
}

/** One stored event by id parts, or null. */
export async function getEvent(
  db: PlumeDatabase,
  conv: ConversationId,
  author: PeerId,
  seq: number,
): Promise<ChatEvent | null> {
  const row = await withStorage(db, (d) => d.events.get([conv, author, seq]));
  return row ? fromRow(row) : null;
}
