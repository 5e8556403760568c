import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BACKUP_MAGIC,
  PBKDF2_ITERATIONS,
  PBKDF2_ITERATIONS_MAX,
  decryptBackup,
  encryptBackup,
  type BackupFailureReason,
} from './backupCrypto';

const PASSPHRASE = 'correct horse battery staple';
const PAYLOAD = new TextEncoder().encode(JSON.stringify({ identity: 'k', friends: [1, 2, 3] }));
const DIGEST_BYTES = 32;
const PREFIX_BYTES = 12;

let file: Uint8Array;
beforeAll(async () => {
  file = await encryptBackup(PAYLOAD, PASSPHRASE);
});

const headerLength = (f: Uint8Array) => new DataView(f.buffer, f.byteOffset).getUint32(8);

function headerOf(f: Uint8Array): Record<string, unknown> {
  const bytes = f.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength(f));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/** Re-seal the outer digest, as someone editing the file on purpose would. */
function withDigest(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + DIGEST_BYTES);
  out.set(body);
  out.set(createHash('sha256').update(body).digest(), body.length);
  return out;
}

/** Replace the header and re-seal the digest (the GCM tag stays the old one). */
function withHeader(f: Uint8Array, header: unknown): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const sealed = f.subarray(PREFIX_BYTES + headerLength(f), f.length - DIGEST_BYTES);
  const body = new Uint8Array(PREFIX_BYTES + json.length + sealed.length);
  body.set(f.subarray(0, 8));
  new DataView(body.buffer).setUint32(8, json.length);
  body.set(json, PREFIX_BYTES);
  body.set(sealed, PREFIX_BYTES + json.length);
  return withDigest(body);
}

function flip(f: Uint8Array, at: number): Uint8Array {
  const copy = f.slice();
  copy[at]! ^= 0x01;
  return copy;
}

async function expectFailure(f: Uint8Array, reason: BackupFailureReason, pass = PASSPHRASE) {
  expect(await decryptBackup(f, pass)).toMatchObject({ ok: false, reason });
}

describe('backup file', () => {
  it('[BAK-1] starts with the magic and ends with a SHA-256 of the rest', () => {
    expect(new TextDecoder().decode(file.subarray(0, 8))).toBe(BACKUP_MAGIC);
    const body = file.subarray(0, file.length - DIGEST_BYTES);
    expect(file.subarray(body.length)).toEqual(
      new Uint8Array(createHash('sha256').update(body).digest()),
    );
  });

  it('[BAK-2] [BAK-3] has a JSON header with PBKDF2-SHA256, 600k rounds and a 16-byte salt', () => {
    const header = headerOf(file);
    expect(header).toMatchObject({
      v: 1,
      kdf: { alg: 'PBKDF2-SHA256', iterations: PBKDF2_ITERATIONS },
      cipher: { alg: 'AES-256-GCM' },
    });
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const kdf = header.kdf as { salt: string };
    expect(Buffer.from(kdf.salt, 'base64url')).toHaveLength(16);
    expect(Buffer.from((header.cipher as { iv: string }).iv, 'base64url')).toHaveLength(12);
  });

  it('[BAK-5] round-trips the payload, with fresh salt and IV each time', async () => {
    expect(await decryptBackup(file, PASSPHRASE)).toEqual({ ok: true, payload: PAYLOAD });
    const again = await encryptBackup(PAYLOAD, PASSPHRASE);
    expect(headerOf(again).kdf).not.toEqual(headerOf(file).kdf);
    expect(headerOf(again).cipher).not.toEqual(headerOf(file).cipher);
  });

  it('[BAK-5] round-trips an empty payload and a Unicode passphrase in either normal form', async () => {
    const f = await encryptBackup(new Uint8Array(0), 'Zoe\u0301 🔑');
    expect(await decryptBackup(f, 'Zo\u00e9 🔑')).toEqual({ ok: true, payload: new Uint8Array(0) });
  });

  it('[BAK-4] reports a wrong passphrase as such', async () => {
    await expectFailure(file, 'wrong-passphrase', 'Correct horse battery staple');
    await expectFailure(file, 'wrong-passphrase', '');
  });

  it('[BAK-8] refuses to encrypt with an empty passphrase', async () => {
    await expect(encryptBackup(PAYLOAD, '')).rejects.toThrow(RangeError);
    await expect(encryptBackup(PAYLOAD, 'x', { iterations: 1000 })).rejects.toThrow(RangeError);
  });

  it('[BAK-6] a flipped byte in the ciphertext, header or digest reads as corrupt', async () => {
    const headerAt = PREFIX_BYTES + 5;
    const cipherAt = PREFIX_BYTES + headerLength(file) + 3;
    for (const at of [headerAt, cipherAt, file.length - 1, 9])
      await expectFailure(flip(file, at), 'corrupt');
  });

  it('[BAK-6] a truncated file reads as corrupt', async () => {
    for (const length of [file.length - 1, file.length - DIGEST_BYTES, 40, 12, 9]) {
      await expectFailure(file.subarray(0, length), 'corrupt');
    }
  });

  it('[BAK-5] a ciphertext edited behind a re-sealed digest fails GCM: corrupt', async () => {
    const body = file.slice(0, file.length - DIGEST_BYTES);
    body[body.length - 1]! ^= 0x80;
    await expectFailure(withDigest(body), 'corrupt');
  });

  it('[BAK-5] a header edited behind a re-sealed digest fails as additional data: corrupt', async () => {
    await expectFailure(withHeader(file, { ...headerOf(file), note: 'edited' }), 'corrupt');
  });

  it('[BAK-7] an edited KDF field behind a re-sealed digest reads as a wrong passphrase', async () => {
    // Documented limit: without the passphrase this is indistinguishable from a wrong one.
    const header = headerOf(file);
    const kdf = { ...(header.kdf as object), salt: 'AAAAAAAAAAAAAAAAAAAAAA' };
    await expectFailure(withHeader(file, { ...header, kdf }), 'wrong-passphrase');
  });

  it('[BAK-7] a malformed header behind a re-sealed digest reads as corrupt', async () => {
    const header = headerOf(file);
    await expectFailure(withHeader(file, { ...header, check: 'short' }), 'corrupt');
    const kdf = { ...(header.kdf as object), iterations: PBKDF2_ITERATIONS_MAX + 1 };
    await expectFailure(withHeader(file, { ...header, kdf }), 'corrupt');
    await expectFailure(withHeader(file, [1, 2]), 'corrupt');
  });

  it('[BAK-1] a damaged magic reads as not a backup; another layout digit as unsupported', async () => {
    await expectFailure(flip(file, 0), 'not-a-backup');
    await expectFailure(flip(file, 7), 'unsupported-version');
  });

  it('[BAK-2] a header with another version or algorithm reads as unsupported', async () => {
    const header = headerOf(file);
    await expectFailure(withHeader(file, { ...header, v: 2 }), 'unsupported-version');
    const kdf = { ...(header.kdf as object), alg: 'argon2id' };
    await expectFailure(withHeader(file, { ...header, kdf }), 'unsupported-version');
  });

  it('[BAK-9] never throws on foreign input', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    for (const f of [new Uint8Array(0), png, new TextEncoder().encode('PLUMEBK')]) {
      await expectFailure(f, 'not-a-backup');
    }
    await expectFailure('nope' as unknown as Uint8Array, 'not-a-backup');
  });

  it('[BAK-9] opens a file held in a view at an offset', async () => {
    const padded = new Uint8Array(file.length + 10);
    padded.set(file, 5);
    const view = padded.subarray(5, 5 + file.length);
    expect(await decryptBackup(view, PASSPHRASE)).toEqual({ ok: true, payload: PAYLOAD });
  });
});
