import { describe, expect, it } from 'vitest';
import { avatarFromImage, blobToDataUrl, squareCrop } from './avatar';

describe('avatar helpers', () => {
  it('crops the centre square and never scales up', () => {
    expect(squareCrop(1000, 500)).toEqual({ sx: 250, sy: 0, side: 500, edge: 256 });
    expect(squareCrop(100, 300)).toEqual({ sx: 0, sy: 100, side: 100, edge: 100 });
  });

  it('encodes a blob as a data: URL', async () => {
    const blob = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });
    expect(await blobToDataUrl(blob)).toBe('data:image/jpeg;base64,/9j/');
  });

  it('refuses clearly outside a browser', async () => {
    await expect(avatarFromImage(new Blob([]))).rejects.toThrow(/browser/);
  });
});
