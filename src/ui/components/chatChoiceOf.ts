/**
 * How a chat of the chats list shows in a picker (forwarding, sharing into Plume): a group by its
 * name, a direct chat by the person the chat view names.
 */
import { t } from '../i18n';
import type { ChatSummary } from '../chat/models/chats';
import { personOf } from '../chat/screens/person';
import type { ChatChoice } from './chatChoices';

export function chatChoiceOf(chat: ChatSummary): ChatChoice {
  if (chat.group) {
    const title = chat.group.name ?? t('chats.groupUnnamed');
    return { conv: chat.conv, title, avatar: null, seed: chat.conv, group: true };
  }
  const person = personOf(chat.peer);
  return {
    conv: chat.conv,
    title: person.title,
    avatar: person.avatar,
    seed: chat.peer,
    group: false,
  };
}
