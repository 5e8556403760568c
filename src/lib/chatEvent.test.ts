import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  MAX_TEXT_CHARS,
  parseWireEvent,
  signEvent,
  verifyEvent,
  type UnsignedEvent,
} from './chatEvent';
import { directConversationId, eventIdOf, parseEventId, sha256 } from './convId';
import { generateIdentityKeys } from './identity';

describe('conversation ids [CHAT-1][CHAT-2]', () => {
  it('[CHAT-1] both sides derive the same direct id from the sorted PeerIds', async () => {
    const [a, b] = [await generateIdentityKeys(), await generateIdentityKeys()];
    const conv = directConversationId(a.id, b.id);
    expect(conv).toBe(directConversationId(b.id, a.id));
    expect(conv).toMatch(/^d:[a-z2-7]{26}$/);
  });

  it('[CHAT-1] the small SHA-256 matches node:crypto', () => {
    for (const text of ['', 'abc', 'x'.repeat(55), 'y'.repeat(64), 'z'.repeat(200)]) {
      const want = createHash('sha256').update(text).digest('hex');
      const got = Buffer.from(sha256(new TextEncoder().encode(text))).toString('hex');
      expect(got).toBe(want);
    }
  });

  it('[CHAT-2] event ids round-trip', async () => {
    const a = await generateIdentityKeys();
    const conv = directConversationId(a.id, a.id);
    expect(parseEventId(eventIdOf(conv, a.id, 7))).toEqual({ conv, author: a.id, seq: 7 });
    expect(parseEventId('d:x:y:1')).toBeNull();
  });
});

describe('events [CHAT-4..7]', () => {
  it('[CHAT-4] canonical JSON sorts keys and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: undefined }] })).toBe('{"a":[{"d":"x"}],"b":1}');
  });

  it('[CHAT-4] a signature verifies with the author key only, and covers every field', async () => {
    const [a, b] = [await generateIdentityKeys(), await generateIdentityKeys()];
    const base: UnsignedEvent<'text'> = {
      conv: directConversationId(a.id, b.id),
      author: a.id,
      seq: 1,
      lamport: 1,
      ts: 5,
      type: 'text',
      body: { text: 'hi' },
    };
    const event = await signEvent(base, a.privateKey);
    expect(await verifyEvent(event, a.publicKeyRaw)).toBe(true);
    expect(await verifyEvent(event, b.publicKeyRaw)).toBe(false);
    expect(await verifyEvent({ ...event, lamport: 2 }, a.publicKeyRaw)).toBe(false);
    expect(parseWireEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('[CHAT-5][CHAT-7] shape, type, body and size checks', async () => {
    const a = await generateIdentityKeys();
    const conv = directConversationId(a.id, a.id);
    const ok = {
      conv,
      author: a.id,
      seq: 1,
      lamport: 1,
      ts: 1,
      type: 'text',
      body: { text: 'x' },
      sig: 'AA',
    };
    expect(typeof parseWireEvent(ok)).toBe('object');
    expect(parseWireEvent({ ...ok, type: 'poll' })).toBe('type');
    expect(parseWireEvent({ ...ok, seq: 0 })).toBe('shape');
    expect(parseWireEvent({ ...ok, body: { text: 'x', extra: 1 } })).toBe('body');
    expect(parseWireEvent({ ...ok, body: { text: 'é'.repeat(MAX_TEXT_CHARS + 1) } })).toBe('body');
    expect(parseWireEvent({ ...ok, body: { text: 'x', pad: 'p'.repeat(40_000) } })).toBe('size');
    expect(
      parseWireEvent({ ...ok, type: 'react', body: { target: 'nope', emoji: '👍', on: true } }),
    ).toBe('body');
  });
});
