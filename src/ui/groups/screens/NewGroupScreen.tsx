/**
 * New group: a name and the friends to start it with, then create; it opens the new chat.
 * With no friends it says to add one first. A lazy chunk with its stylesheet.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import type { PeerId } from '../../../lib/ids';
import { describeError } from '../../../lib/errors';
import { GROUP_NAME_MAX_CHARS } from '../../../lib/group/bodies';
import { EmptyState } from '../../components/EmptyState';
import { FriendsIcon } from '../../components/Icons';
import { Screen } from '../../components/Screen';
import { people } from '../../friends/models/friends';
import { t } from '../../i18n';
import { hrefFor, navigate } from '../../shell/models/router';
import { push } from '../../shell/models/toasts';
import { groupsApi } from '../models/groupsApi';
import { hasFriends, MAX_GROUP_MEMBERS, newGroupProblem } from '../models/newGroup';
import { FriendPicker } from './FriendPicker';
import '../groups.css';

export function NewGroupScreen() {
  const name = useSignal('');
  const chosen = useSignal<PeerId[]>([]);
  const busy = useSignal(false);
  const tried = useSignal(false);
  const api = groupsApi();
  const problem = newGroupProblem(name.value, chosen.value);

  const create = async (event: JSX.TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    tried.value = true;
    if (problem || busy.value) return;
    if (!api) {
      push({ kind: 'info', message: t('groups.notReady') });
      return;
    }
    busy.value = true;
    try {
      const conv = await api.create(name.value.trim(), chosen.value);
      navigate({ name: 'chat', id: conv }, { replace: true });
    } catch (err) {
      push({ kind: 'error', message: t('groups.createFailed', { reason: describeError(err) }) });
    } finally {
      busy.value = false;
    }
  };

  return (
    <Screen title={t('groups.newTitle')} back={hrefFor({ name: 'chats' })} testId="new-group">
      {!hasFriends(people.value) ? (
        <EmptyState
          testId="new-group-empty"
          icon={<FriendsIcon width="40" height="40" />}
          title={t('groups.noFriendsTitle')}
          body={t('groups.noFriendsBody')}
        >
          <a class="button button--primary" href={hrefFor({ name: 'friends' })}>
            <FriendsIcon width="20" height="20" />
            {t('chats.goToFriends')}
          </a>
        </EmptyState>
      ) : (
        <form class="form group-form" onSubmit={(event) => void create(event)} noValidate>
          <label class="field__label" for="group-name">
            {t('groups.nameLabel')}
          </label>
          <input
            id="group-name"
            class="field__input"
            data-testid="group-name"
            placeholder={t('groups.namePlaceholder')}
            maxLength={GROUP_NAME_MAX_CHARS * 2}
            autocomplete="off"
            required
            aria-invalid={tried.value && problem === 'groups.nameNeeded'}
            aria-describedby="group-problem"
            value={name.value}
            onInput={(event) => {
              name.value = event.currentTarget.value;
            }}
          />
          <FriendPicker
            chosen={chosen.value}
            onChange={(next) => {
              chosen.value = next;
            }}
            room={MAX_GROUP_MEMBERS - 1}
            idPrefix="new-group"
          />
          <p id="group-problem" class="field__problem" role="alert" data-testid="group-problem">
            {tried.value && problem ? t(problem, { max: MAX_GROUP_MEMBERS }) : ''}
          </p>
          <div class="group-form__actions">
            <button
              type="submit"
              class="button button--primary button--block"
              data-testid="group-create"
              disabled={busy.value}
              aria-busy={busy.value}
            >
              {busy.value ? t('groups.creating') : t('groups.create')}
            </button>
          </div>
        </form>
      )}
    </Screen>
  );
}
