/**
 * Who sees my moments from how long ago: "the last 3 days / 6 months / always". The choice is
 * a signed event, so it applies on every friend's device, to moments they already hold too.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { HISTORY_WINDOWS, type HistoryWindow } from '../../../lib/moments/limits';
import { Screen } from '../../components/Screen';
import { t, type MessageKey } from '../../i18n';
import { hrefFor } from '../../shell/models/router';
import { momentsHref } from '../models/momentsPath';
import { push } from '../../shell/models/toasts';
import { MomentsUnavailable } from './MomentsUnavailable';
import { useMomentsApi } from './useMoments';

const logger = log('ui:moments');

const WINDOW_LABEL: Readonly<Record<HistoryWindow, MessageKey>> = {
  '3d': 'moments.window3d',
  '6m': 'moments.window6m',
  all: 'moments.windowAll',
};

export function MomentsSettings() {
  const api = useMomentsApi();
  const current = useSignal<HistoryWindow | null>(null);
  useEffect(() => {
    if (!api) return;
    api.historyWindow().then(
      (w) => (current.value = w),
      (err: unknown) => logger.warn('could not read the history window', describeError(err)),
    );
  }, [api]);

  const choose = async (next: HistoryWindow) => {
    if (!api) return;
    const before = current.value;
    current.value = next;
    try {
      await api.setHistoryWindow(next);
      push({ kind: 'success', message: t('moments.windowSaved') });
    } catch (err) {
      logger.warn('could not set the history window', describeError(err));
      current.value = before;
      push({ kind: 'error', message: t('moments.windowFailed') });
    }
  };

  return (
    <Screen
      title={t('moments.settings')}
      back={momentsHref({ screen: 'feed' })}
      testId="moments-settings-screen"
    >
      {api === null && <MomentsUnavailable />}
      <div class="cards">
        <section class="card">
          <fieldset class="moment-choice" disabled={!api || current.value === null}>
            <legend class="card__title">{t('moments.windowTitle')}</legend>
            {HISTORY_WINDOWS.map((w) => (
              <label key={w} class="moment-choice__option">
                <input
                  type="radio"
                  name="moments-window"
                  value={w}
                  data-testid={`moments-window-${w}`}
                  checked={current.value === w}
                  onChange={() => void choose(w)}
                />
                {t(WINDOW_LABEL[w])}
              </label>
            ))}
            <p class="setting__hint">{t('moments.windowHint')}</p>
          </fieldset>
        </section>
        <section class="card">
          <h2 class="card__title">{t('moments.storageTitle')}</h2>
          <p class="setting__hint">{t('moments.storageHint')}</p>
          <a class="button button--secondary" href={hrefFor({ name: 'storage' })}>
            {t('moments.storageOpen')}
          </a>
        </section>
      </div>
    </Screen>
  );
}
