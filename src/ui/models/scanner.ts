/**
 * QR scanning for "Add a friend" and "Verify": the camera and image files.
 * html5-qrcode (~100 KB) is imported dynamically, so it is a separate chunk that
 * only the scanner screen loads. This module holds the camera state the screen
 * shows; what a scanned text means is up to the caller (friends model).
 */
import { signal } from '@preact/signals';
// Deep imports: the package index also pulls in Html5QrcodeScanner's own UI, which we do not use.
import type { Html5QrcodeSupportedFormats } from 'html5-qrcode/esm/core';
import type { Html5Qrcode } from 'html5-qrcode/esm/html5-qrcode';
import { describeError } from '../../lib/errors';
import { log } from '../../lib/log';

const logger = log('ui:scanner');

/** Share of the viewfinder's shorter side that the scan box takes. */
export const QRBOX_FRACTION = 0.8;
/** html5-qrcode refuses a scan box under 50 px. */
export const QRBOX_MIN_PX = 50;
/** Decoding attempts per second. */
export const SCAN_FPS = 10;
/**
 * A camera still starting after this long is said to be slow (some devices
 * never answer while another app holds the camera): the screen says so and
 * points to the picture and link alternatives, and keeps waiting.
 */
export const CAMERA_SLOW_MS = 10_000;

/**
 * The scan box for a viewfinder: a square of `QRBOX_FRACTION` of its shorter
 * side. html5-qrcode decodes only what lies inside the box, quiet zone
 * included, so a fixed pixel box misses codes that fill a phone's frame.
 */
export function qrboxFor(viewfinderWidth: number, viewfinderHeight: number) {
  const shorter = Math.min(viewfinderWidth, viewfinderHeight);
  const side = Math.max(QRBOX_MIN_PX, Math.floor(shorter * QRBOX_FRACTION));
  return { width: side, height: side };
}

/** What stops the camera, in words the screen can show. */
export type CameraProblem = 'denied' | 'no-camera' | 'in-use' | 'unsupported' | 'failed';

/** The camera's state. `problem` is set when `state` is 'problem'. */
export type CameraState =
  | { state: 'idle' }
  /** `slow`: still starting after CAMERA_SLOW_MS. */
  | { state: 'starting'; slow?: boolean }
  | { state: 'scanning' }
  | { state: 'problem'; problem: CameraProblem };

export const camera = signal<CameraState>({ state: 'idle' });

/**
 * Classify a camera start failure. html5-qrcode passes on getUserMedia's
 * DOMException, or wraps its name in a string, so both are matched by name.
 */
export function cameraProblemOf(err: unknown): CameraProblem {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  if (/NotAllowed|Permission|denied|SecurityError/i.test(text)) return 'denied';
  if (/NotFound|DevicesNotFound|no camera|Requested device not found|Overconstrained/i.test(text))
    return 'no-camera';
  if (/NotReadable|TrackStart|Could not start video/i.test(text)) return 'in-use';
  return 'failed';
}

/** The parts of html5-qrcode we use (type-only here: the code comes by dynamic import). */
interface ScannerLibrary {
  Html5Qrcode: typeof Html5Qrcode;
  Html5QrcodeSupportedFormats: typeof Html5QrcodeSupportedFormats;
}

async function loadLibrary(): Promise<ScannerLibrary> {
  const [{ Html5Qrcode }, { Html5QrcodeSupportedFormats }] = await Promise.all([
    import('html5-qrcode/esm/html5-qrcode'),
    import('html5-qrcode/esm/core'),
  ]);
  return { Html5Qrcode, Html5QrcodeSupportedFormats };
}

function newScanner(lib: ScannerLibrary, elementId: string): Html5Qrcode {
  return new lib.Html5Qrcode(elementId, {
    verbose: false,
    formatsToSupport: [lib.Html5QrcodeSupportedFormats.QR_CODE],
  });
}

function cameraAvailable(): boolean {
  return typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
}

/**
 * Start the back camera in the element `elementId` and call `onText` with each
 * decoded text. Returns stop, which is safe to call at any time, also while
 * the camera is still starting (it then stops as soon as it has started).
 */
export function startCamera(elementId: string, onText: (text: string) => void): () => void {
  let stopped = false;
  let scanner: Html5Qrcode | null = null;
  camera.value = { state: 'starting' };
  const slow = setTimeout(() => {
    if (!stopped && camera.peek().state === 'starting') {
      camera.value = { state: 'starting', slow: true };
    }
  }, CAMERA_SLOW_MS);

  const run = async () => {
    if (!cameraAvailable()) {
      camera.value = { state: 'problem', problem: 'unsupported' };
      return;
    }
    const lib = await loadLibrary();
    if (stopped) return;
    scanner = newScanner(lib, elementId);
    try {
      await scanner.start(
        { facingMode: 'environment' },
        { fps: SCAN_FPS, qrbox: qrboxFor },
        (text) => {
          if (!stopped) onText(text);
        },
        undefined,
      );
    } catch (err) {
      logger.warn('camera did not start', describeError(err));
      scanner = null;
      if (!stopped) camera.value = { state: 'problem', problem: cameraProblemOf(err) };
      return;
    }
    if (stopped) await halt(scanner);
    else camera.value = { state: 'scanning' };
  };

  void run()
    .catch((err: unknown) => {
      logger.error('scanner failed to load', describeError(err));
      if (!stopped) camera.value = { state: 'problem', problem: 'failed' };
    })
    .finally(() => clearTimeout(slow));

  return () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(slow);
    camera.value = { state: 'idle' };
    if (scanner) void halt(scanner);
  };
}

async function halt(scanner: Html5Qrcode): Promise<void> {
  try {
    if (scanner.isScanning) await scanner.stop();
    scanner.clear();
  } catch (err) {
    logger.debug('stopping the camera', describeError(err));
  }
}

/** Why an image file gave no text. */
export type ImageScanResult = { ok: true; text: string } | { ok: false; reason: 'no-code' };

/**
 * Decode the QR code in a picture (a screenshot of someone's code). Uses its
 * own hidden element, so it works while the camera runs.
 */
export async function scanImageFile(file: File, elementId: string): Promise<ImageScanResult> {
  const scanner = newScanner(await loadLibrary(), elementId);
  try {
    return { ok: true, text: await scanner.scanFile(file, false) };
  } catch (err) {
    logger.info('no code in the image', describeError(err));
    return { ok: false, reason: 'no-code' };
  } finally {
    try {
      scanner.clear();
    } catch {
      // Nothing was rendered; nothing to clear.
    }
  }
}
