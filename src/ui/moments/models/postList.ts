/**
 * A list of moments read page by page, newest first: the feed, or one person's moments. Scrolling
 * asks for the next page; a change the engine reports reads again what the list shows, from the
 * top, so new moments appear above, changed ones in place, and deleted ones go.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import type {
  FeedCursor,
  FeedPage,
  MomentsChange,
  PostKey,
  PostView,
} from '../../../peers/moments/api';

const logger = log('ui:moments');

/** Moments read per page: a first screen and some more. */
export const PAGE_SIZE = 10;

/** Reads one page of a list from a cursor (null: the newest). */
export type PageReader = (cursor: FeedCursor | null, limit: number) => Promise<FeedPage>;

export type ListStatus = 'loading' | 'ready' | 'error';

export class PostList {
  readonly #read: PageReader;
  readonly #posts = signal<readonly PostView[]>([]);
  readonly #status = signal<ListStatus>('loading');
  readonly #more = signal(false);
  #next: FeedCursor | null = null;
  /** Bumped by every read from the top, so the answer of a superseded read is dropped. */
  #generation = 0;
  #paging: Promise<void> | null = null;

  constructor(read: PageReader) {
    this.#read = read;
  }

  /** The moments shown, newest first. */
  get posts(): ReadonlySignal<readonly PostView[]> {
    return this.#posts;
  }
  get status(): ReadonlySignal<ListStatus> {
    return this.#status;
  }
  /** True while older moments remain to be read. */
  get hasMore(): ReadonlySignal<boolean> {
    return this.#more;
  }

  /** Read from the top as many moments as are shown now (at least a page). */
  async reload(): Promise<void> {
    const generation = ++this.#generation;
    const limit = Math.max(PAGE_SIZE, this.#posts.peek().length);
    try {
      const page = await this.#read(null, limit);
      if (generation !== this.#generation) return;
      this.#posts.value = page.posts;
      this.#next = page.next;
      this.#more.value = page.next !== null;
      this.#status.value = 'ready';
    } catch (err) {
      if (generation !== this.#generation) return;
      logger.warn('could not read moments', describeError(err));
      this.#status.value = 'error';
    }
  }

  /** Read the next page of older moments, once at a time. */
  loadMore(): Promise<void> {
    if (this.#paging) return this.#paging;
    if (this.#next === null || this.#status.peek() !== 'ready') return Promise.resolve();
    const generation = this.#generation;
    const cursor = this.#next;
    this.#paging = this.#read(cursor, PAGE_SIZE)
      .then((page) => {
        if (generation !== this.#generation) return;
        const known = new Set(this.#posts.peek().map((p) => p.key));
        this.#posts.value = [...this.#posts.peek(), ...page.posts.filter((p) => !known.has(p.key))];
        this.#next = page.next;
        this.#more.value = page.next !== null;
      })
      .catch((err: unknown) => logger.warn('could not read older moments', describeError(err)))
      .finally(() => {
        this.#paging = null;
      });
    return this.#paging;
  }

  /** Put a moment read again in its place (or take it out when it is gone). */
  replace(id: PostKey, post: PostView | null): void {
    const posts = this.#posts.peek();
    if (!posts.some((p) => p.key === id)) return;
    this.#posts.value = post
      ? posts.map((p) => (p.key === id ? post : p))
      : posts.filter((p) => p.key !== id);
  }
}

/** What `followList` needs of the engine. */
export interface ListSource {
  post(key: PostKey): Promise<PostView | null>;
  on(event: 'changed', listener: (change: MomentsChange) => void): () => void;
}

/**
 * Keep `list` in step with the engine: a change to the feed reads the list again from the top;
 * a change to some moments reads just those of them the list shows. Returns stop.
 */
export function followList(source: ListSource, list: PostList): () => void {
  return source.on('changed', (change) => {
    if (change.feed) {
      void list.reload();
      return;
    }
    const shown = new Set(list.posts.peek().map((p) => p.key));
    for (const key of change.posts) {
      if (!shown.has(key)) continue;
      source.post(key).then(
        (post) => list.replace(key, post),
        (err: unknown) => logger.warn('could not read a moment again', describeError(err)),
      );
    }
  });
}
