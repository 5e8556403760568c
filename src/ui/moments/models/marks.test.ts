import { afterEach, describe, expect, it } from 'vitest';
import type { MomentsApi, MomentsChange } from '../../../peers/moments/api';
import type { Runtime } from '../../../runtime/runtime';
import { momentsMarks } from '../../shell/models/momentsMarks';
import { followMarks } from './marks';

/** An engine with counts the test sets, and its `changed` listeners. */
function fakeEngine() {
  const counts = { unseen: 0, notices: 0, reads: 0 };
  const listeners = new Set<(change: MomentsChange) => void>();
  const api = {
    unseenCount: () => {
      counts.reads++;
      return Promise.resolve(counts.unseen);
    },
    unreadNotifications: () => Promise.resolve(counts.notices),
    on: (_event: 'changed', listener: (change: MomentsChange) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as MomentsApi;
  const emit = (change: MomentsChange) => listeners.forEach((l) => l(change));
  const running = { loadMoments: () => Promise.resolve(api) } as unknown as Runtime;
  return { counts, emit, running, listeners };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('moments tab marks', () => {
  afterEach(() => {
    momentsMarks.value = { unseen: 0, notices: 0 };
  });

  it('shows the counts at once and follows the engine when the feed or notifications change', async () => {
    const engine = fakeEngine();
    engine.counts.unseen = 2;
    await followMarks(engine.running);
    expect(momentsMarks.value).toEqual({ unseen: 2, notices: 0 });

    engine.counts.notices = 3;
    engine.emit({ feed: false, posts: [], notifications: true });
    await settle();
    expect(momentsMarks.value).toEqual({ unseen: 2, notices: 3 });

    // A change to a post alone (a like count) does not read the counts again: a read would
    // start at once, inside the listener.
    const reads = engine.counts.reads;
    engine.emit({ feed: false, posts: [], notifications: false });
    expect(engine.counts.reads).toBe(reads);
    engine.emit({ feed: true, posts: [], notifications: false });
    expect(engine.counts.reads).toBe(reads + 1);
  });

  it('follows one runtime once, and a new runtime instead of the old', async () => {
    const first = fakeEngine();
    await followMarks(first.running);
    await followMarks(first.running);
    expect(first.listeners.size).toBe(1);
    const second = fakeEngine();
    await followMarks(second.running);
    expect(first.listeners.size).toBe(0);
    expect(second.listeners.size).toBe(1);
  });
});
