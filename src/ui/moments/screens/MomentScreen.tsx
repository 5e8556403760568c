/** One moment with all its likes and comments: where a notification leads. */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { PostKey, PostView } from '../../../peers/moments/api';
import { Screen } from '../../components/Screen';
import { t } from '../../i18n';
import { me } from '../../me/models/identity';
import { startClock } from '../../shell/models/clock';
import { navigate } from '../../shell/models/router';
import { momentsHref } from '../models/momentsPath';
import { MomentsUnavailable } from './MomentsUnavailable';
import { PostCard } from './PostCard';
import { useMomentsApi } from './useMoments';

export function MomentScreen({ id: key }: { id: PostKey }) {
  const api = useMomentsApi();
  const post = useSignal<PostView | null | undefined>(undefined);
  useEffect(startClock, []);
  useEffect(() => {
    if (!api) return;
    let live = true;
    const read = () =>
      api.post(key).then(
        (found) => live && (post.value = found),
        () => live && (post.value = null),
      );
    void read();
    const stop = api.on('changed', (change) => {
      if (change.feed || change.posts.includes(key)) void read();
    });
    return () => {
      live = false;
      stop();
    };
  }, [api, key]);
  const shown = post.value;
  return (
    <Screen
      title={t('moments.moment')}
      back={momentsHref({ screen: 'feed' })}
      testId="moment-screen"
    >
      {api === null && <MomentsUnavailable />}
      {api && shown && (
        <PostCard
          post={shown}
          api={api}
          me={me.value?.id ?? null}
          onDeleted={() => navigate({ name: 'moments', path: '' }, { replace: true })}
        />
      )}
      {api && shown === null && (
        <p class="list-note" data-testid="moment-gone">
          {t('moments.gone')}
        </p>
      )}
    </Screen>
  );
}
