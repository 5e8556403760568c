/** Said where moments cannot be read yet: Plume is still starting its engines. */
import { t } from '../../i18n';

export function MomentsUnavailable() {
  return (
    <p class="list-note" data-testid="moments-unavailable">
      {t('moments.unavailable')}
    </p>
  );
}
