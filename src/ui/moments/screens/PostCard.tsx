/**
 * One moment: the author's avatar and name (to their moments), the time, the text, the
 * pictures, like and comment, the likes and comments, and Delete on my own.
 */
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { describeError } from '../../../lib/errors';
import type { PeerId } from '../../../lib/ids';
import { log } from '../../../lib/log';
import { MAX_COMMENT_CHARS } from '../../../lib/moments/limits';
import type { CommentView, MomentsApi, PostView } from '../../../peers/moments/api';
import { Avatar } from '../../components/Avatar';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { language, t, type MessageKey } from '../../i18n';
import { formatDateTime, formatRelative } from '../../i18n/time';
import { now } from '../../shell/models/clock';
import { momentsHref } from '../models/momentsPath';
import { push } from '../../shell/models/toasts';
import { Comments } from './Comments';
import { whoIs } from './whoIs';
import { MediaGrid } from './MediaGrid';

const logger = log('ui:moments');

interface Props {
  post: PostView;
  api: MomentsApi;
  me: PeerId | null;
  /** Called after the moment was deleted here. */
  onDeleted?: () => void;
}

/** Run an engine action; a failure becomes a toast in the user's words. */
async function act(action: () => Promise<unknown>, failure: MessageKey): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (err) {
    logger.warn('moments action failed', describeError(err));
    push({ kind: 'error', message: t(failure) });
    return false;
  }
}

export function PostCard({ post, api, me, onDeleted }: Props) {
  const writing = useSignal(false);
  const replyTo = useSignal<CommentView | null>(null);
  const text = useSignal('');
  const confirming = useSignal(false);
  const busy = useSignal(false);
  const input = useRef<HTMLInputElement>(null);
  const lang = language.value;
  const nameOf = (peer: PeerId) => whoIs(peer, me).title;
  const author = whoIs(post.author, me);
  const authorName = author.title;

  const startWriting = (to: CommentView | null) => {
    replyTo.value = to;
    writing.value = true;
    // After the field renders.
    void Promise.resolve().then(() => input.current?.focus());
  };

  const send = async () => {
    const body = text.value.trim();
    if (!body || busy.value) return;
    busy.value = true;
    const target = replyTo.value;
    const ok = await act(() => api.comment(post.key, body, target?.key), 'moments.commentFailed');
    busy.value = false;
    if (!ok) return;
    text.value = '';
    writing.value = false;
    replyTo.value = null;
  };

  const remove = async () => {
    busy.value = true;
    const ok = await act(() => api.deletePost(post.key), 'moments.deleteFailed');
    busy.value = false;
    confirming.value = false;
    if (ok) onDeleted?.();
  };

  return (
    <article
      class="moment"
      data-testid="moment"
      data-key={post.key}
      data-author={post.author}
      aria-label={t('moments.by', { name: authorName })}
    >
      <a
        class="moment__avatar"
        href={momentsHref({ screen: 'of', peer: post.author })}
        tabIndex={-1}
      >
        <Avatar name={author.title} src={author.avatar} seed={post.author} />
      </a>
      <div class="moment__body">
        <a
          class="moment__author"
          data-testid="moment-author"
          href={momentsHref({ screen: 'of', peer: post.author })}
        >
          {authorName}
        </a>
        {post.text && (
          <p class="moment__text" data-testid="moment-text" dir="auto">
            {post.text}
          </p>
        )}
        <MediaGrid post={post} api={api} />
        <div class="moment__bar">
          <a class="moment__time" href={momentsHref({ screen: 'post', key: post.key })}>
            <time dateTime={new Date(post.at).toISOString()} title={formatDateTime(post.at, lang)}>
              {formatRelative(post.at, now.value, lang)}
            </time>
          </a>
          {post.mine && (
            <button
              type="button"
              class="button button--text moment__delete"
              data-testid="moment-delete"
              onClick={() => (confirming.value = true)}
            >
              {t('moments.delete')}
            </button>
          )}
          <span class="moment__actions">
            <button
              type="button"
              class="button button--text"
              data-testid="moment-like"
              aria-pressed={post.likedByMe ? 'true' : 'false'}
              onClick={() =>
                void act(
                  () => (post.likedByMe ? api.unlike(post.key) : api.like(post.key)),
                  'moments.likeFailed',
                )
              }
            >
              {post.likedByMe ? t('moments.unlike') : t('moments.like')}
            </button>
            <button
              type="button"
              class="button button--text"
              data-testid="moment-comment-open"
              aria-expanded={writing.value ? 'true' : 'false'}
              onClick={() => startWriting(null)}
            >
              {t('moments.comment')}
            </button>
          </span>
        </div>
        <Comments
          post={post}
          me={me}
          nameOf={nameOf}
          onReply={(comment) => startWriting(comment)}
          onRemove={(key) =>
            void act(() => api.removeComment(post.key, key), 'moments.removeFailed')
          }
        />
        {writing.value && (
          <form
            class="moment-reply"
            onSubmit={(event) => {
              event.preventDefault();
              void send();
            }}
          >
            <input
              ref={input}
              class="field__input moment-reply__input"
              data-testid="moment-comment-input"
              maxLength={MAX_COMMENT_CHARS}
              value={text.value}
              placeholder={
                replyTo.value
                  ? t('moments.replyTo', { name: nameOf(replyTo.value.who) })
                  : t('moments.commentPlaceholder')
              }
              aria-label={
                replyTo.value
                  ? t('moments.replyTo', { name: nameOf(replyTo.value.who) })
                  : t('moments.commentPlaceholder')
              }
              onInput={(event) => (text.value = event.currentTarget.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape') writing.value = false;
              }}
            />
            <button
              type="submit"
              class="button button--primary"
              data-testid="moment-comment-send"
              disabled={busy.value || text.value.trim() === ''}
            >
              {t('moments.send')}
            </button>
          </form>
        )}
      </div>
      <ConfirmDialog
        open={confirming.value}
        title={t('moments.deleteTitle')}
        confirmLabel={t('moments.delete')}
        danger
        busy={busy.value}
        onConfirm={() => void remove()}
        onCancel={() => (confirming.value = false)}
      >
        <p>{t('moments.deleteBody')}</p>
      </ConfirmDialog>
    </article>
  );
}
