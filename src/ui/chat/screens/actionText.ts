/** Sentences for the reasons a message action or a send can fail. */
import { t } from '../../i18n';
import { MAX_TEXT_CHARS } from '../models/chats';
import type { ActionResult, SendResult } from '../models/messages';

type Reason =
  Extract<ActionResult, { ok: false }>['reason'] | Extract<SendResult, { ok: false }>['reason'];

/** What to tell the user when an action fails for `reason`. */
export function failureText(reason: Reason, count = 0): string {
  switch (reason) {
    case 'not-mine':
      return t('chat.failedNotMine');
    case 'too-late':
      return t('chat.failedTooLate');
    case 'gone':
      return t('chat.failedGone');
    case 'empty':
      return t('chat.failedEmpty');
    case 'too-long':
      return t('chat.tooLong', { count, max: MAX_TEXT_CHARS });
    case 'quota':
      return t('chat.quota');
    case 'not-friend':
      return t('chat.failedNotFriend');
    case 'storage':
      return t('chat.storageFailed');
  }
}
