import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QrDecoder, QrSource } from './qrDecoder';
import {
  camera,
  CAMERA_SLOW_MS,
  cameraProblemOf,
  readFrames,
  scanImageFile,
  SCAN_FPS,
  startCamera,
} from './scanner';

describe('cameraProblemOf', () => {
  it('tells denied, missing and busy cameras apart', () => {
    const denied = new DOMException('Permission denied', 'NotAllowedError');
    expect(cameraProblemOf(denied)).toBe('denied');
    expect(cameraProblemOf(`Error getting userMedia, error = ${String(denied)}`)).toBe('denied');
    expect(cameraProblemOf(new DOMException('Requested device not found', 'NotFoundError'))).toBe(
      'no-camera',
    );
    expect(cameraProblemOf('NotReadableError: Could not start video source')).toBe('in-use');
    expect(cameraProblemOf(new Error('boom'))).toBe('failed');
  });
});

/** A decoder that reads what the test says each frame holds, and counts what it was given. */
function fakeDecoder(frames: Array<string | null | Error>) {
  const seen: QrSource[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const decoder: QrDecoder = {
    kind: 'zxing-wasm',
    async detect(source) {
      seen.push(source);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await Promise.resolve();
      inFlight--;
      const next = frames.length > 1 ? frames.shift() : frames[0];
      if (next instanceof Error) throw next;
      return next ?? null;
    },
  };
  return { decoder, seen, maxInFlight: () => maxInFlight };
}

/** The camera and decoder stand-ins: the camera starts and the decoder loads when the test says. */
const fakes = vi.hoisted(() => ({
  releaseCamera: null as (() => void) | null,
  closed: 0,
  decoder: null as Promise<QrDecoder> | null,
  video: { readyState: 4, videoWidth: 640 } as unknown as HTMLVideoElement,
}));
vi.mock('html5-qrcode/esm/camera/factories', () => ({
  CameraFactory: {
    failIfNotSupported: () =>
      Promise.resolve({
        create: () =>
          Promise.resolve({
            render: () =>
              new Promise((resolve) => {
                fakes.releaseCamera = () =>
                  resolve({
                    getSurface: () => fakes.video,
                    close: () => {
                      fakes.closed++;
                      return Promise.resolve();
                    },
                  });
              }),
          }),
      }),
  },
}));
vi.mock('./qrDecoder', () => ({
  loadQrDecoder: () => fakes.decoder,
}));

/** Let the camera finish starting (it must have asked for it by then). */
async function cameraStarts(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
  if (!fakes.releaseCamera) throw new Error('the camera was never asked for');
  fakes.releaseCamera();
  await vi.advanceTimersByTimeAsync(0);
}

describe('readFrames', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('[SCAN-1] reads the whole video frame, one at a time, at most SCAN_FPS a second', async () => {
    const { decoder, seen, maxInFlight } = fakeDecoder([null]);
    let stopped = false;
    readFrames(
      fakes.video,
      decoder,
      () => undefined,
      () => stopped,
    );
    await vi.advanceTimersByTimeAsync(1000);
    stopped = true;
    // The video element itself goes to the decoder: the full frame at its own resolution.
    expect(seen.every((source) => source === fakes.video)).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(SCAN_FPS - 1);
    expect(seen.length).toBeLessThanOrEqual(SCAN_FPS + 1);
    expect(maxInFlight()).toBe(1);
    const before = seen.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.length).toBe(before);
  });

  it('[SCAN-1] passes on each decoded text and skips frames that fail to read', async () => {
    const { decoder } = fakeDecoder([new Error('resized'), null, 'plume-link']);
    const texts: string[] = [];
    let stopped = false;
    readFrames(
      fakes.video,
      decoder,
      (text) => texts.push(text),
      () => stopped,
    );
    await vi.advanceTimersByTimeAsync(350);
    stopped = true;
    expect(texts.length).toBeGreaterThan(0);
    expect(new Set(texts)).toEqual(new Set(['plume-link']));
  });

  it('waits for a frame before reading', async () => {
    const { decoder, seen } = fakeDecoder([null]);
    const video = { readyState: 0, videoWidth: 0 } as unknown as HTMLVideoElement;
    let stopped = false;
    readFrames(
      video,
      decoder,
      () => undefined,
      () => stopped,
    );
    await vi.advanceTimersByTimeAsync(500);
    expect(seen).toHaveLength(0);
    Object.assign(video, { readyState: 4, videoWidth: 640 });
    await vi.advanceTimersByTimeAsync(200);
    stopped = true;
    expect(seen.length).toBeGreaterThan(0);
  });
});

describe('startCamera', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    fakes.releaseCamera = null;
    fakes.closed = 0;
    fakes.decoder = Promise.resolve(fakeDecoder([null]).decoder);
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: () => Promise.resolve() } });
    vi.stubGlobal('document', { getElementById: () => ({}) });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('says so when the camera is slow to start, and still scans once it has', async () => {
    const stop = startCamera('view', () => undefined);
    expect(camera.value).toEqual({ state: 'starting' });
    await vi.advanceTimersByTimeAsync(CAMERA_SLOW_MS - 1);
    expect(camera.value).toEqual({ state: 'starting' });
    await vi.advanceTimersByTimeAsync(1);
    expect(camera.value).toEqual({ state: 'starting', slow: true });
    await cameraStarts();
    expect(camera.value).toEqual({ state: 'scanning' });
    stop();
    expect(camera.value).toEqual({ state: 'idle' });
    await vi.advanceTimersByTimeAsync(0);
    expect(fakes.closed).toBe(1);
  });

  it('a camera that starts in time is never called slow', async () => {
    const stop = startCamera('view', () => undefined);
    await vi.advanceTimersByTimeAsync(100);
    await cameraStarts();
    await vi.advanceTimersByTimeAsync(CAMERA_SLOW_MS * 2);
    expect(camera.value).toEqual({ state: 'scanning' });
    stop();
  });

  it('a decoded frame reaches the caller', async () => {
    fakes.decoder = Promise.resolve(fakeDecoder(['plume-link']).decoder);
    const texts: string[] = [];
    const stop = startCamera('view', (text) => texts.push(text));
    await cameraStarts();
    stop();
    expect(texts[0]).toBe('plume-link');
  });

  it('a reader that cannot load is a problem of its own, and the camera is let go', async () => {
    fakes.decoder = Promise.reject(new Error('wasm fetch failed'));
    startCamera('view', () => undefined);
    await cameraStarts();
    expect(camera.value).toEqual({ state: 'problem', problem: 'reader' });
    expect(fakes.closed).toBe(1);
  });

  it('stopped while starting: the camera closes as soon as it has started', async () => {
    const stop = startCamera('view', () => undefined);
    stop();
    await cameraStarts();
    expect(camera.value).toEqual({ state: 'idle' });
    expect(fakes.closed).toBe(1);
  });
});

describe('scanImageFile', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reads the code in a picture, and frees the picture', async () => {
    const close = vi.fn();
    vi.stubGlobal('createImageBitmap', () => Promise.resolve({ close }));
    fakes.decoder = Promise.resolve(fakeDecoder(['plume-link']).decoder);
    expect(await scanImageFile(new Blob(['x']))).toEqual({ ok: true, text: 'plume-link' });
    expect(close).toHaveBeenCalledOnce();
  });

  it('a picture with no code, or one that is not a picture, says no-code', async () => {
    fakes.decoder = Promise.resolve(fakeDecoder([null]).decoder);
    vi.stubGlobal('createImageBitmap', () => Promise.resolve({ close: () => undefined }));
    expect(await scanImageFile(new Blob(['x']))).toEqual({ ok: false, reason: 'no-code' });
    vi.stubGlobal('createImageBitmap', () =>
      Promise.reject(new DOMException('bad', 'InvalidStateError')),
    );
    expect(await scanImageFile(new Blob(['x']))).toEqual({ ok: false, reason: 'no-code' });
  });

  it('a reader that cannot load says so', async () => {
    fakes.decoder = Promise.reject(new Error('offline'));
    expect(await scanImageFile(new Blob(['x']))).toEqual({ ok: false, reason: 'reader' });
  });
});
