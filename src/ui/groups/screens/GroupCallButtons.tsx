/**
 * [GCALL-1] Voice and video call buttons in a group chat's header: they ring the group's online
 * members. While a call is under way (or the call engine is not up yet) they stay focusable but
 * aria-disabled, and say why; nobody online is told when pressed.
 */
import type { ConversationId } from '../../../lib/ids';
import type { CallMedia } from '../../../peers/calls/api';
import { callEngine } from '../../calls/models/callState';
import { inCall, startGroupCall } from '../../calls/models/callsModel';
import { PhoneIcon, VideoIcon } from '../../calls/screens/CallIcons';
import { t } from '../../i18n';
import { push } from '../../shell/models/toasts';

export function GroupCallButtons({ conv }: { conv: ConversationId }) {
  const why = !callEngine.value ? t('calls.notReady') : inCall() ? t('calls.inCall') : null;
  const call = (media: CallMedia) => {
    if (why) push({ kind: 'info', message: why });
    else void startGroupCall(conv, media);
  };
  const button = (media: CallMedia) => {
    const label = t(media === 'video' ? 'calls.groupVideo' : 'calls.groupVoice');
    return (
      <button
        type="button"
        class="icon-button"
        data-testid={media === 'video' ? 'group-call-video' : 'group-call-voice'}
        aria-label={label}
        aria-disabled={why ? 'true' : undefined}
        aria-describedby={why ? 'group-call-why' : undefined}
        title={why ?? label}
        onClick={() => call(media)}
      >
        {media === 'video' ? <VideoIcon /> : <PhoneIcon />}
      </button>
    );
  };
  return (
    <>
      {button('audio')}
      {button('video')}
      {why && (
        <span id="group-call-why" class="visually-hidden">
          {why}
        </span>
      )}
    </>
  );
}
