import { describe, expect, it } from 'vitest';
import { isAppleTouch, offerDue, wakeStatus, type WakeFacts } from './wakeStatus';

const ready: WakeFacts = {
  supported: true,
  iosInBrowser: false,
  offered: true,
  permission: 'default',
  choice: null,
  working: false,
  failed: false,
};

describe('where waking stands', () => {
  it('[WAKE-15] follows the browser, the server and the choice', () => {
    expect(wakeStatus(ready)).toBe('off');
    expect(wakeStatus({ ...ready, choice: 'on', permission: 'granted' })).toBe('on');
    expect(wakeStatus({ ...ready, working: true })).toBe('working');
    expect(wakeStatus({ ...ready, failed: true })).toBe('failed');
    expect(wakeStatus({ ...ready, permission: 'denied', choice: 'on' })).toBe('denied');
    expect(wakeStatus({ ...ready, offered: false })).toBe('notOffered');
    expect(wakeStatus({ ...ready, offered: null })).toBe('unknown');
    expect(wakeStatus({ ...ready, supported: false })).toBe('unsupported');
    expect(wakeStatus({ ...ready, permission: 'unsupported' })).toBe('unsupported');
    // iOS in Safari: installing comes first, whatever else is true.
    expect(wakeStatus({ ...ready, iosInBrowser: true, supported: false })).toBe('needsInstall');
  });

  it('[WAKE-15] the offer: once, after the first friend, only when waking could be turned on', () => {
    expect(offerDue('off', false, null, true)).toBe(true);
    expect(offerDue('needsInstall', false, null, true)).toBe(true);
    expect(offerDue('off', false, null, false)).toBe(false);
    expect(offerDue('off', true, null, true)).toBe(false);
    expect(offerDue('on', false, 'on', true)).toBe(false);
    expect(offerDue('off', false, 'off', true)).toBe(false);
    for (const status of ['notOffered', 'unsupported', 'denied', 'unknown'] as const) {
      expect(offerDue(status, false, null, true), status).toBe(false);
    }
  });

  it('[WAKE-15] tells iPhones and iPads (which say they are Macs) from the rest', () => {
    expect(isAppleTouch('Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)', 5)).toBe(true);
    expect(isAppleTouch('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', 5)).toBe(true);
    expect(isAppleTouch('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', 0)).toBe(false);
    expect(isAppleTouch('Mozilla/5.0 (Linux; Android 14)', 5)).toBe(false);
  });
});
