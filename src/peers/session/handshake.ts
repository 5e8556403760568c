/**
 * The checks of the HELLO/AUTH handshake, free of channels and timers so each
 * rule can be tested on its own. The Session runs them in order.
 * Spec: docs/protocol.md [SES-2..7].
 */
import { base64urlDecode, base64urlEncode } from '../../lib/base64url';
import { PUBLIC_KEY_BYTES, sign, verify } from '../../lib/identity';
import { peerIdFromPublicKey, type PeerId } from '../../lib/ids';
import type { ChannelFingerprints } from '../transport';
import type { SessionCloseReasonKey } from './closeReasons';
import { AUTH_CONTEXT, NONCE_BYTES, SESSION_PROTOCOL_VERSION } from './constants';
import type { AuthFrame, HelloFrame } from './frames';
import type { NonceCache } from './nonceCache';

/** What we know of a peer before the handshake: its pinned key and whether it is blocked. */
export interface PinnedPeer {
  pub: Uint8Array;
  blocked: boolean;
  /**
   * The key comes from the roster of a group we share, not from a stored person: the session
   * carries only the groups both are in. [GRP-30]
   */
  roster?: boolean;
}

/** Outcome of a check: ok, or the reason to close. */
export type CheckResult<T = object> =
  ({ ok: true } & T) | { ok: false; reason: SessionCloseReasonKey };

/** A fresh random nonce, base64url. [SES-1] */
export function newNonce(): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(NONCE_BYTES)));
}

/** Our HELLO. [SES-1] */
export function helloFrame(id: PeerId, publicKeyRaw: Uint8Array, nonce: string): HelloFrame {
  return {
    type: 'HELLO',
    v: SESSION_PROTOCOL_VERSION,
    id,
    pub: base64urlEncode(publicKeyRaw),
    nonce,
  };
}

/**
 * The signed string, from the signer's point of view:
 * `plume-auth/1|<signer nonce>|<verifier nonce>|<signer fp>|<verifier fp>`. [SES-3]
 */
export function authPayload(
  signerNonce: string,
  verifierNonce: string,
  signerFp: string,
  verifierFp: string,
): Uint8Array {
  const text = [AUTH_CONTEXT, signerNonce, verifierNonce, signerFp, verifierFp].join('|');
  return new TextEncoder().encode(text);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Context of {@link checkHello}. */
export interface HelloContext {
  /** The remote peer id the transport (signaling) reports. */
  peer: PeerId;
  /** The pinned entry, or null for a stranger. */
  pinned: PinnedPeer | null;
  /** Our own nonce on this channel, to catch a reflection. */
  ownNonce: string;
  nonces: NonceCache;
}

/**
 * Check a peer's HELLO [SES-2, SES-7]: the key is 32 bytes and hashes both to
 * the claimed id and to the transport's peer id; the peer is not blocked; a
 * pinned key is unchanged; the nonce is well-formed, not ours and not recent.
 * On success the nonce is remembered and the raw key returned.
 */
export async function checkHello(
  hello: HelloFrame,
  ctx: HelloContext,
): Promise<CheckResult<{ pub: Uint8Array }>> {
  const pub = base64urlDecode(hello.pub);
  const nonce = base64urlDecode(hello.nonce);
  if (!nonce || nonce.length !== NONCE_BYTES) return { ok: false, reason: 'protocol' };
  if (!pub || pub.length !== PUBLIC_KEY_BYTES) return { ok: false, reason: 'key-hash' };
  if (hello.id !== ctx.peer || (await peerIdFromPublicKey(pub)) !== hello.id) {
    return { ok: false, reason: 'key-hash' };
  }
  if (ctx.pinned?.blocked) return { ok: false, reason: 'blocked' };
  if (ctx.pinned && !sameBytes(ctx.pinned.pub, pub)) return { ok: false, reason: 'key-changed' };
  if (hello.nonce === ctx.ownNonce || ctx.nonces.has(hello.nonce)) {
    return { ok: false, reason: 'replay' };
  }
  ctx.nonces.add(hello.nonce);
  return { ok: true, pub };
}

/** Our AUTH: sign both nonces and both fingerprints. [SES-3] */
export async function authFrame(
  privateKey: CryptoKey,
  myNonce: string,
  theirNonce: string,
  fps: ChannelFingerprints,
): Promise<AuthFrame> {
  const sig = await sign(privateKey, authPayload(myNonce, theirNonce, fps.local, fps.remote));
  return { type: 'AUTH', v: SESSION_PROTOCOL_VERSION, sig: base64urlEncode(sig), fp: fps.local };
}

/** Context of {@link checkAuth}. */
export interface AuthContext {
  /** The peer's key from its HELLO. */
  pub: Uint8Array;
  myNonce: string;
  theirNonce: string;
  /** Our view of this connection's fingerprints. */
  fps: ChannelFingerprints;
}

/**
 * Check a peer's AUTH [SES-5]: the fingerprint it calls its own is the one in
 * our remote SDP, and the signature verifies over the string rebuilt from the
 * signer's point of view with our own view of both fingerprints.
 */
export async function checkAuth(auth: AuthFrame, ctx: AuthContext): Promise<CheckResult> {
  if (auth.fp !== ctx.fps.remote) return { ok: false, reason: 'fingerprint' };
  const sig = base64urlDecode(auth.sig);
  const signed = authPayload(ctx.theirNonce, ctx.myNonce, ctx.fps.remote, ctx.fps.local);
  if (!sig || !(await verify(ctx.pub, sig, signed))) return { ok: false, reason: 'signature' };
  return { ok: true };
}
