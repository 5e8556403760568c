/**
 * [GCALL-6] A group's call in the group chat: voice or video, how long it ran (or that nobody
 * answered), who was in it, and a button that calls the group again.
 */
import type { CallBody } from '../../../lib/chatEvent';
import type { ConversationId, PeerId } from '../../../lib/ids';
import { formatDuration } from '../../calls/models/callsFormat';
import { startGroupCall } from '../../calls/models/callsModel';
import { PhoneIcon, VideoIcon } from '../../calls/screens/CallIcons';
import { t } from '../../i18n';
import '../../calls/calls.css';

interface Props {
  conv: ConversationId;
  call: CallBody;
  /** Whether I started it (and so wrote the entry). */
  mine: boolean;
  nameOf: (peer: PeerId) => string;
}

export function GroupCallEntry({ conv, call, mine, nameOf }: Props) {
  const title = t(call.media === 'video' ? 'calls.groupVideo' : 'calls.groupVoice');
  const completed = call.outcome === 'completed';
  const detail = completed
    ? formatDuration(call.duration)
    : t(mine ? 'calls.noAnswer' : 'calls.missed');
  const joined = (call.joined ?? []).map(nameOf).join(', ');
  return (
    <div
      class="call-entry"
      data-testid="message-call"
      data-outcome={call.outcome}
      data-media={call.media}
      data-group="true"
      data-joined={String(call.joined?.length ?? 0)}
    >
      <span class="call-entry__icon" data-outcome={call.outcome} aria-hidden="true">
        {call.media === 'video' ? (
          <VideoIcon width="20" height="20" />
        ) : (
          <PhoneIcon width="20" height="20" />
        )}
      </span>
      <span class="call-entry__text" data-testid="message-call-text">
        <span class="call-entry__title">{title}</span>{' '}
        <span class="call-entry__detail">{detail}</span>
        {completed && joined && (
          <span class="call-entry__who" data-testid="message-call-joined">
            {t('calls.groupJoined', { names: joined })}
          </span>
        )}
      </span>
      <button
        type="button"
        class="button button--text call-entry__back"
        data-testid="call-back"
        onClick={() => void startGroupCall(conv, call.media)}
      >
        {t('calls.groupCallBack')}
      </button>
    </div>
  );
}
