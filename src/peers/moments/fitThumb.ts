/**
 * [MOM-4] A moments thumbnail must be small (nine and the text fit one frame), smaller than the
 * chat's thumbnail maker makes. In a browser a larger one is drawn again, smaller, here; where
 * the platform cannot draw (no OffscreenCanvas), it is left out of the post.
 */
/** Longest edges tried, in pixels, and qualities, until the data URL fits. */
const EDGES: readonly number[] = [200, 160, 120, 96, 64];
const QUALITIES: readonly number[] = [0.7, 0.5, 0.35];

/** `thumb` when it fits `maxChars`; else a smaller JPEG of it that fits, or null. */
export async function fitThumb(thumb: string, maxChars: number): Promise<string | null> {
  if (thumb.length <= maxChars) return thumb;
  if (typeof OffscreenCanvas === 'undefined' || typeof createImageBitmap === 'undefined')
    return null;
  const comma = thumb.indexOf(',');
  const mime = thumb.slice(5, thumb.indexOf(';'));
  try {
    const bytes = Uint8Array.from(atob(thumb.slice(comma + 1)), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: mime }));
    for (const edge of EDGES) {
      const scale = Math.min(1, edge / Math.max(bitmap.width, bitmap.height));
      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d');
      if (!ctx) return null;
      // JPEG has no transparency: paint white under it rather than black.
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, height);
      ctx.drawImage(bitmap, 0, 0, width, height);
      for (const quality of QUALITIES) {
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
        const url = `data:image/jpeg;base64,${toBase64(new Uint8Array(await blob.arrayBuffer()))}`;
        if (url.length <= maxChars) return url;
      }
    }
    return null;
  } catch {
    return null;
  }
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}
