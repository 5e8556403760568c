/**
 * Moving an identity's key pair in and out of a backup: the private key as
 * PKCS#8, checked on the way back in so a restored identity is exactly the one
 * that was saved. [BAK-10]
 */
import { base64urlDecode, base64urlEncode } from './base64url';
import { importPublicKeyRaw, sign, verify, type IdentityKeys } from './identity';
import { peerIdFromPublicKey, type PeerId } from './ids';

/** What is signed to prove a restored private key matches its public key. */
const KEY_CHECK_TEXT = 'plume-backup/1 key pair check';

/** The private key as base64url PKCS#8 (the key must be extractable). */
export async function exportPrivateKey(privateKey: CryptoKey): Promise<string> {
  return base64urlEncode(new Uint8Array(await crypto.subtle.exportKey('pkcs8', privateKey)));
}

/**
 * Rebuild identity keys from a backup. Null unless `pub` hashes to `id`, the
 * PKCS#8 imports as Ed25519, and it signs something `pub` verifies. Never throws.
 */
export async function importIdentityKeys(
  id: PeerId,
  pub: string,
  pkcs8: string,
): Promise<IdentityKeys | null> {
  const publicKeyRaw = base64urlDecode(pub);
  const der = base64urlDecode(pkcs8);
  if (!publicKeyRaw || !der || (await peerIdFromPublicKey(publicKeyRaw)) !== id) return null;
  const publicKey = await importPublicKeyRaw(publicKeyRaw);
  if (!publicKey) return null;
  let privateKey: CryptoKey;
  try {
    // Extractable, like a generated key, so the restored identity can be backed up again.
    privateKey = await crypto.subtle.importKey('pkcs8', der as BufferSource, 'Ed25519', true, [
      'sign',
    ]);
  } catch {
    return null;
  }
  const probe = new TextEncoder().encode(KEY_CHECK_TEXT);
  const signature = await sign(privateKey, probe);
  if (!(await verify(publicKeyRaw, signature, probe))) return null;
  return { id, publicKeyRaw, publicKey, privateKey };
}
