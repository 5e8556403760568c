/**
 * The QR decoder the scanner uses: the browser's own BarcodeDetector where it
 * reads QR codes (Android Chrome, Safari, macOS Chrome), else the
 * `barcode-detector` ponyfill on ZXing-C++ compiled to WebAssembly. Both take
 * the whole picture at its own resolution, so a code is read wherever it lies
 * in the frame and at any size that fits. docs/performance.md "Scanning" has
 * the figures that chose the ponyfill over html5-qrcode's JavaScript decoder.
 *
 * The ponyfill and its wasm (~1 MB) load with the first scan, from our own
 * origin: never from a CDN, and the service worker caches the wasm on first use.
 */
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';

const logger = log('ui:qr');

/** Something a decoder can read: a camera's video element or a decoded picture. */
export type QrSource = HTMLVideoElement | ImageBitmap | HTMLCanvasElement | ImageData;

export interface QrDecoder {
  /** Which engine reads: the platform's, or ZXing-C++ in wasm. */
  readonly kind: 'native' | 'zxing-wasm';
  /** The text of the first QR code in `source`, or null when there is none. */
  detect(source: QrSource): Promise<string | null>;
}

/** The part of the BarcodeDetector API we use (platform or ponyfill). */
interface Detector {
  detect(source: QrSource): Promise<ReadonlyArray<{ rawValue: string }>>;
}

interface DetectorClass {
  new (options: { formats: string[] }): Detector;
  getSupportedFormats(): Promise<readonly string[]>;
}

const QR_FORMAT = 'qr_code';

function decoderOf(kind: QrDecoder['kind'], detector: Detector): QrDecoder {
  return {
    kind,
    async detect(source) {
      const found = await detector.detect(source);
      return found.find((code) => code.rawValue !== '')?.rawValue ?? null;
    },
  };
}

/** The platform's BarcodeDetector, if it exists here and reads QR codes. */
async function nativeDetector(): Promise<Detector | null> {
  const Native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (!Native) return null;
  try {
    const formats = await Native.getSupportedFormats();
    return formats.includes(QR_FORMAT) ? new Native({ formats: [QR_FORMAT] }) : null;
  } catch (err) {
    // Some platforms expose the class but cannot create a detector (no ML service).
    logger.info('native BarcodeDetector unusable', describeError(err));
    return null;
  }
}

async function wasmDetector(): Promise<Detector> {
  const [{ BarcodeDetector, prepareZXingModule }, { default: wasmUrl }] = await Promise.all([
    import('barcode-detector/ponyfill'),
    import('zxing-wasm/reader/zxing_reader.wasm?url'),
  ]);
  // Our copy of the wasm, never the library's default CDN; fetched now so the
  // first frame does not wait for it, and so a failed download is seen here.
  await prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) =>
        path.endsWith('.wasm') ? wasmUrl : prefix + path,
    },
    fireImmediately: true,
  });
  return new BarcodeDetector({ formats: [QR_FORMAT] });
}

let loading: Promise<QrDecoder> | null = null;

/**
 * The decoder for this browser, loaded once. Rejects when neither the
 * platform nor the wasm decoder is available (for example the wasm could not
 * be fetched on a first scan while offline); a later call tries again.
 */
export function loadQrDecoder(): Promise<QrDecoder> {
  loading ??= (async () => {
    const native = await nativeDetector();
    if (native) return decoderOf('native', native);
    return decoderOf('zxing-wasm', await wasmDetector());
  })().catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}
