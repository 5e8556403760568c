/**
 * Safety numbers: 60 digits both friends can compare to know that each holds
 * the other's real key. Modelled on Signal's NumericFingerprintGenerator:
 * each side's key gives 30 digits from an iterated SHA-512, and the two halves
 * are sorted so both devices show the same number.
 * Spec: docs/protocol.md [SAFE-1..7].
 */
import { isPeerId, type PeerId } from './ids';

/** Version mixed into every hash, so a future scheme can never collide with this one. */
export const SAFETY_NUMBER_VERSION = 1;
/**
 * SHA-512 rounds per key, as Signal. Measured on the dev box: ~130 ms for both
 * keys in Chromium, ~300 ms in Node. Compute once per friend and cache. [SAFE-2]
 */
export const SAFETY_ITERATIONS = 5200;
/** Digits in a full safety number. */
export const SAFETY_NUMBER_DIGITS = 60;
/** What the safety QR code encodes before the digits. [SAFE-5] */
export const SAFETY_QR_PREFIX = 'plume-verify/1:';

const PUBLIC_KEY_BYTES = 32;
const CHUNKS_PER_KEY = 6;
const CHUNK_BYTES = 5;
const CHUNK_MODULUS = 100_000;
const DIGITS_PER_CHUNK = 5;
const SAFETY_NUMBER_RE = /^\d{60}$/;
const SAFETY_QR_RE = /^plume-verify\/(\d+):(.*)$/s;

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

async function sha512(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-512', data as BufferSource));
}

/** 30 digits for one key: 6 chunks of 5 big-endian bytes, each mod 100000. [SAFE-1] */
async function keyDigits(pub: Uint8Array, id: PeerId): Promise<string> {
  const version = new Uint8Array([SAFETY_NUMBER_VERSION >> 8, SAFETY_NUMBER_VERSION & 0xff]);
  let hash = concat(version, pub, new TextEncoder().encode(id));
  for (let i = 0; i < SAFETY_ITERATIONS; i++) hash = await sha512(concat(hash, pub));
  let digits = '';
  for (let c = 0; c < CHUNKS_PER_KEY; c++) {
    let value = 0;
    // 40 bits fit a double exactly; `<<` would truncate to 32 bits.
    for (let b = 0; b < CHUNK_BYTES; b++) value = value * 256 + hash[c * CHUNK_BYTES + b]!;
    digits += String(value % CHUNK_MODULUS).padStart(DIGITS_PER_CHUNK, '0');
  }
  return digits;
}

function checkKey(pub: Uint8Array, id: string): void {
  if (pub.length !== PUBLIC_KEY_BYTES) throw new TypeError('safety number needs a 32-byte key');
  if (!isPeerId(id)) throw new TypeError('safety number needs a well-formed PeerId');
}

/**
 * The 60-digit safety number of two identities. Symmetric: both friends get
 * the same digits, whichever side is A. The keys are the pinned ones; this
 * function does not check that they hash to the ids. [SAFE-1..3]
 * @throws TypeError when a key is not 32 bytes or an id is not a PeerId.
 */
export async function safetyNumber(
  pubA: Uint8Array,
  idA: PeerId,
  pubB: Uint8Array,
  idB: PeerId,
): Promise<string> {
  checkKey(pubA, idA);
  checkKey(pubB, idB);
  const [a, b] = await Promise.all([keyDigits(pubA, idA), keyDigits(pubB, idB)]);
  // Sorting the halves (as Signal does) is what makes the number symmetric.
  return a <= b ? a + b : b + a;
}

/** 12 groups of 5 digits separated by spaces, for display. [SAFE-4] */
export function formatSafetyNumber(digits: string): string {
  return (digits.match(/\d{1,5}/g) ?? []).join(' ');
}

/**
 * Text of the QR code shown on the safety-number screen: `plume-verify/1:<60 digits>`.
 * @throws RangeError when `digits` is not a 60-digit safety number.
 */
export function safetyQrPayload(digits: string): string {
  if (!SAFETY_NUMBER_RE.test(digits)) throw new RangeError('not a 60-digit safety number');
  return SAFETY_QR_PREFIX + digits;
}

/** Why a scanned safety code does not verify the friend. */
export const SafetyQrFailure = {
  'not-safety-code': 'this is not a Plume safety code',
  'unsupported-version': 'this safety code comes from a newer version of Plume',
  mismatch: 'the safety numbers differ: one of you does not have the other’s real key',
} as const;
export type SafetyQrFailureReason = keyof typeof SafetyQrFailure;

/** Result of `compareSafetyQr`. */
export type SafetyQrCheck =
  { ok: true } | { ok: false; reason: SafetyQrFailureReason; message: string };

/**
 * Compare a scanned safety QR with the number this device computed for the
 * same friend. Equal means both devices hold the same pair of keys, so the
 * friend may be marked verified. Never throws. [SAFE-5, SAFE-6]
 */
export function compareSafetyQr(scanned: string, expected: string): SafetyQrCheck {
  const fail = (reason: SafetyQrFailureReason): SafetyQrCheck => ({
    ok: false,
    reason,
    message: SafetyQrFailure[reason],
  });
  const match = typeof scanned === 'string' ? SAFETY_QR_RE.exec(scanned.trim()) : null;
  if (!match) return fail('not-safety-code');
  if (match[1] !== '1') return fail('unsupported-version');
  const digits = match[2] ?? '';
  if (!SAFETY_NUMBER_RE.test(digits)) return fail('not-safety-code');
  return digits === expected ? { ok: true } : fail('mismatch');
}
