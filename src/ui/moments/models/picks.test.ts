import { describe, expect, it } from 'vitest';
import type { FileExtras } from '../../../peers/files/api';
import { MAX_PICTURES, MAX_VIDEO_MS } from '../../../lib/moments/limits';
import { addPicks } from './picks';

const THUMB = 'data:image/webp;base64,AAAA';
const file = (name: string, type: string) => new File([new Uint8Array(4)], name, { type });
let n = 0;
const key = () => `k${++n}`;

describe('picking files for a moment', () => {
  it('keeps pictures with the thumbnail made on the device, up to nine', async () => {
    const files = Array.from({ length: MAX_PICTURES + 2 }, (_, i) => file(`${i}.png`, 'image/png'));
    let reads = 0;
    const describeMedia = (): Promise<FileExtras> => {
      reads++;
      return Promise.resolve({ thumb: THUMB, width: 10, height: 20 });
    };
    const { media, problems } = await addPicks([], files, describeMedia, key);
    expect(media).toHaveLength(MAX_PICTURES);
    expect(media[0]?.input).toMatchObject({ thumb: THUMB, width: 10, height: 20, name: '0.png' });
    expect(problems).toEqual(['tooMany']);
    expect(reads).toBe(MAX_PICTURES);
  });

  it('takes one video with its length, and refuses a long one or one beside pictures', async () => {
    const short = (): Promise<FileExtras> => Promise.resolve({ thumb: THUMB, duration: 5_000 });
    const one = await addPicks([], [file('a.webm', 'video/webm')], short, key);
    expect(one.media[0]?.input).toMatchObject({ duration: 5_000 });
    const mixed = await addPicks(one.media, [file('b.png', 'image/png')], short, key);
    expect(mixed.problems).toEqual(['mixed']);
    const long = () => Promise.resolve({ thumb: THUMB, duration: MAX_VIDEO_MS + 1 });
    expect((await addPicks([], [file('c.webm', 'video/webm')], long, key)).problems).toEqual([
      'videoTooLong',
    ]);
  });

  it('leaves out what is not a picture or video, and what cannot be read', async () => {
    const failing = () => Promise.reject(new Error('cannot decode'));
    const { media, problems } = await addPicks(
      [],
      [file('a.pdf', 'application/pdf'), file('b.png', 'image/png')],
      failing,
      key,
    );
    expect(media).toEqual([]);
    expect(problems.sort()).toEqual(['notMedia', 'unreadable']);
  });
});
