/**
 * The host's side of a join by group code: a stranger who proves a code of a group I am a member
 * of gets the group's control events, then sends its signed `group.join`, which I check as the
 * fold would, store and answer. Storing it makes the joiner a member (or a request waiting for an
 * admin), so ordinary group sync takes over on the same session. [GRP-44]…[GRP-46]
 * Spec: docs/protocol.md, Group codes.
 */
import { storeEvents } from '../../db/chatStore';
import type { PlumeDatabase } from '../../db/db';
import { controlEvents } from '../../db/groupsRepo';
import type { ChatEvent } from '../../lib/chatEvent';
import { eventIdOf } from '../../lib/convId';
import { describeError } from '../../lib/errors';
import { verifyGroupJoinProof } from '../../lib/groupCode';
import { foldGroup } from '../../lib/group/fold';
import { isControlEvent, isControlOf } from '../../lib/group/control';
import type { GroupFold } from '../../lib/group/types';
import { checkGroupEvents } from '../../lib/group/verify';
import type { ConversationId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { KeyedSerialQueue } from '../../lib/serialQueue';
import { MAX_BATCH_BYTES } from '../sync/constants';
import type { Session } from '../session/Session';
import type { SessionManager } from '../session/SessionManager';
import type { Unsubscribe } from '../transport';
import {
  controlFrame,
  parseJoinFrame,
  resultFrame,
  type JoinAskFrame,
  type JoinEventFrame,
  type JoinRefusal,
} from './joinFrames';

const logger = log('peers:groups');

/** What the host asks of the friends engine about sessions with joiners. */
export interface JoinSessionHooks {
  holdForJoin(peer: PeerId): void;
  endJoin(peer: PeerId): void;
  adoptMember(session: Session): void;
}

/** Construction parameters. */
export interface JoinHostOptions {
  db: PlumeDatabase;
  me: PeerId;
  manager: Pick<SessionManager, 'on' | 'livePeers' | 'session'>;
  friends: JoinSessionHooks;
  fold: (conv: ConversationId) => Promise<GroupFold | null>;
  now: () => number;
}

/** The rank a link's issuer must still hold for the link to admit anyone. [GRP-15] */
function isAdmin(fold: GroupFold, peer: PeerId): boolean {
  const role = fold.members[peer]?.role;
  return role === 'owner' || role === 'admin';
}

/** Split `events` into batches whose JSON stays under the sync batch cap. */
export function controlBatches(events: readonly ChatEvent[]): ChatEvent[][] {
  const batches: ChatEvent[][] = [];
  let batch: ChatEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = JSON.stringify(event).length;
    if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(event);
    bytes += size;
  }
  batches.push(batch);
  return batches;
}

/** Answers joins by the codes of my groups on every session. */
export class JoinHost {
  readonly #options: JoinHostOptions;
  readonly #queues = new KeyedSerialQueue<Session>();
  /** The code each session proved: only a join by it is taken. */
  readonly #proved = new WeakMap<Session, { conv: ConversationId; link: string }>();
  #offs: Unsubscribe[] = [];

  constructor(options: JoinHostOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#offs.length > 0) return;
    const { manager } = this.#options;
    this.#offs.push(manager.on('up', (session) => this.#attach(session)));
    for (const peer of manager.livePeers) {
      const session = manager.session(peer);
      if (session) this.#attach(session);
    }
  }

  stop(): void {
    for (const off of this.#offs) off();
    this.#offs = [];
  }

  #attach(session: Session): void {
    const off = session.on('frame', (raw) => {
      if (raw.type !== 'GROUP_JOIN_ASK' && raw.type !== 'GROUP_JOIN') return;
      const frame = parseJoinFrame(raw);
      if (!frame) return logger.warn('dropping a malformed', raw.type, 'from', session.peer);
      void this.#queues.push(
        session,
        () =>
          frame.type === 'GROUP_JOIN_ASK'
            ? this.#onAsk(session, frame)
            : this.#onJoin(session, frame as JoinEventFrame),
        (err) => logger.error('a join by group code failed', describeError(err)),
      );
    });
    this.#offs.push(off);
    session.on('closed', () => {
      off();
      this.#queues.delete(session);
      this.#options.friends.endJoin(session.peer);
    });
  }

  #refuse(session: Session, conv: ConversationId, reason: JoinRefusal): void {
    logger.info('refusing a join of', conv, 'by', session.peer, '-', reason);
    session.send(resultFrame(conv, 'refused', reason));
    this.#options.friends.endJoin(session.peer);
  }

  /** [GRP-44] A proof of one of the group's codes: send the control events. */
  async #onAsk(session: Session, frame: JoinAskFrame): Promise<void> {
    const { me, now, db } = this.#options;
    const peer = session.peer;
    const fold = await this.#options.fold(frame.conv);
    if (!fold || fold.dissolved || !fold.members[me])
      return this.#refuse(session, frame.conv, 'unknown');
    let proved: string | null = null;
    for (const id of Object.keys(fold.links)) {
      if (await verifyGroupJoinProof(id, frame.conv, peer, frame.proof)) proved = id;
    }
    if (proved === null) return this.#refuse(session, frame.conv, 'unknown');
    const link = fold.links[proved]!;
    // One who already joined (a member, or waiting for approval) asks again to learn the outcome.
    const known = fold.members[peer] !== undefined || fold.requests[peer] !== undefined;
    if (!known) {
      if (link.revoked || !isAdmin(fold, link.by))
        return this.#refuse(session, frame.conv, 'revoked');
      if (now() >= link.expires) return this.#refuse(session, frame.conv, 'expired');
    }
    this.#options.friends.holdForJoin(peer);
    this.#proved.set(session, { conv: frame.conv, link: proved });
    const batches = controlBatches(await controlEvents(db, frame.conv));
    batches.forEach((batch, i) => {
      session.send(controlFrame(frame.conv, batch, i === batches.length - 1));
    });
    if (fold.members[peer]) this.#admitted(session, frame.conv);
    else if (fold.requests[peer]) this.#pending(session, frame.conv);
  }

  /** [GRP-45] The joiner's signed join: checked as the fold would, stored, answered. */
  async #onJoin(session: Session, frame: JoinEventFrame): Promise<void> {
    const { db, me, now } = this.#options;
    const conv = frame.conv;
    const proved = this.#proved.get(session);
    if (!proved || proved.conv !== conv) return this.#refuse(session, conv, 'unknown');
    const { events } = await checkGroupEvents(conv, [frame.event], new Map());
    const event = events[0];
    const ok =
      event !== undefined &&
      event.author === session.peer &&
      isControlEvent(event) &&
      isControlOf(event, 'group.join') &&
      event.body.link.id === proved.link;
    if (!ok) return this.#refuse(session, conv, 'invalid');
    const held = await controlEvents(db, conv);
    const id = eventIdOf(conv, event.author, event.seq);
    const outcome = foldGroup(conv, [...held, event]).outcomes.find((o) => o.event === id);
    const pending = outcome?.status === 'void' && outcome.reason === 'pending';
    if (outcome?.status !== 'applied' && !pending) {
      return this.#refuse(session, conv, outcome?.reason === 'full' ? 'full' : 'invalid');
    }
    const who = { conv, peer: me, members: [], kind: 'group' as const };
    await storeEvents(db, who, [event], me, now());
    if (pending) this.#pending(session, conv);
    else this.#admitted(session, conv);
  }

  #admitted(session: Session, conv: ConversationId): void {
    this.#options.friends.adoptMember(session);
    session.send(resultFrame(conv, 'member'));
  }

  #pending(session: Session, conv: ConversationId): void {
    session.send(resultFrame(conv, 'pending'));
    this.#options.friends.endJoin(session.peer);
  }
}
