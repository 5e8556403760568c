/**
 * Forwarding on this device: the plan of forward.ts run with the real sends (texts through
 * the chat log, files through the file engine from storage). Loads with the forward sheet.
 */
import type { ForwardMarks } from '../../../lib/chatEvent';
import { describeError } from '../../../lib/errors';
import type { ConversationId, EventId } from '../../../lib/ids';
import { log } from '../../../lib/log';
import { NoSpaceError, NotStoredError } from '../../../peers/files/api';
import { NotFriendError } from '../../../peers/sync/append';
import { fileEngine } from '../../files/models/files';
import {
  planForward,
  runForward,
  type ForwardFailure,
  type ForwardOutcome,
  type ForwardSource,
} from './forward';
import { sendForwardedText } from './messages';

const logger = log('ui:forward');

async function text(
  conv: ConversationId,
  body: string,
  marks: ForwardMarks,
): Promise<ForwardFailure | null> {
  const sent = await sendForwardedText(conv, body, marks);
  if (sent.ok) return null;
  return sent.reason === 'not-friend' ? 'notAllowed' : 'storage';
}

async function file(
  conv: ConversationId,
  source: EventId,
  marks: ForwardMarks,
): Promise<ForwardFailure | null> {
  const engine = fileEngine.peek();
  if (!engine) return 'storage';
  try {
    await engine.forward(conv, source, marks);
    return null;
  } catch (err) {
    if (err instanceof NotStoredError) return 'fileGone';
    if (err instanceof NotFriendError) return 'notAllowed';
    if (!(err instanceof NoSpaceError))
      logger.error('could not forward a file', describeError(err));
    return 'storage';
  }
}

/** Forward `sources` (in the chat's order) to every chat of `targets`. Never rejects. */
export function forwardMessages(
  sources: readonly ForwardSource[],
  targets: readonly ConversationId[],
  includeName: boolean,
): Promise<ForwardOutcome> {
  return runForward(planForward(sources, targets, includeName), { text, file });
}
