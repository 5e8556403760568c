/**
 * The chat's header: back, who it is with, online or typing, calls, its Files page and search
 * in this chat.
 */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ConversationId } from '../../../lib/ids';
import { Avatar } from '../../components/Avatar';
import { BackIcon, CloseIcon, SearchIcon } from '../../components/Icons';
import { lazy } from '../../components/Lazy';
import { presenceText } from '../../components/Presence';
import { t } from '../../i18n';
import { typingIn } from '../models/chats';
import { now, startClock } from '../../shell/models/clock';
import { hrefFor } from '../../shell/models/router';
import type { ChatPerson } from './person';
import { CallButtons } from '../../calls/screens/CallButtons';
import { DocIcon } from '../../files/screens/FileIcons';

const SearchResults = lazy(() => import('./SearchResults').then((m) => m.SearchResults));

function ChatSearch({ conv, onClose }: { conv: ConversationId; onClose: () => void }) {
  const query = useSignal('');
  return (
    <div class="chat-search" role="search" data-testid="chat-search">
      <div class="chat-search__bar">
        <SearchIcon class="search__icon" width="20" height="20" />
        <label class="visually-hidden" for="chat-search-input">
          {t('chat.searchOpen')}
        </label>
        <input
          id="chat-search-input"
          class="field__input search__input"
          type="search"
          data-testid="chat-search-input"
          placeholder={t('chat.searchOpen')}
          autocomplete="off"
          autofocus
          value={query.value}
          onInput={(event) => {
            query.value = event.currentTarget.value;
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onClose();
          }}
        />
      </div>
      {query.value.trim() !== '' && (
        <div class="chat-search__results">
          <SearchResults query={query.value.trim()} conv={conv} onJump={onClose} />
        </div>
      )}
    </div>
  );
}

export function ChatHeader(props: {
  conv: ConversationId;
  person: ChatPerson;
  searchOpen: Signal<boolean>;
}) {
  const { conv, person, searchOpen } = props;
  useEffect(startClock, []);
  const typing = typingIn.value.has(conv);
  const sub = typing ? t('chat.typing') : person.view ? presenceText(person.view, now.value) : '';
  const toggleSearch = () => {
    searchOpen.value = !searchOpen.value;
  };

  return (
    <>
      <header class="chat-head">
        <a
          class="icon-button chat-head__back"
          href={hrefFor({ name: 'chats' })}
          data-testid="chat-back"
          aria-label={t('nav.back')}
          title={t('nav.back')}
        >
          <BackIcon />
        </a>
        <a class="chat-head__who" href={hrefFor({ name: 'friend', id: person.id })}>
          <span class="person__avatar" data-online={String(person.online)}>
            <Avatar name={person.title} src={person.avatar} seed={person.id} />
          </span>
          <span class="chat-head__names">
            <h1 class="chat-head__title" tabIndex={-1} data-testid="chat-title">
              {person.title}
            </h1>
            <span
              class={`chat-head__sub${typing ? ' chat-head__sub--typing' : ''}`}
              data-testid={typing ? 'chat-typing' : 'chat-presence'}
              data-online={String(person.online)}
              aria-live="polite"
            >
              {sub}
            </span>
          </span>
        </a>
        <CallButtons person={person} />
        <a
          class="icon-button"
          href={hrefFor({ name: 'files', id: conv })}
          data-testid="chat-files-open"
          aria-label={t('files.pageOpen')}
          title={t('files.pageOpen')}
        >
          <DocIcon />
        </a>
        <button
          type="button"
          class="icon-button"
          data-testid="chat-search-toggle"
          aria-expanded={searchOpen.value}
          aria-label={searchOpen.value ? t('chat.searchClose') : t('chat.searchOpen')}
          title={searchOpen.value ? t('chat.searchClose') : t('chat.searchOpen')}
          onClick={toggleSearch}
        >
          {searchOpen.value ? <CloseIcon /> : <SearchIcon />}
        </button>
      </header>
      {searchOpen.value && (
        <ChatSearch
          conv={conv}
          onClose={() => {
            searchOpen.value = false;
          }}
        />
      )}
    </>
  );
}
