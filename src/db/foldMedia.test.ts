import { describe, expect, it } from 'vitest';
import type { ChatEvent, FileBody } from '../lib/chatEvent';
import { directConversationId, eventIdOf } from '../lib/convId';
import type { PeerId } from '../lib/ids';
import { applyModifier, lastOf, messageFromEvent } from './fold';

const A = 'a'.repeat(32) as PeerId;
const B = 'b'.repeat(32) as PeerId;
const conv = directConversationId(A, B);
const HEX = 'ab'.repeat(32);

function wire(type: string, body: unknown): unknown {
  return { conv, author: A, seq: 1, lamport: 1, ts: 1, type, body, sig: 'x'.repeat(86) };
}

const file: FileBody = {
  name: 'photo.jpg',
  size: 1234,
  mime: 'image/jpeg',
  sha256: HEX,
  chunkSize: 256 * 1024,
  chunks: HEX,
  thumb: 'data:image/jpeg;base64,AAAA',
  width: 640,
  height: 480,
};

describe('[CHAT-13][CHAT-14] file and call messages', () => {
  const event = (type: 'file' | 'call', body: unknown): ChatEvent<'file' | 'call'> =>
    ({ ...(wire(type, body) as object) }) as ChatEvent<'file' | 'call'>;

  it('a file event becomes a file message whose preview is the name', () => {
    const m = messageFromEvent(event('file', file), eventIdOf(conv, A, 1));
    expect(m).toMatchObject({ kind: 'file', text: '', file });
    expect(lastOf(m)).toMatchObject({ kind: 'file', fileKind: 'image', preview: 'photo.jpg' });
  });

  it('[CHAT-9] an edit does not change a file message; a reaction does', () => {
    const m = messageFromEvent(event('file', file), eventIdOf(conv, A, 1));
    const target = m.id;
    const edit = { ...(wire('edit', { target, text: 'x' }) as object), lamport: 2 } as ChatEvent;
    expect(applyModifier(m, edit).changed).toBe(false);
    const react = {
      ...(wire('react', { target, emoji: '👍', on: true }) as object),
      author: B,
      lamport: 3,
    } as ChatEvent;
    expect(applyModifier(m, react).changed).toBe(true);
  });

  it('a call event becomes a call message with its outcome in the preview', () => {
    const body = { call: 'c'.repeat(22), media: 'audio', outcome: 'missed', duration: 0 };
    const m = messageFromEvent(event('call', body), eventIdOf(conv, A, 1));
    expect(m).toMatchObject({ kind: 'call', call: body });
    expect(lastOf(m)).toMatchObject({ kind: 'call', call: { outcome: 'missed', media: 'audio' } });
  });
});
