/**
 * A file message in the chat (issue 5): thumbnail or image, inline video and
 * audio, voice message player, or a file card with name, size and save; with
 * the transfer's progress bar, speed, time left, accept and cancel.
 * STUB: the files UI replaces this.
 */
import type { FileBody } from '../../../../lib/chatEvent';
import type { MessageView } from '../../../models/messages';

export function FileMessage({ file }: { message: MessageView; file: FileBody }) {
  return (
    <p class="msg__text" data-testid="message-file" dir="auto">
      {file.name}
    </p>
  );
}
