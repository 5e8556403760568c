import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConvRow, MessageRow } from '../../../db/chatRows';
import { ensureConv } from '../../../db/convsRepo';
import { closeDb, useDatabase, type PlumeDatabase } from '../../../db/db';
import type * as MessagesRepo from '../../../db/messagesRepo';
import { directConversationId } from '../../../lib/convId';
import type { ConversationId, EventId, PeerId } from '../../../lib/ids';
import { setLogSink } from '../../../lib/log';
import { MemoryHub } from '../../../peers/memory/MemoryHub';
import { acceptInvite, inviteLink, startInstall } from '../../../runtime/testing';
import { announce, announceRow, relayChat } from './chatFeed';
import { actionDeps } from '../../friends/models/friendDeps';
import { HistoryWindow, PAGE_SIZE } from './history';
import {
  createIdentity,
  identityKeys,
  identityState,
  me as myIdentity,
} from '../../me/models/identity';
import { runtime, startEngines } from '../../shell/models/runtime';

const reads = vi.hoisted(() => ({ count: 0, hold: null as Promise<void> | null }));
vi.mock('../../../db/messagesRepo', async (importOriginal) => {
  const actual = await importOriginal<typeof MessagesRepo>();
  return {
    ...actual,
    pageFrom: (...args: Parameters<typeof actual.pageFrom>) => {
      reads.count++;
      return actual.pageFrom(...args);
    },
    pageBefore: async (...args: Parameters<typeof actual.pageBefore>) => {
      reads.count++;
      const page = await actual.pageBefore(...args);
      // Held: the page read is handed over late, as a slow read would be.
      if (reads.hold) await reads.hold;
      return page;
    },
    getMessages: (...args: Parameters<typeof actual.getMessages>) => {
      reads.count++;
      return actual.getMessages(...args);
    },
  };
});

const conv = 'd:aaaaaaaaaaaaaaaaaaaaaaaaaa' as ConversationId;
/** The identity of this install, made afresh for each test. */
let me: PeerId;
const friend = 'friend' as PeerId;

const id = (s: string) => s as EventId;

function message(n: number, author: PeerId = n % 2 ? me : friend): MessageRow {
  return {
    id: `m${n}` as EventId,
    conv,
    author,
    seq: n,
    lamport: n,
    ts: 1_700_000_000_000 + n * 1000,
    text: `message ${n}`,
    replyTo: null,
    editLamport: 0,
    recalled: false,
    reactions: {},
    hidden: false,
  };
}

function convRow(marks: Partial<ConvRow> = {}): ConvRow {
  return {
    conv,
    peer: friend,
    members: [friend, me],
    vv: {},
    maxLamport: 0,
    lastActivity: 0,
    last: null,
    unread: 0,
    pinned: false,
    muted: false,
    readUpto: 0,
    peerReadUpto: 0,
    sentSeq: 0,
    deliveredSeq: 0,
    ...marks,
  };
}

let db: PlumeDatabase;
let window: HistoryWindow | null = null;
let dbCount = 0;

beforeEach(async () => {
  db = useDatabase(`history-test-${++dbCount}`);
  identityState.value = 'loading';
  myIdentity.value = null;
  await createIdentity('Ada');
  me = identityKeys.value!.id;
  reads.count = 0;
  await db.convs.put(convRow());
  await db.messages.bulkPut(Array.from({ length: 10 }, (_, i) => message(i + 1)));
});

afterEach(() => {
  window?.close();
  window = null;
  closeDb();
});

/** Open a window and wait for its first page. */
async function open(): Promise<HistoryWindow> {
  window = new HistoryWindow(conv);
  await vi.waitFor(() => expect(window?.messages.value.length).toBeGreaterThan(0));
  return window;
}

/** Wait until every queued load has run (loadOlder is a no-op at the start of history). */
async function settle(w: HistoryWindow): Promise<void> {
  expect(w.hasOlder.peek()).toBe(false);
  await w.loadOlder();
}

describe('HistoryWindow', () => {
  it('keeps the MessageView of an unchanged message across a reload', async () => {
    const w = await open();
    const before = w.messages.value;
    await db.messages.update(id('m4'), { text: 'edited', editLamport: 11 });
    announce(conv);
    await vi.waitFor(() => expect(w.messages.value).not.toBe(before));
    const after = w.messages.value;
    expect(after).toHaveLength(10);
    after.forEach((view, i) => {
      if (view.id === 'm4') {
        expect(view).not.toBe(before[i]);
        expect(view).toMatchObject({ text: 'edited', edited: true });
      } else {
        expect(view).toBe(before[i]);
      }
    });
  });

  it('does not publish a new list when nothing shown changed', async () => {
    const w = await open();
    const before = w.messages.value;
    await db.convs.update(conv, { pinned: true });
    announce(conv);
    await settle(w);
    expect(w.messages.value).toBe(before);
  });

  it('coalesces a burst of changes into far fewer reads', async () => {
    const w = await open();
    await settle(w);
    const start = reads.count;
    for (let i = 0; i < 30; i++) announce(conv);
    await settle(w);
    // One read may be running when the burst starts, plus one pending for the rest.
    expect(reads.count - start).toBeLessThanOrEqual(2);
  });

  it('still updates the status of my messages from the conv marks', async () => {
    const w = await open();
    expect(w.messages.value.find((m) => m.id === 'm1')?.status).toBe('pending');
    const theirs = w.messages.value.find((m) => m.id === 'm2');
    await db.convs.update(conv, { sentSeq: 10 });
    announce(conv);
    await vi.waitFor(() =>
      expect(w.messages.value.find((m) => m.id === 'm1')?.status).toBe('sent'),
    );
    await db.convs.update(conv, { deliveredSeq: 10, peerReadUpto: 3 });
    announce(conv);
    await vi.waitFor(() =>
      expect(w.messages.value.find((m) => m.id === 'm3')?.status).toBe('read'),
    );
    const views = w.messages.value;
    expect(views.find((m) => m.id === 'm1')?.status).toBe('read');
    expect(views.find((m) => m.id === 'm5')?.status).toBe('delivered');
    // Their messages carry no status: the same objects throughout.
    expect(views.find((m) => m.id === 'm2')).toBe(theirs);
  });

  it('shows new messages, hides deleted-for-me ones, and reflects reactions and recalls', async () => {
    const w = await open();
    await db.messages.put(message(11));
    await db.messages.update(id('m2'), { hidden: true });
    await db.messages.update(id('m3'), { recalled: true, text: '' });
    await db.messages.update(id('m4'), {
      reactions: { 'friend|👍': { author: friend, emoji: '👍', on: true, lamport: 12 } },
    });
    announce(conv);
    await vi.waitFor(() => expect(w.messages.value.at(-1)?.id).toBe('m11'));
    const views = w.messages.value;
    expect(views.map((m) => m.id)).not.toContain('m2');
    expect(views.find((m) => m.id === 'm3')).toMatchObject({ recalled: true, text: '' });
    expect(views.find((m) => m.id === 'm4')?.reactions).toEqual([
      { emoji: '👍', authors: [friend], mine: false },
    ]);
  });

  it('pages older messages and keeps the loaded ones on reload', async () => {
    await db.messages.bulkPut(Array.from({ length: 2 * PAGE_SIZE }, (_, i) => message(i + 11)));
    window = new HistoryWindow(conv);
    const w = window;
    await vi.waitFor(() => expect(w.messages.value).toHaveLength(PAGE_SIZE));
    expect(w.hasOlder.value).toBe(true);
    await w.loadOlder();
    expect(w.messages.value).toHaveLength(2 * PAGE_SIZE);
    const kept = w.messages.value[0];
    await db.messages.put(message(1000));
    announce(conv);
    await vi.waitFor(() => expect(w.messages.value).toHaveLength(2 * PAGE_SIZE + 1));
    expect(w.messages.value[0]).toBe(kept);
    await w.loadOlder();
    expect(w.messages.value).toHaveLength(2 * PAGE_SIZE + 11);
    expect(w.hasOlder.value).toBe(false);
  });

  it('[CHAT-8] takes in the rows a change wrote without reading, and leaves rows above alone', async () => {
    await db.messages.bulkPut(Array.from({ length: PAGE_SIZE }, (_, i) => message(i + 11)));
    window = new HistoryWindow(conv);
    const w = window;
    await vi.waitFor(() => expect(w.messages.value).toHaveLength(PAGE_SIZE));
    expect(w.hasOlder.value).toBe(true);
    await vi.waitFor(() => expect(w.loading.value).toBe(false));
    const start = reads.count;
    const before = w.messages.value;
    const write = async (row: MessageRow) => {
      await db.messages.put(row);
      announce(conv, [row]);
    };
    // A reaction on a message above the window, an old message landing above it, a read state:
    // nothing on screen changed.
    await write({
      ...message(3),
      reactions: { 'friend|👍': { author: friend, emoji: '👍', on: true, lamport: 70 } },
    });
    await write(message(5.5));
    announceRow(conv);
    // An edit of a row on screen, a new message: shown as written.
    await write({ ...message(20), text: 'edited', editLamport: 71 });
    await write(message(72));
    await vi.waitFor(() => expect(w.messages.value.at(-1)?.id).toBe('m72'));
    const views = w.messages.value;
    expect(views.find((m) => m.id === 'm20')?.text).toBe('edited');
    expect(
      views
        .slice(0, -1)
        .filter((v, i) => v !== before[i])
        .map((v) => v.id),
    ).toEqual(['m20']);
    // Nothing was read for any of it.
    expect(reads.count - start).toBe(0);
    // The rows above were not the window's business, but they are stored: older pages show them.
    await w.loadOlder();
    expect(w.messages.value.find((m) => m.id === 'm5.5')).toBeDefined();
    expect(w.messages.value.find((m) => m.id === 'm3')?.reactions).toHaveLength(1);
  });

  it('[CHAT-8] a row that changed while its page was being read shows as changed', async () => {
    await db.messages.bulkPut(Array.from({ length: PAGE_SIZE + 5 }, (_, i) => message(i + 1)));
    window = new HistoryWindow(conv);
    const w = window;
    await vi.waitFor(() => expect(w.messages.value).toHaveLength(PAGE_SIZE));
    await vi.waitFor(() => expect(w.loading.value).toBe(false));
    // The older page is read, then a reaction to one of its rows is stored before it is shown.
    let release = () => undefined as void;
    reads.hold = new Promise<void>((resolve) => (release = resolve));
    const older = w.loadOlder();
    await vi.waitFor(() => expect(w.loading.value).toBe(true));
    const reacted: MessageRow = {
      ...message(2),
      reactions: { 'friend|👍': { author: friend, emoji: '👍', on: true, lamport: 90 } },
    };
    await db.messages.put(reacted);
    announce(conv, [reacted]);
    reads.hold = null;
    release();
    await older;
    await vi.waitFor(() =>
      expect(w.messages.value.find((m) => m.id === 'm2')?.reactions).toHaveLength(1),
    );
  });

  it('reveals a message outside the loaded pages', async () => {
    await db.messages.bulkPut(Array.from({ length: 3 * PAGE_SIZE }, (_, i) => message(i + 11)));
    window = new HistoryWindow(conv);
    const w = window;
    await vi.waitFor(() => expect(w.messages.value).toHaveLength(PAGE_SIZE));
    expect(await w.reveal('m5' as EventId)).toBe(true);
    expect(w.messages.value.some((m) => m.id === 'm5')).toBe(true);
    expect(await w.reveal('nope' as EventId)).toBe(false);
  });
});

/** The first load of the file and call engines' modules is slow in a busy test run. */
const FEATURES_LOAD_MS = 5000;

/** Ada (this install, on the models) and Bob (a runtime of his own), friends on a MemoryHub. */
async function withFriend(
  test: (bob: Awaited<ReturnType<typeof startInstall>>, chat: ConversationId) => Promise<void>,
): Promise<void> {
  const restoreLog = setLogSink(() => undefined);
  const hub = new MemoryHub();
  const stops = [
    relayChat(),
    startEngines((keys) => Promise.resolve(hub.createTransport(keys.id))),
  ];
  try {
    await vi.waitFor(() => expect(runtime.value).not.toBeNull());
    const ada = { name: 'Ada', keys: identityKeys.value!, deps: actionDeps() };
    const bob = await startInstall(hub, 'Bob');
    stops.push(() => bob.runtime.stop());
    await acceptInvite(bob, ada, await inviteLink(ada));
    const chat = directConversationId(me, bob.id);
    await ensureConv(bob.db, { conv: chat, peer: me, members: [me, bob.id] }, Date.now());
    await ensureConv(db, { conv: chat, peer: bob.id, members: [me, bob.id] }, Date.now());
    await test(bob, chat);
    // The friend's session also loaded the file and call engines: let them start before stopping.
    await vi.waitFor(() => expect(runtime.value?.features && bob.runtime.features).toBeTruthy(), {
      timeout: FEATURES_LOAD_MS,
    });
  } finally {
    for (const stop of stops.reverse()) stop();
    restoreLog();
  }
}

describe('a received message, from the data channel to the open chat', () => {
  it('[SYNC-4] a message from a friend’s runtime shows in the open window, not as mine', async () => {
    await withFriend(async (bob, chat) => {
      window = new HistoryWindow(chat);
      const w = window;
      await bob.runtime.sync.append(chat, 'text', { text: 'hello Ada' });
      await vi.waitFor(() => expect(w.messages.value.map((m) => m.text)).toEqual(['hello Ada']));
      expect(w.messages.value[0]).toMatchObject({ author: bob.id, mine: false, status: null });
    });
  });

  it('[SYNC-8] my new messages show, then sent, delivered and read change only my rows, reading nothing', async () => {
    await withFriend(async (bob, chat) => {
      window = new HistoryWindow(chat);
      const w = window;
      const status = (text: string) => w.messages.value.find((m) => m.text === text)?.status;
      const sync = runtime.value!.sync;
      // The first page was read (the chat is empty, so there is nothing older).
      await vi.waitFor(() => expect(w.hasOlder.value).toBe(false));
      const opened = reads.count;
      expect(opened).toBe(1);
      await sync.append(chat, 'text', { text: 'one' });
      await vi.waitFor(() => expect(status('one')).toBe('delivered'));
      const one = w.messages.value.find((m) => m.text === 'one');
      await sync.append(chat, 'text', { text: 'two' });
      await vi.waitFor(() => expect(status('two')).toBe('delivered'));
      // The first row's status did not change: the same view, so its row is not rendered again.
      expect(w.messages.value.find((m) => m.text === 'one')).toBe(one);
      await bob.runtime.sync.markRead(chat);
      await vi.waitFor(() => expect([status('one'), status('two')]).toEqual(['read', 'read']));
      await settle(w);
      // Nothing read: the new rows came with the change, the statuses with the marks.
      expect(reads.count - opened).toBe(0);
    });
  });
});
