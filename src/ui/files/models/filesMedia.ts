/**
 * What a file event says about a picture, video or sound, worked out on the
 * device before sending ([CHAT-13]): pixel size, a small thumbnail
 * (a JPEG or WebP data: URL within MAX_THUMB_CHARS) and the duration.
 * Browser-only. Every step has a time limit; what cannot be read is left out
 * and the file is sent anyway.
 */
import { MAX_THUMB_CHARS } from '../../../lib/chatEvent';
import type { FileExtras } from '../../../peers/files/api';
import { fitWithin, normalizeMime } from './filesFormat';
import { withTimeout } from '../../../lib/timeout';

/** Longest edge of a thumbnail, tried in this order until the data: URL fits. */
const THUMB_EDGES: readonly number[] = [320, 240, 160, 96];
/** Encodings per edge: WebP first (smaller, keeps transparency), JPEG where WebP is missing. */
const ENCODINGS: readonly { type: string; quality: number }[] = [
  { type: 'image/webp', quality: 0.72 },
  { type: 'image/jpeg', quality: 0.72 },
  { type: 'image/webp', quality: 0.45 },
  { type: 'image/jpeg', quality: 0.45 },
];
/** Give up on reading a file's media details after this long. */
const PROBE_MS = 8_000;
/** Where a video's poster frame is taken (seconds, or the middle of a shorter clip). */
const POSTER_AT_S = 1;
/** Largest dimension [CHAT-13] accepts. */
const MAX_DIMENSION = 100_000;

/** Wait for one of `ok` on `el`, or reject on its `error`. */
function once(el: HTMLMediaElement | HTMLImageElement, ok: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      el.removeEventListener(ok, done);
      el.removeEventListener('error', fail);
      resolve();
    };
    const fail = () => {
      el.removeEventListener(ok, done);
      el.removeEventListener('error', fail);
      reject(new Error('the browser cannot read this file'));
    };
    el.addEventListener(ok, done);
    el.addEventListener('error', fail);
  });
}

function dimension(value: number): number | undefined {
  const n = Math.round(value);
  return n >= 1 && n <= MAX_DIMENSION ? n : undefined;
}

/** Draw `source` small and encode it until it fits `maxChars`; null when it never does. */
function makeThumb(
  source: CanvasImageSource,
  width: number,
  height: number,
  maxChars: number,
): string | null {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  for (const edge of THUMB_EDGES) {
    const size = fitWithin(width, height, edge);
    canvas.width = size.width;
    canvas.height = size.height;
    for (const { type, quality } of ENCODINGS) {
      ctx.clearRect(0, 0, size.width, size.height);
      // JPEG has no transparency: paint white under it rather than black.
      if (type === 'image/jpeg') {
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, size.width, size.height);
      }
      ctx.drawImage(source, 0, 0, size.width, size.height);
      const url = canvas.toDataURL(type, quality);
      // A browser without the encoder quietly returns PNG: skip it.
      if (url.startsWith(`data:${type};base64,`) && url.length <= maxChars) return url;
    }
  }
  return null;
}

async function describeImage(url: string, maxChars: number): Promise<FileExtras> {
  const img = new Image();
  img.decoding = 'async';
  img.src = url;
  await img.decode();
  const width = dimension(img.naturalWidth);
  const height = dimension(img.naturalHeight);
  if (!width || !height) return {};
  const thumb = makeThumb(img, width, height, maxChars);
  return thumb ? { width, height, thumb } : { width, height };
}

async function describeVideo(url: string, maxChars: number): Promise<FileExtras> {
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'metadata';
  video.src = url;
  await once(video, 'loadedmetadata');
  const extras: FileExtras = {};
  if (Number.isFinite(video.duration)) extras.duration = Math.round(video.duration * 1000);
  const width = dimension(video.videoWidth);
  const height = dimension(video.videoHeight);
  if (!width || !height) return extras;
  extras.width = width;
  extras.height = height;
  const seeked = once(video, 'seeked');
  video.currentTime = Number.isFinite(video.duration)
    ? Math.min(POSTER_AT_S, video.duration / 2)
    : 0;
  await seeked;
  const thumb = makeThumb(video, width, height, maxChars);
  if (thumb) extras.thumb = thumb;
  video.removeAttribute('src');
  video.load();
  return extras;
}

async function describeAudio(url: string): Promise<FileExtras> {
  const audio = document.createElement('audio');
  audio.preload = 'metadata';
  audio.src = url;
  await once(audio, 'loadedmetadata');
  return Number.isFinite(audio.duration) ? { duration: Math.round(audio.duration * 1000) } : {};
}

/**
 * Pixel size and thumbnail of an image; size, duration and poster of a
 * video; duration of a sound. Other files: nothing. Rejects when the file
 * cannot be read in time (the caller sends it without these). The thumbnail fits `maxThumbChars`
 * (a chat's limit unless the caller has a smaller one).
 */
export async function describeMedia(
  blob: Blob,
  maxThumbChars: number = MAX_THUMB_CHARS,
): Promise<FileExtras> {
  const mime = normalizeMime(blob.type);
  const read = mime.startsWith('image/')
    ? describeImage
    : mime.startsWith('video/')
      ? describeVideo
      : mime.startsWith('audio/')
        ? describeAudio
        : null;
  if (!read) return {};
  const url = URL.createObjectURL(blob);
  try {
    return await withTimeout(
      read(url, maxThumbChars),
      PROBE_MS,
      () => new Error('timed out reading the file'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
