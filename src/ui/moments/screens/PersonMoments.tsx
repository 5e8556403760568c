/** One person's moments (a friend's, from their profile; or mine), newest first. */
import { useEffect } from 'preact/hooks';
import type { PeerId } from '../../../lib/ids';
import { EmptyState } from '../../components/EmptyState';
import { MomentsIcon } from '../../components/Icons';
import { Screen } from '../../components/Screen';
import { t } from '../../i18n';
import { me } from '../../me/models/identity';
import { startClock } from '../../shell/models/clock';
import { hrefFor } from '../../shell/models/router';
import { momentsHref } from '../models/momentsPath';
import { MomentsUnavailable } from './MomentsUnavailable';
import { PostFeed } from './PostFeed';
import { useMomentsApi, usePostList } from './useMoments';
import { whoIs } from './whoIs';

export function PersonMoments({ peer }: { peer: PeerId }) {
  const api = useMomentsApi();
  const list = usePostList(api, (a) => (cursor, limit) => a.authorPosts(peer, cursor, limit));
  useEffect(startClock, []);
  const mine = me.value?.id === peer;
  const name = whoIs(peer, me.value?.id ?? null).title;
  return (
    <Screen
      title={mine ? t('moments.mine') : t('moments.of', { name })}
      back={mine ? momentsHref({ screen: 'feed' }) : hrefFor({ name: 'friend', id: peer })}
      testId="moments-person"
    >
      {api === null && <MomentsUnavailable />}
      {api && list && (
        <PostFeed
          api={api}
          list={list}
          empty={
            <EmptyState
              testId="moments-person-empty"
              icon={<MomentsIcon width="40" height="40" />}
              title={mine ? t('moments.mineEmptyTitle') : t('moments.personEmptyTitle', { name })}
              body={mine ? t('moments.emptyBody') : t('moments.personEmptyBody', { name })}
            />
          }
        />
      )}
    </Screen>
  );
}
