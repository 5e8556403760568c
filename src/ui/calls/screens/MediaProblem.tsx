/** A camera or microphone problem during a call: what happened, and Retry. */
import type { MediaError } from '../../../peers/calls/api';
import { WarningIcon } from '../../components/FeatureIcons';
import { t } from '../../i18n';
import { mediaErrorKey } from '../models/callsFormat';
import { act } from '../models/callsModel';

export function MediaProblem({ error }: { error: MediaError }) {
  return (
    <div class="call-problem" role="alert" data-testid="call-media-error" data-error={error}>
      <WarningIcon width="20" height="20" />
      <p class="call-problem__text">{t(mediaErrorKey(error))}</p>
      {error !== 'unsupported' && (
        <button
          type="button"
          class="button button--primary"
          data-testid="call-retry"
          onClick={() => act('retry', (e) => e.retryMedia())}
        >
          {t('calls.retry')}
        </button>
      )}
    </div>
  );
}
