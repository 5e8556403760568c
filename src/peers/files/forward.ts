/**
 * Forwarding a stored file: the new `file` event reuses the original's hashes, and its bytes
 * are the stored chunks copied under a fresh key, so nothing is read or hashed again. Whatever
 * fails, the copy is deleted. Spec: docs/protocol.md [CHAT-FWD-4].
 */
import { copyStored, deleteBytes, finishUpload, getFile, type FileRow } from '../../db/filesRepo';
import type { FileBody, ForwardMarks } from '../../lib/chatEvent';
import { eventIdOf } from '../../lib/convId';
import { describeError } from '../../lib/errors';
import { chunkCount } from '../../lib/fileChunks';
import type { ConversationId, EventId } from '../../lib/ids';
import { log } from '../../lib/log';
import { NoSpaceError, NotStoredError } from './api';
import { SPACE_MARGIN_BYTES } from './constants';
import { newStorageKey } from './prepare';
import { freeSpace } from './Puller';
import { isComplete } from './records';
import { checkBody, noSpaceIfQuota, sendableConv, type SendDeps } from './send';

const logger = log('peers:files:forward');

/** One file to forward. */
export interface ForwardRequest {
  conv: ConversationId;
  /** The file event whose stored bytes are sent again. */
  source: EventId;
  marks: ForwardMarks;
}

/** The forwarded body: the original's file fields, no quote, the forward marks. [CHAT-FWD-3] */
export function forwardedBody(original: FileBody, marks: ForwardMarks): FileBody {
  const { replyTo: _quote, forwarded: _was, forwardedFrom: _from, ...file } = original;
  return { ...file, ...marks };
}

/**
 * Copy the stored file of `req.source` and announce it in `req.conv`. Rejects with
 * NotFriendError, NotMemberError (a group), NotStoredError, NoSpaceError, StorageError, or TypeError for marks that
 * break [CHAT-FWD-1..3].
 */
export async function forwardFile(
  deps: Omit<SendDeps, 'chunkSize'>,
  req: ForwardRequest,
): Promise<{ row: FileRow; body: FileBody }> {
  const { db, keys, sync, now } = deps;
  const conv = await sendableConv(db, req.conv, keys.id);
  const source = await getFile(db, req.source);
  if (!source || !isComplete(source) || !source.manifest) throw new NotStoredError(req.source);
  const body = forwardedBody(source.body, req.marks);
  checkBody(body, req.conv, keys);
  const free = await freeSpace(deps.estimate);
  if (free !== null && body.size + SPACE_MARGIN_BYTES > free) {
    throw new NoSpaceError(body.size, free);
  }
  const key = newStorageKey();
  const count = chunkCount(body.size, body.chunkSize);
  let seq: number;
  try {
    const copied = await copyStored(db, source.key, key, body.chunkSize, now());
    if (copied !== count) throw new NotStoredError(req.source);
    seq = (await sync.append(req.conv, 'file', body)).seq;
  } catch (err) {
    await deleteBytes(db, key).catch((cleanup: unknown) =>
      logger.warn('could not delete a forwarded copy', describeError(cleanup)),
    );
    throw noSpaceIfQuota(err, body.size, free);
  }
  const record: FileRow = {
    id: eventIdOf(req.conv, keys.id, seq),
    conv: req.conv,
    peer: conv.peer,
    direction: 'send',
    key,
    body,
    count,
    next: count,
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
