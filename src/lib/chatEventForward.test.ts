import { describe, expect, it } from 'vitest';
import { MAX_FORWARDED_FROM_CHARS, parseWireEvent } from './chatEvent';
import type { ConversationId, PeerId } from './ids';

const author = 'a'.repeat(32) as PeerId;
const conv = 'd:abcdefghijklmnopqrstuvwxyz' as ConversationId;
const file = {
  name: 'cat.png',
  size: 10,
  mime: 'image/png',
  sha256: 'a'.repeat(64),
  chunkSize: 65_536,
  chunks: 'b'.repeat(64),
};

function parse(type: 'text' | 'file', body: Record<string, unknown>) {
  return parseWireEvent({ conv, author, seq: 1, lamport: 1, ts: 1, type, body, sig: 'AA' });
}

describe('forwarded messages [CHAT-FWD-1..3]', () => {
  it('[CHAT-FWD-1] a text or file may be marked forwarded, with or without a name', () => {
    for (const [type, base] of [
      ['text', { text: 'hi' }],
      ['file', file],
    ] as const) {
      const marked = parse(type, { ...base, forwarded: true });
      expect(typeof marked === 'object' && marked.body).toEqual({ ...base, forwarded: true });
      const named = parse(type, { ...base, forwarded: true, forwardedFrom: 'Alice 刘' });
      expect(typeof named === 'object' && named.body).toMatchObject({ forwardedFrom: 'Alice 刘' });
    }
  });

  it('[CHAT-FWD-1] the mark is exactly true', () => {
    for (const forwarded of [false, 1, 'yes', null, {}]) {
      expect(parse('text', { text: 'hi', forwarded })).toBe('body');
      expect(parse('file', { ...file, forwarded })).toBe('body');
    }
  });

  it('[CHAT-FWD-2] a name only with the mark, bounded, without control characters', () => {
    expect(parse('text', { text: 'hi', forwardedFrom: 'Alice' })).toBe('body');
    const long = 'é'.repeat(MAX_FORWARDED_FROM_CHARS);
    expect(typeof parse('text', { text: 'hi', forwarded: true, forwardedFrom: long })).toBe(
      'object',
    );
    for (const forwardedFrom of [`${long}x`, '', '   ', 'A\nB', 'A\u0000', 7]) {
      expect(parse('text', { text: 'hi', forwarded: true, forwardedFrom })).toBe('body');
    }
  });

  it('[CHAT-FWD-3] a forwarded message quotes nothing', () => {
    const replyTo = `${conv}:${author}:1`;
    expect(typeof parse('text', { text: 'hi', replyTo })).toBe('object');
    expect(parse('text', { text: 'hi', replyTo, forwarded: true })).toBe('body');
    expect(parse('file', { ...file, replyTo, forwarded: true })).toBe('body');
  });

  it('[CHAT-FWD-1] other message types do not take the mark', () => {
    const call = { call: 'c'.repeat(22), media: 'audio', outcome: 'missed', duration: 0 };
    expect(
      parseWireEvent({
        conv,
        author,
        seq: 1,
        lamport: 1,
        ts: 1,
        type: 'call',
        body: { ...call, forwarded: true },
        sig: 'AA',
      }),
    ).toBe('body');
  });
});
