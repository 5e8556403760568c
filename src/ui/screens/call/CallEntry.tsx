/**
 * A call's entry in the chat (issue 6): missed, declined, busy, or
 * "Video call 3:12", with a button to call back.
 * STUB: the calls UI replaces this.
 */
import type { CallBody } from '../../../lib/chatEvent';
import type { MessageView } from '../../models/messages';

export function CallEntry({ call }: { message: MessageView; call: CallBody }) {
  return (
    <p class="msg__text" data-testid="message-call" data-outcome={call.outcome}>
      {call.media} {call.outcome}
    </p>
  );
}
