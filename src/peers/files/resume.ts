/**
 * Resuming the whole-file hash of a partly received file. The hasher state is
 * stored with every batch of chunks; only when it cannot be loaded (another
 * build of the hash library) is the stored prefix read back and hashed again,
 * still without starting the transfer over. [FILE-9]
 */
import type { PlumeDatabase } from '../../db/db';
import { allChunks, chunksIn, clearFile, type FileRow } from '../../db/filesRepo';
import { describeError } from '../../lib/errors';
import { log } from '../../lib/log';
import { resumeHasher, newHasher, type IHasher } from './hashing';

const logger = log('peers:files:resume');

/**
 * The whole-file hasher after the stored prefix of `row`, and where that
 * prefix ends. Only if the prefix cannot be read back either is it dropped
 * (the record starts over at 0).
 */
export async function loadWholeHasher(
  db: PlumeDatabase,
  row: FileRow,
): Promise<{ hasher: IHasher; next: number }> {
  if (row.next === 0) return { hasher: await newHasher(), next: 0 };
  const resumed = row.hasher ? await resumeHasher(row.hasher) : null;
  if (resumed) return { hasher: resumed, next: row.next };
  logger.info('hash state of', row.id, 'unusable; hashing the stored prefix again');
  try {
    return { hasher: await rehashPrefix(db, row.key, row.next), next: row.next };
  } catch (err) {
    logger.warn('stored prefix of', row.id, 'unreadable; starting over', describeError(err));
    await clearFile(db, row.id, () => undefined);
    return { hasher: await newHasher(), next: 0 };
  }
}

/** Hash chunks [0, next) of `key` from storage. Rejects if they are not all there. */
async function rehashPrefix(db: PlumeDatabase, key: string, next: number): Promise<IHasher> {
  const hasher = await newHasher();
  let covered = 0;
  for (const row of await allChunks(db, key)) {
    if (row.index !== covered)
      throw new Error(`chunk ${covered} missing below the prefix of ${key}`);
    if (covered >= next) break;
    hasher.update(new Uint8Array(await row.data.arrayBuffer()));
    covered += chunksIn(row);
  }
  if (covered !== next) throw new Error(`stored prefix of ${key} ends at ${covered}, not ${next}`);
  return hasher;
}
