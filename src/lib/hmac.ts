/**
 * HMAC-SHA256 over WebCrypto, shared by invite proofs and the backup key check.
 * Verification goes through `crypto.subtle.verify`, which compares in constant
 * time, so no caller ever compares MACs with `===`.
 */

const HMAC_SHA256 = { name: 'HMAC', hash: 'SHA-256' } as const;

/** Length of an HMAC-SHA256 tag in bytes. */
export const HMAC_SHA256_BYTES = 32;

function importHmacKey(key: Uint8Array, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', key as BufferSource, HMAC_SHA256, false, [usage]);
}

/** HMAC-SHA256(key, data). `key` must not be empty (WebCrypto refuses it). */
export async function hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await importHmacKey(key, 'sign');
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, data as BufferSource));
}

/**
 * True when `mac` is HMAC-SHA256(key, data). Compares in constant time; a
 * `mac` of the wrong length is simply false. Never throws.
 */
export async function hmacSha256Verify(
  key: Uint8Array,
  data: Uint8Array,
  mac: Uint8Array,
): Promise<boolean> {
  if (mac.length !== HMAC_SHA256_BYTES) return false;
  try {
    const cryptoKey = await importHmacKey(key, 'verify');
    return await crypto.subtle.verify('HMAC', cryptoKey, mac as BufferSource, data as BufferSource);
  } catch {
    return false;
  }
}
