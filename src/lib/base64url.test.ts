import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from './base64url';
import { base32Encode } from './base32';

describe('base64url', () => {
  it('round-trips every length 0..40', () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      const text = base64urlEncode(bytes);
      expect(text).not.toMatch(/[=+/]/);
      expect(base64urlDecode(text)).toEqual(bytes);
    }
  });
  it('[SIG-TOKEN-2] refuses padding, standard alphabet and non-zero trailing bits', () => {
    expect(base64urlDecode('AA==')).toBeNull();
    expect(base64urlDecode('a+b/')).toBeNull();
    expect(base64urlDecode('AB')).toBeNull(); // 'B' leaves non-zero bits; canonical is 'AA'
    expect(base64urlDecode('AA')).toEqual(new Uint8Array([0]));
    expect(base64urlDecode('A')).toBeNull();
  });
});

describe('base32', () => {
  it('matches RFC 4648 vectors in lowercase without padding', () => {
    const enc = (s: string) => base32Encode(new TextEncoder().encode(s));
    expect(enc('')).toBe('');
    expect(enc('f')).toBe('my');
    expect(enc('fo')).toBe('mzxq');
    expect(enc('foo')).toBe('mzxw6');
    expect(enc('foob')).toBe('mzxw6yq');
    expect(enc('fooba')).toBe('mzxw6ytb');
    expect(enc('foobar')).toBe('mzxw6ytboi');
  });
});
