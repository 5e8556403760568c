import { describe, expect, it } from 'vitest';
import type { ConversationId } from '../lib/ids';
import {
  clearWakeDirectory,
  listWakeEntries,
  readWakeEntry,
  readWakeLanguage,
  replaceWakeEntries,
  setWakeLanguage,
} from './wakeDirectory';

const conv = 'd:abcdefghijklmnopqrstuvwxyz' as ConversationId;

describe('the wake directory', () => {
  it('[WAKE-10] entries by slot are replaced whole; the language is kept; clearing forgets both', async () => {
    const name = `test-wake-dir-${crypto.randomUUID()}`;
    expect(await readWakeLanguage(name)).toBeNull();
    await replaceWakeEntries(
      [
        { slot: 'A'.repeat(22), name: 'Alice', conv },
        { slot: 'B'.repeat(22), name: 'Bob', conv },
      ],
      name,
    );
    await setWakeLanguage('zh', name);
    expect((await readWakeEntry('A'.repeat(22), name))?.name).toBe('Alice');
    await replaceWakeEntries([{ slot: 'B'.repeat(22), name: 'Bobby', conv }], name);
    expect(await readWakeEntry('A'.repeat(22), name)).toBeNull();
    expect(await listWakeEntries(name)).toEqual([{ slot: 'B'.repeat(22), name: 'Bobby', conv }]);
    expect(await readWakeLanguage(name)).toBe('zh');
    await clearWakeDirectory(name);
    expect(await listWakeEntries(name)).toEqual([]);
    expect(await readWakeLanguage(name)).toBeNull();
  });
});
