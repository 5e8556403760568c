/**
 * Pick chats, with a search field: where to forward messages (several, with checkboxes and a
 * count) or where to send what was shared into Plume (one, taken at a tap; friends with no chat
 * yet are offered too, their chat opened when picked). Direct chats and groups, in the chats
 * list's order. The caller holds the choice; this only shows and changes it.
 */
import { useSignal } from '@preact/signals';
import { directConversationId } from '../../lib/convId';
import { describeError } from '../../lib/errors';
import type { ConversationId, PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import { chatList, openDirectChat } from '../chat/models/chats';
import { myId } from '../chat/models/chatFeed';
import { people } from '../friends/models/friends';
import { t } from '../i18n';
import { errorText } from '../i18n/errors';
import { push } from '../shell/models/toasts';
import { Avatar } from './Avatar';
import { chatChoiceOf } from './chatChoiceOf';
import { chatChoices, toggleChoice, type ChatChoice } from './chatChoices';
import { SearchIcon } from './Icons';
import './chatPicker.css';

const logger = log('ui:picker');

/** Several chats, ticked one by one (forwarding). */
interface ManyProps {
  chosen: readonly ConversationId[];
  onChange: (chosen: ConversationId[]) => void;
  /** Most chats that may be chosen. */
  room?: number;
}

/** One chat, taken at a tap (sharing into Plume); friends with no chat yet are offered too. */
interface OneProps {
  onPick: (conv: ConversationId) => void;
}

type ChatPickerProps = (ManyProps | OneProps) & {
  /** The accessible name of the list (shown as its legend when several may be chosen). */
  legend: string;
  /** Chats not offered. */
  exclude?: ReadonlySet<ConversationId>;
  /** Prefix of element ids: unique on the page. */
  idPrefix: string;
};

/** A choice, and the friend whose direct chat is opened first when it has no row yet. */
type Choice = ChatChoice & { opens?: PeerId };

/** The chats, then (when `friends`) the friends with no direct chat listed. */
function allChoices(friends: boolean): Choice[] {
  const chats: Choice[] = chatList.value.map(chatChoiceOf);
  const me = myId();
  if (!friends || !me) return chats;
  const listed = new Set(chats.map((c) => c.conv));
  for (const p of people.value) {
    const conv = directConversationId(me, p.id);
    if (p.state !== 'friend' || p.blocked || listed.has(conv)) continue;
    chats.push({ conv, title: p.title, avatar: p.avatar, seed: p.id, group: false, opens: p.id });
  }
  return chats;
}

function Row({ choice }: { choice: Choice }) {
  return (
    <>
      <Avatar name={choice.title} src={choice.avatar} seed={choice.seed} />
      <span class="chat-pick__name">{choice.title}</span>
      {choice.group && <span class="chat-pick__kind">{t('picker.group')}</span>}
    </>
  );
}

export function ChatPicker(props: ChatPickerProps) {
  const { legend, exclude, idPrefix } = props;
  const many = 'chosen' in props ? props : null;
  const query = useSignal('');
  const all = allChoices(many === null);
  const choices = chatChoices(all, query.value, exclude) as Choice[];
  const onPick = 'onPick' in props ? props.onPick : null;
  const pick = async (choice: Choice) => {
    if (!onPick) return;
    try {
      onPick(choice.opens ? await openDirectChat(choice.opens) : choice.conv);
    } catch (err) {
      logger.warn('could not open the chat', describeError(err));
      push({ kind: 'error', message: t('files.shareOpenFailed', { reason: errorText(err) }) });
    }
  };
  const rows = choices.map((c) => {
    const attrs = {
      'data-testid': 'chat-pick-row',
      'data-conv': c.conv,
      'data-group': String(c.group),
    };
    if (!many) {
      return (
        <li key={c.conv}>
          <button
            type="button"
            class="chat-pick__row chat-pick__row--button"
            {...attrs}
            onClick={() => void pick(c)}
          >
            <Row choice={c} />
          </button>
        </li>
      );
    }
    const { chosen, onChange, room = Infinity } = many;
    const on = chosen.includes(c.conv);
    return (
      <li key={c.conv}>
        <label class="chat-pick__row" {...attrs}>
          <input
            type="checkbox"
            class="chat-pick__check"
            checked={on}
            disabled={!on && chosen.length >= room}
            onChange={(event) =>
              onChange(toggleChoice(chosen, c.conv, event.currentTarget.checked, room))
            }
          />
          <Row choice={c} />
        </label>
      </li>
    );
  });
  return (
    <fieldset class="chat-pick" data-testid="chat-pick">
      <legend class={many ? 'chat-pick__legend' : 'visually-hidden'}>{legend}</legend>
      <div class="search" role="search">
        <SearchIcon class="search__icon" width="20" height="20" />
        <label class="visually-hidden" for={`${idPrefix}-search`}>
          {t('picker.search')}
        </label>
        <input
          id={`${idPrefix}-search`}
          class="field__input search__input"
          type="search"
          data-testid="chat-pick-search"
          placeholder={t('picker.search')}
          autocomplete="off"
          value={query.value}
          onInput={(event) => {
            query.value = event.currentTarget.value;
          }}
        />
      </div>
      {many && (
        <p class="chat-pick__count" role="status" data-testid="chat-pick-count">
          {t('picker.chosen', { count: many.chosen.length })}
        </p>
      )}
      {choices.length === 0 ? (
        <p class="list-note">{all.length === 0 ? t('files.shareNoChats') : t('picker.noMatch')}</p>
      ) : (
        <ul class="chat-pick__list">{rows}</ul>
      )}
    </fieldset>
  );
}
