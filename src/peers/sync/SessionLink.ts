/**
 * The sync protocol on one authenticated session: HAVE exchange, batched
 * streaming with a window of unacknowledged EVENTS frames, verified idempotent
 * storage, READ and TYPING. Everything for one session runs in order on one
 * promise chain, so a pump and an incoming HAVE never interleave.
 * Spec: docs/protocol.md [SYNC-1..8].
 */
import { emptyConv, storeEvents, type ConvIdentity } from '../../db/chatStore';
import { scheduleIndexing } from '../../db/searchIndex';
import type { ConvRow, MessageRow } from '../../db/chatRows';
import { getConv } from '../../db/convsRepo';
import type { PlumeDatabase } from '../../db/db';
import type { ChatEvent } from '../../lib/chatEvent';
import { directConversationId } from '../../lib/convId';
import type { ConversationId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { mark, type MarkDetail } from '../../lib/marks';
import type { Session } from '../session/Session';
import type { Unsubscribe } from '../transport';
import type { CheckJob, CheckResult } from './checkEvents';
import {
  ANNOUNCED_ROWS_MAX,
  CHANGED_EVERY_MS,
  FRIEND_CHECK_MS,
  MAX_BATCH_BYTES,
  MAX_EVENTS_PER_BATCH,
  SYNC_WINDOW,
} from './constants';
import { EventsInbox, type InboxEntry } from './EventsInbox';
import { bytesOf, sendWindow, type SendState } from './outgoing';
import type { StatusMarks } from './StatusBook';
import {
  eventsFrame,
  haveFrame,
  isSyncType,
  parseSyncFrame,
  readFrame,
  typingFrame,
  type EventsFrame,
  type HaveFrame,
  type VersionVector,
} from './frames';
import { SerialQueue } from '../../lib/serialQueue';
import { isGroupId } from '../../lib/groupId';
import type { GroupSync } from './groupFrames';
import type { FarewellCap } from '../../lib/group/farewell';

const logger = log('peers:sync');

/** What a link needs from its engine. */
export interface LinkContext {
  db: PlumeDatabase;
  me: PeerId;
  myPub: Uint8Array;
  now: () => number;
  /** The peer's pinned key when it is a friend we sync with (not blocked), else null. */
  friendKey: (peer: PeerId) => Promise<Uint8Array | null>;
  readReceipts: () => Promise<boolean>;
  /** [CHAT-7] Checks a frame's events (in a worker when there is one). */
  check: (job: CheckJob) => Promise<CheckResult[]>;
  /** Events of `conv` were stored: the message rows written (undefined: too many to list). */
  changed: (conv: ConversationId, messages?: readonly MessageRow[]) => void;
  /** [SYNC-8] Raise status marks of my messages (shown at once, written behind). */
  raiseStatus: (conv: ConversationId, change: Partial<StatusMarks>) => void;
  /** A conversation row was read: its status marks are stored. */
  seedStatus: (row: ConvRow) => void;
  incoming: (conv: ConversationId, events: ChatEvent[]) => void;
  typing: (conv: ConversationId) => void;
  /** Called when a step failed, to log at the right level. */
  fail: (what: string, err: unknown) => void;
  /** The groups held here, as sync asks them ([GRP-19]); null: no group sync. */
  groups: GroupSync | null;
  /**
   * [GRP-19] A group's events from `from` were stored (`events`, in the order stored): offer them
   * to the other members.
   */
  relay: (conv: ConversationId, from: PeerId, events: readonly ChatEvent[]) => void;
}

/** Per-conversation flow state on this session. [SYNC-3] */
interface ConvState extends SendState {
  haveSent: boolean;
  /** The epoch of their HAVEs (undefined: none yet). */
  theirEpoch: string | undefined;
  /** Their last HAVE (null: none yet, so nothing is pushed). */
  theirs: VersionVector | null;
  receivedFrames: number;
  /** [GRP-60] The peer was removed from this group: nothing beyond this is sent. */
  cap?: FarewellCap;
}

/** The sync side of one session. */
export class SessionLink {
  readonly session: Session;
  readonly peer: PeerId;
  readonly #ctx: LinkContext;
  readonly #convs = new Map<ConversationId, ConvState>();
  /** The peer's raw key while it is known (null: look it up again). */
  #peerKey: Promise<Uint8Array | null> | null = null;
  readonly #inbox = new EventsInbox((frame) => this.#check(frame));
  /** Tasks enqueued so far: the inbox merges EVENTS frames whose tasks are adjacent. */
  #tasks = 0;
  /** When `changed` was last emitted (performance.now()). */
  #changedAt = -Infinity;
  /** Stores not announced yet (coalesced while frames stream): views must read again. */
  #unannounced = false;
  /** Until then (performance.now()), the peer is known to be a friend. */
  #friendUntil = -Infinity;
  /** The friend look-up under way, if any. */
  #friendCheck: Promise<boolean> | null = null;
  readonly #off: Unsubscribe;
  /** [SYNC-1] Random id of this link's state; a restarted engine gets a new one. */
  readonly #epoch = crypto.randomUUID().slice(0, 8);
  readonly #queue = new SerialQueue();
  #closed = false;
  /** Waiting for a removed member to acknowledge its farewell. [GRP-60] */
  readonly #farewells: (() => void)[] = [];

  constructor(session: Session, ctx: LinkContext) {
    this.session = session;
    this.peer = session.peer;
    this.#ctx = ctx;
    this.#off = session.on('frame', (frame) => {
      if (!isSyncType(frame.type)) return;
      const parsed = parseSyncFrame(frame);
      if (!parsed) return logger.warn('dropping a malformed', frame.type, 'from', this.peer);
      if (parsed.type === 'EVENTS') mark('events-received', lastOf(parsed.conv, parsed.events));
      else if (parsed.type === 'HAVE') mark('have-received', { conv: parsed.conv, vv: parsed.vv });
      // An EVENTS frame is checked from now on, while earlier frames are
      // still being stored; storing stays in order on the chain.
      const entry =
        parsed.type === 'EVENTS' && (parsed.conv === this.conv || isGroupId(parsed.conv))
          ? this.#inbox.add(parsed, this.#tasks)
          : null;
      this.#enqueue(parsed.type, async () => {
        if (parsed.type === 'HAVE') return this.#onHave(parsed);
        if (parsed.type === 'EVENTS') return this.#onEvents(parsed, entry);
        if (!(await this.#allowed(parsed.conv))) return;
        if (parsed.type === 'TYPING') return this.#ctx.typing(parsed.conv);
        // Read receipts in a group are per member, not the peer's: not kept here.
        if (!isGroupId(parsed.conv))
          this.#ctx.raiseStatus(parsed.conv, { peerReadUpto: parsed.upto });
      });
    });
  }

  /** The direct conversation with this link's peer. */
  get conv(): ConversationId {
    return directConversationId(this.#ctx.me, this.peer);
  }

  /** [SYNC-1] Session start (or friendship began): offer our HAVE and read state. */
  begin(): void {
    this.#enqueue('begin', async () => {
      // [GRP-19] Every group we share, friend or not: offer HAVE once.
      for (const conv of (await this.#ctx.groups?.sharedGroups(this.peer)) ?? []) {
        const state = this.#state(conv);
        if (!state.haveSent) await this.#sendHave(conv, state);
      }
      if (!(await this.#ctx.friendKey(this.peer))) return;
      const state = this.#state(this.conv);
      if (!state.haveSent) await this.#sendHave(this.conv, state);
      const row = await getConv(this.#ctx.db, this.conv);
      if (row) this.#ctx.seedStatus(row);
      if (row && row.readUpto > 0 && (await this.#ctx.readReceipts()))
        this.session.send(readFrame(this.conv, row.readUpto));
    });
  }

  /**
   * [GRP-19] `conv`'s roster changed: offer HAVE when we share it now, and forget its flow
   * state (so nothing more is sent) when we no longer do.
   */
  regroup(conv: ConversationId): void {
    this.#enqueue('regroup', async () => {
      if (await this.#allowed(conv, true)) {
        const state = this.#state(conv);
        state.cap = undefined;
        return this.#pushNow(conv, state);
      }
      // [GRP-60] Removed: the removal and its causal past still go, once, and nothing else.
      const state = this.#convs.get(conv);
      const cap = state?.theirs ? await this.#ctx.groups?.farewell(this.peer, conv) : null;
      if (!state || !cap) return void this.#convs.delete(conv);
      state.cap = cap;
      await this.#pump(conv, state);
    });
  }

  /**
   * [GRP-60] Resolves once every farewell sent on this link to a removed member has been
   * acknowledged by its HAVE (or the link closed), so the session may close behind it.
   */
  farewellSent(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.#farewells.push(resolve);
      this.#enqueue('farewell', () => Promise.resolve(this.#settleFarewells()));
    });
  }

  #settleFarewells(): void {
    for (const state of this.#convs.values()) {
      if (state.cap && state.sentFrames > state.ackedFrames) return;
    }
    for (const resolve of this.#farewells.splice(0)) resolve();
  }

  /** New local events: send what the window allows. [SYNC-4] */
  push(conv: ConversationId): void {
    this.#enqueue('push', () => this.#pushNow(conv, this.#state(conv)));
  }

  async #pushNow(conv: ConversationId, state: ConvState): Promise<void> {
    // A removed member is sent nothing new. [GRP-19]
    if (isGroupId(conv) && !(await this.#allowed(conv, true))) return;
    if (state.theirs) return this.#sent(conv, await this.#pump(conv, state));
    // They never said HAVE on this session: ask (their reply starts the stream).
    if (!state.haveSent && (await this.#allowed(conv))) await this.#sendHave(conv, state);
  }

  /** [SYNC-4] My event, just stored: see {@link pushEvents}. */
  pushEvent(event: ChatEvent): void {
    this.pushEvents(event.conv, [event]);
  }

  /**
   * [SYNC-4] Events just stored (mine, or a group's I relay, [GRP-19]): sent as they are, in
   * one frame, when for each author they are the next this peer lacks and the window has room,
   * so no read stands between receiving and relaying; else the window is filled from the log as
   * usual.
   */
  pushEvents(conv: ConversationId, events: readonly ChatEvent[]): void {
    this.#enqueue('push', async () => {
      const state = this.#state(conv);
      const batch = nextInOrder(state.cursor, events);
      const room = state.sentFrames - state.ackedFrames < SYNC_WINDOW;
      if (!state.theirs || !batch || !room) return this.#pushNow(conv, state);
      if (!this.#sendEvents(conv, batch)) return;
      state.sentFrames++;
      let mine = 0;
      for (const event of batch) {
        state.cursor[event.author] = event.seq;
        if (event.author === this.#ctx.me) mine = event.seq;
      }
      this.#sent(conv, mine);
    });
  }

  /**
   * [GRP-74] My parting event (leave, dissolution), just stored: it ends my sharing the group, so
   * the usual push, which asks whether the group is shared, would hold it back. It goes as it
   * is, after whatever this link was sending; a peer that lacks earlier events of mine asks for
   * them with its next HAVE from whoever still shares the group.
   */
  sendParting(event: ChatEvent): void {
    this.#enqueue('push', () => {
      if (!this.#sendEvents(event.conv, [event])) return Promise.resolve();
      const state = this.#state(event.conv);
      if ((state.cursor[event.author] ?? 0) === event.seq - 1)
        state.cursor[event.author] = event.seq;
      return Promise.resolve();
    });
  }

  /** [SYNC-6] */
  sendRead(conv: ConversationId, upto: number): void {
    this.session.send(readFrame(conv, upto));
  }

  /** [SYNC-7] */
  sendTyping(conv: ConversationId): void {
    this.session.send(typingFrame(conv));
  }

  /** Stop handling frames; queued steps finish without sending. */
  close(): void {
    this.#closed = true;
    this.#off();
    this.#inbox.clear();
    for (const resolve of this.#farewells.splice(0)) resolve();
    if (this.#unannounced) this.#announce(this.conv);
  }

  #enqueue(what: string, task: () => Promise<void>): void {
    this.#tasks++;
    void this.#queue.push(
      () => (this.#closed ? undefined : task()),
      (err) => this.#ctx.fail(`sync step '${what}' failed`, err),
    );
  }

  #state(conv: ConversationId): ConvState {
    let state = this.#convs.get(conv);
    if (!state) {
      state = {
        haveSent: false,
        theirEpoch: undefined,
        theirs: null,
        cursor: {},
        sentFrames: 0,
        ackedFrames: 0,
        receivedFrames: 0,
      };
      this.#convs.set(conv, state);
    }
    return state;
  }

  /** A frame about `conv` is for this session's conversation (else it is dropped, and logged). */
  #ours(conv: ConversationId): boolean {
    if (conv === this.conv) return true;
    logger.warn('dropping a frame for a conversation', this.peer, 'is not in');
    return false;
  }

  /** [GRP-19] Whether `conv` is a group both of us are members of now (`quiet`: no log line). */
  async #shared(conv: ConversationId, quiet = false): Promise<boolean> {
    const shared = (await this.#ctx.groups?.access(this.peer, conv)) === 'shared';
    if (!shared && !quiet) logger.warn('refusing a frame for a group', this.peer, 'does not share');
    return shared;
  }

  async #allowed(conv: ConversationId, quiet = false): Promise<boolean> {
    if (isGroupId(conv)) return this.#shared(conv, quiet);
    if (!this.#ours(conv)) return false;
    // Blocking or removing a friend also closes the session; the look-up only
    // covers the time until then, so one answer serves a stream of frames briefly.
    // It is renewed before it runs out, beside the frame at hand rather than in its way.
    const now = performance.now();
    if (now >= this.#friendUntil) return this.#checkFriend();
    if (now >= this.#friendUntil - FRIEND_CHECK_MS / 2) void this.#checkFriend();
    return true;
  }

  /** Look the peer up (one look-up at a time); a friend is trusted for FRIEND_CHECK_MS. */
  #checkFriend(): Promise<boolean> {
    this.#friendCheck ??= this.#ctx.friendKey(this.peer).then(
      (key) => {
        this.#friendCheck = null;
        this.#friendUntil = key ? performance.now() + FRIEND_CHECK_MS : -Infinity;
        return key !== null;
      },
      (err: unknown) => {
        this.#friendCheck = null;
        throw err;
      },
    );
    return this.#friendCheck;
  }

  #who(conv: ConversationId): ConvIdentity {
    if (isGroupId(conv)) return { conv, peer: this.#ctx.me, members: [], kind: 'group' };
    return { conv, peer: this.peer, members: [this.#ctx.me, this.peer] };
  }

  async #sendHave(conv: ConversationId, state: ConvState, row?: ConvRow): Promise<void> {
    const stored = row ?? (await getConv(this.#ctx.db, conv));
    if (stored) this.#ctx.seedStatus(stored);
    const current = stored ?? emptyConv(this.#who(conv), 0);
    state.haveSent = true;
    this.session.send(haveFrame(conv, current.vv, state.receivedFrames, this.#epoch));
    mark('have-sent', { conv, vv: current.vv });
  }

  /** [SYNC-3] A HAVE: record delivery, reciprocate once, record acks, then pump. */
  async #onHave(frame: HaveFrame): Promise<void> {
    if (isGroupId(frame.conv)) return this.#onGroupHave(frame);
    if (!this.#ours(frame.conv)) return;
    // [SYNC-8] What they hold of mine shows at once: it sends nothing and reads nothing, so it
    // need not wait for the friend look-up that guards what follows.
    const delivered = frame.vv[this.#ctx.me] ?? 0;
    if (delivered > 0) this.#ctx.raiseStatus(frame.conv, { deliveredSeq: delivered });
    if (!(await this.#allowed(frame.conv))) return;
    const state = this.#state(frame.conv);
    // Their first HAVE on this session, or a new epoch (their sync state was
    // lost, and with it their count of our frames and our HAVE): say HAVE
    // (again). Ours may have been sent already and still never processed — a
    // peer that did not count us as a friend yet drops it (an invite: the
    // inviter is a friend first) — and without their HAVE of ours we never push.
    if (state.theirEpoch !== frame.epoch) {
      state.theirEpoch = frame.epoch;
      state.sentFrames = 0;
      state.ackedFrames = 0;
      await this.#sendHave(frame.conv, state);
    }
    state.ackedFrames = Math.max(state.ackedFrames, Math.min(frame.ack, state.sentFrames));
    state.theirs = frame.vv;
    if (state.sentFrames === state.ackedFrames) {
      // Everything sent was processed: they hold exactly vv; anything beyond was dropped.
      state.cursor = { ...frame.vv };
    } else {
      for (const [author, seq] of Object.entries(frame.vv))
        state.cursor[author] = Math.max(state.cursor[author] ?? 0, seq);
    }
    this.#sent(frame.conv, await this.#pump(frame.conv, state));
  }

  /**
   * [GRP-19] A group's HAVE: from a member we share it with, handled as in a direct chat; for
   * a group I hold nothing of, answered once with an empty HAVE (so an inviter sends the
   * invitation, [GRP-20]); anything else refused, nothing sent.
   */
  async #onGroupHave(frame: HaveFrame): Promise<void> {
    const access = await this.#ctx.groups?.access(this.peer, frame.conv);
    if (access === 'unknown') {
      const state = this.#state(frame.conv);
      const fresh = state.theirEpoch !== frame.epoch;
      // Kept, so that once the invitation makes the group shared, what I write goes out.
      state.theirEpoch = frame.epoch;
      state.theirs = frame.vv;
      state.cursor = { ...frame.vv };
      if (fresh) this.session.send(haveFrame(frame.conv, {}, state.receivedFrames, this.#epoch));
      return;
    }
    // [GRP-60] A removed member is answered only with its farewell, and told nothing of mine.
    const cap =
      access === 'shared' ? undefined : await this.#ctx.groups?.farewell(this.peer, frame.conv);
    if (access !== 'shared' && !cap) return void this.#shared(frame.conv);
    const state = this.#state(frame.conv);
    state.cap = cap ?? undefined;
    if (state.theirEpoch !== frame.epoch) {
      state.theirEpoch = frame.epoch;
      state.sentFrames = 0;
      state.ackedFrames = 0;
      if (!state.cap) await this.#sendHave(frame.conv, state);
    }
    state.ackedFrames = Math.max(state.ackedFrames, Math.min(frame.ack, state.sentFrames));
    state.theirs = frame.vv;
    if (state.sentFrames === state.ackedFrames) state.cursor = { ...frame.vv };
    else {
      for (const [author, seq] of Object.entries(frame.vv))
        state.cursor[author] = Math.max(state.cursor[author] ?? 0, seq);
    }
    await this.#pump(frame.conv, state);
    this.#settleFarewells();
  }

  /** [SYNC-8] My events up to `seq` went out on this session (0: none). */
  #sent(conv: ConversationId, seq: number): void {
    if (seq > 0 && !isGroupId(conv)) this.#ctx.raiseStatus(conv, { sentSeq: seq });
  }

  /** [SYNC-3] Send what the window allows; resolves to my highest seq sent (0: none). */
  #pump(conv: ConversationId, state: ConvState): Promise<number> {
    const send = (batch: ChatEvent[]) => this.#sendEvents(conv, batch);
    return sendWindow(this.#ctx.db, conv, state, this.#ctx.me, send, state.cap);
  }

  /** One EVENTS frame; false when it did not go (closed). */
  #sendEvents(conv: ConversationId, batch: ChatEvent[]): boolean {
    if (this.#closed || !this.session.send(eventsFrame(conv, batch))) return false;
    mark('events-sent', lastOf(conv, batch));
    return true;
  }

  /** Check a frame's events against the members' keys (in the verify worker). */
  async #check(frame: EventsFrame): Promise<CheckResult[]> {
    if (isGroupId(frame.conv)) {
      const groups = this.#ctx.groups;
      if (!groups) return ['dropping a group frame: groups are off'];
      // The group checks (keys from the roster, the fold) are a chunk a chat of two never loads.
      const { checkGroupFrame } = await import('./groupFrames');
      return checkGroupFrame(groups, this.#ctx.me, this.peer, frame);
    }
    this.#peerKey ??= this.#ctx.friendKey(this.peer);
    const pending = this.#peerKey;
    const peerKey = await pending.catch(() => null);
    // Only a key is kept: a missing one is looked up again next time.
    if (!peerKey && this.#peerKey === pending) this.#peerKey = null;
    const keys: Record<string, Uint8Array> = { [this.#ctx.me]: this.#ctx.myPub };
    if (peerKey) keys[this.peer] = peerKey;
    return this.#ctx.check({ conv: frame.conv, events: frame.events, keys });
  }

  /**
   * [SYNC-4][SYNC-5] Store the checked events of this frame and of the frames
   * that arrived right behind it, in one transaction; answer with one HAVE.
   */
  async #onEvents(frame: EventsFrame, entry: InboxEntry | null): Promise<void> {
    if (isGroupId(frame.conv)) return this.#onGroupEvents(frame, entry);
    if (entry?.taken || !this.#ours(frame.conv)) return;
    const group = entry ? this.#inbox.take(entry) : [];
    if (group.length === 0) return;
    const state = this.#state(frame.conv);
    const valid: ChatEvent[] = [];
    for (const taken of group) {
      for (const item of await this.#inbox.results(taken)) {
        if (typeof item === 'string') logger.warn(item, 'from', this.peer);
        else valid.push(item);
      }
    }
    mark('verified', lastOf(frame.conv, valid));
    // Received backlog is indexed for search in idle time, off the receive path. The peer must
    // still be a friend: checked in the same transaction, so nothing is read before it.
    const result = await storeEvents(
      this.#ctx.db,
      this.#who(frame.conv),
      valid,
      this.#ctx.me,
      this.#ctx.now(),
      { deferIndex: true, from: this.peer },
    );
    if (result.refused) return;
    state.receivedFrames += group.length;
    mark('stored', lastOf(frame.conv, result.stored));
    if (result.stored.length > 0) scheduleIndexing(this.#ctx.db);
    if (result.gaps > 0) logger.debug('held back', result.gaps, 'events beyond a gap');
    this.session.send(haveFrame(frame.conv, result.conv.vv, state.receivedFrames, this.#epoch));
    mark('have-sent', { conv: frame.conv, vv: result.conv.vv });
    this.#changed(frame.conv, result.messages, this.#inbox.size > 0);
    if (result.stored.length > 0) this.#ctx.incoming(frame.conv, result.stored);
  }

  /**
   * [GRP-19] A group's EVENTS, checked by {@link checkGroupFrame} (refused there, before any
   * store, when the peer does not share the group and it is no invitation): stored like a
   * direct chat's, answered with a HAVE, then offered to the other members.
   */
  async #onGroupEvents(frame: EventsFrame, entry: InboxEntry | null): Promise<void> {
    if (!entry || entry.taken) return;
    const group = this.#inbox.take(entry);
    const valid: ChatEvent[] = [];
    for (const taken of group) {
      for (const item of await this.#inbox.results(taken)) {
        if (typeof item === 'string') logger.warn(item, 'from', this.peer);
        else valid.push(item);
      }
    }
    const state = this.#state(frame.conv);
    if (valid.length === 0) {
      // Nothing to store (an unknown author's events wait for their add): still acknowledged,
      // so the window moves and the next HAVE asks for them again. A stranger gets no answer.
      if (!(await this.#shared(frame.conv, true))) return;
      state.receivedFrames += group.length;
      return this.#sendHave(frame.conv, state);
    }
    const result = await storeEvents(
      this.#ctx.db,
      this.#who(frame.conv),
      valid,
      this.#ctx.me,
      this.#ctx.now(),
      { deferIndex: true },
    );
    state.receivedFrames += group.length;
    if (result.stored.length > 0) scheduleIndexing(this.#ctx.db);
    this.session.send(haveFrame(frame.conv, result.conv.vv, state.receivedFrames, this.#epoch));
    if (result.stored.length === 0) return;
    // Relayed before the views are told, so the next hop does not wait behind this page's render.
    this.#ctx.relay(frame.conv, this.peer, result.stored);
    this.#changed(frame.conv, result.messages, this.#inbox.size > 0);
    this.#ctx.incoming(frame.conv, result.stored);
  }

  /**
   * Tell views that events of `conv` were stored: at once when nothing else
   * is under way, at most every CHANGED_EVERY_MS while frames are streaming
   * (`streaming`), and once more when the stream ends. Told at once, views
   * are handed the message rows written, up to ANNOUNCED_ROWS_MAX. Rows that
   * waited are not handed over: meanwhile my own store may have written a
   * newer version of one of them and shown it, so a change that waited (or
   * wrote too many rows) only says that views should read again.
   */
  #changed(conv: ConversationId, written: readonly MessageRow[] | null, streaming: boolean): void {
    if (written?.length === 0 && !this.#unannounced) return;
    const now = performance.now();
    if (streaming && now - this.#changedAt < CHANGED_EVERY_MS) {
      this.#unannounced = true;
      return;
    }
    const stale = !written || this.#unannounced || written.length > ANNOUNCED_ROWS_MAX;
    this.#announce(conv, stale ? undefined : written);
  }

  #announce(conv: ConversationId, written?: readonly MessageRow[]): void {
    this.#changedAt = performance.now();
    this.#unannounced = false;
    this.#ctx.changed(conv, written);
  }
}

/**
 * `events` as one frame sorted by author and seq, when for each author they follow `cursor`
 * without a gap and they fit one frame ([SYNC-2]: a single event always does); else null.
 */
function nextInOrder(cursor: VersionVector, events: readonly ChatEvent[]): ChatEvent[] | null {
  if (events.length === 0 || events.length > MAX_EVENTS_PER_BATCH) return null;
  if (events.length > 1 && bytesOf(JSON.stringify(events)) > MAX_BATCH_BYTES) return null;
  const batch = [...events].sort((a, b) =>
    a.author === b.author ? a.seq - b.seq : a.author < b.author ? -1 : 1,
  );
  const next: Record<string, number> = {};
  for (const event of batch) {
    const expected = (next[event.author] ?? cursor[event.author] ?? 0) + 1;
    if (event.seq !== expected) return null;
    next[event.author] = event.seq;
  }
  return batch;
}

/** A mark's detail naming the last event of `events` (wire events may not be checked yet). */
function lastOf(conv: ConversationId, events: readonly unknown[]): MarkDetail {
  const last = events.at(-1) as { author?: unknown; seq?: unknown } | undefined;
  return {
    conv,
    author: typeof last?.author === 'string' ? last.author : undefined,
    seq: typeof last?.seq === 'number' ? last.seq : undefined,
  };
}
