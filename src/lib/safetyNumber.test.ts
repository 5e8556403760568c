import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { peerIdFromPublicKey, type PeerId } from './ids';
import {
  SAFETY_ITERATIONS,
  SAFETY_QR_PREFIX,
  compareSafetyQr,
  formatSafetyNumber,
  safetyNumber,
  safetyQrPayload,
} from './safetyNumber';

const PUB_A = Uint8Array.from({ length: 32 }, (_, i) => i);
const PUB_B = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
const PUB_C = new Uint8Array(32).fill(7);
/** Computed once from PUB_A and PUB_B; must never change, or every verified friend breaks. */
const VECTOR_AB = '367147590834869462815395907102652255795582824948351456375461';

const ids = async (...pubs: Uint8Array[]): Promise<PeerId[]> =>
  Promise.all(pubs.map((p) => peerIdFromPublicKey(p)));

/** Independent reference, written from Signal's NumericFingerprintGenerator with node:crypto. */
function referenceHalf(pub: Uint8Array, id: string): string {
  let hash = Buffer.concat([Buffer.from([0, 1]), pub, Buffer.from(id, 'utf8')]);
  for (let i = 0; i < SAFETY_ITERATIONS; i++) {
    hash = createHash('sha512').update(hash).update(pub).digest();
  }
  let out = '';
  for (let c = 0; c < 6; c++) {
    const chunk = hash.readUIntBE(c * 5, 5);
    out += String(chunk % 100000).padStart(5, '0');
  }
  return out;
}

describe('safety number', () => {
  it('[SAFE-1] matches a stable test vector', async () => {
    const [idA, idB] = await ids(PUB_A, PUB_B);
    expect(await safetyNumber(PUB_A, idA!, PUB_B, idB!)).toBe(VECTOR_AB);
  });

  it('[SAFE-1] agrees with an independent node:crypto reference', async () => {
    const [idA, idB] = await ids(PUB_A, PUB_B);
    const halves = [referenceHalf(PUB_A, idA!), referenceHalf(PUB_B, idB!)].sort();
    expect(halves.join('')).toBe(VECTOR_AB);
  });

  it('[SAFE-3] is the same from both sides', async () => {
    const [idA, idB] = await ids(PUB_A, PUB_C);
    const fromA = await safetyNumber(PUB_A, idA!, PUB_C, idB!);
    const fromB = await safetyNumber(PUB_C, idB!, PUB_A, idA!);
    expect(fromA).toMatch(/^\d{60}$/);
    expect(fromB).toBe(fromA);
  });

  it('[SAFE-7] changes when either key changes', async () => {
    const [idA, idB, idC] = await ids(PUB_A, PUB_B, PUB_C);
    const other = await safetyNumber(PUB_A, idA!, PUB_C, idC!);
    expect(other).not.toBe(VECTOR_AB);
    expect(await safetyNumber(PUB_C, idC!, PUB_B, idB!)).not.toBe(VECTOR_AB);
    // The half that belongs to the unchanged key stays, the other one moves.
    expect([other.slice(0, 30), other.slice(30)]).toContain(referenceHalf(PUB_A, idA!));
  });

  it('[SAFE-1] refuses a key that is not 32 bytes or an id that is not a PeerId', async () => {
    const [idA, idB] = await ids(PUB_A, PUB_B);
    await expect(safetyNumber(PUB_A.subarray(1), idA!, PUB_B, idB!)).rejects.toThrow(TypeError);
    await expect(safetyNumber(PUB_A, 'nope' as PeerId, PUB_B, idB!)).rejects.toThrow(TypeError);
  });

  it('[SAFE-4] formats as 12 groups of 5 digits', () => {
    const text = formatSafetyNumber(VECTOR_AB);
    expect(text.split(' ')).toHaveLength(12);
    expect(text).toBe('36714 75908 34869 46281 53959 07102 65225 57955 82824 94835 14563 75461');
  });
});

describe('safety QR', () => {
  it('[SAFE-5] encodes plume-verify/1:<60 digits>', () => {
    expect(safetyQrPayload(VECTOR_AB)).toBe(`${SAFETY_QR_PREFIX}${VECTOR_AB}`);
    expect(SAFETY_QR_PREFIX).toBe('plume-verify/1:');
    expect(() => safetyQrPayload('123')).toThrow(RangeError);
  });

  it('[SAFE-6] a scanned code with the same number verifies', () => {
    expect(compareSafetyQr(safetyQrPayload(VECTOR_AB), VECTOR_AB)).toEqual({ ok: true });
    expect(compareSafetyQr(` ${safetyQrPayload(VECTOR_AB)}\n`, VECTOR_AB)).toEqual({ ok: true });
  });

  it('[SAFE-6] a different number is a mismatch', () => {
    const other = VECTOR_AB.replace(/^3/, '4');
    expect(compareSafetyQr(safetyQrPayload(other), VECTOR_AB)).toMatchObject({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('[SAFE-6] tells a foreign or newer code apart from a mismatch', () => {
    const fail = (text: string) => compareSafetyQr(text, VECTOR_AB);
    expect(fail(VECTOR_AB)).toMatchObject({ reason: 'not-safety-code' });
    expect(fail('https://plume.example/#/add/x')).toMatchObject({ reason: 'not-safety-code' });
    expect(fail(`plume-verify/1:${VECTOR_AB}0`)).toMatchObject({ reason: 'not-safety-code' });
    expect(fail(`plume-verify/2:${VECTOR_AB}`)).toMatchObject({ reason: 'unsupported-version' });
    expect(fail(null as unknown as string)).toMatchObject({ reason: 'not-safety-code' });
  });
});
