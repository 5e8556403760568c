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
import type { Clock } from '../../lib/clock';
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
import { bytesOf, sendWindow } from './outgoing';
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
import type { GroupSide, LinkPort } from './groupLink';
import { freshState, takeHave, type ConvState } from './linkState';

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
  /** The engine's timers and random (the relay's wait, [GRP-75]). */
  env: Clock & { random(): number };
  /** [GRP-19] Run `send` on the link of every live member of group `conv` but `except`. */
  toMembers: (conv: ConversationId, send: (link: SessionLink) => void, except?: PeerId) => void;
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
        state.shared ??= true;
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
    this.#enqueue('regroup', async () => (await this.#group())?.regroup(conv));
  }

  /**
   * [GRP-19] Tell the peer at once what I hold of group `conv` now (`vv`, just stored from
   * another member), so that nobody sends them events I am about to send. [GRP-75]
   */
  announce(conv: ConversationId, vv: VersionVector): void {
    this.#enqueue('announce', async () => (await this.#group())?.announce(conv, vv));
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
      // What their HAVE already shows they hold is not sent again. [GRP-75]
      const lacking = events.filter((e) => e.seq > (state.cursor[e.author] ?? 0));
      if (state.theirs && lacking.length === 0) return;
      const batch = nextInOrder(state.cursor, lacking);
      const room = state.sentFrames - state.ackedFrames < SYNC_WINDOW;
      // A group's first push on a state goes by the log, the admission first. [GRP-72]
      const first = isGroupId(conv) && !state.admitted;
      if (!state.theirs || !batch || !room || first) return this.#pushNow(conv, state);
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
      state = freshState();
      this.#convs.set(conv, state);
    }
    return state;
  }

  /** The group side, loaded once (null: groups are off). */
  #groupSide: Promise<GroupSide> | null = null;

  #group(): Promise<GroupSide | null> {
    const groups = this.#ctx.groups;
    if (!groups) return Promise.resolve(null);
    const loading = (this.#groupSide ??= import('./groupLink').then(
      (m) => new m.GroupSide(this.#port(), groups),
    ));
    loading.catch(() => {
      if (this.#groupSide === loading) this.#groupSide = null;
    });
    return loading;
  }

  /** What the group side may use of this link. */
  #port(): LinkPort {
    return {
      peer: this.peer,
      ctx: this.#ctx,
      state: (conv) => this.#state(conv),
      existing: (conv) => this.#convs.get(conv),
      forget: (conv) => void this.#convs.delete(conv),
      sendHave: (conv, state, vv) => this.#sendHave(conv, state, vv),
      sendWindow: (conv, state, hold) => {
        const send = (batch: ChatEvent[]) => this.#sendEvents(conv, batch);
        return sendWindow(this.#ctx.db, conv, state, this.#ctx.me, send, state.cap, hold);
      },
      sendEvents: (conv, batch) => this.#sendEvents(conv, batch),
      pushNow: (conv, state) => this.#pushNow(conv, state),
      settleFarewells: () => this.#settleFarewells(),
      take: (entry) => this.#inbox.take(entry),
      results: (taken) => this.#results(taken),
      changed: (conv, written) => this.#changed(conv, written, this.#inbox.size > 0),
    };
  }

  /** The events checked ahead of the taken frames; what was dropped is logged. */
  async #results(taken: readonly InboxEntry[]): Promise<ChatEvent[]> {
    const valid: ChatEvent[] = [];
    for (const entry of taken) {
      for (const item of await this.#inbox.results(entry)) {
        if (typeof item === 'string') logger.warn(item, 'from', this.peer);
        else valid.push(item);
      }
    }
    return valid;
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

  /** Say HAVE with `vv`, else what is stored. */
  async #sendHave(conv: ConversationId, state: ConvState, vv?: VersionVector): Promise<void> {
    let held = vv;
    if (!held) {
      const stored = await getConv(this.#ctx.db, conv);
      if (stored) this.#ctx.seedStatus(stored);
      held = (stored ?? emptyConv(this.#who(conv), 0)).vv;
    }
    state.haveSent = true;
    state.said = held;
    this.session.send(haveFrame(conv, held, state.receivedFrames, state.epoch));
    mark('have-sent', { conv, vv: held });
  }

  /** [SYNC-3] A HAVE: record delivery, reciprocate once, record acks, then pump. */
  async #onHave(frame: HaveFrame): Promise<void> {
    if (isGroupId(frame.conv)) return (await this.#group())?.onHave(frame);
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
    takeHave(state, frame.vv, frame.ack);
    this.#sent(frame.conv, await this.#pump(frame.conv, state));
  }

  /** [SYNC-8] My events up to `seq` went out on this session (0: none). */
  #sent(conv: ConversationId, seq: number): void {
    if (seq > 0 && !isGroupId(conv)) this.#ctx.raiseStatus(conv, { sentSeq: seq });
  }

  /** [SYNC-3] Send what the window allows; resolves to my highest seq sent (0: none). */
  async #pump(conv: ConversationId, state: ConvState): Promise<number> {
    if (isGroupId(conv)) return (await this.#group())?.pump(conv, state) ?? 0;
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
      return checkGroupFrame(groups, this.peer, frame);
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
    if (isGroupId(frame.conv)) return (await this.#group())?.onEvents(frame, entry);
    if (entry?.taken || !this.#ours(frame.conv)) return;
    const group = entry ? this.#inbox.take(entry) : [];
    if (group.length === 0) return;
    const state = this.#state(frame.conv);
    const valid = await this.#results(group);
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
    await this.#sendHave(frame.conv, state, result.conv.vv);
    this.#changed(frame.conv, result.messages, this.#inbox.size > 0);
    if (result.stored.length > 0) this.#ctx.incoming(frame.conv, result.stored);
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
