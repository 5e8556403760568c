import { describe, expect, it } from 'vitest';
import {
  MAX_PICTURES,
  MAX_POST_TEXT_CHARS as MAX_TEXT,
  MAX_VIDEO_MS,
} from '../../../lib/moments/limits';
import { canPost, mediaKindOf, refusalOf, roomLeft, type PickedMedia } from './draft';

const picture = (n: number): PickedMedia => ({ key: `p${n}`, kind: 'picture', name: `${n}.png` });
const video = (duration?: number): PickedMedia => ({
  key: 'v',
  kind: 'video',
  name: 'v.mp4',
  duration,
});
const pictures = (n: number) => Array.from({ length: n }, (_, i) => picture(i));

describe('moment draft', () => {
  it('takes up to nine pictures and refuses the tenth', () => {
    expect(refusalOf(pictures(MAX_PICTURES - 1), picture(99))).toBeNull();
    expect(refusalOf(pictures(MAX_PICTURES), picture(99))).toBe('tooMany');
    expect(roomLeft(pictures(4))).toBe(5);
  });

  it('takes one video alone, never beside pictures or another video', () => {
    expect(refusalOf([], video(5_000))).toBeNull();
    expect(refusalOf(pictures(1), video(5_000))).toBe('mixed');
    expect(refusalOf([video(5_000)], picture(1))).toBe('mixed');
    expect(refusalOf([video(5_000)], video(5_000))).toBe('mixed');
    expect(roomLeft([video(5_000)])).toBe(0);
  });

  it('refuses a video longer than the limit', () => {
    expect(refusalOf([], video(MAX_VIDEO_MS + 1))).toBe('videoTooLong');
    expect(refusalOf([], video(MAX_VIDEO_MS))).toBeNull();
  });

  it('knows pictures and videos by their type', () => {
    expect(mediaKindOf('image/png')).toBe('picture');
    expect(mediaKindOf('video/webm')).toBe('video');
    expect(mediaKindOf('application/pdf')).toBeNull();
  });

  it('posts text, media or both, but not nothing or too much text', () => {
    expect(canPost('  ', [])).toBe(false);
    expect(canPost('hi', [])).toBe(true);
    expect(canPost('', pictures(1))).toBe(true);
    expect(canPost('x'.repeat(MAX_TEXT + 1), [])).toBe(false);
  });
});
