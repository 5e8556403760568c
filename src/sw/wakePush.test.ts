import { describe, expect, it } from 'vitest';
import type { ConversationId } from '../lib/ids';
import { languageOf, readWakePush, wakeNotice } from './wakePush';

const SLOT = 'AAAAAAAAAAAAAAAAAAAAAA';
const entry = { slot: SLOT, name: 'Alice', conv: 'd:abcdefghijklmnopqrstuvwxyz' as ConversationId };

describe('a wake push, shown', () => {
  it('[WAKE-10] names the friend from the directory: a message, and a call more strongly', () => {
    const message = wakeNotice({ v: 1, slot: SLOT, kind: 'message' }, entry, 'en');
    expect(message.title).toBe('Alice wants to reach you');
    expect(message.options.data).toEqual({ conv: entry.conv, wake: 'message' });
    expect(message.options.tag).toBe(`wake:${entry.conv}`);
    expect(message.options.requireInteraction).toBe(false);
    const call = wakeNotice({ v: 1, slot: SLOT, kind: 'call' }, entry, 'en');
    expect(call.title).toBe('Alice is calling');
    expect(call.options.requireInteraction).toBe(true);
    expect(wakeNotice({ v: 1, slot: SLOT, kind: 'call' }, entry, 'zh').title).toBe('Alice 来电');
  });

  it('[WAKE-10] a slot the device does not know names nobody and opens no chat', () => {
    const notice = wakeNotice({ v: 1, slot: SLOT, kind: 'message' }, null, 'en');
    expect(notice.title).toBe('Someone wants to reach you');
    expect(notice.options.data).toEqual({ wake: 'message' });
  });

  it('[WAKE-10] reads only wake payloads; the language follows the browser when the app said none', () => {
    expect(readWakePush(() => ({ v: 1, slot: SLOT, kind: 'call' }))).toEqual({
      v: 1,
      slot: SLOT,
      kind: 'call',
    });
    expect(readWakePush(() => ({ v: 1, slot: SLOT, kind: 'call', text: 'x' }))?.kind).toBe('call');
    expect(readWakePush(() => ({ title: 'hello' }))).toBeNull();
    expect(
      readWakePush(() => {
        throw new SyntaxError('not JSON');
      }),
    ).toBeNull();
    expect(languageOf('zh-CN')).toBe('zh');
    expect(languageOf('de')).toBe('en');
    expect(languageOf(undefined)).toBe('en');
  });
});
