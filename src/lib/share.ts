/**
 * What an app shared into Plume through the manifest's share target ([SHARE-1]..[SHARE-3]):
 * the form fields read into one text and a list of files, within bounds, or the one reason it
 * was refused. Pure: the service worker reads the request, stores the result and redirects.
 */
import { MAX_TEXT_CHARS } from './chatEvent';

/** The form fields the manifest's `share_target.params` names. */
export const SHARE_FIELDS = { title: 'title', text: 'text', url: 'url', files: 'files' } as const;
/** The path the share target posts to. */
export const SHARE_PATH = '/share';
/** [SHARE-2] At most this many files per share. */
export const MAX_SHARE_FILES = 10;
/** [SHARE-2] At most this many bytes of files per share (and of the whole request). */
export const MAX_SHARE_BYTES = 100 * 1024 * 1024;
/** [SHARE-2] Room for the form's boundaries and headers on top of the files. */
export const SHARE_REQUEST_SLACK = 64 * 1024;

/** Why a share was refused; written in the app's route (`#/share/<reason>`). */
export const SHARE_REFUSALS = [
  'malformed',
  'empty',
  'too-many',
  'too-large',
  'too-long',
  'storage',
] as const;
export type ShareRefusal = (typeof SHARE_REFUSALS)[number];

/** True for a known refusal (a route's word may be anything). */
export function isShareRefusal(word: string): word is ShareRefusal {
  return (SHARE_REFUSALS as readonly string[]).includes(word);
}

/** One shared file as it is kept until sent. */
export interface SharedFile {
  name: string;
  type: string;
  blob: Blob;
}

/** What was shared: the text (title, text and link, one per line) and the files. */
export interface SharedItems {
  text: string;
  files: SharedFile[];
}

export type ShareReading = { ok: true; items: SharedItems } | { ok: false; reason: ShareRefusal };

/** The part of FormData read here (the service worker's and Node's both fit). */
export interface ShareForm {
  getAll(name: string): (string | Blob)[];
}

/** The one string value of `name`, trimmed ('' when absent or a file). */
function field(form: ShareForm, name: string): string {
  const value = form.getAll(name)[0];
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * The share's text: apps fill title, text and url inconsistently (a link often comes in
 * `text`), so each non-empty one goes on its own line, a repeat left out.
 */
export function shareText(title: string, text: string, url: string): string {
  const parts: string[] = [];
  for (const part of [title, text, url]) {
    if (part !== '' && !parts.some((p) => p.includes(part))) parts.push(part);
  }
  return parts.join('\n');
}

/** A file's name, as sent: its own, else "shared" (a pasted image often has none). */
function nameOf(value: Blob): string {
  const name = 'name' in value && typeof value.name === 'string' ? value.name.trim() : '';
  return name === '' ? 'shared' : name;
}

/** [SHARE-2] Read a share's form within bounds. */
export function readShareForm(form: ShareForm): ShareReading {
  const text = shareText(
    field(form, SHARE_FIELDS.title),
    field(form, SHARE_FIELDS.text),
    field(form, SHARE_FIELDS.url),
  );
  // An app with nothing picked still sends the field, as an empty unnamed file.
  const blobs = form
    .getAll(SHARE_FIELDS.files)
    .filter((v): v is Blob => typeof v !== 'string' && (v.size > 0 || nameOf(v) !== 'shared'));
  if (text === '' && blobs.length === 0) return { ok: false, reason: 'empty' };
  if ([...text].length > MAX_TEXT_CHARS) return { ok: false, reason: 'too-long' };
  if (blobs.length > MAX_SHARE_FILES) return { ok: false, reason: 'too-many' };
  const bytes = blobs.reduce((n, b) => n + b.size, 0);
  if (bytes > MAX_SHARE_BYTES) return { ok: false, reason: 'too-large' };
  const files = blobs.map((blob) => ({ name: nameOf(blob), type: blob.type, blob }));
  return { ok: true, items: { text, files } };
}

/** [SHARE-2] A request announcing more than the bounds allow is refused before it is read. */
export function declaredTooLarge(contentLength: string | null): boolean {
  if (contentLength === null) return false;
  const n = Number(contentLength);
  return Number.isFinite(n) && n > MAX_SHARE_BYTES + SHARE_REQUEST_SLACK;
}
