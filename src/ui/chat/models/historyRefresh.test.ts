import { describe, expect, it } from 'vitest';
import type { MessageRow } from '../../../db/chatRows';
import type { ConversationId, EventId, PeerId } from '../../../lib/ids';
import {
  joinRefresh,
  mergeRows,
  precedes,
  refreshWith,
  touches,
  type WindowRange,
} from './historyRefresh';

const conv = 'd:refreshrefreshrefreshrefre' as ConversationId;
const [ann, bob] = ['ann' as PeerId, 'bob' as PeerId];

function row(lamport: number, author = ann, changes: Partial<MessageRow> = {}): MessageRow {
  return {
    id: `m${lamport}${author}` as EventId,
    conv,
    author,
    seq: lamport,
    lamport,
    ts: lamport,
    text: `m${lamport}`,
    replyTo: null,
    editLamport: 0,
    recalled: false,
    reactions: {},
    hidden: false,
    ...changes,
  };
}

/** A window showing rows with lamports 10..14 (older ones exist unless `whole`), quoting m3. */
function window(whole = false): WindowRange {
  const rows = [10, 11, 12, 13, 14].map((n) => row(n));
  const ids = new Set<EventId>([...rows.map((r) => r.id), row(3).id]);
  return { rows, hasOlder: !whole, shows: (id) => ids.has(id) };
}

const order = (rows: MessageRow[]) => rows.map((r) => `${r.lamport}${r.author}`);

describe('a change reaching the open window [CHAT-8]', () => {
  it('[CHAT-8] new messages take their place in display order; older than the window, none', () => {
    const written = refreshWith([row(15, bob), row(12, bob), row(9, bob)]).rows;
    expect(order(mergeRows(window(), written))).toEqual([
      '10ann',
      '11ann',
      '12ann',
      '12bob',
      '13ann',
      '14ann',
      '15bob',
    ]);
    // When the window holds the whole chat, an older message belongs to it too.
    expect(order(mergeRows(window(true), refreshWith([row(9, bob)]).rows))[0]).toBe('9bob');
  });

  it('[CHAT-8] a changed row replaces its old self, and a row now hidden drops out', () => {
    const edited = row(11, ann, { text: 'edited', editLamport: 20 });
    const merged = mergeRows(window(), refreshWith([edited, row(13, ann, { hidden: true })]).rows);
    expect(order(merged)).toEqual(['10ann', '11ann', '12ann', '14ann']);
    expect(merged[1]).toBe(edited);
  });

  it('[CHAT-8] only rows shown, quoted or in range touch the window', () => {
    expect(touches([row(15, bob)], window())).toBe(true);
    expect(touches([row(12, ann, { text: 'edited' })], window())).toBe(true);
    expect(touches([row(3, ann, { recalled: true })], window())).toBe(true);
    // A reaction on a message far above, an old message arriving late: not the window's business.
    expect(touches([row(5, ann, { reactions: {} }), row(9, bob)], window())).toBe(false);
    expect(touches([row(9, bob)], window(true))).toBe(true);
    expect(touches([], window())).toBe(false);
  });

  it('joins two changes into one, the later version of a row winning', () => {
    const into = refreshWith([row(15, bob), row(11)]);
    const later = row(11, ann, { text: 'later' });
    joinRefresh(into, refreshWith([later]));
    expect([...into.rows.values()]).toEqual([row(15, bob), later]);
    expect(into.all).toBe(false);
    expect(precedes({ lamport: 3, author: 'b' }, { lamport: 3, author: 'c' })).toBe(true);
  });
});
