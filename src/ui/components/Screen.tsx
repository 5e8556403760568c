/**
 * A screen: its heading is the focus target after navigation, so keyboard and
 * screen-reader users land at the start of the new content. Sub-screens
 * (friend detail, My code, scanner) get a back link to where they belong.
 */
import type { ComponentChildren } from 'preact';
import { t } from '../i18n';
import { BackIcon } from './Icons';

interface ScreenProps {
  title: string;
  children: ComponentChildren;
  /** href of the parent screen; shows a back link before the title. */
  back?: string;
  /** Extra controls at the end of the title row. */
  actions?: ComponentChildren;
  testId?: string;
}

export function Screen({ title, children, back, actions, testId }: ScreenProps) {
  return (
    <div class="screen" data-testid={testId}>
      <div class="screen__head">
        {back && (
          <a
            class="icon-button screen__back"
            href={back}
            aria-label={t('nav.back')}
            title={t('nav.back')}
          >
            <BackIcon />
          </a>
        )}
        <h1 class="screen__title" tabIndex={-1}>
          {title}
        </h1>
        {actions && <div class="screen__actions">{actions}</div>}
      </div>
      {children}
    </div>
  );
}
