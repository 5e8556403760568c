import { describe, expect, it } from 'vitest';
import type { ConversationId } from '../../lib/ids';
import type { CheckResult } from './checkEvents';
import { MAX_EVENTS_PER_BATCH, MAX_STORE_EVENTS, VERIFY_AHEAD } from './constants';
import { EventsInbox } from './EventsInbox';
import { eventsFrame, type EventsFrame } from './frames';

const conv = 'd:aaaaaaaaaaaaaaaaaaaaaaaaaa' as ConversationId;
const other = 'd:bbbbbbbbbbbbbbbbbbbbbbbbbb' as ConversationId;
const frame = (n = MAX_EVENTS_PER_BATCH, c = conv) =>
  eventsFrame(
    c,
    Array.from({ length: n }, (_, i) => ({ i })),
  );

/** An inbox whose checks the test settles by hand, in any order. */
function manual() {
  const waiting = new Map<EventsFrame, (r: CheckResult[]) => void>();
  const inbox = new EventsInbox(
    (f) => new Promise<CheckResult[]>((resolve) => waiting.set(f, resolve)),
  );
  const settle = async (f: EventsFrame) => {
    waiting.get(f)!(f.events.map(() => 'dropped'));
    waiting.delete(f);
    await Promise.resolve();
    await Promise.resolve();
  };
  return { inbox, waiting, settle };
}

describe('EventsInbox [SYNC-4]', () => {
  it('[SYNC-4] stores frames that arrived back to back and are checked in one group', async () => {
    const { inbox, settle } = manual();
    const full = MAX_STORE_EVENTS / MAX_EVENTS_PER_BATCH;
    const frames = Array.from({ length: full + 1 }, () => frame());
    const entries = frames.map((f, i) => inbox.add(f, 10 + i));
    expect(VERIFY_AHEAD).toBeGreaterThanOrEqual(frames.length);
    for (const f of frames) await settle(f);
    // The first group is cut at MAX_STORE_EVENTS; the rest waits for its own task.
    const group = inbox.take(entries[0]!);
    expect(group).toHaveLength(full);
    expect(group).toEqual(entries.slice(0, group.length));
    for (const e of entries.slice(1, group.length)) expect(inbox.take(e)).toEqual([]);
    expect(inbox.size).toBe(frames.length - group.length);
  });

  it('[SYNC-4] never merges across another task, an unchecked frame or another conversation', async () => {
    const { inbox, settle } = manual();
    const f = [frame(10), frame(10), frame(10), frame(10, other), frame(10)];
    // Task 3 is something else (a HAVE): frames 0 and 1 are adjacent, 2 is not.
    const e = [inbox.add(f[0]!, 1), inbox.add(f[1]!, 2), inbox.add(f[2]!, 4)];
    for (const x of f.slice(0, 3)) await settle(x);
    expect(inbox.take(e[0]!)).toEqual([e[0], e[1]]);
    // Frame 3 (another conversation) follows 2 directly, frame 4 is not checked yet.
    const e3 = inbox.add(f[3]!, 5);
    const e4 = inbox.add(f[4]!, 6);
    await settle(f[3]!);
    expect(inbox.take(e[2]!)).toEqual([e[2]]);
    expect(inbox.take(e3)).toEqual([e3]);
    expect(inbox.take(e4)).toEqual([e4]);
    expect(inbox.size).toBe(0);
  });

  it('[SYNC-4] checks a bounded number of frames ahead, and the rest as earlier ones finish', async () => {
    const { inbox, waiting, settle } = manual();
    const frames = Array.from({ length: VERIFY_AHEAD + 2 }, () => frame(1));
    const entries = frames.map((f, i) => inbox.add(f, i));
    expect(waiting.size).toBe(VERIFY_AHEAD);
    await settle(frames[0]!);
    expect(waiting.size).toBe(VERIFY_AHEAD);
    expect(waiting.has(frames[VERIFY_AHEAD]!)).toBe(true);
    const group = inbox.take(entries[0]!);
    expect(await inbox.results(group[0]!)).toEqual(['dropped']);
    inbox.clear();
    expect(inbox.take(entries[1]!)).toEqual([]);
  });
});
