/** First run: what Plume is, and a display name. No account is created anywhere. */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { t, withStrings } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { lazy } from '../../components/Lazy';
import { DISPLAY_NAME_MAX } from '../../me/models/displayName';
import {
  clearOnboardingProblem,
  onboardingBusy,
  onboardingProblem,
  submitOnboarding,
  type OnboardingProblem,
} from '../../me/models/onboarding';
import { route } from '../models/router';

const RestoreForm = lazy(() =>
  withStrings(['me'], import('../../me/screens/RestoreForm')).then((m) => m.RestoreForm),
);

function problemText(problem: OnboardingProblem): string {
  switch (problem.kind) {
    case 'empty':
      return t('onboarding.errorEmpty');
    case 'tooLong':
      return t('onboarding.errorTooLong', { max: DISPLAY_NAME_MAX, count: problem.count });
    case 'failed':
      return t('onboarding.errorFailed', { reason: errorText(problem.error) });
  }
}

export function Onboarding() {
  const name = useSignal('');
  const restoring = useSignal(false);
  // Opened from an invite link: the add screen follows once the key exists.
  const invited = route.value.name === 'add';
  const problem = onboardingProblem.value;
  const busy = onboardingBusy.value;

  const onSubmit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submitOnboarding(name.value);
  };
  const onInput = (event: JSX.TargetedInputEvent<HTMLInputElement>) => {
    name.value = event.currentTarget.value;
    clearOnboardingProblem();
  };

  return (
    <main class="onboarding">
      <div class="onboarding__card">
        <img class="onboarding__logo" src="/icons/icon.svg" alt="" width="64" height="64" />
        <h1 class="onboarding__title">{t('onboarding.title')}</h1>
        <p class="onboarding__lead">{t('onboarding.lead')}</p>
        {invited && (
          <p class="onboarding__invited" data-testid="onboarding-invited">
            {t('onboarding.invited')}
          </p>
        )}
        <ul class="onboarding__points">
          <li>{t('onboarding.pointNoAccount')}</li>
          <li>{t('onboarding.pointKey')}</li>
          <li>{t('onboarding.pointFriends')}</li>
        </ul>
        <form class="form" onSubmit={onSubmit} noValidate>
          <label class="field__label" for="onboarding-name">
            {t('onboarding.nameLabel')}
          </label>
          <input
            id="onboarding-name"
            class="field__input"
            data-testid="onboarding-name"
            type="text"
            name="name"
            autocomplete="nickname"
            enterKeyHint="done"
            value={name.value}
            onInput={onInput}
            disabled={busy}
            aria-invalid={problem !== null && problem.kind !== 'failed'}
            aria-describedby="onboarding-name-hint onboarding-name-problem"
          />
          <p id="onboarding-name-hint" class="field__hint">
            {t('onboarding.nameHint', { max: DISPLAY_NAME_MAX })}
          </p>
          <p id="onboarding-name-problem" class="field__problem" role="alert">
            {problem ? problemText(problem) : ''}
          </p>
          <button
            type="submit"
            class="button button--primary button--block"
            data-testid="onboarding-submit"
            disabled={busy}
          >
            {busy ? t('onboarding.submitting') : t('onboarding.submit')}
          </button>
        </form>
        <div class="onboarding__restore">
          {restoring.value ? (
            <>
              <h2 class="onboarding__subtitle">{t('restore.title')}</h2>
              <RestoreForm />
              <button
                type="button"
                class="button button--text"
                onClick={() => {
                  restoring.value = false;
                }}
              >
                {t('restore.back')}
              </button>
            </>
          ) : (
            <>
              <p class="field__hint">{t('restore.question')}</p>
              <button
                type="button"
                class="button button--secondary button--block"
                data-testid="onboarding-restore"
                disabled={busy}
                onClick={() => {
                  restoring.value = true;
                }}
              >
                {t('restore.title')}
              </button>
            </>
          )}
        </div>
      </div>
    </main>
  );
}
