import { beforeEach, describe, expect, it } from 'vitest';
import { setLogSink } from '../lib/log';
import { getDb, useDatabase } from './db';
import { loadSettings, saveSetting } from './settings';
import { DEFAULT_SETTINGS, type Settings } from './settingsTypes';

beforeEach(() => {
  useDatabase(`test-settings-${crypto.randomUUID()}`);
});

describe('settings repository', () => {
  it('returns the defaults on a fresh database', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('saves and loads each setting', async () => {
    await saveSetting('theme', 'dark');
    await saveSetting('language', 'zh');
    await saveSetting('readReceipts', false);
    expect(await loadSettings()).toEqual({
      ...DEFAULT_SETTINGS,
      theme: 'dark',
      language: 'zh',
      readReceipts: false,
    });
    await saveSetting('language', null);
    expect((await loadSettings()).language).toBeNull();
  });

  it('falls back to the default for invalid or unknown stored rows', async () => {
    const restore = setLogSink(() => undefined);
    await getDb().settings.bulkPut([
      { key: 'theme', value: 'purple' },
      { key: 'language', value: 42 },
      { key: 'fromTheFuture', value: true },
    ]);
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    restore();
  });

  it('refuses to store an invalid value', async () => {
    await expect(saveSetting('theme', 'purple' as Settings['theme'])).rejects.toThrow(TypeError);
  });
});
