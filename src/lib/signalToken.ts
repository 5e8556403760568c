/**
 * Signed signaling ids: `token = <ts>.<pub>.<sig>` where sig is Ed25519 over
 * `plume-signal/1|<id>|<ts>`. Shared by the app (signing) and the worker (verifying).
 * Spec: docs/protocol.md [SIG-TOKEN-1..7].
 */
import { base64urlDecode, base64urlEncode } from './base64url';
import { peerIdFromPublicKey, type PeerId } from './ids';

export const TOKEN_MAX_AGE_MS = 24 * 60 * 60 * 1000;
export const TOKEN_MAX_FUTURE_MS = 5 * 60 * 1000;
const ED25519 = { name: 'Ed25519' } as const;

/** Why a token was refused; the worker sends these in the ERROR payload. */
export const TokenFailure = {
  malformed: 'token is malformed (want <ts>.<pub>.<sig>)',
  encoding: 'token uses non-canonical base64url',
  keyMismatch: 'public key does not hash to the id',
  badKey: 'public key is not a valid Ed25519 key',
  badSignature: 'signature does not verify',
  stale: 'token timestamp is older than 24 h',
  future: 'token timestamp is more than 5 min in the future',
} as const;
export type TokenFailureReason = keyof typeof TokenFailure;

export type TokenCheck =
  | { ok: true; ts: number; pub: Uint8Array }
  | { ok: false; reason: TokenFailureReason; message: string };

/** The exact bytes that are signed for a signaling token. */
export function signalMessage(id: string, ts: number): Uint8Array {
  return new TextEncoder().encode(`plume-signal/1|${id}|${ts}`);
}

/** Make a token for `id` with the identity's private key. */
export async function signToken(
  id: PeerId,
  privateKey: CryptoKey,
  publicKeyRaw: Uint8Array,
  now = Date.now(),
): Promise<string> {
  const sig = new Uint8Array(
    await crypto.subtle.sign(ED25519, privateKey, signalMessage(id, now) as BufferSource),
  );
  return `${now}.${base64urlEncode(publicKeyRaw)}.${base64urlEncode(sig)}`;
}

function fail(reason: TokenFailureReason): TokenCheck {
  return { ok: false, reason, message: TokenFailure[reason] };
}

/** Verify a token for `id` at time `now`. Never throws. */
export async function verifyToken(
  id: string,
  token: string,
  now = Date.now(),
): Promise<TokenCheck> {
  const parts = token.split('.');
  if (parts.length !== 3) return fail('malformed');
  const [tsText, pubText, sigText] = parts as [string, string, string];
  if (!/^(0|[1-9][0-9]{0,15})$/.test(tsText)) return fail('malformed');
  const ts = Number(tsText);
  const pub = base64urlDecode(pubText);
  const sig = base64urlDecode(sigText);
  if (!pub || !sig) return fail('encoding');
  if (pub.length !== 32 || sig.length !== 64) return fail('malformed');
  if ((await peerIdFromPublicKey(pub)) !== id) return fail('keyMismatch');
  if (ts < now - TOKEN_MAX_AGE_MS) return fail('stale');
  if (ts > now + TOKEN_MAX_FUTURE_MS) return fail('future');
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('raw', pub as BufferSource, ED25519, false, ['verify']);
  } catch {
    return fail('badKey');
  }
  let valid = false;
  try {
    valid = await crypto.subtle.verify(
      ED25519,
      key,
      sig as BufferSource,
      signalMessage(id, ts) as BufferSource,
    );
  } catch {
    valid = false;
  }
  return valid ? { ok: true, ts, pub } : fail('badSignature');
}
