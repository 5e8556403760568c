import { describe, expect, it } from 'vitest';
import { cameraProblemOf, QRBOX_MIN_PX, qrboxFor } from './scanner';

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
