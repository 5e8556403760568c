/**
 * How one moment reads on screen, as pure functions: the picture grid's shape and each
 * comment's line ("Bob", or "Alice replied to Bob").
 */
import type { PeerId } from '../../../lib/ids';
import type { CommentView, LikeView } from '../../../peers/moments/api';

/** Columns of a picture grid: one picture large, two and four in a square, else three. */
export function gridColumns(count: number): 1 | 2 | 3 {
  if (count <= 1) return 1;
  if (count === 2 || count === 4) return 2;
  return 3;
}

/** A comment as a line: who wrote it, whom it answers (if anyone), and the text. */
export interface CommentLine {
  comment: CommentView;
  authorName: string;
  replyToName: string | null;
  mine: boolean;
}

/** The lines of a moment's comments, oldest first, named by `nameOf`. */
export function commentLines(
  comments: readonly CommentView[],
  me: PeerId | null,
  nameOf: (peer: PeerId) => string,
): CommentLine[] {
  return comments.map((comment) => ({
    comment,
    authorName: nameOf(comment.who),
    replyToName: comment.replyTo ? nameOf(comment.replyTo) : null,
    mine: comment.who === me,
  }));
}

/** The names of those who liked a moment, joined for one line. */
export function likeLine(likes: readonly LikeView[], nameOf: (peer: PeerId) => string): string {
  return likes.map((like) => nameOf(like.who)).join(', ');
}
