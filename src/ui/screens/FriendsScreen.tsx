/** Friends: people whose key is pinned (issue 3). Until then, what will be here. */
import { EmptyState } from '../components/EmptyState';
import { FriendsIcon } from '../components/Icons';
import { Screen } from '../components/Screen';
import { t } from '../i18n';

export function FriendsScreen() {
  return (
    <Screen title={t('friends.title')}>
      <EmptyState
        testId="friends-empty"
        icon={<FriendsIcon width="40" height="40" />}
        title={t('friends.emptyTitle')}
        body={t('friends.emptyBody')}
      />
    </Screen>
  );
}
