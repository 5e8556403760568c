import { describe, expect, it } from 'vitest';
import type { ConversationId } from '../lib/ids';
import { chooseShareChat, clearShare, putShare, readShare } from './shareInbox';

const conv = 'd:abcdefghijklmnopqrstuvwxyz' as ConversationId;
const fresh = () => `test-share-${crypto.randomUUID()}`;
const items = (text: string) => ({
  text,
  files: [{ name: 'a.png', type: 'image/png', blob: new Blob(['png'], { type: 'image/png' }) }],
});

describe('the share inbox [SHARE-3]', () => {
  it('[SHARE-3] keeps a share with its bytes until it is cleared', async () => {
    const name = fresh();
    expect(await readShare(name)).toBeNull();
    const stored = await putShare(items('hello'), 5, name);
    const read = await readShare(name);
    expect(read).toMatchObject({ id: stored.id, text: 'hello', at: 5, conv: null });
    expect(await read?.files[0]?.blob.text()).toBe('png');
    await clearShare(stored.id, name);
    expect(await readShare(name)).toBeNull();
  });

  it('[SHARE-3] remembers the chat picked; a newer share replaces it and is not cleared by the old one', async () => {
    const name = fresh();
    const first = await putShare(items('one'), 1, name);
    expect((await chooseShareChat(first.id, conv, name))?.conv).toBe(conv);
    expect((await readShare(name))?.conv).toBe(conv);
    const second = await putShare(items('two'), 2, name);
    expect(await chooseShareChat(first.id, conv, name)).toBeNull();
    await clearShare(first.id, name);
    expect((await readShare(name))?.id).toBe(second.id);
  });
});
