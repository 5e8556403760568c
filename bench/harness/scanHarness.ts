/**
 * Scan bench harness (bench only, never in dist/): exposes on `window.plumeScan` the generated
 * frames (scanFrames.ts) and three readers of them, for bench/scan.bench.mjs:
 * - `app`: the app's decoder, `loadQrDecoder()` from src/ui/friends/models/qrDecoder.ts (the platform's
 *   BarcodeDetector if it reads QR codes, else the barcode-detector ponyfill on ZXing-C++ in
 *   wasm), given the frame's canvas as the scanner gives it the video element;
 * - `whole`: html5-qrcode's JavaScript decoder (zxing-js, as its camera loop builds it when there
 *   is no BarcodeDetector) on the whole frame;
 * - `crop`: the same decoder on the centred square of 80% of the frame's shorter side, which is
 *   all the app's old camera scanner (html5-qrcode with `qrbox`) ever decoded.
 * A read counts only when its text is the generated link. Each read is timed around the decode
 * call alone (the frame is already drawn).
 */
import { BaseLoggger, Html5QrcodeSupportedFormats } from 'html5-qrcode/esm/core';
import { ZXingHtml5QrcodeDecoder } from 'html5-qrcode/esm/zxing-html5-qrcode-decoder';
import { loadQrDecoder, type QrDecoder } from '../../src/ui/friends/models/qrDecoder';
import { CATEGORIES, makeCase, renderCase, type ScanCase } from './scanFrames';

/** The old scanner's `qrbox`: a centred square of this share of the shorter side. */
const QRBOX_FRACTION = 0.8;
const QRBOX_MIN_PX = 50;

export type Reader = 'app' | 'whole' | 'crop';
export const READERS: readonly Reader[] = ['app', 'whole', 'crop'];

/** One reader on one frame: `ok` read the right text, `wrong` read another one. */
export interface Read {
  ok: boolean;
  wrong: boolean;
  ms: number;
}

let app: QrDecoder | null = null;
const zxing = new ZXingHtml5QrcodeDecoder(
  [Html5QrcodeSupportedFormats.QR_CODE],
  false,
  new BaseLoggger(false),
);
let cases: ScanCase[] = [];

function centredCrop(frame: HTMLCanvasElement): HTMLCanvasElement {
  const side = Math.max(
    QRBOX_MIN_PX,
    Math.floor(Math.min(frame.width, frame.height) * QRBOX_FRACTION),
  );
  const crop = document.createElement('canvas');
  crop.width = crop.height = side;
  crop
    .getContext('2d', { willReadFrequently: true })!
    .drawImage(
      frame,
      Math.floor((frame.width - side) / 2),
      Math.floor((frame.height - side) / 2),
      side,
      side,
      0,
      0,
      side,
      side,
    );
  return crop;
}

async function timed(decode: () => Promise<string | null>, expected: string): Promise<Read> {
  const started = performance.now();
  const text = await decode();
  const ms = performance.now() - started;
  return { ok: text === expected, wrong: text !== null && text !== expected, ms };
}

async function zxingText(canvas: HTMLCanvasElement): Promise<string | null> {
  try {
    return (await zxing.decodeAsync(canvas)).text;
  } catch {
    return null; // zxing-js throws when it finds no code
  }
}

async function read(reader: Reader, frame: HTMLCanvasElement, crop: HTMLCanvasElement | null) {
  if (reader === 'app') {
    if (!app) throw new Error('not ready');
    return app.detect(frame);
  }
  return zxingText(reader === 'crop' ? (crop ?? centredCrop(frame)) : frame);
}

/** Draw case `c`, read it with every reader (in an order that turns from case to case). */
async function readCase(c: ScanCase): Promise<Record<Reader, Read>> {
  const frame = renderCase(c);
  const crop = centredCrop(frame);
  const reads = {} as Record<Reader, Read>;
  for (let k = 0; k < READERS.length; k++) {
    const reader = READERS[(c.id + k) % READERS.length]!;
    reads[reader] = await timed(() => read(reader, frame, crop), c.text);
  }
  return reads;
}

/** `runs` reads of one video-like frame by one reader, after `warmup` unmeasured ones. */
async function frameCost(
  reader: Reader,
  size: { width: number; height: number },
  withCode: boolean,
  warmup: number,
  runs: number,
) {
  // A steady camera picture: a sharp code a third of the shorter side wide, a little off centre.
  const base = makeCase(1, 'plain', 0, -1);
  const c: ScanCase = {
    ...base,
    ...size,
    modulePx: Math.min(size.width, size.height) / 3 / base.modules,
    cx: size.width * 0.45,
    cy: size.height * 0.55,
  };
  const frame = renderCase(c, withCode);
  const crop = centredCrop(frame);
  const expected = withCode ? c.text : null;
  for (let i = 0; i < warmup; i++) await read(reader, frame, crop);
  const ms: number[] = [];
  let right = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const text = await read(reader, frame, crop);
    ms.push(performance.now() - started);
    if (text === expected) right++;
  }
  return { ms, right };
}

const api = {
  ready: false,
  /** Which engine the app's decoder is ('native' or 'zxing-wasm'). */
  kind: '',
  categories: CATEGORIES,
  /** Draw up the set: `perCategory` cases of each category from `seed`. */
  makeSet(seed: number, perCategory: number) {
    cases = CATEGORIES.flatMap((category, k) =>
      Array.from({ length: perCategory }, (_, nth) =>
        makeCase(seed, category, nth, k * perCategory + nth),
      ),
    );
    return cases.map(({ id, category, width, height, text, version, modulePx }) => ({
      id,
      category,
      width,
      height,
      textLength: text.length,
      version,
      modulePx,
    }));
  },
  /** Read cases `ids` with every reader. */
  async run(ids: number[]) {
    const out: { id: number; reads: Record<Reader, Read> }[] = [];
    for (const id of ids) out.push({ id, reads: await readCase(cases[id]!) });
    return out;
  },
  /** Case `id` as a PNG data URL (to look at). */
  png: (id: number) => renderCase(cases[id]!).toDataURL('image/png'),
  frameCost,
};

export type PlumeScanBench = typeof api;

declare global {
  interface Window {
    plumeScan?: PlumeScanBench;
  }
}

window.plumeScan = api;
void loadQrDecoder().then(
  (decoder) => {
    app = decoder;
    api.kind = decoder.kind;
    api.ready = true;
  },
  (err: unknown) => console.error('QR decoder did not load', err),
);
