/** Small labelled badges on a person: verified, and a security notice that must be seen. */
import { t } from '../i18n';
import { ShieldIcon, WarningIcon } from './FeatureIcons';

export function VerifiedBadge() {
  return (
    <span class="badge badge--verified" data-testid="verified-badge">
      <ShieldIcon width="16" height="16" />
      {t('badge.verified')}
    </span>
  );
}

export function NoticeBadge() {
  return (
    <span class="badge badge--notice" data-testid="notice-badge">
      <WarningIcon width="16" height="16" />
      {t('badge.notice')}
    </span>
  );
}
