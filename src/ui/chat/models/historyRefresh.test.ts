import { describe, expect, it } from 'vitest';
import type { MessageRow } from '../../../db/chatRows';
import type { ChatEvent } from '../../../lib/chatEvent';
import type { ConversationId, EventId, PeerId } from '../../../lib/ids';
import { joinRefresh, precedes, refreshFor, spliceRows, type WindowRange } from './historyRefresh';

const conv = 'd:refreshrefreshrefreshrefre' as ConversationId;
const [ann, bob] = ['ann' as PeerId, 'bob' as PeerId];

function row(lamport: number, author = ann, hidden = false): MessageRow {
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
    hidden,
  };
}

function event(type: ChatEvent['type'], lamport: number, body: object, author = bob): ChatEvent {
  return { conv, author, seq: lamport, lamport, ts: lamport, type, body, sig: '' } as ChatEvent;
}

const text = (lamport: number, author = bob) => event('text', lamport, { text: 'hi' }, author);
const react = (target: EventId, lamport = 99) =>
  event('react', lamport, { target, emoji: '👍', on: true });

/** A window showing rows with lamports 10..14, quoting `q1`. */
function window(hasOlder = true): WindowRange {
  const rows = [10, 11, 12, 13, 14].map((n) => row(n));
  const ids = new Set<EventId>([...rows.map((r) => r.id), 'q1' as EventId]);
  return { rows, hasOlder, shows: (id) => ids.has(id) };
}

describe('what a change reads again [CHAT-8]', () => {
  it('[CHAT-8] a new message in the range reads from its place; one above the range reads nothing', () => {
    expect(refreshFor([text(15)], window())).toMatchObject({ from: { lamport: 15 } });
    // Concurrent with a shown row: it lands between them, so the read starts there.
    expect(refreshFor([text(15), text(12)], window())).toMatchObject({
      from: { lamport: 12, author: bob },
    });
    expect(refreshFor([text(9)], window())).toBeNull();
    // When the window holds the whole chat, an older message still belongs to it.
    expect(refreshFor([text(9)], window(false))).toMatchObject({ from: { lamport: 9 } });
  });

  it('[CHAT-8] a modifier reads its target when the window shows or quotes it, else nothing', () => {
    const shown = row(12).id;
    expect(refreshFor([react(shown)], window())?.ids).toEqual(new Set([shown]));
    expect(refreshFor([react('q1' as EventId)], window())?.ids).toEqual(new Set(['q1']));
    expect(refreshFor([react('far-above' as EventId)], window())).toBeNull();
    expect(refreshFor([], window())).toBeNull();
  });

  it('joins two refreshes into one read', () => {
    const into = refreshFor([text(14), react(row(10).id)], window())!;
    joinRefresh(into, refreshFor([text(11), react(row(13).id)], window())!);
    expect(into.from).toEqual({ lamport: 11, author: bob });
    expect(into.ids).toEqual(new Set([row(10).id, row(13).id]));
    expect(into.all).toBe(false);
    expect(precedes({ lamport: 3, author: 'b' }, { lamport: 3, author: 'c' })).toBe(true);
  });

  it('splices the rows read again into the loaded ones, dropping a row now hidden', () => {
    const rows = window().rows;
    const tail = [row(13), row(13, bob), row(14), row(15)];
    const edited = { ...row(11), text: 'edited' };
    const fresh = new Map([
      [edited.id, edited],
      [row(10).id, row(10, ann, true)],
    ]);
    const spliced = spliceRows(rows, { lamport: 13, author: ann }, tail, fresh);
    expect(spliced.map((r) => `${r.lamport}${r.author}`)).toEqual([
      '11ann',
      '12ann',
      '13ann',
      '13bob',
      '14ann',
      '15ann',
    ]);
    expect(spliced[0]!.text).toBe('edited');
    expect(spliced[2]).toBe(tail[0]);
  });
});
