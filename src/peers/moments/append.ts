/**
 * Appending my moments events: one copy per target log (the pair log with each friend it is
 * for, and my own log `m:<me,me>`, which keeps my posts on my device whoever they went to). Each
 * copy gets the next seq of my log there and a lamport above every moments lamport this device
 * knows ([MOM-5]); all are signed, then stored in one transaction. Appends run one at a time.
 * Spec: docs/protocol.md [MOM-1], [MOM-13].
 */
import type { PlumeDatabase } from '../../db/db';
import { logHead, momentsLamport, storeMoments, type MomentsStored } from '../../db/momentsStore';
import type { IdentityKeys } from '../../lib/identity';
import type { PeerId } from '../../lib/ids';
import {
  signMoment,
  type MomentBodies,
  type MomentEvent,
  type MomentType,
} from '../../lib/moments/events';
import { momentsLogId } from '../../lib/moments/logId';
import { SerialQueue } from '../../lib/serialQueue';

/** Signs and stores my events, one append at a time. */
export class Appender {
  readonly #db: PlumeDatabase;
  readonly #keys: IdentityKeys;
  readonly #now: () => number;
  readonly #queue = new SerialQueue();

  constructor(db: PlumeDatabase, keys: IdentityKeys, now: () => number) {
    this.#db = db;
    this.#keys = keys;
    this.#now = now;
  }

  /**
   * Append one event per target (a friend's id for our pair log, my own id for my log), each
   * with the body made for that target. Resolves with what was stored.
   */
  append<T extends MomentType>(
    type: T,
    targets: readonly PeerId[],
    body: (target: PeerId) => MomentBodies[T],
  ): Promise<MomentsStored> {
    return this.#queue.run(async () => {
      const me = this.#keys.id;
      let lamport = await momentsLamport(this.#db);
      const ts = this.#now();
      const events: MomentEvent[] = [];
      for (const target of new Set(targets)) {
        const conv = momentsLogId(me, target);
        const seq = (await logHead(this.#db, conv, me)) + 1;
        lamport += 1;
        const unsigned = { conv, author: me, seq, lamport, ts, type, body: body(target) };
        events.push(await signMoment(unsigned, this.#keys.privateKey));
      }
      return storeMoments(this.#db, me, events);
    });
  }
}
