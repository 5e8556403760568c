/** The group's announcement at the top of its chat: two lines, opened in full on request. */
import { useSignal } from '@preact/signals';
import { t } from '../../i18n';

export function AnnouncementBanner({ text }: { text: string }) {
  const open = useSignal(false);
  return (
    <section class="group-banner" aria-label={t('groups.bannerLabel')} data-testid="group-banner">
      <p
        id="group-banner-text"
        class={`group-banner__text${open.value ? '' : ' group-banner__text--short'}`}
        dir="auto"
      >
        {text}
      </p>
      <button
        type="button"
        class="button button--text"
        aria-expanded={open.value}
        aria-controls="group-banner-text"
        data-testid="group-banner-toggle"
        onClick={() => {
          open.value = !open.value;
        }}
      >
        {open.value ? t('groups.bannerClose') : t('groups.bannerOpen')}
      </button>
    </section>
  );
}
