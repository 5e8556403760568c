/**
 * The history: newest at the bottom, older pages loaded on scroll to the top
 * with the scroll position kept, day separators, jump-to-message with a
 * highlight, and markRead while the chat is visible and scrolled to the end.
 * Messages can be selected (a bar counts them; Esc ends it) and forwarded.
 */
import { useSignal, type Signal } from '@preact/signals';
import { Fragment } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { systemClock } from '../../../lib/clock';
import type { ConversationId, EventId } from '../../../lib/ids';
import { language, t } from '../../i18n';
import {
  AT_BOTTOM_PX,
  dayLabel,
  HIGHLIGHT_MS,
  jumpRequest,
  LOAD_OLDER_PX,
  withDaySeparators,
} from '../models/chatView';
import { now } from '../../shell/models/clock';
import { markRead, toggleReaction, type HistoryHandle, type MessageView } from '../models/messages';
import { noteChatActivity } from '../../shell/models/notifyPrompt';
import { push } from '../../shell/models/toasts';
import type { ChatPerson } from './person';
import type { ComposerMode } from './composerMode';
import { Message } from './Message';
import type { ChatLine, ChatParts } from './chatParts';
import { MessageMenu, runAction } from './MessageMenu';
import { lazy } from '../../components/Lazy';
import { myProfile } from '../../me/models/profile';
import { forwardable, type ForwardSource } from '../models/forward';

// The forward sheet and its chat picker: a chunk loaded the first time someone forwards.
const ForwardSheet = lazy(() => import('./ForwardSheet').then((m) => m.ForwardSheet));

/** The bar shown while messages are selected: how many, Forward, Cancel. */
function SelectBar(props: { count: number; onForward: () => void; onCancel: () => void }) {
  return (
    <div
      class="select-bar"
      role="toolbar"
      aria-label={t('forward.selected', { count: props.count })}
      data-testid="select-bar"
    >
      <span class="select-bar__count" role="status">
        {t('forward.selected', { count: props.count })}
      </span>
      <button type="button" class="button" data-testid="select-cancel" onClick={props.onCancel}>
        {t('forward.cancelSelect')}
      </button>
      <button
        type="button"
        class="button button--primary"
        data-testid="select-forward"
        disabled={props.count === 0}
        onClick={props.onForward}
      >
        {t('forward.action')}
      </button>
    </div>
  );
}

interface HistoryProps {
  conv: ConversationId;
  handle: HistoryHandle;
  person: ChatPerson;
  mode: Signal<ComposerMode | null>;
  /** A group chat's parts: sender names, system lines, mentions. */
  parts?: ChatParts | undefined;
}

function SystemLines({ lines }: { lines: readonly ChatLine[] | undefined }) {
  return (
    <>
      {lines?.map((line) => (
        <li key={`sys-${line.key}`} class="sys-line" data-testid="system-line">
          <span>{line.text}</span>
        </li>
      ))}
    </>
  );
}

/** Wait for Preact to render a signal change, then for layout. */
const afterRender = () =>
  new Promise<void>((resolve) =>
    requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
  );

export function History({ conv, handle, person, mode, parts }: HistoryProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const atBottom = useRef(true);
  const prev = useRef<{ first: string | null; last: string | null; height: number }>({
    first: null,
    last: null,
    height: 0,
  });
  const lastMarked = useRef<string | null>(null);
  /** scrollTop we set ourselves: its scroll event says nothing about where the user wants to be. */
  const ownScroll = useRef<number | null>(null);
  const highlighted = useSignal<EventId | null>(null);
  const menuFor = useSignal<MessageView | null>(null);
  /** Ids of the selected messages while selecting; null otherwise. */
  const selected = useSignal<readonly EventId[] | null>(null);
  /** The messages the forward sheet is open for. */
  const forwarding = useSignal<readonly ForwardSource[] | null>(null);
  const messages = handle.messages.value;
  const hasOlder = handle.hasOlder.value;
  // Our own flag, not handle.loading: that one is also set by live re-reads.
  const loadingOlder = useSignal(false);
  const loading = loadingOlder.value;

  const newest = messages.at(-1) ?? null;
  // What there is to read is theirs: my own new message is not a reason to mark the chat read.
  const newestTheirs = messages.findLast((m) => !m.mine) ?? null;

  const maybeMarkRead = useCallback(() => {
    if (!atBottom.current || document.visibilityState !== 'visible') return;
    const id = newestTheirs?.id ?? null;
    if (id === null || id === lastMarked.current) return;
    lastMarked.current = id;
    markRead(conv);
  }, [conv, newestTheirs?.id]);

  const loadOlderIfNeeded = useCallback(() => {
    const el = scroller.current;
    if (!el || !handle.hasOlder.value || handle.loading.value) return;
    if (loadingOlder.peek()) return;
    if (el.scrollTop < LOAD_OLDER_PX || el.scrollHeight <= el.clientHeight) {
      loadingOlder.value = true;
      void handle.loadOlder().finally(() => {
        loadingOlder.value = false;
      });
    }
  }, [handle]);

  // Keep the view steady: older messages above keep what is on screen in place;
  // new ones at the end follow when we were at the end (or when I sent them).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const first = messages[0]?.id ?? null;
    const last = newest?.id ?? null;
    const p = prev.current;
    // The same rows, changed in place (a status, an edit): nothing to keep in view here, so no
    // layout is forced now; a row that changed height is followed by the resize observer.
    if (first === p.first && last === p.last) return;
    if (p.first !== null && first !== p.first && last === p.last) {
      el.scrollTop += el.scrollHeight - p.height;
      ownScroll.current = el.scrollTop;
    } else if (atBottom.current || (last !== p.last && newest?.mine)) {
      el.scrollTop = el.scrollHeight;
      ownScroll.current = el.scrollTop;
      atBottom.current = true;
    }
    if (last !== p.last && p.last !== null && newest && !newest.mine) noteChatActivity();
    prev.current = { first, last, height: el.scrollHeight };
    maybeMarkRead();
    loadOlderIfNeeded();
  }, [messages]);

  // The composer growing or the on-screen keyboard opening must not hide the newest message,
  // nor rows taking their real height once laid out (they count as one line until then).
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      prev.current.height = el.scrollHeight;
      if (!atBottom.current) return;
      el.scrollTop = el.scrollHeight;
      ownScroll.current = el.scrollTop;
    });
    observer.observe(el);
    if (list.current) observer.observe(list.current);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const onVisible = () => maybeMarkRead();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [maybeMarkRead]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const own = ownScroll.current !== null && Math.abs(el.scrollTop - ownScroll.current) < 2;
    ownScroll.current = null;
    // Our own scroll to the end (a new message): whoever set it already noted the height and
    // looked for older pages. Reading the layout here would lay the page out once more inside
    // the frame that shows the new message.
    if (own) return maybeMarkRead();
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < AT_BOTTOM_PX;
    prev.current.height = el.scrollHeight;
    maybeMarkRead();
    loadOlderIfNeeded();
  };

  const jumpTo = useCallback(
    async (id: EventId) => {
      const found = await handle.reveal(id);
      if (!found) {
        push({ kind: 'info', message: t('chat.jumpFailed') });
        return;
      }
      for (let tries = 0; tries < 10; tries++) {
        await afterRender();
        const el = scroller.current?.querySelector<HTMLElement>(
          `[data-msg-id="${CSS.escape(id)}"]`,
        );
        if (!el) continue;
        atBottom.current = false;
        el.scrollIntoView({ block: 'center' });
        el.querySelector<HTMLElement>('.msg__bubble')?.focus({ preventScroll: true });
        highlighted.value = id;
        systemClock.setTimeout(() => {
          if (highlighted.value === id) highlighted.value = null;
        }, HIGHLIGHT_MS);
        return;
      }
    },
    [handle],
  );

  // A search result (here or in the chats list) asked for a message of this chat.
  const request = jumpRequest.value;
  useEffect(() => {
    if (!request || request.conv !== conv) return;
    jumpRequest.value = null;
    void jumpTo(request.id);
  }, [request, conv, jumpTo]);

  // Stable callbacks, so the memoized rows can skip re-rendering.
  const onToggleReaction = useCallback(
    (m: MessageView, emoji: string) => void runAction(() => toggleReaction(m.id, emoji)),
    [],
  );
  const onMenu = useCallback((m: MessageView) => {
    menuFor.value = m;
  }, []);
  const onJump = useCallback((id: EventId) => void jumpTo(id), [jumpTo]);

  /** [CHAT-FWD-2] The original sender's name, as this chat shows it (mine: my display name). */
  const sourceOf = (m: MessageView): ForwardSource => ({
    id: m.id,
    kind: m.kind === 'file' ? 'file' : 'text',
    text: m.text,
    file: m.file,
    authorName: m.mine
      ? (myProfile.value?.displayName ?? '')
      : parts
        ? parts.senderOf(m.author).name
        : person.title,
    forwardedFrom: m.forwarded?.from ?? null,
  });
  const onForward = (m: MessageView) => {
    forwarding.value = [sourceOf(m)];
  };
  const onSelectStart = (m: MessageView) => {
    selected.value = [m.id];
  };
  const onSelect = useCallback((m: MessageView, on: boolean) => {
    const now = selected.peek() ?? [];
    selected.value = on
      ? [...now.filter((id) => id !== m.id), m.id]
      : now.filter((id) => id !== m.id);
  }, []);
  const forwardSelected = () => {
    const ids = new Set(selected.value ?? []);
    // In the chat's order, whatever order they were picked in.
    forwarding.value = messages.filter((m) => ids.has(m.id) && forwardable(m)).map(sourceOf);
  };

  // Esc ends the selection (an open sheet handles its own Esc first).
  const selecting = selected.value !== null;
  useEffect(() => {
    if (!selecting) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && forwarding.peek() === null && menuFor.peek() === null) {
        selected.value = null;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [selecting]);

  const items = withDaySeparators(messages);
  const lines = parts?.lines(messages, !hasOlder && !handle.loading.value);
  const words = { today: t('chat.today'), yesterday: t('chat.yesterday') };
  return (
    <div
      class="history"
      ref={scroller}
      onScroll={onScroll}
      data-testid="chat-history"
      data-has-older={String(hasOlder)}
      data-loading={String(loading)}
      tabIndex={-1}
    >
      {loading && hasOlder && (
        <p class="history__note" role="status" data-testid="history-loading">
          {t('chat.loadingOlder')}
        </p>
      )}
      {!hasOlder && !handle.loading.value && (
        <p class="history__note" data-testid="history-start">
          {t('chat.beginning', { name: person.title })}
        </p>
      )}
      <ol class="history__list" ref={list} aria-label={t('chat.history', { name: person.title })}>
        {items.map((item) =>
          item.kind === 'day' ? (
            <li key={`day-${item.key}`} class="day" data-testid="day-separator">
              <span>{dayLabel(item.ts, now.value, language.value, words)}</span>
            </li>
          ) : (
            <Fragment key={item.message.id}>
              <SystemLines lines={lines?.before.get(item.message.id)} />
              <Message
                message={item.message}
                person={person}
                highlighted={highlighted.value === item.message.id}
                newest={item.message === newest}
                onMenu={onMenu}
                onJump={onJump}
                onToggleReaction={onToggleReaction}
                parts={parts}
                selected={selected.value?.includes(item.message.id)}
                onSelect={onSelect}
              />
            </Fragment>
          ),
        )}
        <SystemLines lines={lines?.after} />
      </ol>
      {selected.value && (
        <SelectBar
          count={selected.value.length}
          onForward={forwardSelected}
          onCancel={() => {
            selected.value = null;
          }}
        />
      )}
      <MessageMenu
        target={menuFor}
        person={person}
        mode={mode}
        onForward={onForward}
        onSelect={onSelectStart}
      />
      {forwarding.value && (
        <ForwardSheet
          sources={forwarding.value}
          onClose={(sent) => {
            forwarding.value = null;
            if (sent) selected.value = null;
          }}
        />
      )}
    </div>
  );
}
