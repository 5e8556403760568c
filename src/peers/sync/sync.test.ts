import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getConv } from '../../db/convsRepo';
import { getMessage } from '../../db/messagesRepo';
import { signEvent, type ChatEvent, type UnsignedEvent } from '../../lib/chatEvent';
import { eventIdOf } from '../../lib/convId';
import { generateIdentityKeys } from '../../lib/identity';
import { setLogSink } from '../../lib/log';
import { MemoryHub } from '../memory/MemoryHub';
import type { OutgoingFrame } from '../session/frames';
import { sleep, waitFor } from '../session/testing';
import { eventsFrame, type HaveFrame } from './frames';
import { directConversationId } from '../../lib/convId';
import { ensureConv } from '../../db/convsRepo';
import { befriend } from '../friends/testing';
import type { StatusMarks } from './StatusBook';
import { chatPair, logOf, makeChatInstall, type ChatInstall } from './testing';

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

async function pair() {
  const hub = new MemoryHub();
  const made = await chatPair(hub);
  cleanup.push(
    () => made.a.stop(),
    () => made.b.stop(),
  );
  return { hub, ...made };
}

async function untilEvents(i: ChatInstall, conv: ChatEvent['conv'], n: number): Promise<void> {
  await waitFor(async () => (await logOf(i, conv)).length === n, 3000, `${i.name} has ${n} events`);
}

/** From now on, the types of the frames `from` sends `to` over their session. */
function recordSent(from: ChatInstall, to: ChatInstall): string[] {
  const types: string[] = [];
  const session = from.engine.manager.session(to.id)!;
  const send = session.send.bind(session);
  session.send = (frame: OutgoingFrame) => {
    types.push(frame.type);
    return send(frame);
  };
  return types;
}

/** Send a raw EVENTS frame from `from` to its peer over the live session. */
function inject(from: ChatInstall, to: ChatInstall, events: unknown[]): void {
  const conv = (events[0] as ChatEvent).conv;
  from.engine.manager.session(to.id)!.send(eventsFrame(conv, events));
}

describe('chat sync over the memory transport', () => {
  it('[SYNC-4][SYNC-8] a live message is stored first, then delivered; status marks move', async () => {
    const { a, b, conv } = await pair();
    const sent = await a.sync.append(conv, 'text', { text: 'hello' });
    expect((await logOf(a, conv)).length).toBe(1);
    await untilEvents(b, conv, 1);
    const id = eventIdOf(conv, a.id, sent.seq);
    expect((await getMessage(b.db, id))?.text).toBe('hello');
    await waitFor(async () => (await getConv(a.db, conv))!.deliveredSeq === 1);
    expect((await getConv(a.db, conv))!.sentSeq).toBe(1);
    expect((await getConv(b.db, conv))!.unread).toBe(1);
    await b.sync.markRead(conv);
    expect((await getConv(b.db, conv))!.unread).toBe(0);
    await waitFor(async () => (await getConv(a.db, conv))!.peerReadUpto >= sent.lamport);
  });

  it('[SYNC-8] a failed delivery write shows my message as sent again until the next HAVE', async () => {
    const { a, b, conv } = await pair();
    const shown: StatusMarks[] = [];
    a.sync.on('status', (c, marks) => {
      if (c === conv) shown.push(marks);
    });
    // Writing a delivery mark to A's conversation row fails for now; everything else works.
    const failDelivery = (mods: object) => {
      if ('deliveredSeq' in mods) throw new Error('disk full');
    };
    a.db.convs.hook('updating', failDelivery);
    await a.sync.append(conv, 'text', { text: 'one' });
    await untilEvents(b, conv, 1);
    await waitFor(
      () => shown.some((m) => m.deliveredSeq === 1) && a.sync.statusOf(conv)?.deliveredSeq === 0,
      3000,
      'delivered shown, then taken back',
    );
    expect(a.sync.statusOf(conv)).toMatchObject({ sentSeq: 1, deliveredSeq: 0 });
    expect((await getConv(a.db, conv))!.deliveredSeq).toBe(0);
    // The next HAVE (after the next message) raises it again, and now it is written.
    a.db.convs.hook('updating').unsubscribe(failDelivery);
    await a.sync.append(conv, 'text', { text: 'two' });
    await waitFor(async () => (await getConv(a.db, conv))!.deliveredSeq === 2);
    expect(a.sync.statusOf(conv)).toMatchObject({ sentSeq: 2, deliveredSeq: 2 });
    expect(shown.at(-1)).toMatchObject({ deliveredSeq: 2 });
  });

  it('[SYNC-4] from append to EVENTS: one transaction, committed before the frame, which carries the stored event; the HAVE after the peer committed', async () => {
    // Every IndexedDB transaction of both installs while `recording` (Dexie binds the method
    // when it opens, so it is replaced before they open), when it started and committed.
    const log: string[] = [];
    let recording = false;
    const names = new Map<string, string>();
    const proto = IDBDatabase.prototype;
    const open = Object.getOwnPropertyDescriptor(proto, 'transaction')!;
    const original = open.value as (this: IDBDatabase, ...args: unknown[]) => IDBTransaction;
    Object.defineProperty(proto, 'transaction', {
      ...open,
      value: function (this: IDBDatabase, ...args: unknown[]) {
        const tx = original.apply(this, args);
        const who = names.get(this.name);
        if (recording && who) {
          const mode = (args[1] as string | undefined) ?? 'readonly';
          const stores = [args[0] as string | string[]].flat().sort().join(',');
          log.push(`${who} ${mode} ${stores}`);
          tx.addEventListener('complete', () => log.push(`${who} committed ${stores}`));
        }
        return tx;
      },
    });
    cleanup.push(() => Object.defineProperty(proto, 'transaction', open));
    const { a, b, conv } = await pair();
    names.set(a.db.name, 'A').set(b.db.name, 'B');
    // The first append of a page reads the conversation once; the second is the steady state.
    await a.sync.append(conv, 'text', { text: 'warm' });
    await waitFor(async () => (await getConv(a.db, conv))!.deliveredSeq === 1);
    const frames: unknown[][] = [];
    const watch = (from: ChatInstall, to: ChatInstall, type: string) => {
      const session = from.engine.manager.session(to.id)!;
      const send = session.send.bind(session);
      session.send = (frame: OutgoingFrame) => {
        if (recording && frame.type === type) {
          log.push(`${from === a ? 'A' : 'B'} sends ${type}`);
          if (type === 'EVENTS') frames.push((frame as unknown as { events: unknown[] }).events);
          else recording = false;
        }
        return send(frame);
      };
    };
    watch(a, b, 'EVENTS');
    watch(b, a, 'HAVE');
    recording = true;
    const sent = await a.sync.append(conv, 'text', { text: 'hello' });
    await waitFor(() => !recording);
    const store = 'convs,events,messages,people,postings';
    const onA = log.filter((line) => line.startsWith('A'));
    // A: one transaction, committed, then the frame; nothing read before it.
    expect(onA.slice(0, 3)).toEqual([
      `A readwrite ${store}`,
      `A committed ${store}`,
      'A sends EVENTS',
    ]);
    const stored = (await logOf(a, conv)).find((e) => e.seq === sent.seq);
    expect(frames[0]).toEqual([stored]);
    // B: its store committed before its HAVE went out.
    const onB = log.filter((line) => line.startsWith('B'));
    expect(onB.indexOf(`B committed ${store}`)).toBeGreaterThanOrEqual(0);
    expect(onB.indexOf(`B committed ${store}`)).toBeLessThan(onB.indexOf('B sends HAVE'));
    await untilEvents(b, conv, 2);
  });

  it('[SYNC-4] a frame whose store fails is not acknowledged, and is asked for again by the next engine', async () => {
    const { a, b, conv } = await pair();
    const failed: unknown[][] = [];
    cleanup.push(
      setLogSink((level, _ns, args) => void (level === 'error' && failed.push([...args]))),
    );
    // Bob's database refuses to store events for now.
    const refuse = () => {
      throw new Error('disk full');
    };
    b.db.events.hook('creating', refuse);
    const haves: number[] = [];
    await waitFor(() => b.engine.manager.session(a.id) !== null, 3000, 'the session');
    const session = b.engine.manager.session(a.id)!;
    const send = session.send.bind(session);
    session.send = (frame: OutgoingFrame) => {
      if (frame.type === 'HAVE') haves.push((frame as unknown as HaveFrame).vv[a.id] ?? 0);
      return send(frame);
    };
    await a.sync.append(conv, 'text', { text: 'one' });
    await waitFor(() => failed.length > 0, 3000, 'the failed store');
    // The HAVE would have followed the store at once: none acknowledged the event.
    expect(haves.every((seq) => seq === 0)).toBe(true);
    expect(await logOf(b, conv)).toHaveLength(0);
    expect(a.sync.statusOf(conv)?.deliveredSeq ?? 0).toBe(0);
    // Storing works again: Bob's next engine asks for the event, stores it, acknowledges it.
    b.db.events.hook('creating').unsubscribe(refuse);
    b.restartSync();
    await untilEvents(b, conv, 1);
    await waitFor(() => a.sync.statusOf(conv)?.deliveredSeq === 1, 3000, 'delivered');
  });

  it('[SYNC-6] with read receipts off no READ is sent', async () => {
    const { a, b, conv } = await pair();
    b.readReceipts = false;
    await a.sync.append(conv, 'text', { text: 'hi' });
    await untilEvents(b, conv, 1);
    const sent = recordSent(b, a);
    // READ is sent from within markRead, or not at all.
    await b.sync.markRead(conv);
    expect(sent).not.toContain('READ');
    expect((await getConv(a.db, conv))!.peerReadUpto).toBe(0);
    expect((await getConv(a.db, conv))!.deliveredSeq).toBe(1);
    // With them on again, the next markRead does send one.
    b.readReceipts = true;
    await a.sync.append(conv, 'text', { text: 'again' });
    await untilEvents(b, conv, 2);
    await b.sync.markRead(conv);
    expect(sent).toContain('READ');
  });

  it('[SYNC-1][SYNC-2] messages written while offline arrive in order after reconnect', async () => {
    const { hub, a, b, conv } = await pair();
    hub.setOffline(b.transport, true);
    hub.drop(a.id, b.id);
    await waitFor(() => !a.online(b.id));
    for (let i = 0; i < 250; i++) await a.sync.append(conv, 'text', { text: `m${i}` });
    expect((await getConv(a.db, conv))!.sentSeq).toBe(0);
    hub.setOffline(b.transport, false);
    await untilEvents(b, conv, 250);
    const texts = (await logOf(b, conv)).map((e) => (e.body as { text: string }).text);
    expect(texts).toEqual(Array.from({ length: 250 }, (_, i) => `m${i}`));
    await waitFor(async () => (await getConv(a.db, conv))!.deliveredSeq === 250);
  });

  it('[SYNC-7] TYPING shows on the other side and is throttled', async () => {
    const { a, b, conv } = await pair();
    const seen: number[] = [];
    b.sync.on('typing', (set) => seen.push(set.size));
    await a.sync.typing(conv);
    await a.sync.typing(conv);
    await waitFor(() => b.sync.typingIn.has(conv));
    expect(seen).toEqual([1]);
  });
});

describe('sync starts whoever becomes a friend first [SYNC-1]', () => {
  it('[SYNC-1] the invitee sends first after an invite on a live session: it reaches the inviter', async () => {
    // Engines run before the friendship, as in the app: the inviter (Ada)
    // turns Bob into a friend first and says HAVE while Bob still sees her as
    // outgoing, so Bob drops it; Bob's own HAVE must still be answered.
    const hub = new MemoryHub();
    const a = await makeChatInstall(hub, 'Ada');
    const b = await makeChatInstall(hub, 'Bob');
    cleanup.push(
      () => a.stop(),
      () => b.stop(),
      // The app's wiring (src/runtime): a friendship that begins mid-session resyncs.
      a.engine.on('changed', (peer) => a.sync.resync(peer)),
      b.engine.on('changed', (peer) => b.sync.resync(peer)),
    );
    await befriend(a, b);
    const conv = directConversationId(a.id, b.id);
    await ensureConv(b.db, { conv, peer: a.id, members: [a.id, b.id] }, Date.now());
    await sleep(50);
    const sent = await b.sync.append(conv, 'text', { text: 'from bob' });
    await untilEvents(a, conv, 1);
    await waitFor(async () => (await getConv(b.db, conv))!.deliveredSeq === sent.seq);
    await ensureConv(a.db, { conv, peer: b.id, members: [a.id, b.id] }, Date.now());
    await a.sync.append(conv, 'text', { text: 'from ada' });
    await untilEvents(b, conv, 2);
  });
});

describe('bad input is dropped, never crashes [SYNC-5][CHAT-7]', () => {
  async function forged(b: ChatInstall, conv: ChatEvent['conv']) {
    const base: UnsignedEvent<'text'> = {
      conv,
      author: b.id,
      seq: 1,
      lamport: 1,
      ts: Date.now(),
      type: 'text',
      body: { text: 'x' },
    };
    return { base, good: await signEvent(base, b.keys.privateKey) };
  }

  it('[SYNC-5] bad signature, wrong author, unknown type, oversized: dropped', async () => {
    const { a, b, conv } = await pair();
    const { base, good } = await forged(b, conv);
    const stranger = await generateIdentityKeys();
    const strangerEvent = await signEvent({ ...base, author: stranger.id }, stranger.privateKey);
    const badSig = { ...good, body: { text: 'tampered' } };
    const unknownType = { ...good, type: 'poll' };
    const oversized = await signEvent(
      { ...base, body: { text: 'x'.repeat(4001) } },
      b.keys.privateKey,
    );
    inject(b, a, [badSig]);
    inject(b, a, [strangerEvent]);
    inject(b, a, [unknownType]);
    inject(b, a, [oversized]);
    inject(b, a, [{ nonsense: true }]);
    // Still alive: a good event goes through. A session's frames are stored in order, so by
    // then the bad ones were handled, and none of them was stored.
    inject(b, a, [good]);
    await untilEvents(a, conv, 1);
    const stored = await logOf(a, conv);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ author: b.id, seq: 1, type: 'text', body: { text: 'x' } });
  });

  it('[SYNC-5] a seq gap is held back and the next HAVE refills it', async () => {
    const { a, b, conv } = await pair();
    // Write 3 events in B's log while A is cut off, then deliver only #3 by hand.
    const e1 = await b.sync.append(conv, 'text', { text: 'one' });
    await untilEvents(a, conv, 1);
    const base = { conv, author: b.id, ts: Date.now(), type: 'text' as const };
    const e3 = await signEvent(
      { ...base, seq: 3, lamport: e1.lamport + 2, body: { text: 'three' } },
      b.keys.privateKey,
    );
    const answers = recordSent(a, b);
    inject(b, a, [e3]);
    // A answers the frame with a HAVE once it has handled it: #3 was held back, not stored.
    await waitFor(() => answers.includes('HAVE'), 2000, 'the HAVE after #3');
    expect((await logOf(a, conv)).length).toBe(1);
    // B's real #2 and #3 arrive through the ordinary path.
    await b.sync.append(conv, 'text', { text: 'two' });
    await b.sync.append(conv, 'text', { text: 'three' });
    await untilEvents(a, conv, 3);
    expect((await getConv(a.db, conv))!.vv[b.id]).toBe(3);
  });
});
