/**
 * Chats with checkboxes, a search field and a count: where to forward messages or send what
 * was shared into Plume. Direct chats and groups, in the chats list's order. The caller holds
 * the choice; this only shows and changes it.
 */
import { useSignal } from '@preact/signals';
import type { ConversationId } from '../../lib/ids';
import { chatList } from '../chat/models/chats';
import { t } from '../i18n';
import { Avatar } from './Avatar';
import { chatChoiceOf } from './chatChoiceOf';
import { chatChoices, toggleChoice } from './chatChoices';
import { SearchIcon } from './Icons';
import './chatPicker.css';

interface ChatPickerProps {
  chosen: readonly ConversationId[];
  onChange: (chosen: ConversationId[]) => void;
  /** The accessible name of the group of checkboxes (shown as its legend). */
  legend: string;
  /** Most chats that may be chosen. */
  room?: number;
  /** Chats not offered. */
  exclude?: ReadonlySet<ConversationId>;
  /** Prefix of element ids: unique on the page. */
  idPrefix: string;
}

export function ChatPicker({
  chosen,
  onChange,
  legend,
  room = Infinity,
  exclude,
  idPrefix,
}: ChatPickerProps) {
  const query = useSignal('');
  const choices = chatChoices(chatList.value.map(chatChoiceOf), query.value, exclude);
  return (
    <fieldset class="chat-pick" data-testid="chat-pick">
      <legend class="chat-pick__legend">{legend}</legend>
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
      <p class="chat-pick__count" role="status" data-testid="chat-pick-count">
        {t('picker.chosen', { count: chosen.length })}
      </p>
      {choices.length === 0 ? (
        <p class="list-note">{t('picker.noMatch')}</p>
      ) : (
        <ul class="chat-pick__list">
          {choices.map((c) => {
            const on = chosen.includes(c.conv);
            return (
              <li key={c.conv}>
                <label
                  class="chat-pick__row"
                  data-testid="chat-pick-row"
                  data-conv={c.conv}
                  data-group={String(c.group)}
                >
                  <input
                    type="checkbox"
                    class="chat-pick__check"
                    checked={on}
                    disabled={!on && chosen.length >= room}
                    onChange={(event) =>
                      onChange(toggleChoice(chosen, c.conv, event.currentTarget.checked, room))
                    }
                  />
                  <Avatar name={c.title} src={c.avatar} seed={c.seed} />
                  <span class="chat-pick__name">{c.title}</span>
                  {c.group && <span class="chat-pick__kind">{t('picker.group')}</span>}
                </label>
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
