/**
 * Language, theme, receipts and notifications. All apply at once and are
 * stored in IndexedDB. Last, a link to Storage (files, auto-download).
 */
import type { JSX } from 'preact';
import type { ThemeChoice } from '../../../db/settingsTypes';
import type { Language } from '../../../lib/language';
import { ChevronIcon } from '../../components/FeatureIcons';
import { HTML_LANG, LANGUAGES, languageChoice, systemLanguage, t } from '../../i18n';
import {
  notificationPermission,
  requestNotificationPermission,
} from '../../shell/models/notifyPrompt';
import {
  notificationsEnabled,
  readReceipts,
  setLanguage,
  setNotifications,
  setReadReceipts,
  setTheme,
} from '../../shell/models/settings';
import { hrefFor } from '../../shell/models/router';
import { themeChoice } from '../../shell/models/theme';

const THEME_OPTIONS: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const THEME_LABEL = {
  system: 'settings.themeSystem',
  light: 'settings.themeLight',
  dark: 'settings.themeDark',
} as const;

function parseLanguage(value: string): Language | null {
  return value === 'en' || value === 'zh' ? value : null;
}

function parseTheme(value: string): ThemeChoice {
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** A labelled on/off switch with a hint under it. */
function Toggle(props: {
  id: string;
  label: string;
  hint: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <div class="setting setting--toggle">
      <div class="setting__text">
        <label class="setting__label" for={props.id}>
          {props.label}
        </label>
        <p class="setting__hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      </div>
      <input
        id={props.id}
        class="switch"
        type="checkbox"
        role="switch"
        data-testid={props.id}
        aria-describedby={`${props.id}-hint`}
        checked={props.checked}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
    </div>
  );
}

function notificationsHint(): string {
  const permission = notificationPermission.value;
  if (permission === 'unsupported') return t('settings.notificationsUnsupported');
  if (permission === 'denied') return t('settings.notificationsBlocked');
  return t('settings.notificationsHint');
}

export function SettingsCard() {
  const onLanguage = (event: JSX.TargetedEvent<HTMLSelectElement>) =>
    void setLanguage(parseLanguage(event.currentTarget.value));
  const onTheme = (event: JSX.TargetedEvent<HTMLSelectElement>) =>
    void setTheme(parseTheme(event.currentTarget.value));

  return (
    <section class="card" aria-labelledby="me-settings">
      <h2 class="card__title" id="me-settings">
        {t('settings.title')}
      </h2>
      <div class="setting">
        <label class="setting__label" for="settings-language">
          {t('settings.language')}
        </label>
        <select
          id="settings-language"
          class="select"
          data-testid="settings-language"
          value={languageChoice.value ?? 'system'}
          onChange={onLanguage}
        >
          <option value="system">
            {t('settings.languageSystem', { language: t(`language.${systemLanguage.value}`) })}
          </option>
          {LANGUAGES.map((code) => (
            <option key={code} value={code} lang={HTML_LANG[code]}>
              {t(`language.${code}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="setting">
        <label class="setting__label" for="settings-theme">
          {t('settings.theme')}
        </label>
        <select
          id="settings-theme"
          class="select"
          data-testid="settings-theme"
          value={themeChoice.value}
          onChange={onTheme}
        >
          {THEME_OPTIONS.map((choice) => (
            <option key={choice} value={choice}>
              {t(THEME_LABEL[choice])}
            </option>
          ))}
        </select>
      </div>
      <Toggle
        id="settings-read-receipts"
        label={t('settings.readReceipts')}
        hint={t('settings.readReceiptsHint')}
        checked={readReceipts.value}
        onChange={(on) => void setReadReceipts(on)}
      />
      <Toggle
        id="settings-notifications"
        label={t('notify.title')}
        hint={notificationsHint()}
        checked={notificationsEnabled.value}
        onChange={(on) => {
          void setNotifications(on);
          // Turning it on is a clear moment to ask the browser, from the user's own click.
          if (on && notificationPermission.value === 'default')
            void requestNotificationPermission();
        }}
      />
      <a
        class="setting setting--link"
        href={hrefFor({ name: 'storage' })}
        data-testid="settings-storage"
      >
        <span class="setting__text">
          <span class="setting__label">{t('files.storage')}</span>
          <span class="setting__hint">{t('files.storageHint')}</span>
        </span>
        <ChevronIcon width="20" height="20" />
      </a>
    </section>
  );
}
