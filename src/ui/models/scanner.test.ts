import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  camera,
  CAMERA_SLOW_MS,
  cameraProblemOf,
  QRBOX_MIN_PX,
  qrboxFor,
  startCamera,
} from './scanner';

describe('qrboxFor', () => {
  it('is a square of 80% of the shorter side of the viewfinder', () => {
    expect(qrboxFor(640, 480)).toEqual({ width: 384, height: 384 });
    expect(qrboxFor(390, 700)).toEqual({ width: 312, height: 312 });
  });

  it('never goes under the library minimum', () => {
    expect(qrboxFor(40, 40)).toEqual({ width: QRBOX_MIN_PX, height: QRBOX_MIN_PX });
  });
});

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

/** html5-qrcode stand-in: `start` settles when the test says so. */
const library = vi.hoisted(() => ({ release: null as (() => void) | null }));
vi.mock('html5-qrcode/esm/html5-qrcode', () => ({
  Html5Qrcode: class {
    isScanning = false;
    start(): Promise<void> {
      return new Promise((resolve) => {
        library.release = () => {
          this.isScanning = true;
          resolve();
        };
      });
    }
    stop(): Promise<void> {
      this.isScanning = false;
      return Promise.resolve();
    }
    clear(): void {}
  },
}));
vi.mock('html5-qrcode/esm/core', () => ({ Html5QrcodeSupportedFormats: { QR_CODE: 0 } }));

describe('startCamera', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    library.release = null;
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: () => Promise.resolve() } });
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
    library.release?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(camera.value).toEqual({ state: 'scanning' });
    stop();
    expect(camera.value).toEqual({ state: 'idle' });
  });

  it('a camera that starts in time is never called slow', async () => {
    const stop = startCamera('view', () => undefined);
    await vi.advanceTimersByTimeAsync(100);
    library.release?.();
    await vi.advanceTimersByTimeAsync(CAMERA_SLOW_MS * 2);
    expect(camera.value).toEqual({ state: 'scanning' });
    stop();
  });
});
