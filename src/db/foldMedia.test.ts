import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../lib/chatEvent';
import { eventIdOf } from '../lib/convId';
import { A, B, conv, file, wire } from '../lib/testing';
import { applyModifier, lastOf, messageFromEvent } from './fold';

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
