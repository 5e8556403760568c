import { describe, expect, it } from 'vitest';
import { MAX_MOMENT_THUMB_CHARS } from '../../lib/moments/events';
import { fitThumb } from './fitThumb';

describe('moments thumbnails', () => {
  it('[MOM-4] a small thumbnail stays; a large one is left out where nothing can draw it smaller', async () => {
    const small = `data:image/jpeg;base64,${'A'.repeat(100)}`;
    expect(await fitThumb(small, MAX_MOMENT_THUMB_CHARS)).toBe(small);
    const large = `data:image/jpeg;base64,${'A'.repeat(MAX_MOMENT_THUMB_CHARS)}`;
    // Node has no OffscreenCanvas: the browser draws it again, smaller; here it is dropped.
    expect(typeof OffscreenCanvas).toBe('undefined');
    expect(await fitThumb(large, MAX_MOMENT_THUMB_CHARS)).toBeNull();
  });
});
