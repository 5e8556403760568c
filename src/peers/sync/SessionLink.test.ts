import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageRow } from '../../db/chatRows';
import { getMessage } from '../../db/messagesRepo';
import { signEvent, type ChatEvent, type EventBodies } from '../../lib/chatEvent';
import { eventIdOf } from '../../lib/convId';
import { systemClock } from '../../lib/clock';
import { setLogSink } from '../../lib/log';
import { MemoryHub } from '../memory/MemoryHub';
import { waitFor } from '../session/testing';
import { appendEvent } from './append';
import { checkEvents, KeyCache, type CheckJob } from './checkEvents';
import { eventsFrame } from './frames';
import { SessionLink } from './SessionLink';
import { chatPair, logOf } from './testing';

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
  vi.useRealTimers();
});

describe('SessionLink: what views are handed [CHAT-8]', () => {
  it('[CHAT-8] rows that waited while frames streamed are not handed over: my change in between stays shown', async () => {
    // performance.now() stands still: every store while frames stream waits to be announced.
    vi.useFakeTimers({ toFake: ['performance'] });
    const hub = new MemoryHub();
    const { a, b, conv } = await pair(hub);
    // A's own engine steps aside: this link, with checks held at will, handles Bob's frames.
    a.sync.stop();
    const session = a.engine.manager.session(b.id)!;
    const keys = new KeyCache();
    let held: Promise<void> | null = null;
    const check = async (job: CheckJob) => {
      const texts = job.events.map((e) => (e as ChatEvent).body as { text?: string });
      if (held && texts.some((body) => body.text?.startsWith('after'))) await held;
      return checkEvents(job, keys);
    };
    // What views were told, in order: the rows handed over, or null (read again).
    const told: (readonly MessageRow[] | null)[] = [];
    const link = new SessionLink(session, {
      db: a.db,
      me: a.id,
      myPub: a.keys.publicKeyRaw,
      now: () => Date.now(),
      friendKey: () => Promise.resolve(b.keys.publicKeyRaw),
      readReceipts: () => Promise.resolve(false),
      check,
      changed: (c, rows) => {
        if (c === conv) told.push(rows ?? null);
      },
      raiseStatus: () => undefined,
      seedStatus: () => undefined,
      incoming: () => undefined,
      typing: () => undefined,
      fail: () => undefined,
      groups: null,
      env: { ...systemClock, random: Math.random },
      toMembers: () => undefined,
    });
    cleanup.push(() => link.close());

    let seq = 0;
    const bobs = <T extends 'text' | 'edit'>(type: T, body: EventBodies[T]) => {
      seq++;
      const base = { conv, author: b.id, seq, lamport: seq, ts: Date.now(), type, body };
      return signEvent(base, b.keys.privateKey);
    };
    const bobSession = b.engine.manager.session(a.id)!;
    const send = (events: ChatEvent[]) => bobSession.send(eventsFrame(conv, events));
    const target = eventIdOf(conv, b.id, 1);
    send([await bobs('text', { text: 'draft' })]);
    await waitFor(() => told.length === 1);

    // Bob edits X; the frames behind the edit are held at their check, so the edit's store
    // waits to be announced while they stream in.
    let release = () => undefined as void;
    held = new Promise<void>((resolve) => (release = resolve));
    const edit = await bobs('edit', { target, text: 'final' });
    const after = [];
    for (let i = 0; i < 3; i++) after.push(await bobs('text', { text: `after ${i}` }));
    send([edit]);
    for (const event of after) send([event]);
    await waitFor(async () => (await logOf(a, conv)).length === 2);
    expect(told).toHaveLength(1);
    // Meanwhile I react to X: my store hands its rows over at once, as the engine does.
    const reacted = await appendEvent(
      a.db,
      a.keys,
      conv,
      'react',
      { target, emoji: '👍', on: true },
      Date.now(),
    );
    told.push(reacted.messages);
    release();
    await waitFor(async () => (await logOf(a, conv)).length === 6 && told.length === 3);

    // A view that takes what it was told, reading X again when told without rows, shows X as stored.
    let view: MessageRow | null = null;
    for (const rows of told) {
      if (!rows) view = await getMessage(a.db, target);
      else for (const row of rows) if (row.id === target) view = row;
    }
    const stored = await getMessage(a.db, target);
    expect(stored).toMatchObject({ text: 'final' });
    expect(Object.keys(stored!.reactions)).toHaveLength(1);
    expect(view).toEqual(stored);
  });
});

async function pair(hub: MemoryHub): Promise<Awaited<ReturnType<typeof chatPair>>> {
  const made = await chatPair(hub);
  cleanup.push(
    () => made.a.stop(),
    () => made.b.stop(),
  );
  return made;
}
