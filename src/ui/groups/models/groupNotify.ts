/**
 * Which of a group's arriving events notify, and with what words ([GRP-55]): a mention of me
 * (or an `@all` that counts) even in a muted group, an announcement set by someone else for
 * every member, any other message only while the group is not muted. A lazy chunk: attention
 * loads it for a group's events only.
 */
import { getDb } from '../../../db/db';
import { getGroup } from '../../../db/groupsRepo';
import { lastOf, messageFromEvent } from '../../../db/fold';
import {
  isEventOf,
  isMessageType,
  type ChatEvent,
  type MessageEventType,
} from '../../../lib/chatEvent';
import { eventIdOf } from '../../../lib/convId';
import type { GroupFold } from '../../../lib/group/types';
import { isShownTo } from '../../../lib/group/visibility';
import type { ConversationId, PeerId } from '../../../lib/ids';
import { previewText } from '../../chat/models/previewText';
import { loadStrings, t } from '../../i18n';
import { knownPeople } from './groupPeople';
import { displayName, memberList, type MemberRow } from './members';
import { mayMentionAll, mentionedIn } from './mentions';

/** Why an event notifies, strongest first. */
export type NoticeKind = 'announcement' | 'mention' | 'message';

/** The event a notification is about, and why. */
export interface GroupNotice {
  kind: NoticeKind;
  event: ChatEvent;
}

/** What the decision reads: the fold, who I am, whether the group is muted, and the members. */
export interface NoticeInput {
  fold: GroupFold;
  me: PeerId;
  muted: boolean;
  members: readonly Pick<MemberRow, 'id' | 'name' | 'mentionName'>[];
}

/** [GRP-55] A `group.meta` that set the announcement, applied, and still the group's. */
function announces(fold: GroupFold, event: ChatEvent): boolean {
  if (!isEventOf(event, 'group.meta') || typeof event.body.announcement !== 'string') return false;
  const id = eventIdOf(fold.conv, event.author, event.seq);
  const applied = fold.outcomes.some((o) => o.event === id && o.status === 'applied');
  return applied && fold.announcement === event.body.announcement;
}

/** [GRP-55][GRP-13] A text that counts and mentions me by name, or `@all` from an admin. */
function mentionsMe(input: NoticeInput, event: ChatEvent): boolean {
  if (!isEventOf(event, 'text')) return false;
  const text = event.body.text;
  const found = mentionedIn(text, input.members);
  if (found.has(input.me)) return true;
  return found.has('all') && mayMentionAll(input.fold, { ...event, text });
}

/**
 * [GRP-55] The notification a batch of a group's arriving events deserves, or null: the latest
 * announcement, else the latest mention of me, else (not muted) the latest message that counts.
 * My own events never notify.
 */
export function groupNotice(input: NoticeInput, events: readonly ChatEvent[]): GroupNotice | null {
  const { fold, me } = input;
  const theirs = events.filter((e) => e.author !== me && e.conv === fold.conv);
  const latest = (keep: (e: ChatEvent) => boolean) => theirs.filter(keep).at(-1);
  const visible = (e: ChatEvent) => isMessageType(e.type) && isShownTo(fold, me, e);
  const announcement = latest((e) => announces(fold, e));
  if (announcement) return { kind: 'announcement', event: announcement };
  const mention = latest((e) => visible(e) && mentionsMe(input, e));
  if (mention) return { kind: 'mention', event: mention };
  const message = input.muted ? undefined : latest(visible);
  return message ? { kind: 'message', event: message } : null;
}

/** Characters of text in a notification body. */
const NOTICE_TEXT_CHARS = 140;

function clip(text: string): string {
  return [...text].slice(0, NOTICE_TEXT_CHARS).join('');
}

/** A notification's title (the group's name) and body, or null when nothing notifies. */
export async function groupNotification(
  conv: ConversationId,
  events: readonly ChatEvent[],
  me: PeerId,
  muted: boolean,
): Promise<{ title: string; body: string } | null> {
  const fold = (await getGroup(getDb(), conv))?.fold;
  if (!fold) return null;
  const known = knownPeople(me);
  const members = memberList(fold, me, known);
  const notice = groupNotice({ fold, me, muted, members }, events);
  if (!notice) return null;
  await loadStrings('groups');
  const { event } = notice;
  const row = members.find((m) => m.id === event.author);
  const name = row?.name ?? displayName(event.author, null, known(event.author));
  const title = fold.name ?? '';
  if (notice.kind === 'announcement' && isEventOf(event, 'group.meta')) {
    return {
      title,
      body: t('groups.notifyAnnouncement', { text: clip(event.body.announcement ?? '') }),
    };
  }
  const message = messageFromEvent(
    event as ChatEvent<MessageEventType>,
    eventIdOf(conv, event.author, event.seq),
  );
  const text = clip(previewText(lastOf(message)));
  const key = notice.kind === 'mention' ? 'groups.notifyMention' : 'groups.notifyMessage';
  return { title, body: t(key, { name, text }) };
}
