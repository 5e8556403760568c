/**
 * The sync protocol on one authenticated session: HAVE exchange, batched
 * streaming with a window of unacknowledged EVENTS frames, verified idempotent
 * storage, READ and TYPING. Everything for one session runs in order on one
 * promise chain, so a pump and an incoming HAVE never interleave.
 * Spec: docs/protocol.md [SYNC-1..8].
 */
import { emptyConv, readLog, storeEvents, type ConvIdentity } from '../../db/chatStore';
import { scheduleIndexing } from '../../db/searchIndex';
import type { ConvRow } from '../../db/chatRows';
import { getConv, raiseMark } from '../../db/convsRepo';
import type { PlumeDatabase } from '../../db/db';
import { parseWireEvent, verifyEventWithKey, type ChatEvent } from '../../lib/chatEvent';
import { directConversationId } from '../../lib/convId';
import { importPublicKeyRaw } from '../../lib/identity';
import type { ConversationId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { Session } from '../session/Session';
import type { Unsubscribe } from '../transport';
import { MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH, SYNC_WINDOW } from './constants';
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
  changed: (conv: ConversationId) => void;
  incoming: (conv: ConversationId, events: ChatEvent[]) => void;
  typing: (conv: ConversationId) => void;
  /** Called when a step failed, to log at the right level. */
  fail: (what: string, err: unknown) => void;
}

/** Per-conversation flow state on this session. [SYNC-3] */
interface ConvState {
  haveSent: boolean;
  /** The epoch of their HAVEs (undefined: none yet). */
  theirEpoch: string | undefined;
  /** Their last HAVE (null: none yet, so nothing is pushed). */
  theirs: VersionVector | null;
  /** Per author, the highest seq sent or known held by them. */
  cursor: VersionVector;
  sentFrames: number;
  ackedFrames: number;
  receivedFrames: number;
}

const utf8 = new TextEncoder();

/** Frames whose signatures may be checked ahead of the one being stored. */
const VERIFY_AHEAD = 2;

/** One checked event of a frame: the event, or the warning it is dropped with. */
type Checked = ChatEvent | readonly unknown[];

/** The sync side of one session. */
export class SessionLink {
  readonly session: Session;
  readonly peer: PeerId;
  readonly #ctx: LinkContext;
  readonly #convs = new Map<ConversationId, ConvState>();
  /** Imported author keys; a pending import is shared by a frame's concurrent checks. */
  readonly #keys = new Map<PeerId, Promise<CryptoKey | null>>();
  /** EVENTS frames being verified ahead of the chain. */
  #verifying = 0;
  readonly #off: Unsubscribe;
  /** [SYNC-1] Random id of this link's state; a restarted engine gets a new one. */
  readonly #epoch = crypto.randomUUID().slice(0, 8);
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(session: Session, ctx: LinkContext) {
    this.session = session;
    this.peer = session.peer;
    this.#ctx = ctx;
    this.#off = session.on('frame', (frame) => {
      if (!isSyncType(frame.type)) return;
      const parsed = parseSyncFrame(frame);
      if (!parsed) return logger.warn('dropping a malformed', frame.type, 'from', this.peer);
      // Check an EVENTS frame's signatures now, while earlier frames are still
      // being stored; storing stays in order on the chain.
      const checked = parsed.type === 'EVENTS' ? this.#verifyAhead(parsed) : null;
      this.#enqueue(parsed.type, async () => {
        if (parsed.type === 'HAVE') return this.#onHave(parsed);
        if (parsed.type === 'EVENTS') return this.#onEvents(parsed, checked);
        if (!(await this.#allowed(parsed.conv))) return;
        if (parsed.type === 'TYPING') return this.#ctx.typing(parsed.conv);
        if (await raiseMark(this.#ctx.db, parsed.conv, 'peerReadUpto', parsed.upto))
          this.#ctx.changed(parsed.conv);
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
      if (!(await this.#ctx.friendKey(this.peer))) return;
      const state = this.#state(this.conv);
      if (!state.haveSent) await this.#sendHave(this.conv, state);
      const row = await getConv(this.#ctx.db, this.conv);
      if (row && row.readUpto > 0 && (await this.#ctx.readReceipts()))
        this.session.send(readFrame(this.conv, row.readUpto));
    });
  }

  /** New local events: send what the window allows. [SYNC-4] */
  push(conv: ConversationId): void {
    this.#enqueue('push', async () => {
      const state = this.#state(conv);
      if (state.theirs) return this.#pump(conv, state);
      // They never said HAVE on this session: ask (their reply starts the stream).
      if (!state.haveSent && (await this.#allowed(conv))) await this.#sendHave(conv, state);
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
  }

  #enqueue(what: string, task: () => Promise<void>): void {
    this.#chain = this.#chain
      .then(() => (this.#closed ? undefined : task()))
      .catch((err: unknown) => this.#ctx.fail(`sync step '${what}' failed`, err));
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

  async #allowed(conv: ConversationId): Promise<boolean> {
    if (conv !== this.conv) {
      logger.warn('dropping a frame for a conversation', this.peer, 'is not in');
      return false;
    }
    return (await this.#ctx.friendKey(this.peer)) !== null;
  }

  #who(conv: ConversationId): ConvIdentity {
    return { conv, peer: this.peer, members: [this.#ctx.me, this.peer] };
  }

  async #sendHave(conv: ConversationId, state: ConvState, row?: ConvRow): Promise<void> {
    const current = row ?? (await getConv(this.#ctx.db, conv)) ?? emptyConv(this.#who(conv), 0);
    state.haveSent = true;
    this.session.send(haveFrame(conv, current.vv, state.receivedFrames, this.#epoch));
  }

  /** [SYNC-3] A HAVE: reciprocate once, record acks and delivery, then pump. */
  async #onHave(frame: HaveFrame): Promise<void> {
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
    const delivered = frame.vv[this.#ctx.me] ?? 0;
    if (await raiseMark(this.#ctx.db, frame.conv, 'deliveredSeq', delivered))
      this.#ctx.changed(frame.conv);
    await this.#pump(frame.conv, state);
  }

  async #pump(conv: ConversationId, state: ConvState): Promise<void> {
    while (!this.#closed && state.sentFrames - state.ackedFrames < SYNC_WINDOW) {
      const row = await getConv(this.#ctx.db, conv);
      if (!row) return;
      const batch = await this.#nextBatch(conv, row.vv, state.cursor);
      if (batch.length === 0) return;
      if (!this.session.send(eventsFrame(conv, batch))) return;
      state.sentFrames++;
      let mine = 0;
      for (const e of batch) {
        state.cursor[e.author] = e.seq;
        if (e.author === this.#ctx.me) mine = e.seq;
      }
      if (mine > 0 && (await raiseMark(this.#ctx.db, conv, 'sentSeq', mine)))
        this.#ctx.changed(conv);
    }
  }

  /** [SYNC-2] Next events they lack, per author in seq order, within the batch limits. */
  async #nextBatch(conv: ConversationId, mine: VersionVector, cursor: VersionVector) {
    const batch: ChatEvent[] = [];
    let bytes = 0;
    for (const author of Object.keys(mine).sort()) {
      const from = (cursor[author] ?? 0) + 1;
      const room = MAX_EVENTS_PER_BATCH - batch.length;
      if (room <= 0) break;
      const events = await readLog(this.#ctx.db, conv, author as PeerId, from, mine[author]!, room);
      for (const event of events) {
        const size = utf8.encode(JSON.stringify(event)).byteLength;
        if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) return batch;
        batch.push(event);
        bytes += size;
      }
    }
    return batch;
  }

  #key(author: PeerId): Promise<CryptoKey | null> {
    const cached = this.#keys.get(author);
    if (cached) return cached;
    const pending = (async () => {
      const raw = author === this.#ctx.me ? this.#ctx.myPub : await this.#ctx.friendKey(author);
      return raw ? await importPublicKeyRaw(raw) : null;
    })();
    this.#keys.set(author, pending);
    // Only a key is kept: a missing one is looked up again next time.
    pending.then(
      (key) => {
        if (!key && this.#keys.get(author) === pending) this.#keys.delete(author);
      },
      () => {
        if (this.#keys.get(author) === pending) this.#keys.delete(author);
      },
    );
    return pending;
  }

  /** Start checking a frame ahead of the chain, if few are already being checked. */
  #verifyAhead(frame: EventsFrame): Promise<Checked[]> | null {
    if (this.#closed || frame.conv !== this.conv || this.#verifying >= VERIFY_AHEAD) return null;
    this.#verifying++;
    const checked = this.#verify(frame);
    const done = () => {
      this.#verifying--;
    };
    checked.then(done, done);
    return checked;
  }

  /**
   * Shape, membership and signature of each event, checked concurrently (the
   * WebCrypto verifies run off the main thread). In frame order; nothing logged.
   */
  #verify(frame: EventsFrame): Promise<Checked[]> {
    const members = new Set<string>([this.#ctx.me, this.peer]);
    return Promise.all(
      frame.events.map(async (raw): Promise<Checked> => {
        const event = parseWireEvent(raw);
        if (typeof event === 'string') return ['dropping an event:', event];
        if (event.conv !== frame.conv || !members.has(event.author))
          return ['dropping an event from a non-member or another conversation'];
        const key = await this.#key(event.author);
        if (!key || !(await verifyEventWithKey(event, key)))
          return ['dropping an event with a bad signature from', this.peer];
        return event;
      }),
    );
  }

  /** [SYNC-4][SYNC-5] Check every event, store the good ones, answer with HAVE. */
  async #onEvents(frame: EventsFrame, ahead: Promise<Checked[]> | null): Promise<void> {
    if (!(await this.#allowed(frame.conv))) return;
    const state = this.#state(frame.conv);
    state.receivedFrames++;
    const valid: ChatEvent[] = [];
    for (const item of await (ahead ?? this.#verify(frame))) {
      if (Array.isArray(item)) logger.warn(...(item as unknown[]));
      else valid.push(item as ChatEvent);
    }
    const now = this.#ctx.now();
    // Received backlog is indexed for search in idle time, off the receive path.
    const result = await storeEvents(
      this.#ctx.db,
      this.#who(frame.conv),
      valid,
      this.#ctx.me,
      now,
      {
        deferIndex: true,
      },
    );
    if (result.stored.length > 0) scheduleIndexing(this.#ctx.db);
    if (result.gaps > 0) logger.debug('held back', result.gaps, 'events beyond a gap');
    this.session.send(haveFrame(frame.conv, result.conv.vv, state.receivedFrames, this.#epoch));
    if (result.stored.length === 0) return;
    this.#ctx.changed(frame.conv);
    this.#ctx.incoming(frame.conv, result.stored);
  }
}
