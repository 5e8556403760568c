/**
 * The Moments tab: what I was told (likes, comments, replies), then friends' moments and mine,
 * newest first, paged as it scrolls. Opening it marks the moments seen (the tab's dot goes).
 */
import { useEffect } from 'preact/hooks';
import type { MomentsApi } from '../../../peers/moments/api';
import { EmptyState } from '../../components/EmptyState';
import { MomentsIcon } from '../../components/Icons';
import { Screen } from '../../components/Screen';
import { t } from '../../i18n';
import { me } from '../../me/models/identity';
import { startClock } from '../../shell/models/clock';
import { momentsHref } from '../models/momentsPath';
import { refreshMarks } from '../models/marks';
import { Notices } from './Notices';
import { PostFeed } from './PostFeed';
import { useMomentsApi, usePostList } from './useMoments';
import { MomentsUnavailable } from './MomentsUnavailable';

/**
 * Mark what the feed shows as seen, and clear the tab's dot. Only when something is unseen:
 * marking tells the feed it changed, which would otherwise mark again, without end.
 */
async function markSeen(api: MomentsApi): Promise<void> {
  if ((await api.unseenCount()) === 0) return;
  await api.markSeen();
  await refreshMarks(api);
}

function Actions() {
  const mine = me.value?.id;
  return (
    <>
      {mine && (
        <a
          class="button button--text"
          data-testid="moments-mine"
          href={momentsHref({ screen: 'of', peer: mine })}
        >
          {t('moments.mine')}
        </a>
      )}
      <a
        class="button button--text"
        data-testid="moments-settings"
        href={momentsHref({ screen: 'settings' })}
      >
        {t('moments.settings')}
      </a>
      <a
        class="button button--primary"
        data-testid="moments-new"
        href={momentsHref({ screen: 'new' })}
      >
        {t('moments.new')}
      </a>
    </>
  );
}

function Empty() {
  return (
    <EmptyState
      testId="moments-empty"
      icon={<MomentsIcon width="40" height="40" />}
      title={t('moments.emptyTitle')}
      body={t('moments.emptyBody')}
    >
      <a class="button button--primary" href={momentsHref({ screen: 'new' })}>
        {t('moments.new')}
      </a>
    </EmptyState>
  );
}

export function MomentsFeed() {
  const api = useMomentsApi();
  const list = usePostList(api, (a) => (cursor, limit) => a.feed(cursor, limit));
  useEffect(startClock, []);
  useEffect(() => {
    if (!api) return;
    void markSeen(api);
    // New moments that arrive while the feed is open are seen as they show.
    return api.on('changed', (change) => {
      if (change.feed) void markSeen(api);
    });
  }, [api]);
  return (
    <Screen title={t('moments.title')} testId="moments-screen" actions={<Actions />}>
      {api === null && <MomentsUnavailable />}
      {api && list && (
        <>
          <Notices api={api} />
          <PostFeed api={api} list={list} empty={<Empty />} />
        </>
      )}
    </Screen>
  );
}
