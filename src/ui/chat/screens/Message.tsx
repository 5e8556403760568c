/**
 * One message: reply quote, text (or the recalled placeholder), time, edited
 * mark, delivery status for my own, and reactions. The "more" button, a
 * right-click or a long press opens the actions menu.
 */
import { memo } from 'preact/compat';
import { Icon, MoreIcon, type IconProps } from '../../components/Icons';
import { useLongPress } from '../../components/useLongPress';
import { language, t, type MessageKey } from '../../i18n';
import { clockTime } from '../models/chatTimes';
import { forwardable } from '../models/forward';
import type { MessageStatus, MessageView, Reaction } from '../models/messages';
import { readReceipts } from '../../shell/models/settings';
import type { ChatPerson } from './person';
import type { ChatParts } from './chatParts';
import { Avatar } from '../../components/Avatar';
import { CallEntry } from '../../calls/screens/CallEntry';
import { FileMessage } from '../../files/screens/FileMessage';
import { MessageText } from './MessageText';

const STATUS_TEXT: Readonly<Record<MessageStatus, MessageKey>> = {
  pending: 'chat.statusPending',
  sent: 'chat.statusSent',
  delivered: 'chat.statusDelivered',
  read: 'chat.statusRead',
};

function StatusIcon({ status, ...props }: IconProps & { status: MessageStatus }) {
  if (status === 'pending') {
    return (
      <Icon {...props}>
        <circle cx="12" cy="12" r="8" />
        <path d="M12 8v4.5l3 1.8" />
      </Icon>
    );
  }
  if (status === 'sent') {
    return (
      <Icon {...props}>
        <path d="M5 12.5l4.5 4.5L19 7.5" />
      </Icon>
    );
  }
  return (
    <Icon {...props}>
      <path d="M2.5 12.5L7 17l9.5-9.5M11.5 16l1 1L22 7.5" />
    </Icon>
  );
}

/** Without read receipts we do not show theirs either: read looks like delivered. */
export function shownStatus(status: MessageStatus, receipts: boolean): MessageStatus {
  return status === 'read' && !receipts ? 'delivered' : status;
}

function Status({ status }: { status: MessageStatus }) {
  const shown = shownStatus(status, readReceipts.value);
  return (
    <span
      class={`msg__status msg__status--${shown}`}
      data-testid="message-status"
      data-status={shown}
    >
      <StatusIcon status={shown} width="16" height="16" />
      <span class="visually-hidden">{t(STATUS_TEXT[shown])}</span>
    </span>
  );
}

function Reactions(props: { reactions: Reaction[]; onToggle: (emoji: string) => void }) {
  return (
    <div class="msg__reactions" role="group" aria-label={t('chat.reactions')}>
      {props.reactions.map((r) => (
        <button
          key={r.emoji}
          type="button"
          class={`reaction${r.mine ? ' reaction--mine' : ''}`}
          data-testid="reaction"
          data-emoji={r.emoji}
          data-mine={String(r.mine)}
          data-count={String(r.authors.length)}
          aria-pressed={r.mine}
          aria-label={t(r.mine ? 'chat.reactionMine' : 'chat.reactionOthers', {
            emoji: r.emoji,
            count: r.authors.length,
          })}
          onClick={() => props.onToggle(r.emoji)}
        >
          <span aria-hidden="true">{r.emoji}</span>
          <span class="reaction__count" aria-hidden="true">
            {r.authors.length}
          </span>
        </button>
      ))}
    </div>
  );
}

interface MessageProps {
  message: MessageView;
  person: ChatPerson;
  highlighted: boolean;
  /** The last row of the history: laid out and painted from its first frame (see chat.css). */
  newest: boolean;
  onMenu: (message: MessageView) => void;
  onJump: (id: MessageView['id']) => void;
  onToggleReaction: (message: MessageView, emoji: string) => void;
  /** A group chat's parts: sender names and pictures, mentions. */
  parts?: ChatParts | undefined;
  /** While messages are being selected: whether this one is (undefined: not selecting). */
  selected?: boolean | undefined;
  onSelect?: ((message: MessageView, on: boolean) => void) | undefined;
}

/** "Forwarded", or "Forwarded from Ann" when the name came along. [CHAT-FWD-1] */
function ForwardedMark({ from }: { from: string | null }) {
  return (
    <span class="msg__forwarded" data-testid="message-forwarded" data-from={from ?? undefined}>
      {from ? t('forward.markerFrom', { name: from }) : t('forward.marker')}
    </span>
  );
}

/** Memoized: rows whose MessageView kept its identity are not re-rendered. */
export const Message = memo(MessageItem);

function MessageItem({
  message: m,
  person,
  highlighted,
  newest,
  onMenu,
  onJump,
  onToggleReaction,
  parts,
  selected,
  onSelect,
}: MessageProps) {
  const press = useLongPress(() => onMenu(m));
  const sender = parts && !m.mine ? parts.senderOf(m.author) : null;
  const theirName = sender?.name ?? person.title;
  const authorName = m.mine ? t('chat.you') : theirName;
  const quote = m.replyTo;
  const quoteAuthor = !quote
    ? ''
    : parts
      ? quote.author === parts.me
        ? t('chat.you')
        : parts.senderOf(quote.author).name
      : quote.author === person.id
        ? person.title
        : t('chat.you');
  const quoteText = quote ? (quote.recalled ? t('chat.quoteRecalled') : quote.preview) : '';

  return (
    <li
      class={`msg ${m.mine ? 'msg--mine' : 'msg--theirs'}${highlighted ? ' msg--highlight' : ''}${newest ? ' msg--newest' : ''}`}
      data-testid="message"
      data-msg-id={m.id}
      data-mine={String(m.mine)}
      data-status={m.status ?? undefined}
      data-edited={String(m.edited)}
      data-recalled={String(m.recalled)}
      data-kind={m.kind}
      data-forwarded={String(m.forwarded !== null)}
      data-selected={selected === undefined ? undefined : String(selected)}
    >
      <div class="msg__row">
        {selected !== undefined && onSelect && (
          <input
            type="checkbox"
            class="msg__select"
            data-testid="message-select"
            aria-label={t('forward.toggle')}
            checked={selected}
            disabled={!forwardable(m)}
            onChange={(event) => onSelect(m, event.currentTarget.checked)}
          />
        )}
        {sender && (
          <span class="msg__sender-avatar" aria-hidden="true">
            <Avatar name={sender.name} src={sender.avatar} seed={m.author} />
          </span>
        )}
        <div class="msg__bubble" tabIndex={-1} {...press}>
          {sender ? (
            <span class="msg__sender" data-testid="message-sender">
              {sender.name}
              <span class="visually-hidden">: </span>
            </span>
          ) : (
            <span class="visually-hidden">{authorName}: </span>
          )}
          {quote && (
            <button
              type="button"
              class="msg__quote"
              data-testid="message-reply-quote"
              data-target={quote.id}
              aria-label={t('chat.jumpToQuoted', { name: quoteAuthor, text: quoteText })}
              onClick={() => onJump(quote.id)}
            >
              <span class="msg__quote-author" aria-hidden="true">
                {quoteAuthor}
              </span>
              <span class="msg__quote-text" aria-hidden="true">
                {quoteText}
              </span>
            </button>
          )}
          {m.forwarded && !m.recalled && <ForwardedMark from={m.forwarded.from} />}
          {m.recalled ? (
            <p class="msg__recalled" data-testid="message-recalled">
              {m.mine ? t('chat.recalledMine') : t('chat.recalledTheirs', { name: theirName })}
            </p>
          ) : m.kind === 'file' && m.file ? (
            <FileMessage message={m} file={m.file} person={person} />
          ) : m.kind === 'call' && m.call ? (
            (parts?.call?.(m, m.call) ?? <CallEntry message={m} call={m.call} person={person} />)
          ) : (
            <p class="msg__text" data-testid="message-text" dir="auto">
              {parts ? parts.text(m) : <MessageText text={m.text} />}
            </p>
          )}
          <span class="msg__meta">
            {m.edited && !m.recalled && (
              <span class="msg__edited" data-testid="message-edited">
                {t('chat.edited')}
              </span>
            )}
            <time class="msg__time" dateTime={new Date(m.ts).toISOString()}>
              {clockTime(m.ts, language.value)}
            </time>
            {m.mine && m.status && <Status status={m.status} />}
          </span>
        </div>
        <button
          type="button"
          class="icon-button msg__more"
          data-testid="message-actions"
          aria-label={t('chat.actions')}
          aria-haspopup="dialog"
          onClick={() => onMenu(m)}
        >
          <MoreIcon width="20" height="20" />
        </button>
      </div>
      {m.mine && !m.recalled && parts?.footer?.(m)}
      {m.reactions.length > 0 && !m.recalled && (
        <Reactions reactions={m.reactions} onToggle={(emoji) => onToggleReaction(m, emoji)} />
      )}
    </li>
  );
}
