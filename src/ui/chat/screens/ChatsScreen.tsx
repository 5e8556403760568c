/**
 * Chats: every conversation, pinned first, then by last activity; a search
 * field that searches message text across all chats (results load as their
 * own chunk); empty, it says how to start. Up and Down move between chats; beside an open chat
 * (two panes) they open the chat they reach.
 */
import type { JSX } from 'preact';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { EmptyState } from '../../components/EmptyState';
import { ChatsIcon, FriendsIcon, SearchIcon } from '../../components/Icons';
import { lazy } from '../../components/Lazy';
import { NotificationPrompt } from '../../components/NotificationPrompt';
import { Screen } from '../../components/Screen';
import { t, withStrings } from '../../i18n';
import { getDb } from '../../../db/db';
import { hasPendingJoins } from '../../../db/pendingJoinsFlag';
import { chatList } from '../models/chats';
import { now, startClock } from '../../shell/models/clock';
import { openFromList, stepRow } from '../../shell/models/layout';
import { hrefFor } from '../../shell/models/router';
import { ChatRow } from './ChatRow';

const PendingJoins = lazy(() =>
  import('../../groups/screens/PendingJoins').then((m) => m.PendingJoins),
);
const SearchResults = lazy(() =>
  withStrings(['chat'], import('./SearchResults')).then((m) => m.SearchResults),
);

function Empty() {
  return (
    <EmptyState
      testId="chats-empty"
      icon={<ChatsIcon width="40" height="40" />}
      title={t('chats.emptyTitle')}
      body={t('chats.emptyBody')}
    >
      <a class="button button--primary" href={hrefFor({ name: 'friends' })}>
        <FriendsIcon width="20" height="20" />
        {t('chats.goToFriends')}
      </a>
    </EmptyState>
  );
}

/** Up/Down in the list: focus the next row's link (and open it when the chat shows beside). */
function onListKey(event: JSX.TargetedKeyboardEvent<HTMLUListElement>, panes: boolean): void {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const rows = [...event.currentTarget.querySelectorAll<HTMLElement>('.chat-row')];
  const from = document.activeElement?.closest<HTMLElement>('.chat-row');
  const at = stepRow(
    from ? rows.indexOf(from) : -1,
    rows.length,
    event.key === 'ArrowDown' ? 1 : -1,
  );
  const row = rows[at];
  if (!row) return;
  event.preventDefault();
  row.querySelector<HTMLElement>('.chat-row__link')?.focus();
  const conv = row.dataset.conv;
  if (panes && conv) openFromList(conv);
}

/** `current`: the chat open beside the list (two panes; null: none); undefined on phones. */
export function ChatsScreen({ current }: { current?: string | null }) {
  const query = useSignal('');
  // Joins waiting for approval are listed only on a device that has one.
  const pending = useSignal(false);
  useEffect(startClock, []);
  useEffect(() => {
    void hasPendingJoins(getDb()).then((yes) => (pending.value = yes));
  }, []);
  const chats = chatList.value;
  const searching = query.value.trim() !== '';

  return (
    <Screen
      title={t('chats.title')}
      testId="chats-screen"
      actions={
        <a
          class="icon-button"
          href={hrefFor({ name: 'newGroup' })}
          data-testid="new-group-open"
          aria-label={t('chats.newGroup')}
          title={t('chats.newGroup')}
        >
          <FriendsIcon />
        </a>
      }
    >
      <NotificationPrompt />
      {pending.value && <PendingJoins />}
      {chats.length === 0 ? (
        <Empty />
      ) : (
        <>
          <div class="search" role="search">
            <SearchIcon class="search__icon" width="20" height="20" />
            <label class="visually-hidden" for="chats-search">
              {t('chats.search')}
            </label>
            <input
              id="chats-search"
              class="field__input search__input"
              type="search"
              data-testid="chats-search"
              placeholder={t('chats.search')}
              autocomplete="off"
              enterkeyhint="search"
              value={query.value}
              onInput={(event) => {
                query.value = event.currentTarget.value;
              }}
            />
          </div>
          {searching ? (
            <SearchResults query={query.value.trim()} />
          ) : (
            <ul
              class="list chat-list"
              data-testid="chats-list"
              aria-label={t('chats.list')}
              onKeyDown={(event) => onListKey(event, current !== undefined)}
            >
              {chats.map((chat) => (
                <ChatRow
                  key={chat.conv}
                  chat={chat}
                  now={now.value}
                  current={chat.conv === current}
                />
              ))}
            </ul>
          )}
        </>
      )}
    </Screen>
  );
}
