/**
 * [MOM-20] Full moments pictures and videos on this device, under a cap (500 MB unless set):
 * storing one past the cap evicts the held pictures of the oldest posts first. Thumbnails live
 * in the posts and are never evicted. Spec: docs/protocol.md [MOM-20], [MOM-21].
 */
import { DEFAULT_PICTURE_CAP_BYTES, MIN_PICTURE_CAP_BYTES } from '../lib/moments/limits';
import type { PlumeDatabase } from './db';
import { addHeldBytes, heldBytes } from './momentsStore';
import { withStorage } from './storageErrors';

const CAP = 'cap';

/** The cap, bytes. */
export function pictureCap(db: PlumeDatabase): Promise<number> {
  return withStorage(db, async () => {
    const row = await db.momMeta.get(CAP);
    return typeof row?.value === 'number' ? row.value : DEFAULT_PICTURE_CAP_BYTES;
  });
}

/** Space used: bytes and count of held full pictures, and the cap. */
export function pictureUsage(
  db: PlumeDatabase,
): Promise<{ bytes: number; pictures: number; cap: number }> {
  return withStorage(db, async () => {
    const [bytes, pictures, cap] = await Promise.all([
      heldBytes(db),
      db.momMedia.where('[held+at]').between([1, -Infinity], [1, Infinity]).count(),
      pictureCap(db),
    ]);
    return { bytes, pictures, cap };
  });
}

/** Set the cap (at least MIN_PICTURE_CAP_BYTES) and evict down to it. */
export function setPictureCap(db: PlumeDatabase, bytes: number): Promise<void> {
  const cap = Math.max(MIN_PICTURE_CAP_BYTES, Math.floor(bytes));
  return withStorage(db, () =>
    db.transaction('rw', [db.momMedia, db.momMeta], async () => {
      await db.momMeta.put({ key: CAP, value: cap });
      await evict(db, cap, null);
    }),
  );
}

/**
 * Store the full bytes of picture `index` of `post` (made at `at`), then evict the oldest others
 * while over the cap. The picture just stored is kept even when it alone is over the cap.
 * Storing bytes for a post that is gone (deleted meanwhile) stores nothing: false.
 */
export function putPicture(
  db: PlumeDatabase,
  post: string,
  index: number,
  at: number,
  blob: Blob,
): Promise<boolean> {
  return withStorage(db, () =>
    db.transaction('rw', [db.momMedia, db.momMeta, db.momPosts], async () => {
      const row = await db.momPosts.get(post);
      if (!row || row.deleted) return false;
      const prev = await db.momMedia.get([post, index]);
      if (prev?.held === 1) await addHeldBytes(db, -prev.size);
      await db.momMedia.put({ post, index, at, size: blob.size, held: 1, blob });
      await addHeldBytes(db, blob.size);
      const capRow = await db.momMeta.get(CAP);
      const cap = typeof capRow?.value === 'number' ? capRow.value : DEFAULT_PICTURE_CAP_BYTES;
      await evict(db, cap, [post, index]);
      return true;
    }),
  );
}

/** Oldest posts' pictures first, until the held bytes fit `cap`; `keep` is never evicted. */
async function evict(db: PlumeDatabase, cap: number, keep: [string, number] | null): Promise<void> {
  const before = await heldBytes(db);
  let held = before;
  if (held <= cap) return;
  const rows = await db.momMedia
    .where('[held+at]')
    .between([1, -Infinity], [1, Infinity])
    .toArray();
  for (const row of rows) {
    if (held <= cap) break;
    if (keep && row.post === keep[0] && row.index === keep[1]) continue;
    await db.momMedia.put({ ...row, held: 0, blob: null });
    held -= row.size;
  }
  await addHeldBytes(db, held - before);
}

/** Keep the bytes of a picture of my own post: never evicted, since friends pull them from me. */
export function putOwnPicture(
  db: PlumeDatabase,
  post: string,
  index: number,
  at: number,
  blob: Blob,
): Promise<void> {
  return withStorage(db, async () => {
    await db.momMedia.put({ post, index, at, size: blob.size, held: 2, blob });
  });
}

/** The full bytes of a picture when held, else null. */
export function getPicture(db: PlumeDatabase, post: string, index: number): Promise<Blob | null> {
  return withStorage(db, async () => {
    const row = await db.momMedia.get([post, index]);
    return row?.held ? row.blob : null;
  });
}

/** Drop every held picture (rows remember they were evicted); the bytes freed. */
export function clearPictures(db: PlumeDatabase): Promise<number> {
  return withStorage(db, () =>
    db.transaction('rw', [db.momMedia, db.momMeta], async () => {
      const freed = await heldBytes(db);
      await db.momMedia
        .where('[held+at]')
        .between([1, -Infinity], [1, Infinity])
        .modify({ held: 0, blob: null });
      await addHeldBytes(db, -freed);
      return freed;
    }),
  );
}
