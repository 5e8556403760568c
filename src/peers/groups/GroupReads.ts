/**
 * Read marks in groups: my own mark, signed and coalesced while I read, and every member's,
 * relayed between the members I have sessions with, so a mark reaches members its author never
 * meets. One row per member per group is kept; nothing grows with the messages read.
 * Spec: docs/protocol.md [GRP-50]..[GRP-54].
 */
import { getConv } from '../../db/convsRepo';
import type { PlumeDatabase } from '../../db/db';
import { getMark, listMarks, raiseMarks } from '../../db/groupMarks';
import { after, type Clock } from '../../lib/clock';
import { describeError } from '../../lib/errors';
import { isGroupId } from '../../lib/groupId';
import { signReadMark, verifyReadMark, type ReadMark } from '../../lib/group/readMark';
import type { GroupFold } from '../../lib/group/types';
import type { IdentityKeys } from '../../lib/identity';
import type { ConversationId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { Session } from '../session/Session';
import type { SessionManager } from '../session/SessionManager';
import type { Unsubscribe } from '../transport';
import { MAX_MARKS_PER_FRAME, parseReadsFrame, READS, readsFrame } from './readsFrame';

const logger = log('peers:groups:reads');

/** [GRP-53] My mark goes out at most this often per group, carrying where I read to by then. */
export const MARK_COALESCE_MS = 2000;

/** What read marks ask of the held groups (the roster directory answers). */
export interface MarkDirectory {
  shares(peer: PeerId, conv: ConversationId): Promise<boolean>;
  sharedGroups(peer: PeerId): Promise<readonly ConversationId[]>;
  keysOf(conv: ConversationId): Promise<ReadonlyMap<PeerId, Uint8Array>>;
  fold(conv: ConversationId): Promise<GroupFold | null>;
  onChange(listener: (conv: ConversationId) => void): Unsubscribe;
}

/** Construction parameters. */
export interface GroupReadsOptions {
  manager: SessionManager;
  keys: IdentityKeys;
  db: PlumeDatabase;
  directory: MarkDirectory;
  /** My read state of a conversation changed (the sync engine's `readState`). */
  onReadState: (listener: (conv: ConversationId) => void) => Unsubscribe;
  /** Whether my read receipts go out (settings); read each time a mark of mine would. */
  readReceipts: () => Promise<boolean>;
  clock: Clock;
}

/** A member of `fold` now, in a group that stands. */
function isMember(fold: GroupFold | null, peer: PeerId): boolean {
  return !!fold && !fold.dissolved && fold.members[peer] !== undefined;
}

/** The read-mark side of every live session. */
export class GroupReads {
  readonly #o: GroupReadsOptions;
  readonly #me: PeerId;
  /** Per live session: the groups whose marks it was offered. */
  readonly #offered = new Map<Session, Set<ConversationId>>();
  /** Groups whose mark of mine waits to go out. */
  readonly #waiting = new Map<ConversationId, () => void>();
  #offs: Unsubscribe[] = [];
  #stopped = false;

  constructor(options: GroupReadsOptions) {
    this.#o = options;
    this.#me = options.keys.id;
  }

  start(): void {
    if (this.#offs.length > 0 || this.#stopped) return;
    const { manager, directory } = this.#o;
    this.#offs = [
      manager.on('up', (session) => this.#attach(session)),
      directory.onChange((conv) => this.#offerEverywhere(conv)),
      this.#o.onReadState((conv) => {
        if (isGroupId(conv)) this.#schedule(conv);
      }),
    ];
    for (const peer of manager.livePeers) {
      const session = manager.session(peer);
      if (session) this.#attach(session);
    }
  }

  stop(): void {
    this.#stopped = true;
    for (const off of this.#offs) off();
    for (const cancel of this.#waiting.values()) cancel();
    this.#waiting.clear();
    this.#offered.clear();
  }

  #attach(session: Session): void {
    if (this.#stopped || this.#offered.has(session)) return;
    this.#offered.set(session, new Set());
    const off = session.on('frame', (frame) => {
      if (frame.type !== READS) return;
      this.#onFrame(session, parseReadsFrame(frame)).catch((err: unknown) =>
        logger.warn('could not take read marks', describeError(err)),
      );
    });
    session.on('closed', () => {
      off();
      this.#offered.delete(session);
    });
    this.#o.directory.sharedGroups(session.peer).then(
      async (convs) => {
        for (const conv of convs) await this.#offer(session, conv);
      },
      (err: unknown) => logger.warn('could not list shared groups', describeError(err)),
    );
  }

  /** A roster changed: offer its marks on each session that shares it now and had none. */
  #offerEverywhere(conv: ConversationId): void {
    for (const session of [...this.#offered.keys()]) {
      this.#offer(session, conv).catch((err: unknown) =>
        logger.warn('could not offer read marks', describeError(err)),
      );
    }
  }

  /** [GRP-53] Once per session and group: every mark held of a member now. */
  async #offer(session: Session, conv: ConversationId): Promise<void> {
    const offered = this.#offered.get(session);
    if (!offered || offered.has(conv)) return;
    if (!(await this.#o.directory.shares(session.peer, conv))) return;
    offered.add(conv);
    // A mark of mine a closed tab never sent is made now, so the offer carries it.
    await this.#publish(conv, false);
    const fold = await this.#o.directory.fold(conv);
    const mine = await this.#o.readReceipts();
    const marks = (await listMarks(this.#o.db, conv)).filter(
      (m) => isMember(fold, m.member) && (m.member !== this.#me || mine),
    );
    this.#send([session], conv, marks);
  }

  /** [GRP-51][GRP-52] Take the marks a member sent; relay those that raised one. */
  async #onFrame(session: Session, frame: ReturnType<typeof parseReadsFrame>): Promise<void> {
    if (!frame) return logger.warn('dropping a malformed READS from', session.peer);
    const { conv } = frame;
    const { directory } = this.#o;
    if (!(await directory.shares(session.peer, conv))) {
      return logger.warn('refusing read marks for a group', session.peer, 'does not share');
    }
    const fold = await directory.fold(conv);
    const keys = await directory.keysOf(conv);
    const checked: ReadMark[] = [];
    for (const mark of frame.marks) {
      const key = keys.get(mark.member);
      if (!isMember(fold, mark.member) || !key) {
        logger.warn('dropping a read mark of a non-member');
      } else if (!(await verifyReadMark(mark, key))) {
        logger.warn('dropping a read mark with a bad signature from', session.peer);
      } else checked.push(mark);
    }
    const raised = await raiseMarks(this.#o.db, checked);
    if (raised.length > 0) await this.#toMembers(conv, raised, session.peer);
  }

  /** [GRP-53] Coalesce: the first read starts the wait, later ones ride along. */
  #schedule(conv: ConversationId): void {
    if (this.#stopped || this.#waiting.has(conv)) return;
    const cancel = after(this.#o.clock, MARK_COALESCE_MS, () => {
      this.#waiting.delete(conv);
      this.#publish(conv, true).catch((err: unknown) =>
        logger.warn('could not send my read mark', describeError(err)),
      );
    });
    this.#waiting.set(conv, cancel);
  }

  /**
   * [GRP-50] Sign and keep my mark up to where I have read `conv`, when it is higher than the
   * one held and my receipts are on; push it to the members online when `push`.
   */
  async #publish(conv: ConversationId, push: boolean): Promise<void> {
    const { db, keys, directory } = this.#o;
    if (this.#stopped || !(await this.#o.readReceipts())) return;
    const row = await getConv(db, conv);
    if (!row || row.readUpto <= 0 || !isMember(await directory.fold(conv), this.#me)) return;
    const held = await getMark(db, conv, this.#me);
    if (held && held.upto >= row.readUpto) return;
    const mark = await signReadMark(conv, this.#me, row.readUpto, keys.privateKey);
    const raised = await raiseMarks(db, [mark]);
    if (push && raised.length > 0) await this.#toMembers(conv, raised);
  }

  /** [GRP-53] Send marks on every live session with a member of `conv` but `except`. */
  async #toMembers(conv: ConversationId, marks: ReadMark[], except?: PeerId): Promise<void> {
    const targets: Session[] = [];
    for (const session of this.#offered.keys()) {
      if (session.peer === except) continue;
      if (await this.#o.directory.shares(session.peer, conv)) targets.push(session);
    }
    this.#send(targets, conv, marks);
  }

  #send(sessions: readonly Session[], conv: ConversationId, marks: readonly ReadMark[]): void {
    if (this.#stopped) return;
    for (let i = 0; i < marks.length; i += MAX_MARKS_PER_FRAME) {
      const frame = readsFrame(conv, marks.slice(i, i + MAX_MARKS_PER_FRAME));
      for (const session of sessions) session.send(frame);
    }
  }
}
