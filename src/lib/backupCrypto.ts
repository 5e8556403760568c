/**
 * The encrypted identity backup file. Layout (all lengths in bytes):
 *
 *   "PLUMEBK1" (8) | header length, u32 big-endian (4) | header JSON (N)
 *   | AES-256-GCM ciphertext with its 16-byte tag | SHA-256 of everything before it (32)
 *
 * The key comes from PBKDF2-SHA256 over the passphrase, expanded with HKDF into
 * an AES key and a key-check key. Magic, length and header are the GCM
 * additional data, so editing any of them fails decryption. The header's key
 * check tells a wrong passphrase from a damaged file, and the trailing digest
 * catches accidental damage before the slow KDF runs.
 * Spec: docs/protocol.md [BAK-1..9].
 */
import { base64urlDecode, base64urlEncode } from './base64url';
import { hmacSha256, hmacSha256Verify } from './hmac';

/** First 8 bytes of every backup; the last character is the layout version. [BAK-1] */
export const BACKUP_MAGIC = 'PLUMEBK1';
/** Header `v` this code writes and reads. */
export const BACKUP_VERSION = 1;
/**
 * PBKDF2-SHA256 rounds: OWASP's 2023 figure. Measured on the dev box:
 * ~105 ms in Chromium, ~110 ms in Node. [BAK-3]
 */
export const PBKDF2_ITERATIONS = 600_000;
/** Fewest rounds a file may declare; below this it was not made by Plume. */
export const PBKDF2_ITERATIONS_MIN = 100_000;
/** Most rounds a file may declare, so a crafted file cannot hang the app. */
export const PBKDF2_ITERATIONS_MAX = 10_000_000;
export const BACKUP_SALT_BYTES = 16;
export const BACKUP_IV_BYTES = 12;
/** Longest header accepted; ours are about 200 bytes. */
export const BACKUP_HEADER_MAX_BYTES = 4096;

const MAGIC_BYTES = new TextEncoder().encode(BACKUP_MAGIC);
const MAGIC_FAMILY_LENGTH = 7; // "PLUMEBK", then the layout version character
const LENGTH_BYTES = 4;
const PREFIX_BYTES = MAGIC_BYTES.length + LENGTH_BYTES;
const GCM_TAG_BYTES = 16;
const DIGEST_BYTES = 32;
const KEY_BITS = 256;
const KDF_ALG = 'PBKDF2-SHA256';
const CIPHER_ALG = 'AES-256-GCM';
const HKDF_INFO_AES = 'plume-backup/1 aes-256-gcm';
const HKDF_INFO_CHECK = 'plume-backup/1 key-check';
const KEY_CHECK_LABEL = 'plume-backup/1 key check value';

/** Why a backup could not be opened. The UI shows the sentence; nothing was changed. */
export const BackupFailure = {
  'not-a-backup': 'this file is not a Plume backup',
  'unsupported-version': 'this backup was made by a newer version of Plume',
  corrupt: 'this backup file is damaged',
  'wrong-passphrase': 'the passphrase is not the one this backup was made with',
} as const;
export type BackupFailureReason = keyof typeof BackupFailure;

/** Result of `decryptBackup`. */
export type BackupOpenResult =
  { ok: true; payload: Uint8Array } | { ok: false; reason: BackupFailureReason; message: string };

/** Options for `encryptBackup`; tests and benchmarks only. */
export interface BackupOptions {
  /** PBKDF2 rounds, within [PBKDF2_ITERATIONS_MIN, PBKDF2_ITERATIONS_MAX]. */
  iterations?: number;
}

/** The JSON header, in the order it is written. [BAK-2] */
interface BackupHeader {
  v: number;
  kdf: { alg: typeof KDF_ALG; iterations: number; salt: string };
  cipher: { alg: typeof CIPHER_ALG; iv: string };
  /** base64url HMAC-SHA256(key-check key, KEY_CHECK_LABEL). [BAK-4] */
  check: string;
}

interface BackupKeys {
  aes: CryptoKey;
  check: Uint8Array;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** PBKDF2 → 256-bit master → HKDF into an AES-GCM key and a key-check key. [BAK-3, BAK-4] */
async function deriveKeys(
  passphrase: string,
  salt: Uint8Array,
  iterations: number,
): Promise<BackupKeys> {
  // NFC so the same passphrase typed on different systems gives the same bytes.
  const secret = utf8(passphrase.normalize('NFC'));
  const pbkdf2 = await crypto.subtle.importKey('raw', secret as BufferSource, 'PBKDF2', false, [
    'deriveBits',
  ]);
  const master = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    pbkdf2,
    KEY_BITS,
  );
  const hkdf = await crypto.subtle.importKey('raw', master, 'HKDF', false, [
    'deriveKey',
    'deriveBits',
  ]);
  const params = (info: string): HkdfParams => ({
    name: 'HKDF',
    hash: 'SHA-256',
    salt: new Uint8Array(0),
    info: utf8(info) as BufferSource,
  });
  const aes = await crypto.subtle.deriveKey(
    params(HKDF_INFO_AES),
    hkdf,
    { name: 'AES-GCM', length: KEY_BITS },
    false,
    ['encrypt', 'decrypt'],
  );
  const check = new Uint8Array(
    await crypto.subtle.deriveBits(params(HKDF_INFO_CHECK), hkdf, KEY_BITS),
  );
  return { aes, check };
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data as BufferSource));
}

/**
 * Encrypt `payload` (the serialized identity, friends and settings) under
 * `passphrase` into a backup file. [BAK-1..5]
 * @throws RangeError when the passphrase is empty or `iterations` is out of range.
 */
export async function encryptBackup(
  payload: Uint8Array,
  passphrase: string,
  options: BackupOptions = {},
): Promise<Uint8Array> {
  if (passphrase.length === 0) throw new RangeError('a backup needs a passphrase');
  const iterations = options.iterations ?? PBKDF2_ITERATIONS;
  if (!isIterationCount(iterations)) throw new RangeError('PBKDF2 iterations out of range');
  const salt = crypto.getRandomValues(new Uint8Array(BACKUP_SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(BACKUP_IV_BYTES));
  const keys = await deriveKeys(passphrase, salt, iterations);
  const header: BackupHeader = {
    v: BACKUP_VERSION,
    kdf: { alg: KDF_ALG, iterations, salt: base64urlEncode(salt) },
    cipher: { alg: CIPHER_ALG, iv: base64urlEncode(iv) },
    check: base64urlEncode(await hmacSha256(keys.check, utf8(KEY_CHECK_LABEL))),
  };
  const headerBytes = utf8(JSON.stringify(header));
  const prefix = new Uint8Array(PREFIX_BYTES + headerBytes.length);
  prefix.set(MAGIC_BYTES);
  new DataView(prefix.buffer).setUint32(MAGIC_BYTES.length, headerBytes.length);
  prefix.set(headerBytes, PREFIX_BYTES);
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: iv as BufferSource, additionalData: prefix as BufferSource },
      keys.aes,
      payload as BufferSource,
    ),
  );
  const body = new Uint8Array(prefix.length + sealed.length);
  body.set(prefix);
  body.set(sealed, prefix.length);
  const file = new Uint8Array(body.length + DIGEST_BYTES);
  file.set(body);
  file.set(await sha256(body), body.length);
  return file;
}

function isIterationCount(n: unknown): n is number {
  return (
    Number.isSafeInteger(n) &&
    (n as number) >= PBKDF2_ITERATIONS_MIN &&
    (n as number) <= PBKDF2_ITERATIONS_MAX
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The header's fields, decoded and checked. */
interface HeaderFields {
  iterations: number;
  salt: Uint8Array;
  iv: Uint8Array;
  check: Uint8Array;
}

function decodeField(value: unknown, length: number): Uint8Array | null {
  const bytes = typeof value === 'string' ? base64urlDecode(value) : null;
  return bytes?.length === length ? bytes : null;
}

/** Parse and check the header; unknown fields are ignored (they are authenticated anyway). */
function readHeader(bytes: Uint8Array): HeaderFields | 'corrupt' | 'unsupported-version' {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return 'corrupt';
  }
  if (!isRecord(value) || typeof value.v !== 'number') return 'corrupt';
  if (value.v !== BACKUP_VERSION) return 'unsupported-version';
  const { kdf, cipher } = value;
  if (!isRecord(kdf) || !isRecord(cipher)) return 'corrupt';
  if (kdf.alg !== KDF_ALG || cipher.alg !== CIPHER_ALG) return 'unsupported-version';
  const salt = decodeField(kdf.salt, BACKUP_SALT_BYTES);
  const iv = decodeField(cipher.iv, BACKUP_IV_BYTES);
  const check = decodeField(value.check, DIGEST_BYTES);
  if (!isIterationCount(kdf.iterations) || !salt || !iv || !check) return 'corrupt';
  return { iterations: kdf.iterations, salt, iv, check };
}

function fail(reason: BackupFailureReason): BackupOpenResult {
  return { ok: false, reason, message: BackupFailure[reason] };
}

async function open(file: Uint8Array, passphrase: string): Promise<BackupOpenResult> {
  if (file.length < MAGIC_BYTES.length) return fail('not-a-backup');
  for (let i = 0; i < MAGIC_FAMILY_LENGTH; i++) {
    if (file[i] !== MAGIC_BYTES[i]) return fail('not-a-backup');
  }
  if (file[MAGIC_FAMILY_LENGTH] !== MAGIC_BYTES[MAGIC_FAMILY_LENGTH]) {
    return fail('unsupported-version');
  }
  if (file.length < PREFIX_BYTES + GCM_TAG_BYTES + DIGEST_BYTES) return fail('corrupt');
  const body = file.subarray(0, file.length - DIGEST_BYTES);
  const digest = file.subarray(body.length);
  const actual = await sha256(body);
  if (actual.some((byte, i) => byte !== digest[i])) return fail('corrupt');
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const headerLength = view.getUint32(MAGIC_BYTES.length);
  const sealedStart = PREFIX_BYTES + headerLength;
  if (headerLength > BACKUP_HEADER_MAX_BYTES || sealedStart + GCM_TAG_BYTES > body.length) {
    return fail('corrupt');
  }
  const header = readHeader(body.subarray(PREFIX_BYTES, sealedStart));
  if (typeof header === 'string') return fail(header);
  if (passphrase.length === 0) return fail('wrong-passphrase');
  const keys = await deriveKeys(passphrase, header.salt, header.iterations);
  if (!(await hmacSha256Verify(keys.check, utf8(KEY_CHECK_LABEL), header.check))) {
    return fail('wrong-passphrase');
  }
  try {
    const payload = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: header.iv as BufferSource,
        additionalData: body.subarray(0, sealedStart) as BufferSource,
      },
      keys.aes,
      body.subarray(sealedStart) as BufferSource,
    );
    return { ok: true, payload: new Uint8Array(payload) };
  } catch {
    // The key is right (the check passed), so the ciphertext or header was altered.
    return fail('corrupt');
  }
}

/**
 * Open a backup file. Tells apart a foreign file, a newer format, a damaged
 * file and a wrong passphrase as far as is honestly possible: a file altered
 * on purpose, with its digest recomputed and its KDF fields changed, reads as
 * a wrong passphrase. Never throws. [BAK-6..9]
 */
export async function decryptBackup(
  file: Uint8Array,
  passphrase: string,
): Promise<BackupOpenResult> {
  if (!(file instanceof Uint8Array)) return fail('not-a-backup');
  if (typeof passphrase !== 'string') return fail('wrong-passphrase');
  try {
    return await open(file, passphrase);
  } catch {
    return fail('corrupt');
  }
}
