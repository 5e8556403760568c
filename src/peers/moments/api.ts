/**
 * Moments as the UI sees it: the contract between src/peers/moments (the engine) and
 * src/ui/moments (screens and models). The engine implements `MomentsApi`; the UI never reaches
 * past it. The runtime loads the engine lazily: `runtime.loadMoments()` resolves with it (and
 * loads it), `runtime.onMoments(listener)` calls back once it runs; the runtime loads it by
 * itself when the first friend's session comes up, so unseen posts can mark the tab.
 *
 * What the views hold is already filtered for this device: only posts whose author is a friend
 * now, within the author's history window, not deleted; only likes and comments whose writer is
 * me, the post's author or a friend of mine (the mutual-friend rule). Spec: docs/protocol.md,
 * Moments (MOM).
 */
import type { PeerId } from '../../lib/ids';
import type { Audience, HistoryWindow } from '../../lib/moments/limits';
import type { Unsubscribe } from '../transport';

export type { Audience, HistoryWindow } from '../../lib/moments/limits';
export type { AudienceFriend } from '../../lib/moments/audience';
/** [MOM-3] Who gets a post: the composer's summary uses the rule the engine applies. */
export { resolveAudience as audienceOf } from '../../lib/moments/audience';
export { MAX_MOMENT_THUMB_CHARS } from '../../lib/moments/events';
export {
  DEFAULT_PICTURE_CAP_BYTES,
  HISTORY_WINDOWS,
  MAX_COMMENT_CHARS,
  MAX_PICTURES,
  MAX_POST_TEXT_CHARS,
  MAX_VIDEO_MS,
  MIN_PICTURE_CAP_BYTES,
} from '../../lib/moments/limits';

/** A post, the same on every device: `<author>:<id>` (the id is random, chosen by the author). */
export type PostKey = string & { readonly __brand: 'PostKey' };
/** A comment or reply: `<writer>:<id>`. */
export type CommentKey = string & { readonly __brand: 'CommentKey' };
/** Where the next page of a feed starts; opaque to the UI. */
export type FeedCursor = string & { readonly __brand: 'FeedCursor' };

/** A picture the composer made ready: the bytes and the thumbnail made on the device. */
export interface PictureInput {
  blob: Blob;
  name: string;
  /**
   * `data:image/jpeg;base64,…` or webp, at most MAX_MOMENT_THUMB_CHARS (4,800: nine of them and
   * the text must fit one frame, so smaller than a chat's). The engine draws a larger one again,
   * smaller, where the browser can (OffscreenCanvas); else it is left out of the post.
   */
  thumb: string;
  width?: number;
  height?: number;
}

/** One short video (at most MAX_VIDEO_MS); its poster frame as the thumbnail. */
export interface VideoInput extends PictureInput {
  duration: number;
}

/** What the composer publishes: text with up to 9 pictures, or with one video. */
export interface NewPost {
  text: string;
  pictures?: readonly PictureInput[];
  video?: VideoInput;
  audience: Audience;
}

/**
 * Where a picture's full bytes are on this device: `remote` (only the thumbnail is here; tap to
 * download), `downloading`, `ready` (open with `picture()`), `evicted` (was here, removed by
 * the storage cap; downloads again on tap), `failed`.
 */
export type MediaState = 'remote' | 'downloading' | 'ready' | 'evicted' | 'failed';

/** One picture or the video of a post. */
export interface MediaView {
  index: number;
  mime: string;
  size: number;
  thumb: string | null;
  width: number | null;
  height: number | null;
  /** Milliseconds, for a video. */
  duration: number | null;
  state: MediaState;
}

/** One like as this device shows it. */
export interface LikeView {
  who: PeerId;
  at: number;
}

/** One comment or reply as this device shows it, oldest first in a post. */
export interface CommentView {
  key: CommentKey;
  who: PeerId;
  at: number;
  text: string;
  /** The writer of the comment this one answers, when it is a reply. */
  replyTo: PeerId | null;
  /** True when I may remove it: I wrote the post. */
  canRemove: boolean;
}

/** One post with what this device may show of it. */
export interface PostView {
  key: PostKey;
  author: PeerId;
  /** When the author posted, ms. */
  at: number;
  text: string;
  media: readonly MediaView[];
  /** Oldest first. */
  likes: readonly LikeView[];
  /** Oldest first. */
  comments: readonly CommentView[];
  likedByMe: boolean;
  mine: boolean;
  /** Mine only: the audience as picked (it is never sent). */
  audience?: Audience;
  /** False until the feed was marked seen after it arrived (my own posts are seen). */
  seen: boolean;
}

/** One page of a feed, newest first; `next` is null at the end. */
export interface FeedPage {
  posts: readonly PostView[];
  next: FeedCursor | null;
}

/** What happened to me: a like or comment on my post, or a reply to my comment. */
export interface MomentNotification {
  id: string;
  kind: 'like' | 'comment' | 'reply';
  post: PostKey;
  who: PeerId;
  at: number;
  /** The comment's text (null for a like). */
  text: string | null;
  read: boolean;
}

/** Space moments pictures take on this device (the Storage page's line). */
export interface MomentsUsage {
  /** Bytes of full pictures and videos held (thumbnails are not counted). */
  bytes: number;
  /** How many full pictures and videos are held. */
  pictures: number;
  /** The cap, bytes. */
  cap: number;
}

/**
 * What changed, so views read again only what they show. `feed`: posts were added or removed
 * (read the first page again); `posts`: these posts changed (likes, comments, media state);
 * `notifications`: the notifications or their unread count changed.
 */
export interface MomentsChange {
  feed: boolean;
  posts: readonly PostKey[];
  notifications: boolean;
}

/** Events of the moments engine. */
export interface MomentsEvents {
  changed: (change: MomentsChange) => void;
}

/** Thrown by `publish` for a post the rules refuse (the UI checks first; this is the guard). */
export class InvalidPostError extends Error {
  readonly reason: 'empty' | 'text' | 'pictures' | 'video' | 'audience';
  constructor(reason: InvalidPostError['reason']) {
    super(`invalid post: ${reason}`);
    this.name = 'InvalidPostError';
    this.reason = reason;
  }
}

/** The moments engine. Every action stores first and syncs when friends are online. */
export interface MomentsApi {
  /** The feed (friends' posts and mine), newest first, `limit` posts (default 10) a page. */
  feed(cursor?: FeedCursor | null, limit?: number): Promise<FeedPage>;
  /** One person's posts (mine or a friend's), newest first. */
  authorPosts(author: PeerId, cursor?: FeedCursor | null, limit?: number): Promise<FeedPage>;
  /** One post as shown, or null when it is gone (deleted, out of the window, unfriended). */
  post(key: PostKey): Promise<PostView | null>;
  /** Friends' posts not seen yet (the tab's mark). */
  unseenCount(): Promise<number>;
  /** Everything in the feed now counts as seen. */
  markSeen(): Promise<void>;
  /** Newest first. */
  notifications(limit?: number): Promise<MomentNotification[]>;
  /** The tab's badge. */
  unreadNotifications(): Promise<number>;
  markNotificationsRead(): Promise<void>;

  /** Sign and store the post for each friend of the audience; its key. Rejects with InvalidPostError. */
  publish(post: NewPost): Promise<PostKey>;
  like(post: PostKey): Promise<void>;
  unlike(post: PostKey): Promise<void>;
  /** Comment on a post, or reply to one of its comments; the new comment's key. */
  comment(post: PostKey, text: string, replyTo?: CommentKey): Promise<CommentKey>;
  /** Remove a comment from my post (only the post's author may). */
  removeComment(post: PostKey, comment: CommentKey): Promise<void>;
  /** Delete my post on every device: text, pictures and comments. */
  deletePost(post: PostKey): Promise<void>;
  historyWindow(): Promise<HistoryWindow>;
  /** Applies on all friends' devices, to posts they already hold too. */
  setHistoryWindow(window: HistoryWindow): Promise<void>;

  /** The full picture or video when held here (state `ready`), else null. */
  picture(post: PostKey, index: number): Promise<Blob | null>;
  /**
   * The full picture or video: at once when held, else downloads it (from the author, while a
   * session with them is up) and resolves when it is here; null when it cannot be fetched now.
   */
  openMedia(post: PostKey, index: number): Promise<Blob | null>;
  /** Download a picture on demand (older posts; evicted ones). Resolves when asked, not done. */
  download(post: PostKey, index: number): Promise<void>;
  usage(): Promise<MomentsUsage>;
  /** Set the cap (bytes, at least MIN_PICTURE_CAP_BYTES); evicts at once when over it. */
  setStorageCap(bytes: number): Promise<void>;
  /** Drop every held full picture (thumbnails stay); the bytes freed. */
  clearPictures(): Promise<number>;

  on<E extends keyof MomentsEvents>(event: E, listener: MomentsEvents[E]): Unsubscribe;
}
