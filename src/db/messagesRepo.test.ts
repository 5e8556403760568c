import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationId, EventId, PeerId } from '../lib/ids';
import type { MessageRow } from './chatRows';
import { PlumeDatabase } from './db';
import { pageBefore, pageFrom } from './messagesRepo';

const conv = 'd:pagespagespagespagespages' as ConversationId;
const other = 'd:otherotherotherotherother' as ConversationId;
let db: PlumeDatabase | null = null;

afterEach(() => {
  db?.close();
  db = null;
});

function row(n: number, hidden = false, chat = conv): MessageRow {
  return {
    id: `${chat}:a:${n}` as EventId,
    conv: chat,
    author: 'a' as PeerId,
    seq: n,
    lamport: n,
    ts: n,
    text: `m${n}`,
    replyTo: null,
    editLamport: 0,
    recalled: false,
    reactions: {},
    hidden,
  };
}

/** 30 messages, those in `hidden` hidden, plus a neighbouring chat's. */
async function setup(hidden: number[]): Promise<PlumeDatabase> {
  db = new PlumeDatabase(`test-pages-${crypto.randomUUID()}`);
  await db.messages.bulkPut(
    Array.from({ length: 30 }, (_, i) => row(i + 1, hidden.includes(i + 1))),
  );
  await db.messages.bulkPut([row(31, false, other), row(0, false, other)]);
  return db;
}

const texts = (rows: MessageRow[]) => rows.map((r) => r.text);

describe('history pages [CHAT-8]', () => {
  it('[CHAT-8] the newest page, oldest first, reads on past hidden rows to fill it', async () => {
    const d = await setup([30, 28, 27, 26, 25, 24, 21]);
    expect(texts(await pageBefore(d, conv, null, 5))).toEqual(['m19', 'm20', 'm22', 'm23', 'm29']);
    expect(texts(await pageBefore(d, conv, { lamport: 20, author: 'a' }, 3))).toEqual([
      'm17',
      'm18',
      'm19',
    ]);
  });

  it('[CHAT-8] stops at the start of the chat, with fewer rows than asked', async () => {
    const d = await setup([1, 2, 3, 5]);
    expect(texts(await pageBefore(d, conv, { lamport: 7, author: 'a' }, 5))).toEqual(['m4', 'm6']);
  });

  it('[CHAT-8] from a position to the newest, without hidden rows or other chats', async () => {
    const d = await setup([27, 29]);
    expect(texts(await pageFrom(d, conv, { lamport: 26, author: 'a' }))).toEqual([
      'm26',
      'm28',
      'm30',
    ]);
  });
});
