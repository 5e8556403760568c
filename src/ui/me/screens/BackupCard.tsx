/**
 * Backup & restore: the answer to a lost phone. Export encrypts identity and
 * friends with a passphrase (typed twice); the key derivation takes a moment,
 * so the button says it is working. Restoring happens at onboarding.
 */
import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { t, type MessageKey } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { exportBackup } from '../models/backup';
import {
  backupFileName,
  checkNewPassphrase,
  PASSPHRASE_MIN,
  passphraseStrength,
  type PassphraseCheck,
  type Strength,
} from '../models/backupFile';
import { downloadBlob } from '../../shell/models/download';
import { push } from '../../shell/models/toasts';

const PROBLEM: Readonly<Record<Extract<PassphraseCheck, { ok: false }>['problem'], MessageKey>> = {
  empty: 'backup.errorEmpty',
  tooShort: 'backup.errorTooShort',
  mismatch: 'backup.errorMismatch',
};

const STRENGTH: Readonly<Record<Strength, MessageKey>> = {
  weak: 'backup.strengthWeak',
  fair: 'backup.strengthFair',
  strong: 'backup.strengthStrong',
};

export function BackupCard() {
  const passphrase = useSignal('');
  const confirm = useSignal('');
  const problem = useSignal<string | null>(null);
  const busy = useSignal(false);

  const onSubmit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const check = checkNewPassphrase(passphrase.value, confirm.value);
    if (!check.ok) {
      problem.value = t(PROBLEM[check.problem], { min: PASSPHRASE_MIN });
      return;
    }
    busy.value = true;
    problem.value = null;
    try {
      const blob = await exportBackup(passphrase.value);
      const name = backupFileName();
      downloadBlob(blob, name);
      passphrase.value = '';
      confirm.value = '';
      push({ kind: 'success', message: t('backup.saved', { file: name }) });
    } catch (err) {
      problem.value = t('backup.failed', { reason: errorText(err) });
    } finally {
      busy.value = false;
    }
  };

  const strength = passphrase.value ? passphraseStrength(passphrase.value) : null;
  return (
    <section class="card" aria-labelledby="me-backup" data-testid="backup-card">
      <h2 class="card__title" id="me-backup">
        {t('backup.title')}
      </h2>
      <p class="card__lead">{t('backup.explain')}</p>
      <form class="form" onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy.value}>
        <label class="field__label" for="backup-passphrase">
          {t('backup.passphrase')}
        </label>
        <input
          id="backup-passphrase"
          class="field__input"
          data-testid="backup-passphrase"
          type="password"
          autocomplete="new-password"
          value={passphrase.value}
          disabled={busy.value}
          aria-describedby="backup-strength"
          onInput={(e) => {
            passphrase.value = e.currentTarget.value;
            problem.value = null;
          }}
        />
        <p class="field__hint" id="backup-strength" data-strength={strength ?? ''}>
          {strength ? t(STRENGTH[strength]) : t('backup.passphraseHint', { min: PASSPHRASE_MIN })}
        </p>
        <label class="field__label" for="backup-passphrase-confirm">
          {t('backup.confirm')}
        </label>
        <input
          id="backup-passphrase-confirm"
          class="field__input"
          data-testid="backup-passphrase-confirm"
          type="password"
          autocomplete="new-password"
          value={confirm.value}
          disabled={busy.value}
          onInput={(e) => {
            confirm.value = e.currentTarget.value;
            problem.value = null;
          }}
        />
        <p class="field__problem" role="alert" data-testid="backup-problem">
          {problem.value ?? ''}
        </p>
        <button
          type="submit"
          class="button button--primary"
          data-testid="backup-export"
          disabled={busy.value}
        >
          {busy.value ? t('backup.exporting') : t('backup.export')}
        </button>
      </form>
      <p class="facts__hint backup__restore-hint">{t('backup.restoreHint')}</p>
    </section>
  );
}
