/** Which received files download by themselves, under the user's size limit. */
import type { FileBody } from '../../lib/chatEvent';

/**
 * True when a received file downloads without asking: photos and voice
 * messages up to `limit` bytes (the setting). Everything else asks first.
 */
export function shouldAutoDownload(
  file: Pick<FileBody, 'mime' | 'size' | 'voice'>,
  limit: number,
): boolean {
  if (file.size > limit) return false;
  return file.voice === true || file.mime.startsWith('image/');
}
