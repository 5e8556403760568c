import { describe, expect, it, vi } from 'vitest';
import { StorageError } from '../../lib/errors';
import type { ConversationId } from '../../lib/ids';
import { sendText } from './messages';

vi.mock('./identity', async (importOriginal) => {
  const { signal } = await import('@preact/signals');
  const actual = await importOriginal<Record<string, unknown>>();
  return { ...actual, identityKeys: signal({ id: 'me' }) };
});
vi.mock('../../peers/sync/append', async (importOriginal) => {
  const actual = await importOriginal<Record<string, unknown>>();
  return {
    ...actual,
    appendEvent: () => Promise.reject(new StorageError('quota')),
  };
});

const conv = 'd:aaaaaaaaaaaaaaaaaaaaaaaaaa' as ConversationId;

describe('messages model', () => {
  it('[SYNC-4] a full disk surfaces as reason quota (the UI keeps the draft)', async () => {
    expect(await sendText(conv, 'hello')).toEqual({ ok: false, reason: 'quota' });
  });

  it('[CHAT-5] empty and over-long text are refused before storing', async () => {
    expect(await sendText(conv, '   ')).toEqual({ ok: false, reason: 'empty' });
    expect(await sendText(conv, '字'.repeat(4001))).toEqual({ ok: false, reason: 'too-long' });
  });
});
