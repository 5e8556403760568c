/**
 * The name and type a file event carries ([CHAT-13]), from what the browser
 * gives: used by the screens that send files and by the engine that prepares
 * them, so both clean them the same way.
 */
import { MAX_FILE_NAME_CHARS, MAX_MIME_CHARS, MIME_RE } from './chatEvent';
import { codePointLength } from './text';

/** The MIME type used when the browser gives none (or one [CHAT-13] would refuse). */
export const FALLBACK_MIME = 'application/octet-stream';
/** The name a file is sent under when it has none. */
const FALLBACK_NAME = 'file';

/**
 * A file's type as a file event carries it: lowercase, parameters dropped
 * (`audio/webm;codecs=opus` → `audio/webm`), `application/octet-stream`
 * when empty or malformed.
 */
export function normalizeMime(type: string): string {
  const bare = (type.split(';')[0] ?? '').trim().toLowerCase();
  return bare.length <= MAX_MIME_CHARS && MIME_RE.test(bare) ? bare : FALLBACK_MIME;
}

/**
 * A file name [CHAT-13] accepts: no path separators or control characters,
 * at most MAX_FILE_NAME_CHARS code points (the extension kept), never empty.
 */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim();
  if (clean === '' || clean === '.' || clean === '..') return FALLBACK_NAME;
  const chars = [...clean];
  if (chars.length <= MAX_FILE_NAME_CHARS) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 ? [...clean.slice(dot)].slice(0, 16).join('') : '';
  return chars.slice(0, MAX_FILE_NAME_CHARS - codePointLength(ext)).join('') + ext;
}
