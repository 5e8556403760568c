/**
 * Pure helpers of the files UI: MIME clean-up, sizes, speeds and
 * durations as text, thumbnail geometry. No DOM, no signals: tested in node.
 */
import { fileKindOf } from '../../../db/fold';
import { formatDuration } from '../../i18n/time';

/** What a file is shown as. */
export type FileKind = ReturnType<typeof fileKindOf>;
export { fileKindOf };

export { FALLBACK_MIME, normalizeMime, safeFileName } from '../../../lib/fileNames';

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** `bytes` as a short localized size: "512 bytes", "1.5 MB", "2 GB". Decimal steps of 1024. */
export function formatBytes(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 || value >= 100 ? 0 : 1,
  }).format(value);
}

/** A transfer speed: "3.2 MB/s". */
export function formatSpeed(bytesPerSecond: number, locale: string): string {
  return `${formatBytes(bytesPerSecond, locale)}/s`;
}

/** A media length or position, `m:ss` (or `h:mm:ss`), from milliseconds. */
export function formatClock(ms: number): string {
  return formatDuration(ms / 1000);
}

/** Whole percent of `bytes` out of `size` (100 for an empty file). */
export function percentOf(bytes: number, size: number): number {
  if (size <= 0) return 100;
  return Math.min(100, Math.max(0, Math.floor((bytes / size) * 100)));
}

/** The size of a thumbnail of a `width` × `height` picture: the long edge at most `maxEdge`. */
export function fitWithin(
  width: number,
  height: number,
  maxEdge: number,
): { width: number; height: number } {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const scale = Math.min(1, maxEdge / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

/** The name of a recorded voice message: `voice-20250102-0304.webm` (local time). */
export function voiceFileName(at: Date, mime: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const ext = mime.includes('ogg') ? 'ogg' : mime.includes('mp4') ? 'm4a' : 'webm';
  const date = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`;
  return `voice-${date}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}.${ext}`;
}
