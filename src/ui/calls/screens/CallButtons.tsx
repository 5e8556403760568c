/**
 * Voice and video call buttons for a chat's header. When a call cannot start
 * (the friend is offline, a call is already running) the buttons stay
 * focusable but aria-disabled, and say why: in their description, as a
 * tooltip, and in a toast when pressed anyway. Pressed for a friend who is
 * offline, they also wake the friend's device and ring if it opens in time.
 */
import { t } from '../../i18n';
import { blockText, callBlock, startCall } from '../models/callsModel';
import { callWhenReachable } from '../models/callWake';
import { push } from '../../shell/models/toasts';
import type { ChatPerson } from '../../chat/screens/person';
import { PhoneIcon, VideoIcon } from './CallIcons';

export function CallButtons({ person }: { person: ChatPerson }) {
  const block = callBlock(person.online, person.id);
  const why = block ? blockText(block, person.title) : '';
  const call = (media: 'audio' | 'video') => {
    if (block) push({ kind: 'info', message: why });
    else void startCall([person.id], media);
    if (block === 'offline') void callWhenReachable(person.id, person.title, media);
  };
  const button = (media: 'audio' | 'video') => {
    const label = t(media === 'video' ? 'calls.video' : 'calls.voice');
    return (
      <button
        type="button"
        class="icon-button"
        data-testid={media === 'video' ? 'chat-call-video' : 'chat-call-voice'}
        aria-label={label}
        aria-disabled={block ? 'true' : undefined}
        aria-describedby={block ? 'chat-call-why' : undefined}
        title={block ? why : label}
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
      {block && (
        <span id="chat-call-why" class="visually-hidden">
          {why}
        </span>
      )}
    </>
  );
}
