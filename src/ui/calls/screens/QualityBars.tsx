/** Network quality of a link as three bars, with the figures as text for screen readers. */
import type { LinkQuality } from '../../../peers/calls/api';
import { t } from '../../i18n';
import { qualityBars, qualityFigures, qualityKey } from '../models/callsFormat';

export function QualityBars({ quality, testId }: { quality: LinkQuality; testId?: string }) {
  const key = qualityKey(quality.level);
  if (!key) return null;
  const label = t('calls.quality', { level: t(key), ...qualityFigures(quality) });
  const lit = qualityBars(quality.level);
  return (
    <span
      class="call-quality"
      role="img"
      aria-label={label}
      title={label}
      data-testid={testId}
      data-level={quality.level}
    >
      {[1, 2, 3].map((bar) => (
        <span key={bar} class="call-quality__bar" data-lit={String(bar <= lit)} />
      ))}
    </span>
  );
}
