/**
 * A call's entry in the chat: "Video call 3:12", or what became of
 * it (missed, declined, busy, cancelled, failed), with a button to call back.
 * The entry is written by whoever rang, so "mine" means I rang.
 */
import type { CallBody } from '../../../lib/chatEvent';
import { t } from '../../i18n';
import { formatDuration, outcomeKey } from '../models/callsFormat';
import { blockText, callBlock, startCall } from '../models/callsModel';
import type { MessageView } from '../../chat/models/messages';
import { push } from '../../shell/models/toasts';
import type { ChatPerson } from '../../chat/screens/person';
import { PhoneIcon, VideoIcon } from './CallIcons';
import '../calls.css';

interface Props {
  message: MessageView;
  call: CallBody;
  /** The friend of this chat (the message list has them already). */
  person: ChatPerson;
}

export function CallEntry({ message, call, person }: Props) {
  const key = outcomeKey(call.outcome, message.mine);
  const detail = key ? t(key) : formatDuration(call.duration);
  // The icon tells voice from video, so a group call just says it is one.
  const title = call.group
    ? t('calls.group')
    : t(call.media === 'video' ? 'calls.video' : 'calls.voice');
  const block = callBlock(person.online, person.id);

  const callBack = () => {
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
    </div>
  );
}
