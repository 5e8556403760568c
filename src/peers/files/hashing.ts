/**
 * Streaming SHA-256 for files. WebCrypto hashes only whole buffers, so the
 * whole-file hash uses hash-wasm, whose hasher state can be saved and loaded:
 * the receiver stores it with every batch of chunks, and a resumed pull
 * continues the hash instead of reading the stored prefix again.
 * Spec: docs/protocol.md [FILE-1], [FILE-8].
 */
import { createSHA256, type IHasher } from 'hash-wasm';
import { DIGEST_BYTES } from './constants';

/** A fresh SHA-256 hasher (a small WebAssembly instance of its own). */
export function newHasher(): Promise<IHasher> {
  return createSHA256();
}

export type { IHasher };

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/**
 * SHA-256 of one chunk. WebCrypto for this one: it is native (several times
 * faster than WebAssembly here) and runs off the main thread, so the digests
 * of the next chunks are computed while the current one is stored.
 */
export async function chunkDigest(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/** True when digest number `slot` of `page` equals `digest`. */
export function digestAt(page: Uint8Array, slot: number, digest: Uint8Array): boolean {
  const at = slot * DIGEST_BYTES;
  if (at + DIGEST_BYTES > page.byteLength || digest.byteLength !== DIGEST_BYTES) return false;
  for (let i = 0; i < DIGEST_BYTES; i++) if (page[at + i] !== digest[i]) return false;
  return true;
}

/** A hasher resumed from `state`, or null when the state is unusable (another build). */
export async function resumeHasher(state: Uint8Array | null): Promise<IHasher | null> {
  const hasher = await newHasher();
  if (state === null) return hasher;
  try {
    hasher.load(state);
    return hasher;
  } catch {
    return null;
  }
}
