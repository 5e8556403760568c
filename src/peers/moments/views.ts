/**
 * What the screens get: stored rows turned into the contract's views. Pure.
 */
import type { PostBundle } from '../../db/momentsFeed';
import type { PeerId } from '../../lib/ids';
import type { CommentKey, FeedCursor, MediaState, MediaView, PostKey, PostView } from './api';

/** A feed cursor from where a page ended. */
export function cursorOf(next: { at: number; key: string } | null): FeedCursor | null {
  return next ? (`${next.at}|${next.key}` as FeedCursor) : null;
}

/** Where a page starts, from a cursor (null: the top; a malformed one also starts there). */
export function parseCursor(
  cursor: FeedCursor | null | undefined,
): { at: number; key: string } | null {
  if (!cursor) return null;
  const bar = cursor.indexOf('|');
  const at = Number(cursor.slice(0, bar));
  return bar > 0 && Number.isSafeInteger(at) ? { at, key: cursor.slice(bar + 1) } : null;
}

/** One post's view; `pulling` tells a picture's pull state. */
export function postView(
  bundle: PostBundle,
  me: PeerId,
  pulling: (post: string, index: number) => 'downloading' | 'failed' | null,
): PostView {
  const { post } = bundle;
  const mine = post.author === me;
  const media: MediaView[] = post.media.map((ref, index) => {
    const row = bundle.media.find((m) => m.index === index);
    const state: MediaState =
      row && row.held !== 0 ? 'ready' : (pulling(post.key, index) ?? (row ? 'evicted' : 'remote'));
    return {
      index,
      mime: ref.mime,
      size: ref.size,
      thumb: ref.thumb ?? null,
      width: ref.width ?? null,
      height: ref.height ?? null,
      duration: ref.duration ?? null,
      state,
    };
  });
  const view: PostView = {
    key: post.key as PostKey,
    author: post.author,
    at: post.at,
    text: post.text,
    media,
    likes: bundle.likes.map((like) => ({ who: like.liker, at: like.at })),
    comments: bundle.comments.map((c) => ({
      key: c.key as CommentKey,
      who: c.writer,
      at: c.at,
      text: c.text,
      replyTo: c.replyTo?.author ?? null,
      canRemove: mine,
    })),
    likedByMe: bundle.likes.some((like) => like.liker === me),
    mine,
    seen: !bundle.unseen,
  };
  if (mine && post.audience) view.audience = post.audience;
  return view;
}
