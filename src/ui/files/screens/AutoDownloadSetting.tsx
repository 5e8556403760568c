/** The auto-download limit: photos and voice messages up to it download by themselves. */
import { language, t } from '../../i18n';
import { formatBytes } from '../models/filesFormat';
import { autoDownloadBytes, setAutoDownloadBytes } from '../../shell/models/settings';

const MB = 1024 * 1024;
/** The limits offered (0 = always ask). */
export const AUTO_DOWNLOAD_CHOICES: readonly number[] = [
  0,
  1 * MB,
  5 * MB,
  10 * MB,
  25 * MB,
  100 * MB,
];

export function AutoDownloadSetting() {
  const current = autoDownloadBytes.value;
  const lang = language.value;
  // A value stored by another build stays selectable.
  const choices = AUTO_DOWNLOAD_CHOICES.includes(current)
    ? AUTO_DOWNLOAD_CHOICES
    : [...AUTO_DOWNLOAD_CHOICES, current].sort((a, b) => a - b);
  return (
    <section class="card" aria-labelledby="storage-auto">
      <h2 class="card__title" id="storage-auto">
        {t('files.autoTitle')}
      </h2>
      <div class="setting">
        <label class="setting__label" for="storage-auto-limit">
          {t('files.autoLabel')}
        </label>
        <select
          id="storage-auto-limit"
          class="select"
          data-testid="storage-auto-limit"
          aria-describedby="storage-auto-hint"
          value={String(current)}
          onChange={(event) => void setAutoDownloadBytes(Number(event.currentTarget.value))}
        >
          {choices.map((bytes) => (
            <option key={bytes} value={String(bytes)}>
              {bytes === 0
                ? t('files.autoOff')
                : t('files.upTo', { size: formatBytes(bytes, lang) })}
            </option>
          ))}
        </select>
      </div>
      <p class="setting__hint" id="storage-auto-hint">
        {t('files.autoHint')}
      </p>
    </section>
  );
}
