/**
 * Pick a chat: the chats, then the friends with no chat yet, searchable by name, and the
 * conversation chosen handed back (a friend's direct chat is opened first). The share target's
 * picker; the shape (chats with search, returns a conversation) is the forward picker's, so the
 * two can become one component.
 */
import { useSignal } from '@preact/signals';
import type { ChatSummary } from '../chat/models/chats';
import { chatList, openDirectChat } from '../chat/models/chats';
import { people } from '../friends/models/friends';
import { errorText } from '../i18n/errors';
import { push } from '../shell/models/toasts';
import { Avatar } from '../components/Avatar';
import { chatChoiceOf } from '../components/chatChoiceOf';
import { SearchIcon } from '../components/Icons';
import type { ConversationId, PeerId } from '../../lib/ids';
import { t } from '../i18n';

interface ChatPickerProps {
  /** The chosen conversation. */
  onPick: (conv: ConversationId) => void;
  /** The list's accessible name. */
  label: string;
}

/** One row: an existing chat, or a friend whose direct chat is opened when picked. */
interface Choice {
  key: string;
  title: string;
  avatar: string | null;
  seed: string;
  conv: ConversationId | null;
  peer: PeerId | null;
}

/** A chat as the pickers show it, with the key and peer this picker needs. */
function chatChoice(chat: ChatSummary): Choice {
  const { title, avatar, seed } = chatChoiceOf(chat);
  return {
    key: chat.conv,
    title,
    avatar,
    seed,
    conv: chat.conv,
    peer: chat.group ? null : chat.peer,
  };
}

/** The chats, then friends with no direct chat listed. */
function choices(): Choice[] {
  const chats = chatList.value.map(chatChoice);
  const withChat = new Set(chats.map((c) => c.peer));
  const friends = people.value
    .filter((p) => p.state === 'friend' && !p.blocked && !withChat.has(p.id))
    .map((p) => ({
      key: p.id,
      title: p.title,
      avatar: p.avatar,
      seed: p.id,
      conv: null,
      peer: p.id,
    }));
  return [...chats, ...friends];
}

export function ChatPicker({ onPick, label }: ChatPickerProps) {
  const query = useSignal('');
  const q = query.value.trim().toLowerCase();
  const all = choices();
  const shown = all.filter((c) => q === '' || c.title.toLowerCase().includes(q));
  const pick = async (choice: Choice) => {
    try {
      const conv = choice.conv ?? (choice.peer ? await openDirectChat(choice.peer) : null);
      if (conv) onPick(conv);
    } catch (err) {
      push({ kind: 'error', message: t('files.shareOpenFailed', { reason: errorText(err) }) });
    }
  };
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
      {all.length === 0 ? (
        <p class="list-note">{t('files.shareNoChats')}</p>
      ) : shown.length === 0 ? (
        <p class="list-note">{t('files.shareNoMatch')}</p>
      ) : (
        <ul class="list" aria-label={label}>
          {shown.map((choice) => (
            <li key={choice.key}>
              <button
                type="button"
                class="chat-picker__row"
                data-testid="chat-picker-row"
                data-conv={choice.conv ?? undefined}
                onClick={() => void pick(choice)}
              >
                <Avatar name={choice.title} src={choice.avatar} seed={choice.seed} />
                <span class="chat-picker__name">{choice.title}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
