/**
 * The call minimized to a small bar, so the rest of the app can be used
 * during a call: who, the call time, back to the call, hang up. The remote
 * sound keeps playing through hidden players.
 */
import type { CallSnapshot } from '../../../peers/calls/api';
import { t } from '../../i18n';
import { present } from '../models/callsFormat';
import { act } from '../models/callsModel';
import { personOf } from '../../chat/screens/person';
import { HangupIcon } from './CallIcons';
import { Duration } from './InCall';
import { MediaVideo } from './MediaVideo';

export function MiniCall({
  snapshot: s,
  onRestore,
}: {
  snapshot: CallSnapshot;
  onRestore: () => void;
}) {
  const people = present(s.participants);
  return (
    <div class="call-mini" data-testid="call-mini">
      <div class="visually-hidden">
        {people.map((p) => (
          <MediaVideo key={p.peer} stream={p.stream} testId="call-mini-audio" />
        ))}
      </div>
      <button
        type="button"
        class="call-mini__back"
        data-testid="call-restore"
        aria-label={t('calls.restore')}
        onClick={onRestore}
      >
        <span id="call-title" class="call-mini__names">
          {people.map((p) => personOf(p.peer).title).join(', ')}
        </span>
        <Duration startedAt={s.startedAt} />
      </button>
      <button
        type="button"
        class="call-control call-control--danger call-control--small"
        data-testid="call-hangup"
        aria-label={t('calls.hangup')}
        title={t('calls.hangup')}
        onClick={() => act('hangup', (e) => e.hangup())}
      >
        <HangupIcon />
      </button>
    </div>
  );
}
