/**
 * A moment's likes and comments: who liked it, each comment ("Bob: …", "Alice replied to
 * Bob: …"), a tap on someone else's comment to reply to it, and the author's Remove.
 */
import type { PeerId } from '../../../lib/ids';
import type { CommentKey, CommentView, PostView } from '../../../peers/moments/api';
import { t } from '../../i18n';
import { commentLines, likeLine } from '../models/postView';

interface Props {
  post: PostView;
  me: PeerId | null;
  nameOf: (peer: PeerId) => string;
  onReply: (comment: CommentView) => void;
  onRemove: (comment: CommentKey) => void;
}

export function Comments({ post, me, nameOf, onReply, onRemove }: Props) {
  if (post.likes.length === 0 && post.comments.length === 0) return null;
  return (
    <div class="moment-talk">
      {post.likes.length > 0 && (
        <p class="moment-likes" data-testid="moment-likes">
          <span class="visually-hidden">{t('moments.likedBy')} </span>
          <span aria-hidden="true">♥ </span>
          {likeLine(post.likes, nameOf)}
        </p>
      )}
      {post.comments.length > 0 && (
        <ul class="moment-comments" aria-label={t('moments.comments')}>
          {commentLines(post.comments, me, nameOf).map((line) => (
            <li
              key={line.comment.key}
              class="moment-comment"
              data-testid="moment-comment"
              data-who={line.comment.who}
            >
              <button
                type="button"
                class="moment-comment__text"
                disabled={line.mine}
                aria-label={line.mine ? undefined : t('moments.replyTo', { name: line.authorName })}
                onClick={() => onReply(line.comment)}
              >
                <strong class="moment-comment__who">{line.authorName}</strong>
                {line.replyToName && (
                  <>
                    {' '}
                    {t('moments.repliedTo')}{' '}
                    <strong class="moment-comment__who">{line.replyToName}</strong>
                  </>
                )}
                {': '}
                <span data-testid="moment-comment-text" dir="auto">
                  {line.comment.text}
                </span>
              </button>
              {line.comment.canRemove && (
                <button
                  type="button"
                  class="button button--text moment-comment__remove"
                  data-testid="moment-comment-remove"
                  aria-label={t('moments.removeComment', { name: line.authorName })}
                  onClick={() => onRemove(line.comment.key)}
                >
                  {t('moments.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
