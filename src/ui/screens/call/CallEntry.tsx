/**
 * A call's entry in the chat (issue 6): "Video call 3:12", or what became of
 * it (missed, declined, busy, cancelled, failed), with a button to call back.
 * The entry is written by whoever rang, so "mine" means I rang.
 */
import type { CallBody } from '../../../lib/chatEvent';
import { t } from '../../i18n';
import { chatList } from '../../models/chats';
import { formatDuration, outcomeKey } from '../../models/callsFormat';
import { blockText, callBlock, startCall } from '../../models/callsModel';
import type { MessageView } from '../../models/messages';
import { push } from '../../models/toasts';
import { personOf } from '../chats/person';
import { PhoneIcon, VideoIcon } from './CallIcons';

export function CallEntry({ message, call }: { message: MessageView; call: CallBody }) {
  const peer = message.mine
    ? chatList.value.find((c) => c.conv === message.conv)?.peer
    : message.author;
  const key = outcomeKey(call.outcome, message.mine);
  const detail = key ? t(key) : formatDuration(call.duration);
  // The icon tells voice from video, so a group call just says it is one.
  const title = call.group
    ? t('calls.group')
    : t(call.media === 'video' ? 'calls.video' : 'calls.voice');
  const person = peer ? personOf(peer) : null;
  const block = person ? callBlock(person.online) : null;

  const callBack = () => {
    if (!person) return;
    if (block) push({ kind: 'info', message: blockText(block, person.title) });
    else void startCall([person.id], call.media);
  };

  return (
    <div
      class="call-entry"
      data-testid="message-call"
      data-outcome={call.outcome}
      data-media={call.media}
      data-group={String(call.group === true)}
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
      </span>
      {person && (
        <button
          type="button"
          class="button button--text call-entry__back"
          data-testid="call-back"
          aria-disabled={block ? 'true' : undefined}
          title={block ? blockText(block, person.title) : undefined}
          onClick={callBack}
        >
          {t('calls.callBack')}
        </button>
      )}
    </div>
  );
}
