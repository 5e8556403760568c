import { describe, expect, it } from 'vitest';
import { base64urlEncode } from '../lib/base64url';
import { groupConversationId } from '../lib/groupId';
import type { ReadMark } from '../lib/group/readMark';
import type { ConversationId, PeerId } from '../lib/ids';
import { PlumeDatabase } from './db';
import { listMarks, raiseMarks, watchMarks } from './groupMarks';

const conv = groupConversationId(base64urlEncode(new Uint8Array(32).fill(1)), 'A'.repeat(22));
const other = groupConversationId(base64urlEncode(new Uint8Array(32).fill(2)), 'A'.repeat(22));
const [ann, bob] = ['a', 'b'].map((x) => x.repeat(32) as PeerId) as [PeerId, PeerId];

function mark(c: ConversationId, member: PeerId, upto: number): ReadMark {
  return { conv: c, member, upto, sig: `sig${upto}` };
}

describe('group read marks in storage', () => {
  it('[GRP-52] one row per member per group, the highest wins; raised ones are returned', async () => {
    const db = new PlumeDatabase(`test-group-marks-${crypto.randomUUID()}`);
    const told: ConversationId[] = [];
    const off = watchMarks(db, (c) => told.push(c));
    expect(
      await raiseMarks(db, [mark(conv, ann, 5), mark(conv, ann, 9), mark(conv, bob, 2)]),
    ).toEqual([mark(conv, ann, 9), mark(conv, bob, 2)]);
    expect(await raiseMarks(db, [mark(conv, ann, 7), mark(conv, bob, 2)])).toEqual([]);
    expect(await raiseMarks(db, [mark(conv, bob, 3), mark(other, ann, 1)])).toHaveLength(2);
    for (let upto = 10; upto < 60; upto++) await raiseMarks(db, [mark(conv, ann, upto)]);
    expect(await listMarks(db, conv)).toEqual([mark(conv, ann, 59), mark(conv, bob, 3)]);
    expect(await listMarks(db, other)).toEqual([mark(other, ann, 1)]);
    expect(told.slice(0, 3)).toEqual([conv, conv, other]);
    off();
    db.close();
  });
});
