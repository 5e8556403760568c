/** Shown while IndexedDB answers (usually a few milliseconds), or when it cannot. */
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { identityError, loadIdentity } from '../../me/models/identity';

export function Splash() {
  const error = identityError.value;
  return (
    <main class="splash" aria-busy={error === null}>
      <img class="splash__logo" src="/icons/icon.svg" alt="" width="72" height="72" />
      {error === null ? (
        <p class="splash__text" role="status">
          {t('app.loading')}
        </p>
      ) : (
        <div class="splash__error" role="alert">
          <p>
            <strong>{t('app.bootFailed')}</strong>
          </p>
          <p>{errorText(error)}</p>
          <button type="button" class="button button--primary" onClick={() => void loadIdentity()}>
            {t('app.retry')}
          </button>
        </div>
      )}
    </main>
  );
}
