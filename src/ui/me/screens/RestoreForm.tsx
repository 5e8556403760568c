/**
 * Restore from a backup file on a fresh install: file + passphrase. A wrong
 * passphrase or a damaged file gets a clear sentence and changes nothing.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { t, type MessageKey } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { importBackup, type ImportResult } from '../models/backup';
import { loadIdentity } from '../models/identity';
import { initSettings } from '../../shell/models/settings';

type Failure = Extract<ImportResult, { ok: false }>['reason'];

const FAILURE: Readonly<Record<Failure, MessageKey>> = {
  'wrong-passphrase': 'restore.wrongPassphrase',
  corrupt: 'restore.corrupt',
  'unsupported-version': 'restore.unsupportedVersion',
  'not-a-backup': 'restore.notABackup',
  'not-empty': 'restore.notEmpty',
  storage: 'restore.storage',
};

export function RestoreForm() {
  const file = useSignal<File | null>(null);
  const passphrase = useSignal('');
  const problem = useSignal<{ reason: string; text: string } | null>(null);
  const busy = useSignal(false);

  const onSubmit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file.value) {
      problem.value = { reason: 'no-file', text: t('restore.noFile') };
      return;
    }
    if (passphrase.value === '') {
      problem.value = { reason: 'no-passphrase', text: t('restore.noPassphrase') };
      return;
    }
    busy.value = true;
    problem.value = null;
    try {
      const result = await importBackup(file.value, passphrase.value);
      if (!result.ok) {
        problem.value = { reason: result.reason, text: t(FAILURE[result.reason]) };
        return;
      }
      // The restored identity and settings are in IndexedDB now; read them like a boot does.
      await Promise.all([initSettings(), loadIdentity()]);
    } catch (err) {
      problem.value = { reason: 'error', text: t('restore.failed', { reason: errorText(err) }) };
    } finally {
      busy.value = false;
    }
  };

  return (
    <form class="form restore" onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy.value}>
      <p class="field__hint">{t('restore.explain')}</p>
      <label class="field__label" for="restore-file">
        {t('restore.file')}
      </label>
      <input
        id="restore-file"
        class="field__file"
        data-testid="restore-file"
        type="file"
        accept=".plume,application/octet-stream"
        disabled={busy.value}
        onChange={(e: JSX.TargetedEvent<HTMLInputElement>) => {
          file.value = e.currentTarget.files?.[0] ?? null;
          problem.value = null;
        }}
      />
      <label class="field__label" for="restore-passphrase">
        {t('backup.passphrase')}
      </label>
      <input
        id="restore-passphrase"
        class="field__input"
        data-testid="restore-passphrase"
        type="password"
        autocomplete="current-password"
        value={passphrase.value}
        disabled={busy.value}
        onInput={(e) => {
          passphrase.value = e.currentTarget.value;
          problem.value = null;
        }}
      />
      <p
        class="field__problem"
        role="alert"
        data-testid="restore-error"
        data-reason={problem.value?.reason ?? ''}
      >
        {problem.value?.text ?? ''}
      </p>
      <button
        type="submit"
        class="button button--primary button--block"
        data-testid="restore-submit"
        disabled={busy.value}
      >
        {busy.value ? t('restore.working') : t('restore.submit')}
      </button>
    </form>
  );
}
