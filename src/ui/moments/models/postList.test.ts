import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../lib/ids';
import type {
  FeedCursor,
  FeedPage,
  MomentsChange,
  PostKey,
  PostView,
} from '../../../peers/moments/api';
import { followList, PAGE_SIZE, PostList } from './postList';

const post = (n: number): PostView => ({
  key: `a:${n}` as PostKey,
  author: 'a' as PeerId,
  at: n,
  text: `post ${n}`,
  media: [],
  likes: [],
  likedByMe: false,
  comments: [],
  mine: false,
  seen: true,
});

/** A store of moments read newest first; the cursor is the ts to go below. */
function store(count: number) {
  let posts = Array.from({ length: count }, (_, i) => post(i + 1)).reverse();
  const reads: { cursor: FeedCursor | null; limit: number }[] = [];
  const read = (cursor: FeedCursor | null, limit: number): Promise<FeedPage> => {
    reads.push({ cursor, limit });
    const from = cursor === null ? posts : posts.filter((p) => p.at < Number(cursor));
    const page = from.slice(0, limit);
    const last = page.at(-1);
    return Promise.resolve({
      posts: page,
      next: from.length > limit && last ? (String(last.at) as FeedCursor) : null,
    });
  };
  return {
    read,
    reads,
    add: (p: PostView) => (posts = [p, ...posts]),
    remove: (id: string) => (posts = posts.filter((p) => p.key !== id)),
  };
}

describe('moments list', () => {
  it('reads newest first, a page at a time, until there is no more', async () => {
    const s = store(25);
    const list = new PostList(s.read);
    await list.reload();
    expect(list.posts.value.map((p) => p.at).slice(0, 3)).toEqual([25, 24, 23]);
    expect(list.posts.value).toHaveLength(PAGE_SIZE);
    await list.loadMore();
    await list.loadMore();
    expect(list.posts.value).toHaveLength(25);
    expect(list.hasMore.value).toBe(false);
    expect(list.posts.value.at(-1)?.at).toBe(1);
  });

  it('asks for one page at a time however often scrolling asks', async () => {
    const s = store(30);
    const list = new PostList(s.read);
    await list.reload();
    await Promise.all([list.loadMore(), list.loadMore(), list.loadMore()]);
    expect(s.reads).toHaveLength(2);
  });

  it('reading again keeps as many as are shown, with new ones on top and deleted ones gone', async () => {
    const s = store(25);
    const list = new PostList(s.read);
    await list.reload();
    await list.loadMore();
    s.add(post(26));
    s.remove('a:24');
    await list.reload();
    expect(s.reads.at(-1)?.limit).toBe(20);
    const ids = list.posts.value.map((p) => p.at);
    expect(ids.slice(0, 3)).toEqual([26, 25, 23]);
    expect(ids).not.toContain(24);
  });

  it('drops the answer of a read that a newer one superseded', async () => {
    let release: (page: FeedPage) => void = () => undefined;
    const reads = [
      new Promise<FeedPage>((resolve) => (release = resolve)),
      Promise.resolve({ posts: [post(2)], next: null }),
    ];
    let i = 0;
    const list = new PostList(() => reads[i++]!);
    const first = list.reload();
    await list.reload();
    release({ posts: [post(1)], next: null });
    await first;
    expect(list.posts.value.map((p) => p.at)).toEqual([2]);
  });

  it('replaces a changed moment in place and removes a deleted one', async () => {
    const s = store(3);
    const list = new PostList(s.read);
    await list.reload();
    list.replace('a:2' as PostKey, { ...post(2), text: 'changed' });
    expect(list.posts.value[1]?.text).toBe('changed');
    list.replace('a:2' as PostKey, null);
    expect(list.posts.value.map((p) => p.at)).toEqual([3, 1]);
  });

  it('says when it could not read', async () => {
    const list = new PostList(() => Promise.reject(new Error('closed')));
    await list.reload();
    expect(list.status.value).toBe('error');
  });
});

describe('following the engine', () => {
  it('reads from the top on a feed change and only the shown moments on a post change', async () => {
    const s = store(3);
    const list = new PostList(s.read);
    await list.reload();
    let listener: (change: MomentsChange) => void = () => undefined;
    const asked: string[] = [];
    const stop = followList(
      {
        post: (key) => {
          asked.push(key);
          return Promise.resolve({ ...post(2), text: 'liked' });
        },
        on: (_event, l) => {
          listener = l;
          return () => (listener = () => undefined);
        },
      },
      list,
    );
    listener({ feed: false, posts: ['a:2' as PostKey, 'a:99' as PostKey], notifications: false });
    expect(asked).toEqual(['a:2']);
    await Promise.resolve();
    await Promise.resolve();
    expect(list.posts.value[1]?.text).toBe('liked');

    const reads = s.reads.length;
    listener({ feed: true, posts: [], notifications: false });
    expect(s.reads.length).toBe(reads + 1);
    stop();
  });
});
