/**
 * QR scanning for "Add a friend" and "Verify": the camera and image files.
 * html5-qrcode's camera layer opens the back camera and shows it; the frames
 * are read by `qrDecoder` (the platform's BarcodeDetector, or ZXing-C++ in
 * wasm), whole and at the camera's own resolution, so a code is found anywhere
 * in the picture. Both load with the scanner screen, not with the app. This
 * module holds the camera state the screen shows; what a scanned text means is
 * up to the caller (friends model).
 */
import { signal } from '@preact/signals';
import type { RenderedCamera } from 'html5-qrcode/esm/camera/core';
import { systemClock } from '../../../lib/clock';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { loadQrDecoder, type QrDecoder } from './qrDecoder';

const logger = log('ui:scanner');

/**
 * Decoding attempts per second at most. One frame is read at a time, so a
 * slow device reads fewer, never a queue of stale frames.
 */
export const SCAN_FPS = 10;
/**
 * A camera still starting after this long is said to be slow (some devices
 * never answer while another app holds the camera): the screen says so and
 * points to the picture and link alternatives, and keeps waiting.
 */
export const CAMERA_SLOW_MS = 10_000;
/** HTMLMediaElement.HAVE_CURRENT_DATA: a frame is there to read. */
const HAVE_CURRENT_DATA = 2;

/** What stops the camera, in words the screen can show. */
/** `reader`: the camera works, but the code reader could not be loaded. */
export type CameraProblem = 'denied' | 'no-camera' | 'in-use' | 'unsupported' | 'reader' | 'failed';

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

/** Open the back camera in the element and show it (html5-qrcode's camera layer). */
async function openCamera(element: HTMLElement): Promise<RenderedCamera> {
  const { CameraFactory } = await import('html5-qrcode/esm/camera/factories');
  const factory = await CameraFactory.failIfNotSupported();
  const cam = await factory.create({ facingMode: 'environment' });
  return cam.render(element, {}, { onRenderSurfaceReady: () => undefined });
}

function cameraAvailable(): boolean {
  return typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
}

/**
 * Read frames from `video` until `stopped()`: one decode at a time, at most
 * SCAN_FPS a second, each decoded text passed to `onText`.
 */
export function readFrames(
  video: HTMLVideoElement,
  decoder: QrDecoder,
  onText: (text: string) => void,
  stopped: () => boolean,
): void {
  const period = 1000 / SCAN_FPS;
  const next = async (): Promise<void> => {
    if (stopped()) return;
    const began = performance.now();
    if (video.readyState >= HAVE_CURRENT_DATA && video.videoWidth > 0) {
      try {
        const text = await decoder.detect(video);
        if (text !== null && !stopped()) onText(text);
      } catch (err) {
        // A frame that cannot be read (the camera just changed size) is skipped.
        logger.debug('frame not read', describeError(err));
      }
    }
    if (stopped()) return;
    systemClock.setTimeout(() => void next(), Math.max(0, period - (performance.now() - began)));
  };
  void next();
}

/**
 * Start the back camera in the element `elementId` and call `onText` with each
 * decoded text. Returns stop, which is safe to call at any time, also while
 * the camera is still starting (it then stops as soon as it has started).
 */
export function startCamera(elementId: string, onText: (text: string) => void): () => void {
  let stopped = false;
  let rendered: RenderedCamera | null = null;
  camera.value = { state: 'starting' };
  const slow = systemClock.setTimeout(() => {
    if (!stopped && camera.peek().state === 'starting') {
      camera.value = { state: 'starting', slow: true };
    }
  }, CAMERA_SLOW_MS);

  const run = async () => {
    const element = document.getElementById(elementId);
    if (!cameraAvailable() || !element) {
      camera.value = { state: 'problem', problem: 'unsupported' };
      return;
    }
    // The decoder loads while the camera starts; neither waits for the other.
    const decoder = loadQrDecoder();
    decoder.catch(() => undefined);
    try {
      rendered = await openCamera(element);
    } catch (err) {
      logger.warn('camera did not start', describeError(err));
      if (!stopped) camera.value = { state: 'problem', problem: cameraProblemOf(err) };
      return;
    }
    if (stopped) return close(rendered);
    let reader: QrDecoder;
    try {
      reader = await decoder;
    } catch (err) {
      logger.error('QR decoder did not load', describeError(err));
      if (!stopped) camera.value = { state: 'problem', problem: 'reader' };
      return close(rendered);
    }
    if (stopped) return close(rendered);
    camera.value = { state: 'scanning' };
    readFrames(rendered.getSurface(), reader, onText, () => stopped);
  };

  void run()
    .catch((err: unknown) => {
      logger.error('scanner failed', describeError(err));
      if (!stopped) camera.value = { state: 'problem', problem: 'failed' };
    })
    .finally(() => systemClock.clearTimeout(slow));

  return () => {
    if (stopped) return;
    stopped = true;
    systemClock.clearTimeout(slow);
    camera.value = { state: 'idle' };
    if (rendered) void close(rendered);
  };
}

async function close(rendered: RenderedCamera): Promise<void> {
  try {
    await rendered.close();
  } catch (err) {
    logger.debug('stopping the camera', describeError(err));
  }
}

/** Why an image file gave no text. */
export type ImageScanResult =
  | { ok: true; text: string }
  /** `no-code`: the picture holds no readable code; `reader`: the reader could not load. */
  | { ok: false; reason: 'no-code' | 'reader' };

/**
 * Decode the QR code in a picture (a screenshot or photo of someone's code).
 * Works while the camera runs: it shares only the decoder.
 */
export async function scanImageFile(file: Blob): Promise<ImageScanResult> {
  let decoder: QrDecoder;
  try {
    decoder = await loadQrDecoder();
  } catch (err) {
    logger.error('QR decoder did not load', describeError(err));
    return { ok: false, reason: 'reader' };
  }
  let picture: ImageBitmap | null = null;
  try {
    picture = await createImageBitmap(file);
    const text = await decoder.detect(picture);
    if (text !== null) return { ok: true, text };
    logger.info('no code in the image');
  } catch (err) {
    logger.info('image not read', describeError(err));
  } finally {
    picture?.close();
  }
  return { ok: false, reason: 'no-code' };
}
