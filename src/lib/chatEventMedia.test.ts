import { describe, expect, it } from 'vitest';
import { parseWireEvent } from './chatEvent';
import { file, HEX, wire } from './testing';

describe('[CHAT-13] file events', () => {
  it('[CHAT-13] a well-formed file body passes, with and without the optional fields', () => {
    expect(parseWireEvent(wire('file', file))).not.toBeTypeOf('string');
    const { thumb: _t, width: _w, height: _h, ...bare } = file;
    expect(parseWireEvent(wire('file', bare))).not.toBeTypeOf('string');
    expect(parseWireEvent(wire('file', { ...file, voice: true, duration: 3000 }))).not.toBeTypeOf(
      'string',
    );
  });

  it.each([
    ['a path in the name', { name: '../etc/passwd' }],
    ['a backslash in the name', { name: 'a\\b' }],
    ['a control character in the name', { name: 'a\u0007b' }],
    ['an empty name', { name: '  ' }],
    ['a name of 256 code points', { name: 'x'.repeat(256) }],
    ['an upper-case hash', { sha256: HEX.toUpperCase() }],
    ['a short chunks root', { chunks: 'ab' }],
    ['a chunk below 64 KiB', { chunkSize: 1024 }],
    ['a chunk above 256 KiB', { chunkSize: 512 * 1024 }],
    ['a negative size', { size: -1 }],
    ['a MIME type without subtype', { mime: 'image' }],
    ['a script as thumbnail', { thumb: 'javascript:alert(1)' }],
    ['an SVG thumbnail', { thumb: 'data:image/svg+xml;base64,AAAA' }],
    ['a huge thumbnail', { thumb: `data:image/jpeg;base64,${'A'.repeat(16_000)}` }],
    ['a zero width', { width: 0 }],
    ['an unknown field', { extra: 1 }],
  ])('[CHAT-13] refuses %s', (_why, change) => {
    expect(parseWireEvent(wire('file', { ...file, ...change }))).toMatch(/body|size/);
  });
});

describe('[CHAT-14] call events', () => {
  const call = { call: 'c'.repeat(22), media: 'video', outcome: 'completed', duration: 192 };
  it('[CHAT-14] a call entry passes', () => {
    expect(parseWireEvent(wire('call', call))).not.toBeTypeOf('string');
    expect(parseWireEvent(wire('call', { ...call, group: true }))).not.toBeTypeOf('string');
    const joined = ['a', 'b', 'c'].map((c) => c.repeat(32));
    expect(parseWireEvent(wire('call', { ...call, group: true, joined }))).not.toBeTypeOf('string');
  });
  it.each([
    ['an unknown outcome', { outcome: 'exploded' }],
    ['an unknown medium', { media: 'hologram' }],
    ['a short call id', { call: 'abc' }],
    ['a negative duration', { duration: -1 }],
    ['a duration over a week', { duration: 8 * 24 * 3600 }],
    ['[GCALL-6] who joined, not PeerIds', { joined: ['nobody'] }],
    [
      '[GCALL-6] more joined than a call holds',
      { joined: 'abcdefg'.split('').map((c) => c.repeat(32)) },
    ],
  ])('[CHAT-14] refuses %s', (_why, change) => {
    expect(parseWireEvent(wire('call', { ...call, ...change }))).toBe('body');
  });
});
