/**
 * File records: how a new one starts, which states the user may act on, how
 * a transfer's outcome changes one, and what the UI sees of one. Pure
 * functions. Spec: docs/protocol.md [FILE-10], [FILE-11].
 */
import type { FileRow } from '../../db/filesRepo';
import { storedBytes } from '../../db/filesRepo';
import type { ChatEvent, FileBody } from '../../lib/chatEvent';
import { eventIdOf } from '../../lib/convId';
import type { FileProgress, FileState } from './api';
import { chunkCount } from '../../lib/fileChunks';
import { AUTO_DOWNLOAD_MAX_BYTES } from './constants';
import type { PullOutcome } from './Pull';

/** SHA-256 of nothing: both hashes of an empty file. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The default auto-download rule: images under AUTO_DOWNLOAD_MAX_BYTES. */
export function defaultAutoDownload(file: FileBody): boolean {
  return file.mime.startsWith('image/') && file.size < AUTO_DOWNLOAD_MAX_BYTES;
}

/** A receive record for a peer's file event; `wanted` picks waiting over ask. */
export function receiveRecord(
  event: ChatEvent<'file'>,
  key: string,
  wanted: boolean,
  now: number,
): FileRow {
  const body = event.body;
  const count = chunkCount(body.size, body.chunkSize);
  const row: FileRow = {
    id: eventIdOf(event.conv, event.author, event.seq),
    conv: event.conv,
    peer: event.author,
    direction: 'receive',
    key,
    body,
    count,
    next: 0,
    hasher: null,
    manifest: false,
    state: wanted ? 'waiting' : 'ask',
    error: null,
    cancelledBy: null,
    acked: 0,
    updatedAt: now,
  };
  // [FILE-1] An empty file needs no transfer: it is checked here and now.
  if (count === 0) {
    const ok = body.sha256 === EMPTY_SHA256 && body.chunks === EMPTY_SHA256;
    row.manifest = ok;
    row.state = ok ? 'ready' : 'failed';
    row.error = ok ? null : 'integrity';
  }
  return row;
}

/** [FILE-11] States from which `accept` fetches a received file (again). */
const ACCEPTABLE: ReadonlySet<FileState> = new Set([
  'ask',
  'failed',
  'noSpace',
  'cancelled',
  'freed',
]);

/** States in which a receive record is worth pulling now or later. */
const WANTED: ReadonlySet<FileState> = new Set(['waiting', 'active']);

/** [FILE-11] `accept` on a receive record: waiting again (a freed one from zero). True if changed. */
export function acceptRow(row: FileRow, now: number): boolean {
  if (row.direction === 'send') {
    if (row.state !== 'cancelled') return false;
    row.state = 'ready';
    row.cancelledBy = null;
    row.updatedAt = now;
    return true;
  }
  if (!ACCEPTABLE.has(row.state)) return false;
  if (row.state === 'freed') {
    row.next = 0;
    row.hasher = null;
    row.manifest = false;
  }
  row.state = 'waiting';
  row.error = null;
  row.cancelledBy = null;
  row.updatedAt = now;
  return true;
}

/** [FILE-6] `cancel` by me or the peer. True if changed. */
export function cancelRow(row: FileRow, by: 'me' | 'peer', now: number): boolean {
  if (row.state === 'freed' || row.state === 'preparing') return false;
  if (row.direction === 'receive' && row.state === 'ready') return false;
  if (row.state === 'cancelled' && row.cancelledBy === by) return false;
  row.state = 'cancelled';
  row.cancelledBy = by;
  row.updatedAt = now;
  return true;
}

/** Apply how a pull ended. Only a record still being pulled changes. */
export function settlePull(row: FileRow, outcome: PullOutcome, now: number): boolean {
  if (!WANTED.has(row.state)) return false;
  row.updatedAt = now;
  switch (outcome.kind) {
    case 'ready':
      row.state = 'ready';
      row.error = null;
      row.hasher = null;
      row.next = row.count;
      return true;
    case 'retry':
    case 'stopped':
      row.state = 'waiting';
      return true;
    case 'failed':
      row.state = 'failed';
      row.error = outcome.error;
      return true;
    case 'noSpace':
      row.state = 'noSpace';
      return true;
    case 'cancelled':
      row.state = 'cancelled';
      row.cancelledBy = outcome.by;
      return true;
  }
}

/** Live figures of a transfer in progress (held in memory, not stored). */
export interface LiveFigures {
  bytes: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
}

/** What the UI sees of a record. */
export function progressOf(row: FileRow, live: LiveFigures | null): FileProgress {
  const bytes = live?.bytes ?? (row.direction === 'send' ? row.acked : storedBytes(row));
  const moving = row.state === 'active' && live !== null;
  return {
    id: row.id,
    conv: row.conv,
    direction: row.direction,
    state: row.state,
    bytes,
    size: row.body.size,
    bytesPerSecond: moving ? live.bytesPerSecond : 0,
    etaSeconds: moving ? live.etaSeconds : null,
    error: row.error,
    complete: isComplete(row),
  };
}

/** Every byte is here and verified: `open` composes the file. */
export function isComplete(row: FileRow): boolean {
  if (row.state === 'freed' || row.state === 'preparing') return false;
  if (row.direction === 'send') return row.next >= row.count;
  return row.state === 'ready';
}
