/**
 * Rows of the moments tables (schema v9). The post, like, comment and window rows are the
 * fold's records (src/lib/moments/fold.ts) plus what only this device keeps: for my own posts
 * the audience and the friends whose log got the post. Spec: docs/protocol.md, Moments (MOM).
 */
import type { PeerId } from '../lib/ids';
import type { MomentEvent } from '../lib/moments/events';
import type { CommentState, LikeState, PostState, WindowState } from '../lib/moments/fold';
import type { Audience } from '../lib/moments/limits';

/** A held moments event: the pair logs, for HAVE and for streaming what a friend lacks. */
export type MomentEventRow = MomentEvent;

/** A post as folded; on the author's device, who it went to. */
export interface MomentPostRow extends PostState {
  /** Mine only: the audience as picked (never sent) [MOM-3]. */
  audience?: Audience;
  /** Mine only: the friends whose moments log got the post. */
  viewers?: PeerId[];
}
export type MomentLikeRow = LikeState;
export type MomentCommentRow = CommentState;
export type MomentWindowRow = WindowState;

/** A post not seen yet (the tab's mark). */
export interface MomentUnseenRow {
  key: string;
  author: PeerId;
}

/** [MOM-14] A like or comment on my post, or a reply to my comment. */
export interface MomentNoteRow {
  /** `l|<like key>` or `c|<comment key>`. */
  id: string;
  kind: 'like' | 'comment' | 'reply';
  post: string;
  who: PeerId;
  at: number;
  text: string | null;
  /** 0 unread, 1 read (indexable). */
  read: 0 | 1;
}

/** [MOM-20] Full bytes of a moments picture or video held on this device. */
export interface MomentMediaRow {
  post: string;
  index: number;
  /** When the post was made: eviction takes the oldest first. */
  at: number;
  size: number;
  /**
   * 1 while a friend's picture is held (counts against the cap), 0 once evicted (the row
   * remembers that it was), 2 for my own post's picture (never evicted: I am its source).
   */
  held: 0 | 1 | 2;
  blob: Blob | null;
}

/** Small values: my lamport, the cap, the bytes held, my window. */
export interface MomentMetaRow {
  key: string;
  value: unknown;
}

/**
 * v9: moments. `momEvents` holds the signed pair logs; the others are derived from them in the
 * same transactions, except `momMedia` (bytes pulled from friends) and `momMeta`. New tables
 * only. Never edit.
 */
export const SCHEMA_V9 = {
  momEvents: '[conv+author+seq]',
  momPosts: 'key, [at+key], [author+at+key]',
  momLikes: 'key, post',
  momComments: 'key, post',
  momWindows: 'author',
  momUnseen: 'key, author',
  momNotes: 'id, [read+at], at, post',
  momMedia: '[post+index], [held+at]',
  momMeta: 'key',
} as const;
