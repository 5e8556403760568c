import { afterEach, describe, expect, it } from 'vitest';
import { emptyConv } from '../../db/chatStore';
import { getConv } from '../../db/convsRepo';
import { PlumeDatabase } from '../../db/db';
import type { ConversationId, PeerId } from '../../lib/ids';
import { waitFor } from '../session/testing';
import { marksOf, StatusBook, type StatusMarks } from './StatusBook';

const conv = 'd:statusbookstatusbookstatu' as ConversationId;
const peer = 'peer' as PeerId;
let dbs: PlumeDatabase[] = [];

afterEach(() => {
  for (const db of dbs) db.close();
  dbs = [];
});

/** A database with the conversation row, a book on it, and what the book told views. */
async function setup(marks: Partial<StatusMarks> = {}) {
  const db = new PlumeDatabase(`test-status-${crypto.randomUUID()}`);
  dbs.push(db);
  await db.convs.put({ ...emptyConv({ conv, peer, members: [peer] }, 0), ...marks });
  const shown: StatusMarks[] = [];
  const failures: string[] = [];
  const book = new StatusBook({
    db,
    emit: (c, m) => {
      expect(c).toBe(conv);
      shown.push(m);
    },
    fail: (what) => failures.push(what),
  });
  const stored = async () => marksOf((await getConv(db, conv))!);
  /** Every write of the row fails until the returned function is called. */
  const breakWrites = () => {
    const fail = () => {
      throw new Error('disk full');
    };
    db.convs.hook('updating', fail);
    return () => db.convs.hook('updating').unsubscribe(fail);
  };
  return { db, book, shown, failures, stored, breakWrites };
}

const marks = (sentSeq: number, deliveredSeq: number, peerReadUpto = 0): StatusMarks => ({
  sentSeq,
  deliveredSeq,
  peerReadUpto,
});

describe('StatusBook [SYNC-8]', () => {
  it('[SYNC-8] shows a raised mark at once and writes it behind', async () => {
    const { db, book, shown, stored } = await setup();
    book.seed((await getConv(db, conv))!);
    book.raise(conv, { sentSeq: 1 });
    // Told before any write could have finished.
    expect(shown).toEqual([marks(1, 0)]);
    expect(book.peek(conv)).toEqual(marks(1, 0));
    book.raise(conv, { deliveredSeq: 1 });
    book.raise(conv, { deliveredSeq: 1 });
    expect(shown).toEqual([marks(1, 0), marks(1, 1)]);
    await waitFor(async () => (await stored()).deliveredSeq === 1);
    expect(await stored()).toEqual(marks(1, 1));
    expect(shown).toHaveLength(2);
  });

  it('[SYNC-8] never lowers a mark, and reads the row first when it was never seeded', async () => {
    const { book, shown, stored } = await setup(marks(4, 3, 9));
    book.raise(conv, { deliveredSeq: 2 });
    book.raise(conv, { sentSeq: 5 });
    await waitFor(async () => (await stored()).sentSeq === 5);
    expect(shown).toEqual([marks(5, 3, 9)]);
    expect(await stored()).toEqual(marks(5, 3, 9));
  });

  it('[SYNC-8] a failed delivery write shows the message as sent again until the next raise', async () => {
    const { db, book, shown, failures, stored, breakWrites } = await setup(marks(1, 0));
    book.seed((await getConv(db, conv))!);
    const repair = breakWrites();
    book.raise(conv, { deliveredSeq: 1 });
    expect(book.peek(conv)).toEqual(marks(1, 1));
    await waitFor(() => failures.length === 1);
    // Shown as delivered, then as sent again: the row still says so.
    expect(shown).toEqual([marks(1, 1), marks(1, 0)]);
    expect(book.peek(conv)).toEqual(marks(1, 0));
    expect(await stored()).toEqual(marks(1, 0));
    repair();
    // The next HAVE raises it again, and this time it is written.
    book.raise(conv, { deliveredSeq: 1 });
    await waitFor(async () => (await stored()).deliveredSeq === 1);
    expect(shown).toEqual([marks(1, 1), marks(1, 0), marks(1, 1)]);
  });

  it('writes marks raised during a write with the next one', async () => {
    const { db, book, stored } = await setup();
    book.seed((await getConv(db, conv))!);
    let writes = 0;
    db.convs.hook('updating', () => {
      writes++;
    });
    for (let seq = 1; seq <= 20; seq++) book.raise(conv, { sentSeq: seq, deliveredSeq: seq - 1 });
    await waitFor(async () => (await stored()).sentSeq === 20);
    await waitFor(async () => (await stored()).deliveredSeq === 19);
    // One write in flight at a time: the first, then one for everything raised meanwhile.
    expect(writes).toBe(2);
  });

  it('takes what another writer stored when it is seeded again', async () => {
    const { db, book, shown } = await setup(marks(2, 1));
    book.seed((await getConv(db, conv))!);
    await db.convs.update(conv, { deliveredSeq: 2 });
    book.seed((await getConv(db, conv))!);
    expect(shown).toEqual([marks(2, 2)]);
    book.seed({ ...(await getConv(db, conv))!, deliveredSeq: 0 });
    expect(book.peek(conv)).toEqual(marks(2, 2));
  });
});
