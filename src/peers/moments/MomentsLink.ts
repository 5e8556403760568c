/**
 * The moments sync on one friend's session: the pair's log only. Both sides offer MOM_HAVE; each
 * streams what the other lacks, a few frames ahead of the acknowledgements (every MOM_EVENTS is
 * answered by a MOM_HAVE once stored). Everything for one session runs in order on one queue.
 * Spec: docs/protocol.md [MOM-13].
 */
import type { PlumeDatabase } from '../../db/db';
import {
  eventsAfter,
  logHead,
  logVector,
  storeMoments,
  type MomentsStored,
} from '../../db/momentsStore';
import { describeError } from '../../lib/errors';
import type { PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { momentsLogId, type MomentsLogId } from '../../lib/moments/logId';
import { SerialQueue } from '../../lib/serialQueue';
import type { Session } from '../session/Session';
import type { Unsubscribe } from '../transport';
import { MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH } from '../sync/constants';
import type { VersionVector } from '../sync/frames';
import { checkIncoming } from './checkIncoming';
import { isMomType, momEvents, momHave, parseMomFrame, type MomFrame } from './frames';

const logger = log('peers:moments');
const encoder = new TextEncoder();

/** [MOM-13] MOM_EVENTS frames a sender may have unacknowledged. */
export const MOM_WINDOW = 8;

/** What a link needs from its engine. */
export interface MomentsLinkContext {
  db: PlumeDatabase;
  me: PeerId;
  myPub: Uint8Array;
  /** The peer's pinned key while they are a friend (not blocked), else null. */
  friendKey: (peer: PeerId) => Promise<Uint8Array | null>;
  /** Events from the peer were stored. */
  stored: (peer: PeerId, result: MomentsStored) => void;
  /** A picture frame (MOM_PULL, MOM_PART) from the peer. */
  picture: (peer: PeerId, frame: MomFrame) => void;
}

/** The moments side of one session. */
export class MomentsLink {
  readonly peer: PeerId;
  readonly log: MomentsLogId;
  readonly #session: Session;
  readonly #ctx: MomentsLinkContext;
  readonly #queue = new SerialQueue();
  readonly #off: Unsubscribe;
  /** Their last HAVE (null: none yet, so nothing is pushed). */
  #theirs: VersionVector | null = null;
  /** Highest seq sent per author on this session. */
  readonly #sent = new Map<PeerId, number>();
  #inflight = 0;
  #closed = false;

  constructor(session: Session, ctx: MomentsLinkContext) {
    this.#session = session;
    this.peer = session.peer;
    this.#ctx = ctx;
    this.log = momentsLogId(ctx.me, session.peer);
    this.#off = session.on('frame', (frame) => {
      if (!isMomType(frame.type)) return;
      const parsed = parseMomFrame(frame);
      if (!parsed) return logger.warn('dropping a malformed', frame.type, 'from', this.peer);
      if (parsed.type === 'MOM_PULL' || parsed.type === 'MOM_PART') {
        return this.#ctx.picture(this.peer, parsed);
      }
      if (parsed.log !== this.log)
        return logger.warn('dropping a frame for another log from', this.peer);
      this.#enqueue(() =>
        parsed.type === 'MOM_HAVE' ? this.#onHave(parsed.vv) : this.#onEvents(parsed.events),
      );
    });
  }

  /** Session start, or the friendship began: offer our HAVE. */
  begin(): void {
    this.#enqueue(async () => {
      if (!(await this.#ctx.friendKey(this.peer))) return;
      this.#send(
        momHave(this.log, await logVector(this.#ctx.db, this.log, [this.#ctx.me, this.peer])),
      );
    });
  }

  /** New events of mine in this log: send them when the peer is listening. */
  pump(): void {
    this.#enqueue(() => this.#pump());
  }

  /** Send a frame on this session (pictures). */
  send(frame: { type: string; v: number }): boolean {
    return !this.#closed && this.#session.send(frame);
  }

  close(): void {
    this.#closed = true;
    this.#off();
  }

  #enqueue(task: () => Promise<void>): void {
    void this.#queue.push(task, (err) =>
      logger.warn('moments sync step failed with', this.peer, describeError(err)),
    );
  }

  #send(frame: { type: string; v: number }): void {
    if (!this.#closed) this.#session.send(frame);
  }

  async #onHave(vv: VersionVector): Promise<void> {
    if (!(await this.#ctx.friendKey(this.peer))) return;
    this.#inflight = Math.max(0, this.#inflight - 1);
    this.#theirs = vv;
    // With nothing in flight their HAVE is the truth: resend what they did not store.
    if (this.#inflight === 0) this.#sent.clear();
    await this.#pump();
  }

  async #pump(): Promise<void> {
    const theirs = this.#theirs;
    if (!theirs || this.#closed || !(await this.#ctx.friendKey(this.peer))) return;
    for (const author of [this.#ctx.me, this.peer]) {
      const head = await logHead(this.#ctx.db, this.log, author);
      let from = Math.max(theirs[author] ?? 0, this.#sent.get(author) ?? 0);
      while (from < head && this.#inflight < MOM_WINDOW) {
        const batch = await eventsAfter(this.#ctx.db, this.log, author, from, MAX_EVENTS_PER_BATCH);
        const frame: unknown[] = [];
        let bytes = 0;
        for (const event of batch) {
          const size = encoder.encode(JSON.stringify(event)).byteLength;
          if (frame.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
          frame.push(event);
          bytes += size;
          from = event.seq;
        }
        if (frame.length === 0) break;
        this.#sent.set(author, from);
        this.#inflight += 1;
        this.#send(momEvents(this.log, frame));
      }
    }
  }

  async #onEvents(raw: unknown[]): Promise<void> {
    const peerPub = await this.#ctx.friendKey(this.peer);
    if (!peerPub) return;
    const { me, myPub, db } = this.#ctx;
    const events = await checkIncoming(raw, { me, myPub, peer: this.peer, peerPub });
    const result = await storeMoments(db, me, events);
    this.#send(momHave(this.log, await logVector(db, this.log, [me, this.peer])));
    if (result.events.length > 0) this.#ctx.stored(this.peer, result);
  }
}
