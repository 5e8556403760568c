/**
 * Sending a file: room is checked first, the bytes are stored and hashed
 * (prepare.ts), then the `file` event is appended to the chat log, which
 * pushes it to the peer like any message. Whatever fails, nothing
 * half-stored is left behind. Spec: docs/protocol.md [FILE-1], [CHAT-13].
 */
import { getConv } from '../../db/convsRepo';
import type { PlumeDatabase } from '../../db/db';
import { deleteBytes, finishUpload, type FileRow } from '../../db/filesRepo';
import { getPerson } from '../../db/peopleRepo';
import { parseWireEvent, type FileBody } from '../../lib/chatEvent';
import { eventIdOf } from '../../lib/convId';
import { describeError, StorageError } from '../../lib/errors';
import type { IdentityKeys } from '../../lib/identity';
import type { ConversationId, PeerId } from '../../lib/ids';
import type { ConvRow } from '../../db/chatRows';
import { log } from '../../lib/log';
import { NotFriendError, NotMemberError, type SyncEngine } from '../sync/SyncEngine';
import { NoSpaceError, type FileExtras } from './api';
import { chunkCount } from '../../lib/fileChunks';
import { CHUNK_BYTES, SPACE_MARGIN_BYTES } from './constants';
import { fileBodyOf, prepareFile, type Prepared } from './prepare';
import { freeSpace, type Estimate } from './Puller';
import { EMPTY_SHA256 } from './records';

const logger = log('peers:files:send');

/** What sending needs. */
export interface SendDeps {
  db: PlumeDatabase;
  keys: IdentityKeys;
  sync: SyncEngine;
  estimate: Estimate;
  now: () => number;
  /** Chunk size (tests use small ones); default CHUNK_BYTES. */
  chunkSize: number | undefined;
}

/** One file to send. */
export interface SendRequest {
  conv: ConversationId;
  blob: Blob;
  name: string;
  extras: FileExtras | undefined;
  onPrepare: ((bytes: number) => void) | undefined;
}

/**
 * Store, hash and announce one file. Rejects with NotFriendError (a direct
 * chat), NotMemberError (a group), NoSpaceError, StorageError, or TypeError for extras that break [CHAT-13].
 */
export async function sendFile(
  deps: SendDeps,
  req: SendRequest,
): Promise<{ row: FileRow; body: FileBody }> {
  const { db, keys, sync, now } = deps;
  const row = await sendableConv(db, req.conv, keys.id);
  const chunkSize = deps.chunkSize ?? CHUNK_BYTES;
  const draft: Prepared = {
    key: '',
    size: req.blob.size,
    chunkSize,
    count: 0,
    sha256: EMPTY_SHA256,
    chunks: EMPTY_SHA256,
  };
  // Before a byte is stored: the body must be one peers accept.
  checkBody(fileBodyOf(draft, req.name, req.blob.type, req.extras), req.conv, keys);
  const free = await freeSpace(deps.estimate);
  if (free !== null && req.blob.size + SPACE_MARGIN_BYTES > free) {
    throw new NoSpaceError(req.blob.size, free);
  }
  let prepared: Prepared;
  try {
    prepared = await prepareFile(db, req.blob, chunkSize, now, req.onPrepare);
  } catch (err) {
    throw noSpaceIfQuota(err, req.blob.size, free);
  }
  const body = fileBodyOf(prepared, req.name, req.blob.type, req.extras);
  let seq: number;
  try {
    seq = (await sync.append(req.conv, 'file', body)).seq;
  } catch (err) {
    await deleteBytes(db, prepared.key).catch((cleanup: unknown) =>
      logger.warn('could not delete a prepared file', describeError(cleanup)),
    );
    throw noSpaceIfQuota(err, req.blob.size, free);
  }
  const record: FileRow = {
    id: eventIdOf(req.conv, keys.id, seq),
    conv: req.conv,
    peer: row.peer,
    direction: 'send',
    key: prepared.key,
    body,
    count: chunkCount(body.size, body.chunkSize),
    next: prepared.count,
    hasher: null,
    manifest: true,
    state: 'ready',
    error: null,
    cancelledBy: null,
    acked: 0,
    updatedAt: now(),
  };
  await finishUpload(db, record);
  return { row: record, body };
}

/**
 * The conversation a file may be sent to: a friend's direct chat, or [GFILE-1] a group I am a
 * member of (the append checks membership once more). Rejects with NotFriendError or
 * NotMemberError.
 */
export async function sendableConv(
  db: PlumeDatabase,
  conv: ConversationId,
  me: PeerId,
): Promise<ConvRow> {
  const row = await getConv(db, conv);
  if (row?.kind === 'group') {
    if (!row.members.includes(me)) throw new NotMemberError(conv);
    return row;
  }
  const person = row ? await getPerson(db, row.peer) : null;
  if (!row || !person || person.state !== 'friend' || person.blocked) {
    throw new NotFriendError(conv);
  }
  return row;
}

/** Refuse, before anything is stored, a body peers would refuse ([CHAT-7]). */
export function checkBody(body: FileBody, conv: ConversationId, keys: IdentityKeys): void {
  const event = { conv, author: keys.id, seq: 1, lamport: 1, ts: 0, type: 'file', body, sig: '' };
  const parsed = parseWireEvent(event);
  if (typeof parsed === 'string') throw new TypeError(`this file cannot be sent (${parsed})`);
}

/** A full disk reads as NoSpaceError, the error the UI explains. */
export function noSpaceIfQuota(err: unknown, size: number, free: number | null): unknown {
  if (err instanceof StorageError && err.reason === 'quota') {
    return new NoSpaceError(size, free ?? 0);
  }
  return err;
}
