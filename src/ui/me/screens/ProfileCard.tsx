/**
 * Who I am: avatar, display name, status line (editable; friends get edits on
 * their next session), the PeerId, and the way to My code and the scanner.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { Avatar } from '../../components/Avatar';
import { CopyIcon, QrIcon, ScanIcon } from '../../components/FeatureIcons';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { copyText } from '../../shell/models/clipboard';
import { checkDisplayName, DISPLAY_NAME_MAX } from '../models/displayName';
import { me } from '../models/identity';
import { avatarFromImage } from '../models/avatar';
import { myProfile, updateProfile } from '../models/profile';
import { hrefFor } from '../../shell/models/router';
import { push } from '../../shell/models/toasts';

/** The longest status line, in characters (docs/protocol.md [FR-6]). */
export const STATUS_LINE_MAX = 140;

async function copyPeerId(id: string): Promise<void> {
  const ok = await copyText(id);
  push(
    ok
      ? { kind: 'success', message: t('me.copied') }
      : { kind: 'error', message: t('me.copyFailed') },
  );
}

interface Draft {
  name: string;
  statusLine: string;
  avatar: string | null;
}

function ProfileForm({ initial, onDone }: { initial: Draft; onDone: () => void }) {
  const draft = useSignal<Draft>(initial);
  const problem = useSignal<string | null>(null);
  const busy = useSignal<'idle' | 'picture' | 'saving'>('idle');
  const set = (patch: Partial<Draft>) => {
    draft.value = { ...draft.value, ...patch };
  };

  const onPicture = async (event: JSX.TargetedEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    busy.value = 'picture';
    problem.value = null;
    try {
      set({ avatar: await avatarFromImage(file) });
    } catch (err) {
      problem.value = t('profile.pictureFailed', { reason: errorText(err) });
    } finally {
      busy.value = 'idle';
    }
  };

  const onSubmit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const check = checkDisplayName(draft.value.name);
    if (!check.ok) {
      problem.value =
        check.error === 'empty'
          ? t('onboarding.errorEmpty')
          : t('onboarding.errorTooLong', { max: DISPLAY_NAME_MAX, count: check.count });
      return;
    }
    busy.value = 'saving';
    problem.value = null;
    try {
      await updateProfile({
        displayName: check.name,
        statusLine: draft.value.statusLine.trim(),
        avatar: draft.value.avatar,
      });
      push({ kind: 'success', message: t('profile.saved') });
      onDone();
    } catch (err) {
      problem.value = t('profile.saveFailed', { reason: errorText(err) });
    } finally {
      busy.value = 'idle';
    }
  };

  const d = draft.value;
  const working = busy.value !== 'idle';
  return (
    <form class="form profile-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <div class="profile-form__avatar">
        <Avatar name={d.name || '?'} src={d.avatar} seed={me.value?.id ?? ''} size="l" />
        <div class="button-row">
          <input
            id="profile-avatar"
            class="file-button__input"
            type="file"
            accept="image/*"
            data-testid="profile-avatar-input"
            disabled={working}
            onChange={(e) => void onPicture(e)}
          />
          <label
            class="button button--secondary"
            for="profile-avatar"
            aria-busy={busy.value === 'picture'}
          >
            {busy.value === 'picture' ? t('profile.pictureWorking') : t('profile.choosePicture')}
          </label>
          {d.avatar && (
            <button
              type="button"
              class="button button--text"
              data-testid="profile-avatar-remove"
              disabled={working}
              onClick={() => set({ avatar: null })}
            >
              {t('profile.removePicture')}
            </button>
          )}
        </div>
      </div>
      <label class="field__label" for="profile-name">
        {t('me.displayName')}
      </label>
      <input
        id="profile-name"
        class="field__input"
        data-testid="profile-name"
        type="text"
        autocomplete="nickname"
        value={d.name}
        disabled={working}
        onInput={(e) => set({ name: e.currentTarget.value })}
      />
      <label class="field__label" for="profile-status">
        {t('profile.statusLine')}
      </label>
      <input
        id="profile-status"
        class="field__input"
        data-testid="profile-status"
        type="text"
        maxLength={STATUS_LINE_MAX}
        placeholder={t('profile.statusPlaceholder')}
        value={d.statusLine}
        disabled={working}
        onInput={(e) => set({ statusLine: e.currentTarget.value })}
      />
      <p class="field__hint">{t('profile.hint')}</p>
      <p class="field__problem" role="alert" data-testid="profile-problem">
        {problem.value ?? ''}
      </p>
      <div class="button-row">
        <button
          type="submit"
          class="button button--primary"
          data-testid="profile-save"
          disabled={working}
          aria-busy={busy.value === 'saving'}
        >
          {busy.value === 'saving' ? t('profile.saving') : t('friend.save')}
        </button>
        <button type="button" class="button button--text" disabled={working} onClick={onDone}>
          {t('dialog.cancel')}
        </button>
      </div>
    </form>
  );
}

export function ProfileCard() {
  const editing = useSignal(false);
  const identity = me.value;
  if (!identity) return null;
  const profile = myProfile.value;
  const name = profile?.displayName ?? identity.displayName;
  const statusLine = profile?.statusLine ?? '';
  const avatar = profile?.avatar ?? null;

  return (
    <section class="card" aria-labelledby="me-profile">
      <h2 class="card__title" id="me-profile">
        {t('me.profile')}
      </h2>
      {editing.value ? (
        <ProfileForm
          initial={{ name, statusLine, avatar }}
          onDone={() => {
            editing.value = false;
          }}
        />
      ) : (
        <div class="profile profile--me">
          <Avatar name={name} src={avatar} seed={identity.id} size="l" />
          <div class="profile__text">
            <p class="profile__name" data-testid="my-display-name">
              {name}
            </p>
            <p class="profile__status" data-testid="my-status-line">
              {statusLine || t('profile.noStatus')}
            </p>
            <button
              type="button"
              class="button button--secondary profile__edit"
              data-testid="profile-edit"
              onClick={() => {
                editing.value = true;
              }}
            >
              {t('profile.edit')}
            </button>
          </div>
        </div>
      )}
      <dl class="facts facts--spaced">
        <div class="facts__row">
          <dt id="me-peer-id-label">{t('me.peerId')}</dt>
          <dd class="facts__value">
            <div class="peer-id">
              <code class="peer-id__text" data-testid="my-peer-id">
                {identity.id}
              </code>
              <button
                type="button"
                class="icon-button"
                aria-label={t('me.copyPeerId')}
                title={t('me.copyPeerId')}
                onClick={() => void copyPeerId(identity.id)}
              >
                <CopyIcon width="20" height="20" />
              </button>
            </div>
            <p class="facts__hint">{t('me.peerIdHint')}</p>
          </dd>
        </div>
      </dl>
      <div class="button-row profile__links">
        <a class="button button--primary" href={hrefFor({ name: 'code' })} data-testid="me-my-code">
          <QrIcon width="20" height="20" />
          {t('code.title')}
        </a>
        <a class="button button--secondary" href={hrefFor({ name: 'scan' })} data-testid="me-scan">
          <ScanIcon width="20" height="20" />
          {t('scan.title')}
        </a>
      </div>
    </section>
  );
}
