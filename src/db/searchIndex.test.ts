import { describe, expect, it } from 'vitest';
import {
  signEvent,
  type ChatEvent,
  type EventBodies,
  type EventType,
  type FileBody,
} from '../lib/chatEvent';
import { directConversationId, eventIdOf } from '../lib/convId';
import { generateIdentityKeys, type IdentityKeys } from '../lib/identity';
import type { ConversationId } from '../lib/ids';
import { parseQuery } from '../lib/search/tokenize';
import { storeEvents, type ConvIdentity } from './chatStore';
import { PlumeDatabase } from './db';
import { MAX_STR } from './keyBounds';
import { hideMessage } from './messagesRepo';
import { indexPending, PENDING_TOKEN, searchIndex, type IndexedConvRow } from './searchIndex';

const freshDb = (name = `test-search-${crypto.randomUUID()}`) => new PlumeDatabase(name);

/** A chat between `me` and a new friend, and a signer of the friend's next event. */
async function chat(me: IdentityKeys) {
  const peer = await generateIdentityKeys();
  const conv = directConversationId(me.id, peer.id);
  const who: ConvIdentity = { conv, peer: peer.id, members: [me.id, peer.id] };
  let seq = 0;
  const ev = <T extends EventType>(type: T, body: EventBodies[T], lamport = seq + 1) =>
    signEvent(
      { conv, author: peer.id, seq: ++seq, lamport, ts: 1000 + seq, type, body },
      peer.privateKey,
    );
  const texts = async (n: number, text = (i: number) => `note ${i} lighthouse`) => {
    const out: ChatEvent[] = [];
    for (let i = 0; i < n; i++) out.push(await ev('text', { text: text(i) }));
    return out;
  };
  return { peer, conv, who, ev, texts };
}

const postingsOf = async (db: PlumeDatabase) => db.postings.orderBy('[t+ts+id]').toArray();
async function pendingOf(db: PlumeDatabase, conv: ConversationId) {
  const row: IndexedConvRow | undefined = await db.convs.get(conv);
  return row?.pendingIndex;
}

async function drain(db: PlumeDatabase, chunk: number): Promise<number> {
  let total = 0;
  for (let n = -1; n !== 0; total += n) n = await indexPending(db, chunk);
  return total;
}

describe('deferred indexing [CHAT-SEARCH-4]', () => {
  it('[CHAT-SEARCH-4] indexes newest first in chunks and resumes after a restart', async () => {
    const me = await generateIdentityKeys();
    const { conv, who, texts } = await chat(me);
    const events = await texts(600);
    const name = `test-search-${crypto.randomUUID()}`;
    const deferred = freshDb(name);
    const direct = freshDb();
    await storeEvents(deferred, who, events, me.id, 5_000, { deferIndex: true });
    await storeEvents(direct, who, events, me.id, 5_000);
    expect(await deferred.postings.count()).toBe(0);
    expect(await pendingOf(deferred, conv)).toEqual({ lo: 1, below: [600, MAX_STR] });

    expect(await indexPending(deferred, 250)).toBe(250);
    // The newest 250 are indexed; the range now ends below the oldest of them.
    const indexed = new Set((await deferred.postings.toArray()).map((p) => p.id));
    expect(indexed.size).toBe(250);
    expect(indexed.has(eventIdOf(conv, who.peer, 600))).toBe(true);
    expect(indexed.has(eventIdOf(conv, who.peer, 350))).toBe(false);
    expect(await pendingOf(deferred, conv)).toEqual({ lo: 1, below: [351, who.peer] });

    // The tab closes between two chunks: a new connection goes on from the stored range.
    deferred.close();
    const reopened = freshDb(name);
    expect(await drain(reopened, 250)).toBe(350);
    expect(await pendingOf(reopened, conv)).toBeUndefined();
    expect(await postingsOf(reopened)).toEqual(await postingsOf(direct));
    expect(await reopened.convs.get(conv)).toEqual(await direct.convs.get(conv));
  });

  it('[CHAT-SEARCH-4] a batch stored while indexing is part-way is indexed too', async () => {
    const me = await generateIdentityKeys();
    const { conv, who, texts } = await chat(me);
    const [first, second] = [await texts(300), await texts(300)];
    const [db, direct] = [freshDb(), freshDb()];
    await storeEvents(db, who, first, me.id, 5_000, { deferIndex: true });
    expect(await indexPending(db, 100)).toBe(100);
    await storeEvents(db, who, second, me.id, 5_000, { deferIndex: true });
    expect(await pendingOf(db, conv)).toEqual({ lo: 1, below: [600, MAX_STR] });
    await drain(db, 250);
    await storeEvents(direct, who, [...first, ...second], me.id, 5_000);
    expect(await postingsOf(db)).toEqual(await postingsOf(direct));
  });

  it('[CHAT-SEARCH-4] edits and recalls of waiting messages end up indexed as folded', async () => {
    const me = await generateIdentityKeys();
    const { conv, who, ev } = await chat(me);
    const events = [
      await ev('text', { text: 'apple pie' }),
      await ev('text', { text: 'banana split' }),
      await ev('text', { text: 'cherry tart' }),
    ];
    const mods = [
      await ev('edit', { target: eventIdOf(conv, who.peer, 1), text: 'plum pie' }),
      await ev('delete', { target: eventIdOf(conv, who.peer, 2) }),
    ];
    const [db, direct] = [freshDb(), freshDb()];
    await storeEvents(db, who, events, me.id, 5_000, { deferIndex: true });
    await storeEvents(db, who, mods, me.id, 5_000, { deferIndex: true });
    await storeEvents(direct, who, [...events, ...mods], me.id, 5_000);
    await drain(db, 2);
    expect(await postingsOf(db)).toEqual(await postingsOf(direct));
    const find = async (q: string) => (await searchIndex(db, parseQuery(q)!, conv, 10)).length;
    expect([await find('apple'), await find('plum'), await find('banana')]).toEqual([0, 1, 0]);
  });

  it('[CHAT-SEARCH-4] a search indexes its own chat first, then others', async () => {
    const me = await generateIdentityKeys();
    const x = await chat(me);
    const y = await chat(me);
    const db = freshDb();
    await storeEvents(db, x.who, await x.texts(20), me.id, 5_000, { deferIndex: true });
    await storeEvents(db, y.who, await y.texts(20), me.id, 5_000, { deferIndex: true });
    expect(await indexPending(db, 20, y.conv)).toBe(20);
    expect(new Set((await db.postings.toArray()).map((p) => p.c))).toEqual(new Set([y.conv]));
    expect(await pendingOf(db, x.conv)).toEqual({ lo: 1, below: [20, MAX_STR] });
    expect(await searchIndex(db, parseQuery('lighthouse')!, undefined, 100)).toHaveLength(40);
    expect(await pendingOf(db, x.conv)).toBeUndefined();
    expect(await indexPending(db, 100)).toBe(0);
  });

  it('[CHAT-SEARCH-1] files are found by name; voice messages and recalled files are not', async () => {
    const me = await generateIdentityKeys();
    const x = await chat(me);
    const db = freshDb();
    const file = (name: string, extra: Partial<FileBody> = {}): FileBody => ({
      name,
      size: 1000,
      mime: 'application/pdf',
      sha256: 'a'.repeat(64),
      chunkSize: 64 * 1024,
      chunks: 'b'.repeat(64),
      ...extra,
    });
    const pdf = await x.ev('file', file('Quarterly report 2026.pdf'));
    const voice = await x.ev('file', file('report.webm', { mime: 'audio/webm', voice: true }));
    const text = await x.ev('text', { text: 'the report is attached' });
    await storeEvents(db, x.who, [pdf, voice, text], me.id, 5_000);
    const ids = async (q: string) =>
      (await searchIndex(db, parseQuery(q)!, undefined, 10)).map((m) => m.id).sort();
    const idOf = (e: ChatEvent) => eventIdOf(x.conv, e.author, e.seq);
    expect(await ids('report')).toEqual([idOf(pdf), idOf(text)].sort());
    expect(await ids('quarterly 2026')).toEqual([idOf(pdf)]);
    expect(await ids('webm')).toEqual([]);
    const postingsFor = async (e: ChatEvent) =>
      (await db.postings.toArray()).filter((p) => p.id === idOf(e)).length;
    expect(await postingsFor(pdf)).toBeGreaterThan(0);
    // Recalled: no longer found, and its postings are gone.
    await storeEvents(db, x.who, [await x.ev('delete', { target: idOf(pdf) })], me.id, 5_000);
    expect(await ids('quarterly')).toEqual([]);
    expect(await postingsFor(pdf)).toBe(0);
    // Deleted for me: the same.
    const doc = await x.ev('file', file('minutes.txt', { mime: 'text/plain' }));
    await storeEvents(db, x.who, [doc], me.id, 5_000);
    expect(await ids('minutes')).toEqual([idOf(doc)]);
    await hideMessage(db, idOf(doc));
    expect(await ids('minutes')).toEqual([]);
    expect(await postingsFor(doc)).toBe(0);
  });

  it('[CHAT-SEARCH-4] drains marker postings left by an earlier version', async () => {
    const me = await generateIdentityKeys();
    const { conv, who, texts } = await chat(me);
    const events = await texts(30);
    const [db, direct] = [freshDb(), freshDb()];
    await storeEvents(db, who, events, me.id, 5_000);
    await storeEvents(direct, who, events, me.id, 5_000);
    // What the earlier store left: a marker instead of each message's postings.
    const messages = await db.messages.toArray();
    await db.postings.clear();
    await db.postings.bulkPut(
      messages.map((m) => ({ t: PENDING_TOKEN, c: conv, ts: m.ts, id: m.id })),
    );
    expect(await drain(db, 7)).toBe(30);
    expect(await postingsOf(db)).toEqual(await postingsOf(direct));
  });
});
