// Ids, signed tokens and reach tokens for the signaling benches' simulated peers, made exactly as
// src/lib/identity.ts, src/lib/signalToken.ts and src/lib/reach.ts make them (docs/protocol.md
// "Signed ids", [SIG-REACH-1], [SIG-REACH-2]). A mistake here shows in the benches' own figures:
// the worker would refuse the socket, or the recipient's gate the OFFERs beyond its trickle.
import { webcrypto } from 'node:crypto';

const { subtle } = webcrypto;
const B32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32, lowercase, unpadded: the alphabet of PeerIds. */
function base32(bytes) {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += B32[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32[(buffer << (5 - bits)) & 31];
  return out;
}
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');

/** A fresh identity: its PeerId, and `token()`, a freshly signed signaling token each call. */
export async function signedIdentity() {
  const pair = await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const pub = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  const id = base32(new Uint8Array(await subtle.digest('SHA-256', pub)).subarray(0, 20));
  const token = async () => {
    const ts = Date.now();
    const message = new TextEncoder().encode(`plume-signal/1|${id}|${ts}`);
    const sig = new Uint8Array(await subtle.sign({ name: 'Ed25519' }, pair.privateKey, message));
    return `${ts}.${b64url(pub)}.${b64url(sig)}`;
  };
  return { id, token };
}

/** A fresh id that no socket ever held. */
export function strangerId() {
  return base32(webcrypto.getRandomValues(new Uint8Array(20)));
}

const HASH_PREFIX = 'plume-reach/1|';
const TOKEN_BYTES = 16;

/** A fresh random token (22 base64url characters). */
export function reachToken() {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(TOKEN_BYTES))).toString('base64url');
}

/** The hash a recipient registers: the first 16 bytes of SHA-256(`plume-reach/1|` + token). */
export async function reachHash(token) {
  const digest = await webcrypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(HASH_PREFIX + token),
  );
  return Buffer.from(new Uint8Array(digest).subarray(0, TOKEN_BYTES)).toString('base64url');
}

/** The REACH client frame that registers `hashes` with the sender's own object, as text. */
export function reachFrame(hashes) {
  return JSON.stringify({ type: 'REACH', payload: { hashes } });
}
