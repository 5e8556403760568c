/**
 * Lowercase RFC 4648 base32 without padding, as used for PeerIds.
 * Only encoding is needed: ids are compared as strings, never decoded.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Encode bytes as lowercase unpadded base32. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}
