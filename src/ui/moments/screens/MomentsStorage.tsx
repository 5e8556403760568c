/**
 * The Storage page's line for moments: the space full moments pictures take here, the cap
 * beyond which the oldest are removed (thumbnails stay), and a way to remove them all now.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { DEFAULT_PICTURE_CAP_BYTES, MIN_PICTURE_CAP_BYTES } from '../../../lib/moments/limits';
import type { MomentsUsage } from '../../../peers/moments/api';
import { formatBytes } from '../../files/models/filesFormat';
import { language, loadStrings, t } from '../../i18n';
import { push } from '../../shell/models/toasts';
import { useMomentsApi } from './useMoments';

const logger = log('ui:moments');
// Its words load with the storage screen's chunk.
void loadStrings('moments');

const MB = 1000 * 1000;
/** The caps offered. */
export const CAP_CHOICES: readonly number[] = [
  MIN_PICTURE_CAP_BYTES,
  200 * MB,
  DEFAULT_PICTURE_CAP_BYTES,
  1000 * MB,
  2000 * MB,
  5000 * MB,
];

export function MomentsStorage() {
  const api = useMomentsApi();
  const usage = useSignal<MomentsUsage | null>(null);
  const lang = language.value;
  const reload = async () => {
    if (!api) return;
    try {
      usage.value = await api.usage();
    } catch (err) {
      logger.warn('could not read moments storage', describeError(err));
    }
  };
  useEffect(() => {
    void reload();
  }, [api]);

  const setCap = async (bytes: number) => {
    if (!api) return;
    try {
      await api.setStorageCap(bytes);
    } catch (err) {
      logger.warn('could not set the moments cap', describeError(err));
      push({ kind: 'error', message: t('moments.capFailed') });
    }
    await reload();
  };
  const clear = async () => {
    if (!api) return;
    try {
      const freed = await api.clearPictures();
      push({ kind: 'success', message: t('moments.cleared', { size: formatBytes(freed, lang) }) });
    } catch (err) {
      logger.warn('could not clear moments pictures', describeError(err));
      push({ kind: 'error', message: t('moments.clearFailed') });
    }
    await reload();
  };

  const shown = usage.value;
  if (!shown) return null;
  const choices = CAP_CHOICES.includes(shown.cap)
    ? CAP_CHOICES
    : [...CAP_CHOICES, shown.cap].sort((a, b) => a - b);
  return (
    <section class="card" aria-labelledby="storage-moments">
      <h2 class="card__title" id="storage-moments">
        {t('moments.storageTitle')}
      </h2>
      <p class="storage__total" data-testid="storage-moments" data-bytes={shown.bytes}>
        {t('moments.storageUsed', {
          size: formatBytes(shown.bytes, lang),
          count: shown.pictures,
        })}
      </p>
      <div class="setting">
        <label class="setting__label" for="storage-moments-cap">
          {t('moments.capLabel')}
        </label>
        <select
          id="storage-moments-cap"
          class="select"
          data-testid="storage-moments-cap"
          aria-describedby="storage-moments-hint"
          value={String(shown.cap)}
          onChange={(event) => void setCap(Number(event.currentTarget.value))}
        >
          {choices.map((bytes) => (
            <option key={bytes} value={String(bytes)}>
              {formatBytes(bytes, lang)}
            </option>
          ))}
        </select>
      </div>
      <p class="setting__hint" id="storage-moments-hint">
        {t('moments.capHint')}
      </p>
      <button
        type="button"
        class="button button--text"
        data-testid="storage-moments-clear"
        disabled={shown.bytes === 0}
        onClick={() => void clear()}
      >
        {t('moments.clear')}
      </button>
    </section>
  );
}
