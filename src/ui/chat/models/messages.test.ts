import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useDatabase } from '../../../db/db';
import { StorageError } from '../../../lib/errors';
import type { ConversationId } from '../../../lib/ids';
import { setLogSink } from '../../../lib/log';
import { MemoryHub } from '../../../peers/memory/MemoryHub';
import { createIdentity, identityState, me } from '../../me/models/identity';
import { sendText } from './messages';
import { runtime, startEngines } from '../../shell/models/runtime';

// A full disk: every append fails the way IndexedDB does when the quota is reached.
vi.mock('../../../peers/sync/append', async (importOriginal) => {
  const actual = await importOriginal<Record<string, unknown>>();
  return {
    ...actual,
    appendEvent: () => Promise.reject(new StorageError('quota')),
  };
});

const conv = 'd:aaaaaaaaaaaaaaaaaaaaaaaaaa' as ConversationId;

let cleanup: (() => void)[] = [];
beforeEach(async () => {
  cleanup.push(setLogSink(() => undefined));
  useDatabase(`test-model-messages-${crypto.randomUUID()}`);
  identityState.value = 'loading';
  me.value = null;
  await createIdentity('Ada');
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

describe('messages model', () => {
  it('[SYNC-4] a full disk surfaces as reason quota with no engines running (the UI keeps the draft)', async () => {
    expect(runtime.value).toBeNull();
    expect(await sendText(conv, 'hello')).toEqual({ ok: false, reason: 'quota' });
  });

  it('[SYNC-4] a full disk surfaces as reason quota through the running sync engine', async () => {
    const hub = new MemoryHub();
    cleanup.push(startEngines((keys) => Promise.resolve(hub.createTransport(keys.id))));
    await vi.waitFor(() => expect(runtime.value).not.toBeNull());
    const append = vi.spyOn(runtime.value!.sync, 'append');
    expect(await sendText(conv, 'hello')).toEqual({ ok: false, reason: 'quota' });
    expect(append).toHaveBeenCalledOnce();
  });

  it('[CHAT-5] empty and over-long text are refused before storing', async () => {
    expect(await sendText(conv, '   ')).toEqual({ ok: false, reason: 'empty' });
    expect(await sendText(conv, '字'.repeat(4001))).toEqual({ ok: false, reason: 'too-long' });
  });
});
