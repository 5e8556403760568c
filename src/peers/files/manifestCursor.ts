/**
 * Receiving a manifest: pages arrive in order, each exactly as long as the
 * chunk count says, and the SHA-256 over all their digests must equal the
 * event's `chunks` before any chunk is checked against them. [FILE-7]
 */
import type { PlumeDatabase } from '../../db/db';
import {
  deleteManifest,
  putManifestPage,
  updateFile,
  type FileHashRow,
  type FileRow,
} from '../../db/filesRepo';
import { FRAME_MANIFEST } from './frames';
import { pageCount, pageLength } from './chunks';
import type { DataFrame } from './frames';
import { toHex, type IHasher } from './hashing';

/** Where the receiver stands in the manifest of one file. */
export class ManifestCursor {
  readonly #key: string;
  readonly #count: number;
  readonly #pages: number;
  #nextPage = 0;
  readonly #hash: IHasher;

  /** `hasher` is the cursor's own from now on. */
  constructor(key: string, count: number, hasher: IHasher) {
    this.#key = key;
    this.#count = count;
    this.#pages = pageCount(count);
    this.#hash = hasher.init();
  }

  /** All pages arrived. */
  get complete(): boolean {
    return this.#nextPage >= this.#pages;
  }

  /** True when `frame` is the next page, of the right length, flagged last exactly when it is. */
  fits(frame: DataFrame): boolean {
    const page = this.#nextPage;
    return (
      !this.complete &&
      frame.index === page &&
      frame.payload.byteLength === pageLength(this.#count, page) &&
      frame.last === (page === this.#pages - 1)
    );
  }

  /** Take the page in `frame` (call `fits` first): the row to store, copied out of the frame. */
  take(frame: DataFrame): FileHashRow {
    // A copy: the frame's payload is a view of the whole received buffer.
    const digests = frame.payload.slice();
    this.#hash.update(digests);
    return { key: this.#key, page: this.#nextPage++, digests };
  }

  /** Lowercase hex SHA-256 of every digest taken (compare with the event's `chunks`). */
  digest(): string {
    return toHex(this.#hash.digest('binary'));
  }
}

/**
 * Take one frame of the manifest of `row` and store its page. `complete`
 * once the last page is stored and the whole matched the event's `chunks`
 * (the record says so from then on); `mismatch` when it did not (the pages
 * are deleted); `unexpected` for anything but the next page.
 */
export async function takeManifestPage(
  db: PlumeDatabase,
  row: FileRow,
  cursor: ManifestCursor,
  frame: DataFrame,
): Promise<'more' | 'complete' | 'mismatch' | 'unexpected'> {
  if (frame.kind !== FRAME_MANIFEST || !cursor.fits(frame)) return 'unexpected';
  await putManifestPage(db, cursor.take(frame));
  if (!cursor.complete) return 'more';
  if (cursor.digest() !== row.body.chunks) {
    await deleteManifest(db, row.key);
    return 'mismatch';
  }
  await updateFile(db, row.id, (r) => {
    if (r.key !== row.key) return false;
    r.manifest = true;
    return true;
  });
  return 'complete';
}
