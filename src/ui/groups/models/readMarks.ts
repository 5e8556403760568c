/**
 * The members' read marks of one group ([GRP-52]), kept fresh while a chat shows it: read from
 * storage, and again whenever a mark of the group is raised on this page.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { getDb } from '../../../db/db';
import { listMarks, watchMarks } from '../../../db/groupMarks';
import { describeError } from '../../../lib/errors';
import type { ConversationId, PeerId } from '../../../lib/ids';
import { log } from '../../../lib/log';

const logger = log('ui:groups');

/** A live view of a group's marks; `close` stops following them. */
export interface ReadMarksWatch {
  readonly marks: ReadonlySignal<ReadonlyMap<PeerId, number>>;
  close(): void;
}

/** Follow `conv`'s read marks: member → the lamport they have read up to. */
export function watchReadMarks(conv: ConversationId): ReadMarksWatch {
  const marks = signal<ReadonlyMap<PeerId, number>>(new Map());
  const db = getDb();
  let reads = 0;
  let closed = false;
  const read = () => {
    const mine = ++reads;
    listMarks(db, conv).then(
      (rows) => {
        if (!closed && mine === reads) marks.value = new Map(rows.map((r) => [r.member, r.upto]));
      },
      (err: unknown) => logger.warn('could not read the read marks', describeError(err)),
    );
  };
  const off = watchMarks(db, (raised) => {
    if (raised === conv) read();
  });
  read();
  return {
    marks,
    close() {
      closed = true;
      off();
    },
  };
}
