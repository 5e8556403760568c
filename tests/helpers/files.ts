/** Helpers for the files end-to-end tests: test files, PNGs, hashes, saving. */
import { expect, type Locator, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

export const MB = 1024 * 1024;

/** A fresh temporary folder for one test's files. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'plume-files-'));
}

/** Deterministic pseudo-random bytes (xorshift32): the same seed gives the same file. */
export function pseudoRandomBytes(size: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out.writeUInt32LE(x, i);
  }
  for (; i < size; i++) out[i] = (x >>> (8 * (i % 4))) & 0xff;
  return out;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** SHA-256 of a file on disk, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Write `bytes` to `dir/name`; returns its path and SHA-256. */
export function writeTestFile(
  dir: string,
  name: string,
  bytes: Buffer,
): { path: string; sha256: string; size: number } {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, sha256: sha256(bytes), size: bytes.length };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGB PNG of `width` × `height`: colour gradients with noise (so it is not tiny). */
export function makePng(width: number, height: number, seed: number): Buffer {
  const noise = pseudoRandomBytes(width * height, seed);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const n = (noise[y * width + x] ?? 0) & 0x3f;
      const p = row + 1 + x * 3;
      raw[p] = Math.floor((x / width) * 192) + n;
      raw[p + 1] = Math.floor((y / height) * 192) + n;
      raw[p + 2] = 128 + (n >> 1);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The file message named `name` in the open chat. */
export function fileMessage(page: Page, name: string): Locator {
  return page.locator(`[data-testid="file-message"][data-name="${name}"]`);
}

/** Pick files with the composer's attach button (the picker's input). */
export async function attachFiles(page: Page, paths: string[]): Promise<void> {
  await expect(page.getByTestId('attach-button')).toBeVisible();
  await page.getByTestId('attach-input').setInputFiles(paths);
}

/** Drop a file on the chat, as a drag from the desktop would. */
export async function dropFile(
  page: Page,
  name: string,
  mime: string,
  bytes: Buffer,
): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ b64, name, mime }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], name, { type: mime }));
      return dt;
    },
    { b64: bytes.toString('base64'), name, mime },
  );
  const chat = page.getByTestId('chat-screen');
  await chat.dispatchEvent('dragenter', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await chat.dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-overlay')).toBeHidden();
}

/** Click `button` (a Save), wait for the download and return the SHA-256 of what was saved. */
export async function saveAndHash(page: Page, button: Locator): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await download.path();
  return sha256File(path);
}
