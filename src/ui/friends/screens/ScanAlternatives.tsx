/** Without a working camera, or by choice: scan a picture of the code, or paste the link. */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { ImageIcon, LinkIcon } from '../../components/FeatureIcons';
import { t } from '../../i18n';
import { scanImageFile } from '../models/scanner';

interface Props {
  /** Handle decoded or pasted text. */
  onText: (text: string) => Promise<void>;
  /** Report a picture without a readable code, or a reader that could not load. */
  onNoCode: (reason: 'no-code' | 'reader') => void;
  busy: boolean;
  /** Offer "paste a link" (not when verifying: a safety code is not a link). */
  allowPaste: boolean;
}

export function ScanAlternatives({ onText, onNoCode, busy, allowPaste }: Props) {
  const pasted = useSignal('');
  const reading = useSignal(false);

  const onFile = async (event: JSX.TargetedEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    // Clear it so choosing the same picture again fires `change` again.
    input.value = '';
    if (!file) return;
    reading.value = true;
    const result = await scanImageFile(file);
    reading.value = false;
    if (result.ok) await onText(result.text);
    else onNoCode(result.reason);
  };

  const onPaste = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = pasted.value.trim();
    if (text) await onText(text);
  };

  return (
    <section class="card card--stack" aria-labelledby="scan-alternatives">
      <h2 class="card__title" id="scan-alternatives">
        {t('scan.alternatives')}
      </h2>
      <div class="file-button">
        <input
          id="scan-file"
          class="file-button__input"
          type="file"
          accept="image/*"
          data-testid="scan-file"
          disabled={busy || reading.value}
          onChange={(e) => void onFile(e)}
        />
        <label
          class="button button--secondary button--block"
          for="scan-file"
          aria-busy={reading.value}
        >
          <ImageIcon width="20" height="20" />
          {reading.value ? t('scan.readingImage') : t('scan.fromImage')}
        </label>
      </div>
      {allowPaste && (
        <form class="form" onSubmit={(e) => void onPaste(e)}>
          <label class="field__label" for="scan-paste">
            <LinkIcon class="inline-icon" width="18" height="18" />
            {t('scan.pasteLabel')}
          </label>
          <div class="inline-field">
            <input
              id="scan-paste"
              class="field__input"
              type="url"
              inputMode="url"
              autocomplete="off"
              data-testid="scan-paste-input"
              placeholder={t('scan.pastePlaceholder')}
              value={pasted.value}
              onInput={(e) => {
                pasted.value = e.currentTarget.value;
              }}
            />
            <button
              type="submit"
              class="button button--primary"
              data-testid="scan-paste-submit"
              disabled={busy || pasted.value.trim() === ''}
            >
              {t('scan.pasteSubmit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
