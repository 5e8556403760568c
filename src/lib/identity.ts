/**
 * The install's Ed25519 identity: key generation,
 * raw public key export, PeerId derivation, and sign/verify helpers that the
 * session handshake and signed logs build on.
 */
import { IdentityError } from './errors';
import { peerIdFromPublicKey, type PeerId } from './ids';
import { codePointLength } from './text';

const ED25519 = { name: 'Ed25519' } as const;
/** Length of a raw Ed25519 public key. */
export const PUBLIC_KEY_BYTES = 32;
/** Length of an Ed25519 signature. */
export const SIGNATURE_BYTES = 64;
/** Display names are trimmed and must have 1..MAX_DISPLAY_NAME_LENGTH characters. */
export const MAX_DISPLAY_NAME_LENGTH = 64;

/** The key material of an identity. */
export interface IdentityKeys {
  id: PeerId;
  /** Raw 32-byte public key: goes into tokens, HELLO frames and invites. */
  publicKeyRaw: Uint8Array;
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

/**
 * Generate a fresh identity.
 *
 * The private key is **extractable**. Trade-off: a non-extractable key could
 * never leave this browser profile, which would be stronger against script
 * that reads IndexedDB, but then the encrypted backup ("the answer to
 * a lost phone") could not export it. Script running in our origin can already
 * sign with the key either way, so extractability adds little attack surface
 * beyond copying it off the device. Rejects with IdentityError('unsupported')
 * where WebCrypto lacks Ed25519.
 */
export async function generateIdentityKeys(): Promise<IdentityKeys> {
  let pair: CryptoKeyPair;
  try {
    pair = await crypto.subtle.generateKey(ED25519, true, ['sign', 'verify']);
  } catch (err) {
    throw new IdentityError('unsupported', { cause: err });
  }
  const publicKeyRaw = await exportPublicKeyRaw(pair.publicKey);
  return {
    id: await peerIdFromPublicKey(publicKeyRaw),
    publicKeyRaw,
    publicKey: pair.publicKey,
    privateKey: pair.privateKey,
  };
}

/** Export a public key as its raw 32 bytes. */
export async function exportPublicKeyRaw(publicKey: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.exportKey('raw', publicKey));
}

/** Import a peer's raw public key for verification. Returns null for a malformed key. */
export async function importPublicKeyRaw(raw: Uint8Array): Promise<CryptoKey | null> {
  if (raw.length !== PUBLIC_KEY_BYTES) return null;
  try {
    return await crypto.subtle.importKey('raw', raw as BufferSource, ED25519, true, ['verify']);
  } catch {
    return null;
  }
}

/** Sign bytes with an identity's private key. */
export async function sign(
  privateKey: CryptoKey,
  data: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.sign(ED25519, privateKey, data as BufferSource));
}

/** Verify a signature against a raw public key. Never throws; false for anything malformed. */
export async function verify(
  publicKeyRaw: Uint8Array,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  if (signature.length !== SIGNATURE_BYTES) return false;
  const key = await importPublicKeyRaw(publicKeyRaw);
  if (!key) return false;
  try {
    return await crypto.subtle.verify(
      ED25519,
      key,
      signature as BufferSource,
      data as BufferSource,
    );
  } catch {
    return false;
  }
}

/**
 * Normalise a display name: trim, collapse inner whitespace. Throws
 * IdentityError('invalidName') when empty or longer than MAX_DISPLAY_NAME_LENGTH.
 */
export function normalizeDisplayName(name: string): string {
  const clean = name.trim().replace(/\s+/g, ' ');
  // Count code points, not UTF-16 units, so CJK and emoji names get a fair limit.
  const length = codePointLength(clean);
  if (length === 0 || length > MAX_DISPLAY_NAME_LENGTH) throw new IdentityError('invalidName');
  return clean;
}
