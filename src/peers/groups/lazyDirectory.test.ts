import { describe, expect, it, vi } from 'vitest';
import type { ConversationId, PeerId } from '../../lib/ids';
import { lazyDirectory } from './lazyDirectory';
import type { RosterDirectory } from './RosterDirectory';

const CONV = `g:${'q'.repeat(26)}` as ConversationId;
const PEER = 'a'.repeat(32) as PeerId;

/** A directory that records its calls and lets the test fire a change. */
function fakeDirectory() {
  const listeners = new Set<(conv: ConversationId) => void>();
  const real = {
    sharedGroups: vi.fn((peer: PeerId) => Promise.resolve(peer === PEER ? [CONV] : [])),
    onChange: (listener: (conv: ConversationId) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: vi.fn(),
    ready: Promise.resolve(),
  };
  const fire = (conv: ConversationId) => listeners.forEach((listener) => listener(conv));
  return { real: real as unknown as RosterDirectory, fire, closed: real.close, listeners };
}

describe('the roster directory behind a loader', () => {
  it('loads nothing until a question is asked, then answers as the directory does', async () => {
    const fake = fakeDirectory();
    const load = vi.fn(() => Promise.resolve(fake.real));
    const { directory } = lazyDirectory(load);
    directory.onChange(() => undefined);
    expect(load).not.toHaveBeenCalled();
    expect(await directory.sharedGroups(PEER)).toEqual([CONV]);
    expect(await directory.sharedGroups(PEER)).toEqual([CONV]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a change listener given before the load hears changes after it; one removed does not', async () => {
    const fake = fakeDirectory();
    const lazy = lazyDirectory(() => Promise.resolve(fake.real));
    const heard: ConversationId[] = [];
    const dropped: ConversationId[] = [];
    lazy.directory.onChange((conv) => heard.push(conv));
    const off = lazy.directory.onChange((conv) => dropped.push(conv));
    off();
    await lazy.load();
    fake.fire(CONV);
    expect(heard).toEqual([CONV]);
    expect(dropped).toEqual([]);
  });

  it('a failed load is tried again by the next question', async () => {
    const fake = fakeDirectory();
    let fail = true;
    const lazy = lazyDirectory(() =>
      fail ? Promise.reject(new Error('chunk')) : Promise.resolve(fake.real),
    );
    await expect(lazy.directory.sharedGroups(PEER)).rejects.toThrow('chunk');
    fail = false;
    expect(await lazy.directory.sharedGroups(PEER)).toEqual([CONV]);
  });

  it('closing before the load closes the directory once it arrives, and keeps no listener', async () => {
    const fake = fakeDirectory();
    const lazy = lazyDirectory(() => Promise.resolve(fake.real));
    lazy.directory.onChange(() => undefined);
    lazy.directory.close();
    await lazy.load();
    expect(fake.closed).toHaveBeenCalledTimes(1);
    expect(fake.listeners.size).toBe(0);
  });
});
