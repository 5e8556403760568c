/** The remark (alias shown instead of their name) and labels that organise the list. */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { CloseIcon } from '../../components/Icons';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { allLabels, parseLabels } from '../models/friendList';
import { people, setLabels, setRemark, type FriendView } from '../models/friends';
import { push } from '../../shell/models/toasts';

/** The longest remark, in characters (as a display name). */
export const REMARK_MAX = 40;

async function attempt(run: () => Promise<void>, done: string): Promise<boolean> {
  try {
    await run();
    push({ kind: 'success', message: done });
    return true;
  } catch (err) {
    push({ kind: 'error', message: t('friend.saveFailed', { reason: errorText(err) }) });
    return false;
  }
}

function RemarkForm({ person }: { person: FriendView }) {
  const draft = useSignal(person.remark ?? '');
  const busy = useSignal(false);
  const changed = draft.value.trim() !== (person.remark ?? '');

  const onSubmit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const remark = draft.value.trim().replace(/\s+/g, ' ');
    busy.value = true;
    await attempt(
      () => setRemark(person.id, remark === '' ? null : remark),
      remark === '' ? t('friend.remarkCleared') : t('friend.remarkSaved'),
    );
    busy.value = false;
  };

  return (
    <form class="form" onSubmit={(e) => void onSubmit(e)}>
      <label class="field__label" for="friend-remark">
        {t('friend.remark')}
      </label>
      <div class="inline-field">
        <input
          id="friend-remark"
          class="field__input"
          data-testid="remark-input"
          type="text"
          maxLength={REMARK_MAX}
          placeholder={person.name}
          value={draft.value}
          onInput={(e) => {
            draft.value = e.currentTarget.value;
          }}
          aria-describedby="friend-remark-hint"
        />
        <button
          type="submit"
          class="button button--primary"
          data-testid="remark-save"
          disabled={busy.value || !changed}
        >
          {t('friend.save')}
        </button>
      </div>
      <p class="field__hint" id="friend-remark-hint">
        {t('friend.remarkHint', { name: person.name })}
      </p>
    </form>
  );
}

function LabelsForm({ person }: { person: FriendView }) {
  const draft = useSignal('');
  const busy = useSignal(false);
  const suggestions = allLabels(people.value).filter((l) => !person.labels.includes(l));

  const save = async (labels: string[], message: string) => {
    busy.value = true;
    const ok = await attempt(() => setLabels(person.id, labels), message);
    busy.value = false;
    return ok;
  };
  const onSubmit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const added = parseLabels(draft.value);
    if (added.length === 0) return;
    const next = parseLabels([...person.labels, ...added].join(','));
    if (await save(next, t('friend.labelsSaved'))) draft.value = '';
  };

  return (
    <form class="form" onSubmit={(e) => void onSubmit(e)}>
      <label class="field__label" for="friend-label">
        {t('friend.labels')}
      </label>
      {person.labels.length > 0 ? (
        <ul class="chips" data-testid="label-list">
          {person.labels.map((label) => (
            <li key={label} class="chip" data-testid="label-chip">
              <span>{label}</span>
              <button
                type="button"
                class="chip__remove"
                data-testid="label-remove"
                aria-label={t('friend.removeLabel', { label })}
                disabled={busy.value}
                onClick={() =>
                  void save(
                    person.labels.filter((l) => l !== label),
                    t('friend.labelsSaved'),
                  )
                }
              >
                <CloseIcon width="14" height="14" />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="field__hint">{t('friend.noLabels')}</p>
      )}
      <div class="inline-field">
        <input
          id="friend-label"
          class="field__input"
          data-testid="label-input"
          type="text"
          list="friend-label-suggestions"
          placeholder={t('friend.labelPlaceholder')}
          value={draft.value}
          onInput={(e) => {
            draft.value = e.currentTarget.value;
          }}
        />
        <button
          type="submit"
          class="button button--secondary"
          data-testid="label-add"
          disabled={busy.value || draft.value.trim() === ''}
        >
          {t('friend.addLabel')}
        </button>
      </div>
      <datalist id="friend-label-suggestions">
        {suggestions.map((label) => (
          <option key={label} value={label} />
        ))}
      </datalist>
    </form>
  );
}

export function RemarkLabelsCard({ person }: { person: FriendView }) {
  return (
    <section class="card card--stack" aria-labelledby="friend-organise">
      <h2 class="card__title" id="friend-organise">
        {t('friend.organise')}
      </h2>
      <RemarkForm key={`${person.id}:${person.remark ?? ''}`} person={person} />
      <LabelsForm person={person} />
    </section>
  );
}
