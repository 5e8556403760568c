/**
 * Friends with checkboxes, a search field and a count: who starts a group, or who is invited
 * to one. Friends already in the group are not listed.
 */
import { useSignal } from '@preact/signals';
import type { PeerId } from '../../../lib/ids';
import { Avatar } from '../../components/Avatar';
import { SearchIcon } from '../../components/Icons';
import { people } from '../../friends/models/friends';
import { t } from '../../i18n';
import { friendChoices } from '../models/newGroup';

interface FriendPickerProps {
  chosen: readonly PeerId[];
  onChange: (chosen: PeerId[]) => void;
  /** Most that may be chosen. */
  room: number;
  exclude?: ReadonlySet<PeerId>;
  idPrefix: string;
}

export function FriendPicker({ chosen, onChange, room, exclude, idPrefix }: FriendPickerProps) {
  const query = useSignal('');
  const choices = friendChoices(people.value, query.value, exclude);
  const toggle = (peer: PeerId, on: boolean) =>
    onChange(on ? [...chosen, peer].slice(0, room) : chosen.filter((p) => p !== peer));

  return (
    <fieldset class="group-pick" data-testid="group-pick">
      <legend class="group-pick__legend">{t('groups.pickFriends')}</legend>
      <div class="search" role="search">
        <SearchIcon class="search__icon" width="20" height="20" />
        <label class="visually-hidden" for={`${idPrefix}-search`}>
          {t('groups.searchFriends')}
        </label>
        <input
          id={`${idPrefix}-search`}
          class="field__input search__input"
          type="search"
          data-testid="group-pick-search"
          placeholder={t('groups.searchFriends')}
          autocomplete="off"
          value={query.value}
          onInput={(event) => {
            query.value = event.currentTarget.value;
          }}
        />
      </div>
      <p class="group-pick__count" role="status" data-testid="group-pick-count">
        {t('groups.chosen', { count: chosen.length })}
      </p>
      {choices.length === 0 ? (
        <p class="list-note">{t('groups.noMatch', { query: query.value.trim() })}</p>
      ) : (
        <ul class="group-pick__list">
          {choices.map((f) => {
            const on = chosen.includes(f.id);
            return (
              <li key={f.id}>
                <label class="group-row" data-testid="group-pick-friend" data-peer={f.id}>
                  <input
                    type="checkbox"
                    class="group-row__check"
                    checked={on}
                    disabled={!on && chosen.length >= room}
                    onChange={(event) => toggle(f.id, event.currentTarget.checked)}
                  />
                  <Avatar name={f.title} src={f.avatar} seed={f.id} />
                  <span class="group-row__name">{f.title}</span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
