/**
 * Turn a picked image into an avatar on the device: decode, centre-crop to a
 * square, scale to at most AVATAR_PX, and compress until the data: URL fits
 * the profile limit (AVATAR_MAX_CHARS). Browser-only (createImageBitmap and a
 * canvas); elsewhere it rejects with a clear error.
 */
import { AVATAR_MAX_CHARS, isAvatarDataUrl } from '../../../lib/profile';

/** Largest avatar edge in pixels. */
export const AVATAR_PX = 256;
/** Encodings tried in order; WebP first (smaller), JPEG where WebP encoding is missing (Safari). */
const ENCODINGS: readonly { type: string; quality: number }[] = [
  { type: 'image/webp', quality: 0.8 },
  { type: 'image/jpeg', quality: 0.8 },
  { type: 'image/webp', quality: 0.6 },
  { type: 'image/jpeg', quality: 0.6 },
];
/** Edges tried when even the lowest quality is too large. */
const FALLBACK_PX: readonly number[] = [192, 128, 96];

/** The source square and target edge for an image of `width` × `height`. Pure. */
export function squareCrop(
  width: number,
  height: number,
  maxPx: number = AVATAR_PX,
): { sx: number; sy: number; side: number; edge: number } {
  const side = Math.max(1, Math.min(width, height));
  return {
    sx: Math.floor((width - side) / 2),
    sy: Math.floor((height - side) / 2),
    side,
    edge: Math.max(1, Math.min(maxPx, side)),
  };
}

/** A Blob as a base64 data: URL. */
export async function blobToDataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  // Chunks: String.fromCharCode with a huge argument list overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return `data:${blob.type};base64,${btoa(binary)}`;
}

type Canvas2D = OffscreenCanvas | HTMLCanvasElement;

function makeCanvas(edge: number): Canvas2D {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(edge, edge);
  const canvas = document.createElement('canvas');
  canvas.width = edge;
  canvas.height = edge;
  return canvas;
}

function encode(canvas: Canvas2D, type: string, quality: number): Promise<Blob | null> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type, quality });
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

async function render(bitmap: ImageBitmap, edge: number): Promise<string | null> {
  const crop = squareCrop(bitmap.width, bitmap.height, edge);
  const canvas = makeCanvas(crop.edge);
  const ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null =
    canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw images');
  ctx.drawImage(bitmap, crop.sx, crop.sy, crop.side, crop.side, 0, 0, crop.edge, crop.edge);
  for (const { type, quality } of ENCODINGS) {
    const blob = await encode(canvas, type, quality);
    // A browser without that encoder silently returns PNG: skip it.
    if (!blob || blob.type !== type || blob.size * 1.4 > AVATAR_MAX_CHARS) continue;
    const url = await blobToDataUrl(blob);
    if (isAvatarDataUrl(url)) return url;
  }
  return null;
}

/**
 * Resize and compress a picked image to an avatar data: URL (≤ AVATAR_PX,
 * WebP or JPEG, ≤ AVATAR_MAX_CHARS). Rejects when the image cannot be decoded
 * or this is not a browser.
 */
export async function avatarFromImage(file: Blob): Promise<string> {
  if (typeof createImageBitmap !== 'function') {
    throw new Error('resizing images needs a browser (createImageBitmap)');
  }
  const bitmap = await createImageBitmap(file);
  try {
    for (const edge of [AVATAR_PX, ...FALLBACK_PX]) {
      const url = await render(bitmap, edge);
      if (url) return url;
    }
    throw new Error('the image could not be made small enough for an avatar');
  } finally {
    bitmap.close();
  }
}
