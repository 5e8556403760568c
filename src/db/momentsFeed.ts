/**
 * Reading moments for the screens: feed pages newest first by cursor, one author's posts, one
 * post with the likes and comments this device may show, the unseen count and my
 * notifications. Every read applies the viewer's filters ([MOM-12]): friends now, each author's
 * window, the mutual-friend rule. Spec: docs/protocol.md [MOM-12], [MOM-14], [MOM-15].
 */
import type { PeerId } from '../lib/ids';
import { postVisible, writerVisible, type Viewer } from '../lib/moments/fold';
import type { HistoryWindow } from '../lib/moments/limits';
import type { PlumeDatabase } from './db';
import type {
  MomentCommentRow,
  MomentLikeRow,
  MomentMediaRow,
  MomentNoteRow,
  MomentPostRow,
} from './momentsRows';
import { withStorage } from './storageErrors';

/** Where a page starts: below this post in (at, key) order. */
export interface FeedAt {
  at: number;
  key: string;
}

/** A post with what the viewer may see of it. */
export interface PostBundle {
  post: MomentPostRow;
  /** Likes that are on, oldest first. */
  likes: MomentLikeRow[];
  /** Comments not removed, oldest first. */
  comments: MomentCommentRow[];
  /** Rows of full bytes (held or evicted), by index. */
  media: MomentMediaRow[];
  unseen: boolean;
}

/** One page. */
export interface FeedRows {
  posts: PostBundle[];
  next: FeedAt | null;
}

/** [MOM-16] Friends now: state `friend` and not blocked. */
export async function momentsFriends(db: PlumeDatabase): Promise<Set<PeerId>> {
  const people = await db.people.where('state').equals('friend').toArray();
  return new Set(people.filter((p) => !p.blocked).map((p) => p.id));
}

/** Every author's window. */
async function windows(db: PlumeDatabase): Promise<Map<PeerId, HistoryWindow>> {
  const rows = await db.momWindows.toArray();
  return new Map(rows.map((row) => [row.author, row.window]));
}

/** [MOM-15] A page of the feed (or of one author's posts), newest first. */
export function feedPage(
  db: PlumeDatabase,
  viewer: Viewer,
  from: FeedAt | null,
  limit: number,
  author?: PeerId,
): Promise<FeedRows> {
  return withStorage(db, () =>
    db.transaction(
      'r',
      [db.momPosts, db.momLikes, db.momComments, db.momMedia, db.momUnseen, db.momWindows],
      async () => {
        const wins = await windows(db);
        const visible = (post: MomentPostRow) => postVisible(post, wins.get(post.author), viewer);
        const collection = author
          ? db.momPosts
              .where('[author+at+key]')
              .between(
                [author, -Infinity, ''],
                from ? [author, from.at, from.key] : [author, Infinity, ''],
                true,
                false,
              )
          : from
            ? db.momPosts.where('[at+key]').below([from.at, from.key])
            : db.momPosts.orderBy('[at+key]');
        // One more than asked tells whether a next page exists.
        const posts = await collection
          .reverse()
          .filter(visible)
          .limit(limit + 1)
          .toArray();
        const page = posts.slice(0, limit);
        const last = page[page.length - 1];
        const next = posts.length > limit && last ? { at: last.at, key: last.key } : null;
        return { posts: await bundles(db, viewer, page), next };
      },
    ),
  );
}

/** One post as the viewer may see it, or null. */
export function postBundle(
  db: PlumeDatabase,
  viewer: Viewer,
  key: string,
): Promise<PostBundle | null> {
  return withStorage(db, async () => {
    const post = await db.momPosts.get(key);
    if (!post) return null;
    const window = (await db.momWindows.get(post.author))?.window;
    if (!postVisible(post, window, viewer)) return null;
    return (await bundles(db, viewer, [post]))[0] ?? null;
  });
}

async function bundles(
  db: PlumeDatabase,
  viewer: Viewer,
  posts: MomentPostRow[],
): Promise<PostBundle[]> {
  const keys = posts.map((p) => p.key);
  const [likes, comments, unseen] = await Promise.all([
    db.momLikes.where('post').anyOf(keys).toArray(),
    db.momComments.where('post').anyOf(keys).toArray(),
    db.momUnseen.bulkGet(keys),
  ]);
  const media = await Promise.all(
    posts.map((p) =>
      db.momMedia.where('[post+index]').between([p.key, 0], [p.key, Infinity]).toArray(),
    ),
  );
  const byAt = <T extends { at: number; key: string }>(a: T, b: T) =>
    a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return posts.map((post, i) => ({
    post,
    likes: likes
      .filter((l) => l.post === post.key && l.on && writerVisible(l.liker, post.author, viewer))
      .sort(byAt),
    comments: comments
      .filter(
        (c) => c.post === post.key && !c.removed && writerVisible(c.writer, post.author, viewer),
      )
      .sort(byAt),
    media: media[i]!,
    unseen: unseen[i] !== undefined,
  }));
}

/** [MOM-14] Friends' posts not seen yet. */
export function unseenCount(db: PlumeDatabase, friends: ReadonlySet<PeerId>): Promise<number> {
  return withStorage(db, async () => {
    const rows = await db.momUnseen.toArray();
    return rows.filter((row) => friends.has(row.author)).length;
  });
}

/** Every post counts as seen. */
export function markAllSeen(db: PlumeDatabase): Promise<void> {
  return withStorage(db, () => db.momUnseen.clear());
}

/** [MOM-14] My notifications the viewer may see, newest first. */
export function listNotes(
  db: PlumeDatabase,
  viewer: Viewer,
  limit: number,
): Promise<MomentNoteRow[]> {
  return withStorage(db, () =>
    db.momNotes
      .orderBy('at')
      .reverse()
      .filter((note) => viewer.friends.has(note.who))
      .limit(limit)
      .toArray(),
  );
}

/** [MOM-14] How many of them are unread (the tab's badge). */
export function unreadNotes(db: PlumeDatabase, viewer: Viewer): Promise<number> {
  return withStorage(db, () =>
    db.momNotes
      .where('[read+at]')
      .between([0, -Infinity], [0, Infinity])
      .filter((note) => viewer.friends.has(note.who))
      .count(),
  );
}

/** Every notification counts as read. */
export function markNotesRead(db: PlumeDatabase): Promise<void> {
  return withStorage(db, async () => {
    await db.momNotes.where('[read+at]').between([0, -Infinity], [0, Infinity]).modify({ read: 1 });
  });
}
