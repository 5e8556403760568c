/**
 * Pick a chat: the chats, searchable by name, and the one chosen handed back. The share
 * target's picker; the shape (chats with search, returns a conversation) is the forward
 * picker's, so the two can become one component.
 */
import { useSignal } from '@preact/signals';
import type { ChatSummary } from '../chat/models/chats';
import { chatList } from '../chat/models/chats';
import { personOf } from '../chat/screens/person';
import { Avatar } from '../components/Avatar';
import { SearchIcon } from '../components/Icons';
import type { ConversationId } from '../../lib/ids';
import { t } from '../i18n';

interface ChatPickerProps {
  /** The chosen conversation. */
  onPick: (conv: ConversationId) => void;
  /** The list's accessible name. */
  label: string;
}

/** How a chat is named in the picker. */
function titleOf(chat: ChatSummary): { title: string; avatar: string | null; seed: string } {
  if (chat.group) {
    return { title: chat.group.name ?? t('chats.groupUnnamed'), avatar: null, seed: chat.conv };
  }
  const person = personOf(chat.peer);
  return { title: person.title, avatar: person.avatar, seed: chat.peer };
}

export function ChatPicker({ onPick, label }: ChatPickerProps) {
  const query = useSignal('');
  const q = query.value.trim().toLowerCase();
  const chats = chatList.value
    .map((chat) => ({ chat, ...titleOf(chat) }))
    .filter((c) => q === '' || c.title.toLowerCase().includes(q));
  return (
    <div class="chat-picker" data-testid="chat-picker">
      <div class="search" role="search">
        <SearchIcon class="search__icon" width="20" height="20" />
        <label class="visually-hidden" for="chat-picker-search">
          {t('files.shareSearch')}
        </label>
        <input
          id="chat-picker-search"
          class="field__input search__input"
          type="search"
          data-testid="chat-picker-search"
          placeholder={t('files.shareSearch')}
          autocomplete="off"
          value={query.value}
          onInput={(event) => {
            query.value = event.currentTarget.value;
          }}
        />
      </div>
      {chatList.value.length === 0 ? (
        <p class="list-note">{t('files.shareNoChats')}</p>
      ) : chats.length === 0 ? (
        <p class="list-note">{t('files.shareNoMatch')}</p>
      ) : (
        <ul class="list" aria-label={label}>
          {chats.map(({ chat, title, avatar, seed }) => (
            <li key={chat.conv}>
              <button
                type="button"
                class="chat-picker__row"
                data-testid="chat-picker-row"
                data-conv={chat.conv}
                onClick={() => onPick(chat.conv)}
              >
                <Avatar name={title} src={avatar} seed={seed} />
                <span class="chat-picker__name">{title}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
