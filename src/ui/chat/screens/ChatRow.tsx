/**
 * One row of the chats list: avatar with online dot, title, last message,
 * time, unread count, pinned and muted marks. The "more" button (also a
 * right-click or a long press on the row) opens pin and mute.
 */
import { useSignal } from '@preact/signals';
import { Avatar } from '../../components/Avatar';
import { MoreIcon, MutedIcon, PinIcon } from '../../components/Icons';
import { MenuSheet } from '../../components/MenuSheet';
import { useLongPress } from '../../components/useLongPress';
import { language, t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { setMuted, setPinned, type ChatSummary } from '../models/chats';
import { listTime } from '../models/chatTimes';
import { previewText } from '../models/previewText';
import { hrefFor } from '../../shell/models/router';
import { push } from '../../shell/models/toasts';
import { personOf } from './person';

function previewOf(chat: ChatSummary): string {
  const last = chat.last;
  if (!last) return t('chats.noMessages');
  const text = last.recalled ? t('chats.recalled') : previewText(last);
  return last.mine && !last.recalled ? t('chats.youPrefix', { text }) : text;
}

/** `current`: this chat is open beside the list (two panes). */
export function ChatRow({
  chat,
  now,
  current = false,
}: {
  chat: ChatSummary;
  now: number;
  current?: boolean;
}) {
  // A group row names the group; it has no one person to show online.
  const person = chat.group
    ? {
        title: chat.group.name ?? t('chats.groupUnnamed'),
        avatar: null,
        online: false,
        id: chat.conv,
      }
    : personOf(chat.peer);
  const menuOpen = useSignal(false);
  const press = useLongPress(() => {
    menuOpen.value = true;
  });

  const act = async (run: () => Promise<void>) => {
    menuOpen.value = false;
    try {
      await run();
    } catch (err) {
      push({ kind: 'error', message: t('chats.actionFailed', { reason: errorText(err) }) });
    }
  };

  const unread = chat.unread;
  return (
    <li
      class={current ? 'chat-row chat-row--current' : 'chat-row'}
      data-testid="chat-row"
      data-conv={chat.conv}
      data-peer-id={chat.peer}
      data-unread={String(unread)}
      data-pinned={String(chat.pinned)}
      data-muted={String(chat.muted)}
      data-online={String(person.online)}
    >
      <a
        class="chat-row__link"
        href={hrefFor({ name: 'chat', id: chat.conv })}
        aria-current={current ? 'page' : undefined}
        {...press}
      >
        <span class="person__avatar" data-online={String(person.online)}>
          <Avatar name={person.title} src={person.avatar} seed={person.id} />
        </span>
        <span class="chat-row__body">
          <span class="chat-row__top">
            <span class="chat-row__title" data-testid="chat-row-title">
              {person.title}
            </span>
            {person.online && <span class="visually-hidden">, {t('chats.online')}</span>}
            {chat.last && (
              <time class="chat-row__time" dateTime={new Date(chat.last.ts).toISOString()}>
                {listTime(chat.last.ts, now, language.value)}
              </time>
            )}
          </span>
          <span class="chat-row__bottom">
            <span
              class={`chat-row__preview${chat.last?.recalled ? ' chat-row__preview--recalled' : ''}`}
              data-testid="chat-row-preview"
            >
              {previewOf(chat)}
            </span>
            {chat.pinned && (
              <span class="chat-row__mark" title={t('chats.pinned')}>
                <PinIcon width="16" height="16" />
                <span class="visually-hidden">{t('chats.pinned')}</span>
              </span>
            )}
            {chat.muted && (
              <span class="chat-row__mark" title={t('chats.muted')}>
                <MutedIcon width="16" height="16" />
                <span class="visually-hidden">{t('chats.muted')}</span>
              </span>
            )}
            {unread > 0 && (
              <span
                class={`chat-row__unread${chat.muted ? ' chat-row__unread--muted' : ''}`}
                data-testid="chat-row-unread"
              >
                <span aria-hidden="true">{unread > 99 ? '99+' : unread}</span>
                <span class="visually-hidden">{t('chats.unread', { count: unread })}</span>
              </span>
            )}
          </span>
        </span>
      </a>
      <button
        type="button"
        class="icon-button chat-row__more"
        data-testid="chat-row-menu"
        aria-label={t('chats.options', { name: person.title })}
        aria-haspopup="dialog"
        onClick={() => {
          menuOpen.value = true;
        }}
      >
        <MoreIcon width="20" height="20" />
      </button>
      <MenuSheet
        open={menuOpen.value}
        label={t('chats.options', { name: person.title })}
        onClose={() => {
          menuOpen.value = false;
        }}
        testId="chat-menu"
      >
        <p class="sheet__title">{person.title}</p>
        <button
          type="button"
          class="sheet__item"
          data-testid="chat-pin"
          onClick={() => void act(() => setPinned(chat.conv, !chat.pinned))}
        >
          <PinIcon width="20" height="20" />
          {chat.pinned ? t('chats.unpin') : t('chats.pin')}
        </button>
        <button
          type="button"
          class="sheet__item"
          data-testid="chat-mute"
          onClick={() => void act(() => setMuted(chat.conv, !chat.muted))}
        >
          <MutedIcon width="20" height="20" />
          {chat.muted ? t('chats.unmute') : t('chats.mute')}
        </button>
      </MenuSheet>
    </li>
  );
}
