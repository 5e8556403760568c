// Reach tokens for the signaling benches' simulated peers, exactly as src/lib/reach.ts makes them
// (docs/protocol.md [SIG-REACH-1], [SIG-REACH-2]). A wrong hash here shows in the benches' own
// figures: the recipient's gate would refuse the OFFERs beyond its trickle.
import { webcrypto } from 'node:crypto';

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
