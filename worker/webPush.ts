/**
 * Web Push as the worker sends it, on WebCrypto only: the message encrypted for one subscription
 * with `aes128gcm` (RFC 8291 on RFC 8188) and the request signed for with VAPID (RFC 8292).
 * Small on purpose: one record, one key pair per message, one JWT per request. Tests check it
 * against RFC 8291's own example and decrypt what it sends. Spec: docs/protocol.md [WAKE-8],
 * [WAKE-9].
 */
import { base64urlEncode } from '../src/lib/base64url';
import { P256_POINT_BYTES, PUSH_AUTH_BYTES } from '../src/lib/wakeProtocol';

const encoder = new TextEncoder();

/** The record size written in the header; a wake is one record far below it. */
export const RECORD_SIZE = 4096;
/** Salt bytes (RFC 8188). */
export const SALT_BYTES = 16;
/** AES-GCM tag bytes. */
const TAG_BYTES = 16;
/** The delimiter after the plaintext of the last (only) record (RFC 8188 §2). */
const LAST_RECORD_DELIMITER = 0x02;
/** A VAPID JWT lives this long (RFC 8292 allows up to 24 h). */
export const VAPID_JWT_TTL_S = 12 * 60 * 60;

const ECDH_P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;

/** The keys of one subscription, decoded. */
export interface PushRecipient {
  /** The browser's P-256 public key (65 bytes, uncompressed). */
  p256dh: Uint8Array;
  /** The authentication secret (16 bytes). */
  auth: Uint8Array;
}

/** The sender's side of one message: random for every message ({@link freshSecrets}). */
export interface SenderSecrets {
  salt: Uint8Array;
  keys: CryptoKeyPair;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * ECDH parameters with the peer's key. The Workers types spell the member `$public` (their
 * escape of a reserved word); the runtime, like the standard, reads `public`.
 */
function ecdhWith(publicKey: CryptoKey): SubtleCryptoDeriveKeyAlgorithm {
  return { name: 'ECDH', public: publicKey } as unknown as SubtleCryptoDeriveKeyAlgorithm;
}

/** A fresh salt and ECDH key pair, as every message must have (RFC 8291 §3.1). */
export async function freshSecrets(): Promise<SenderSecrets> {
  const keys = (await crypto.subtle.generateKey(ECDH_P256, true, ['deriveBits'])) as CryptoKeyPair;
  return { salt: crypto.getRandomValues(new Uint8Array(SALT_BYTES)), keys };
}

/** HKDF-SHA-256 (RFC 5869): `bytes` of output keyed by `ikm`. */
async function hkdf(
  salt: Uint8Array,
  ikm: Uint8Array,
  info: Uint8Array,
  bytes: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt, info },
    key,
    bytes * 8,
  );
  return new Uint8Array(bits);
}

/**
 * Encrypt `plaintext` for `recipient` as one `aes128gcm` record whose content is padded with
 * zeros to exactly `paddedBytes` (plaintext, delimiter, padding), so every message of that size
 * is the same length whatever it says. Throws when the recipient's key is not a P-256 point or
 * the plaintext does not fit.
 */
export async function encryptPush(
  plaintext: Uint8Array,
  recipient: PushRecipient,
  paddedBytes: number,
  secrets: SenderSecrets,
): Promise<Uint8Array> {
  if (plaintext.length + 1 > paddedBytes || paddedBytes + TAG_BYTES > RECORD_SIZE) {
    throw new RangeError('push plaintext does not fit its record');
  }
  if (recipient.p256dh.length !== P256_POINT_BYTES || recipient.auth.length !== PUSH_AUTH_BYTES) {
    throw new RangeError('not a push subscription key');
  }
  const uaPublic = await crypto.subtle.importKey('raw', recipient.p256dh, ECDH_P256, false, []);
  const asPublic = new Uint8Array(
    (await crypto.subtle.exportKey('raw', secrets.keys.publicKey)) as ArrayBuffer,
  );
  const shared = new Uint8Array(
    await crypto.subtle.deriveBits(ecdhWith(uaPublic), secrets.keys.privateKey, 256),
  );
  // RFC 8291 §3.3-3.4: the auth secret and both public keys go into the input keying material.
  const keyInfo = concat(encoder.encode('WebPush: info\0'), recipient.p256dh, asPublic);
  const ikm = await hkdf(recipient.auth, shared, keyInfo, 32);
  const cek = await hkdf(secrets.salt, ikm, encoder.encode('Content-Encoding: aes128gcm\0'), 16);
  const nonce = await hkdf(secrets.salt, ikm, encoder.encode('Content-Encoding: nonce\0'), 12);

  const record = new Uint8Array(paddedBytes);
  record.set(plaintext);
  record[plaintext.length] = LAST_RECORD_DELIMITER;
  const key = await crypto.subtle.importKey('raw', cek, 'AES-GCM', false, ['encrypt']);
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce }, key, record),
  );
  // RFC 8188 §2.1: salt, record size, key id length, key id (the sender's public key).
  const header = new Uint8Array(SALT_BYTES + 4 + 1 + asPublic.length);
  header.set(secrets.salt);
  new DataView(header.buffer).setUint32(SALT_BYTES, RECORD_SIZE);
  header[SALT_BYTES + 4] = asPublic.length;
  header.set(asPublic, SALT_BYTES + 5);
  return concat(header, sealed);
}

/** The operator's VAPID identity, imported ([WAKE-2], [WAKE-8]). */
export interface VapidKeys {
  /** The public key as the app subscribes with it: base64url of the 65-byte point. */
  publicKey: string;
  /** ECDSA P-256 signing key. */
  privateKey: CryptoKey;
  /** `mailto:` or `https:` contact the push services may use. */
  subject: string;
}

function base64urlJson(value: unknown): string {
  return base64urlEncode(encoder.encode(JSON.stringify(value)));
}

/** The origin a push request goes to: the JWT's audience (RFC 8292 §2). */
export function audienceOf(endpoint: string): string {
  return new URL(endpoint).origin;
}

/**
 * A VAPID JWT for `audience` (RFC 8292 §2): ES256 over `{aud, exp, sub}`, expiring
 * {@link VAPID_JWT_TTL_S} after `nowMs`. WebCrypto's ECDSA signature is already the JWS form
 * (r ‖ s, 64 bytes).
 */
export async function vapidJwt(keys: VapidKeys, audience: string, nowMs: number): Promise<string> {
  const header = base64urlJson({ typ: 'JWT', alg: 'ES256' });
  const claims = base64urlJson({
    aud: audience,
    exp: Math.floor(nowMs / 1000) + VAPID_JWT_TTL_S,
    sub: keys.subject,
  });
  const input = `${header}.${claims}`;
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    keys.privateKey,
    encoder.encode(input),
  );
  return `${input}.${base64urlEncode(new Uint8Array(signature))}`;
}

/** `Authorization: vapid t=<jwt>, k=<public key>` (RFC 8292 §3). */
export function vapidAuthorization(jwt: string, keys: VapidKeys): string {
  return `vapid t=${jwt}, k=${keys.publicKey}`;
}
