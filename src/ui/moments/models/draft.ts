/**
 * What a moment may carry, checked as the author picks files: up to nine pictures, or one short
 * video, never both.
 */

import { MAX_PICTURES, MAX_POST_TEXT_CHARS, MAX_VIDEO_MS } from '../../../lib/moments/limits';

/** A picked file as the draft knows it. */
export interface PickedMedia {
  /** Local key for lists and removal. */
  key: string;
  kind: 'picture' | 'video';
  name: string;
  /** The picture made on the device (data: URL), when one could be made. */
  thumb?: string;
  /** A video's length in ms, when it could be read. */
  duration?: number;
}

/** Why a picked file was left out. */
export type PickRefusal = 'notMedia' | 'tooMany' | 'mixed' | 'videoTooLong';

/** The kind of a file by its type; null for anything else. */
export function mediaKindOf(mime: string): PickedMedia['kind'] | null {
  if (mime.startsWith('image/')) return 'picture';
  if (mime.startsWith('video/')) return 'video';
  return null;
}

/** Whether `next` may join `current`; null when it may, else why not. */
export function refusalOf(current: readonly PickedMedia[], next: PickedMedia): PickRefusal | null {
  if (next.kind === 'video') {
    if (current.length > 0) return 'mixed';
    if (next.duration !== undefined && next.duration > MAX_VIDEO_MS) return 'videoTooLong';
    return null;
  }
  if (current.some((m) => m.kind === 'video')) return 'mixed';
  if (current.length >= MAX_PICTURES) return 'tooMany';
  return null;
}

/** A moment can go out with some text or some media, within the text limit. */
export function canPost(text: string, media: readonly PickedMedia[]): boolean {
  const length = [...text.trim()].length;
  return (length > 0 || media.length > 0) && length <= MAX_POST_TEXT_CHARS;
}

/** Room left for more pictures (0 once a video is picked). */
export function roomLeft(media: readonly PickedMedia[]): number {
  if (media.some((m) => m.kind === 'video')) return 0;
  return Math.max(0, MAX_PICTURES - media.length);
}
