/**
 * The moments fold: what a set of checked moments events means, the same on every device for
 * every delivery order ([MOM-11]). Each merge below is commutative and idempotent on one record,
 * so the store applies events one at a time, in any order, with the same result as folding them
 * all at once. What a device *shows* is then filtered per viewer (`visible*`, [MOM-12]).
 * Pure.
 */
import type { PeerId } from '../ids';
import type { CommentRef, MediaRef, MomentEvent, MomentType } from './events';
import { postKeyOf } from './events';
import { WINDOW_MS, type HistoryWindow } from './limits';

/** A post as folded. A deleted post keeps only its key and author (a tombstone). */
export interface PostState {
  key: string;
  author: PeerId;
  id: string;
  text: string;
  media: MediaRef[];
  at: number;
  deleted: boolean;
}

/** The latest like or unlike of one person on one post. */
export interface LikeState {
  /** `<post key>|<liker>`. */
  key: string;
  post: string;
  liker: PeerId;
  on: boolean;
  lamport: number;
  at: number;
  /** The signed event, kept so the post's author can forward it ([MOM-10]). */
  source: MomentEvent<'mom.like'>;
}

/** A comment; a removed one keeps only its key and post (a tombstone). */
export interface CommentState {
  key: string;
  post: string;
  writer: PeerId;
  id: string;
  text: string;
  at: number;
  replyTo: CommentRef | null;
  removed: boolean;
  /** The signed event (null for a tombstone), kept for forwarding ([MOM-10]). */
  source: MomentEvent<'mom.comment'> | null;
}

/** An author's history window, the latest by lamport. */
export interface WindowState {
  author: PeerId;
  window: HistoryWindow;
  lamport: number;
}

/** One effective change: a forward stands for the event it carries. */
export type MomentAction = MomentEvent<Exclude<MomentType, 'mom.fwd'>>;

/** [MOM-10] The event a forward carries, or the event itself. */
export function actionOf(event: MomentEvent): MomentAction {
  return event.type === 'mom.fwd'
    ? (event as MomentEvent<'mom.fwd'>).body.event
    : (event as MomentAction);
}

/** [MOM-4] A post arrives: a tombstone stays one; copies of one post are the same. */
export function mergePost(prev: PostState | undefined, event: MomentEvent<'mom.post'>): PostState {
  if (prev) return prev;
  const { id, text, media, at } = event.body;
  return {
    key: postKeyOf(event.author, id),
    author: event.author,
    id,
    text,
    media,
    at,
    deleted: false,
  };
}

/** [MOM-8] The author deletes a post: a tombstone whatever arrived before or comes after. */
export function deletedPost(event: MomentEvent<'mom.delete'>): PostState {
  const key = postKeyOf(event.author, event.body.post);
  return {
    key,
    author: event.author,
    id: event.body.post,
    text: '',
    media: [],
    at: 0,
    deleted: true,
  };
}

/** [MOM-5] A like or unlike: the one with the higher lamport wins (an unlike on a tie). */
export function mergeLike(prev: LikeState | undefined, event: MomentEvent<'mom.like'>): LikeState {
  const next: LikeState = {
    key: likeKeyOf(postKeyOf(event.body.post.author, event.body.post.id), event.author),
    post: postKeyOf(event.body.post.author, event.body.post.id),
    liker: event.author,
    on: event.body.on,
    lamport: event.lamport,
    at: event.ts,
    source: event,
  };
  if (!prev) return next;
  if (prev.lamport !== next.lamport) return prev.lamport > next.lamport ? prev : next;
  return prev.on ? next : prev;
}

/** The key of one person's like on one post. */
export function likeKeyOf(post: string, liker: PeerId): string {
  return `${post}|${liker}`;
}

/** [MOM-6] A comment arrives; a removal of it on the same post keeps it removed. */
export function mergeComment(
  prev: CommentState | undefined,
  event: MomentEvent<'mom.comment'>,
): CommentState {
  const post = postKeyOf(event.body.post.author, event.body.post.id);
  if (prev && (prev.post === post || !prev.removed)) return prev;
  return {
    key: postKeyOf(event.author, event.body.id),
    post,
    writer: event.author,
    id: event.body.id,
    text: event.body.text,
    at: event.ts,
    replyTo: event.body.replyTo ?? null,
    removed: false,
    source: event,
  };
}

/**
 * [MOM-7] The post's author removes a comment on that post: a tombstone. A removal naming
 * another post than the comment's is ignored, whichever arrives first.
 */
export function removedComment(
  prev: CommentState | undefined,
  event: MomentEvent<'mom.uncomment'>,
): CommentState {
  const post = postKeyOf(event.author, event.body.post);
  if (prev && prev.post !== post) return prev;
  const { author, id } = event.body.comment;
  return {
    key: postKeyOf(author, id),
    post,
    writer: author,
    id,
    text: '',
    at: 0,
    replyTo: null,
    removed: true,
    source: null,
  };
}

/** [MOM-9] The latest window setting of an author. */
export function mergeWindow(
  prev: WindowState | undefined,
  event: MomentEvent<'mom.window'>,
): WindowState {
  if (prev && prev.lamport >= event.lamport) return prev;
  return { author: event.author, window: event.body.window, lamport: event.lamport };
}

/** Everything folded, keyed as the store keys its rows. */
export interface MomentsState {
  posts: Map<string, PostState>;
  likes: Map<string, LikeState>;
  comments: Map<string, CommentState>;
  windows: Map<PeerId, WindowState>;
}

/** An empty state. */
export function emptyMoments(): MomentsState {
  return { posts: new Map(), likes: new Map(), comments: new Map(), windows: new Map() };
}

/** Apply one checked event (a forward stands for what it carries). Mutates and returns `state`. */
export function applyMoment(state: MomentsState, event: MomentEvent): MomentsState {
  const action = actionOf(event);
  switch (action.type) {
    case 'mom.post': {
      const e = action as MomentEvent<'mom.post'>;
      const key = postKeyOf(e.author, e.body.id);
      state.posts.set(key, mergePost(state.posts.get(key), e));
      break;
    }
    case 'mom.delete': {
      const e = action as MomentEvent<'mom.delete'>;
      const key = postKeyOf(e.author, e.body.post);
      state.posts.set(key, deletedPost(e));
      // [MOM-8] Its comments and likes go with it.
      for (const [k, c] of state.comments) if (c.post === key) state.comments.delete(k);
      for (const [k, l] of state.likes) if (l.post === key) state.likes.delete(k);
      break;
    }
    case 'mom.like': {
      const e = action as MomentEvent<'mom.like'>;
      const post = postKeyOf(e.body.post.author, e.body.post.id);
      if (state.posts.get(post)?.deleted) break;
      const key = likeKeyOf(post, e.author);
      state.likes.set(key, mergeLike(state.likes.get(key), e));
      break;
    }
    case 'mom.comment': {
      const e = action as MomentEvent<'mom.comment'>;
      if (state.posts.get(postKeyOf(e.body.post.author, e.body.post.id))?.deleted) break;
      const key = postKeyOf(e.author, e.body.id);
      state.comments.set(key, mergeComment(state.comments.get(key), e));
      break;
    }
    case 'mom.uncomment': {
      const e = action as MomentEvent<'mom.uncomment'>;
      if (state.posts.get(postKeyOf(e.author, e.body.post))?.deleted) break;
      const key = postKeyOf(e.body.comment.author, e.body.comment.id);
      state.comments.set(key, removedComment(state.comments.get(key), e));
      break;
    }
    case 'mom.window': {
      const e = action as MomentEvent<'mom.window'>;
      state.windows.set(e.author, mergeWindow(state.windows.get(e.author), e));
      break;
    }
  }
  return state;
}

/** Fold a set of checked events from nothing. */
export function foldMoments(events: Iterable<MomentEvent>): MomentsState {
  const state = emptyMoments();
  for (const event of events) applyMoment(state, event);
  return state;
}

/** Who is looking: me, my friends now, and the time. */
export interface Viewer {
  me: PeerId;
  friends: ReadonlySet<PeerId>;
  now: number;
}

/** [MOM-9] The earliest post time an author's window lets friends see. */
export function windowStart(window: HistoryWindow | undefined, now: number): number {
  return now - WINDOW_MS[window ?? 'all'];
}

/**
 * [MOM-12] Whether the viewer sees a post: not deleted; mine, or a friend's within that friend's
 * window (my own posts are never cut by my own window on my device).
 */
export function postVisible(
  post: PostState,
  window: HistoryWindow | undefined,
  viewer: Viewer,
): boolean {
  if (post.deleted) return false;
  if (post.author === viewer.me) return true;
  return viewer.friends.has(post.author) && post.at >= windowStart(window, viewer.now);
}

/**
 * [MOM-12] The mutual-friend rule: a like or comment shows only when its writer is the viewer,
 * the post's author, or a friend of the viewer.
 */
export function writerVisible(writer: PeerId, postAuthor: PeerId, viewer: Viewer): boolean {
  return writer === viewer.me || writer === postAuthor || viewer.friends.has(writer);
}
