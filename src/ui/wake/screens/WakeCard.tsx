/**
 * Me: whether Plume is installed and whether friends can wake it, with the switch to turn
 * waking on or off, and the install button or the iOS guide ([WAKE-15]).
 */
import { useEffect } from 'preact/hooks';
import { t, type MessageKey } from '../../i18n';
import { installed } from '../models/installed';
import { canInstall, promptInstall, showIosGuide } from '../models/install';
import { disableWake, enableWake, startWakeModel, wakeStatus } from '../models/wake';
import type { WakeStatus } from '../models/wakeStatus';
import { IosInstallGuide } from './IosInstallGuide';
import '../wake.css';

const STATUS_TEXT: Readonly<Record<WakeStatus, MessageKey>> = {
  unknown: 'wake.settingHint',
  unsupported: 'wake.statusUnsupported',
  needsInstall: 'wake.statusNotInstalledIos',
  notOffered: 'wake.statusNotOffered',
  denied: 'wake.statusDenied',
  off: 'wake.statusOff',
  working: 'wake.statusWorking',
  on: 'wake.statusOn',
  failed: 'wake.statusFailed',
};

/** Statuses in which the switch can do something. */
const SWITCHABLE: ReadonlySet<WakeStatus> = new Set(['off', 'on', 'failed', 'denied']);

export function WakeCard() {
  useEffect(() => startWakeModel(), []);
  const status = wakeStatus.value;
  const on = status === 'on';
  return (
    <section class="card" aria-labelledby="me-wake" data-testid="wake-card">
      <h2 class="card__title" id="me-wake">
        {t('wake.title')}
      </h2>
      <p
        class="setting__hint"
        data-testid="wake-installed"
        data-installed={String(installed.value)}
      >
        {t(installed.value ? 'wake.installed' : 'wake.notInstalled')}
      </p>
      {!installed.value && canInstall.value && (
        <button
          type="button"
          class="button button--primary wake-card__install"
          data-testid="wake-card-install"
          onClick={() => void promptInstall()}
        >
          {t('wake.install')}
        </button>
      )}
      {showIosGuide.value && <IosInstallGuide />}
      <div class="setting setting--toggle">
        <div class="setting__text">
          <label class="setting__label" for="settings-wake">
            {t('wake.setting')}
          </label>
          <p
            class="setting__hint"
            id="settings-wake-hint"
            role="status"
            data-testid="wake-status"
            data-status={status}
          >
            {t(STATUS_TEXT[status])}
          </p>
        </div>
        <input
          id="settings-wake"
          class="switch"
          type="checkbox"
          role="switch"
          data-testid="settings-wake"
          aria-describedby="settings-wake-hint"
          checked={on}
          disabled={!SWITCHABLE.has(status)}
          onChange={(event) => void (event.currentTarget.checked ? enableWake() : disableWake())}
        />
      </div>
    </section>
  );
}
