/**
 * A list of moments with paging as it scrolls: the next page loads when the end of the list
 * comes into view, or with the "Show older" button (keyboard and screen readers).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { MomentsApi } from '../../../peers/moments/api';
import { t } from '../../i18n';
import { me as identity } from '../../me/models/identity';
import type { PostList } from '../models/postList';
import { PostCard } from './PostCard';

interface Props {
  api: MomentsApi;
  list: PostList;
  /** Shown while the list holds nothing. */
  empty: ComponentChildren;
}

export function PostFeed({ api, list, empty }: Props) {
  const end = useRef<HTMLDivElement>(null);
  const more = list.hasMore.value;
  useEffect(() => {
    const el = end.current;
    if (!el || !more || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) void list.loadMore();
      },
      { rootMargin: '600px 0px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [list, more]);

  const status = list.status.value;
  const posts = list.posts.value;
  if (status === 'loading') {
    return (
      <p class="list-note" data-testid="moments-loading">
        {t('moments.loading')}
      </p>
    );
  }
  if (status === 'error' && posts.length === 0) {
    return (
      <p class="list-note" role="alert" data-testid="moments-error">
        {t('moments.readFailed')}
      </p>
    );
  }
  if (posts.length === 0) return <>{empty}</>;
  const myId = identity.value?.id ?? null;
  return (
    <>
      <div class="moments" data-testid="moments-list">
        {posts.map((post) => (
          <PostCard key={post.key} post={post} api={api} me={myId} />
        ))}
      </div>
      <div ref={end} class="moments__end">
        {more && (
          <button
            type="button"
            class="button button--secondary"
            data-testid="moments-more"
            onClick={() => void list.loadMore()}
          >
            {t('moments.older')}
          </button>
        )}
      </div>
    </>
  );
}
