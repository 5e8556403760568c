/** Chats: every conversation by last activity (issue 4). Until then, what will be here. */
import { EmptyState } from '../components/EmptyState';
import { ChatsIcon } from '../components/Icons';
import { Screen } from '../components/Screen';
import { t } from '../i18n';

export function ChatsScreen() {
  return (
    <Screen title={t('chats.title')}>
      <EmptyState
        testId="chats-empty"
        icon={<ChatsIcon width="40" height="40" />}
        title={t('chats.emptyTitle')}
        body={t('chats.emptyBody')}
      />
    </Screen>
  );
}
