/**
 * The composer: an auto-growing textarea where Enter sends and Shift+Enter
 * makes a new line (never while an IME is composing), the per-chat draft
 * (restored on open, saved as you type), a limit with a clear message, the
 * reply / edit banner (Esc cancels) and the lazy emoji picker. Files:
 * the attach button, files being prepared, and voice messages
 * (the mic takes the send button's place while there is no text). Something shared into
 * Plume for this chat waits here: its text in the box, its files attached, sent with Send.
 */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { JSX } from 'preact';
import { systemClock } from '../../../lib/clock';
import type { ConversationId, EventId } from '../../../lib/ids';
import { CloseIcon, Icon } from '../../components/Icons';
import { lazy } from '../../components/Lazy';
import { t } from '../../i18n';
import { loadDraft, MAX_TEXT_CHARS, notifyTyping, saveDraft } from '../models/chats';
import { DraftSaver, insertAt, isSendKey, lengthState } from '../models/composer';
import { editMessage, sendText } from '../models/messages';
import { noteChatActivity } from '../../shell/models/notifyPrompt';
import { push } from '../../shell/models/toasts';
import type { ChatPerson } from './person';
import type { ComposerSlotProps } from './chatParts';
import { failureText } from './actionText';
import type { ComposerMode } from './composerMode';
import { AttachButton, OutgoingList } from '../../files/screens/ComposerFiles';
import { ShareSummary } from '../../share/ShareTray';
import { dropShare, refreshShare, sendSharedFiles, shareFor } from '../../share/shareModel';
import {
  isRecording,
  MicButton,
  MicProblem,
  RecordingBar,
} from '../../files/screens/VoiceRecorder';

const EmojiPicker = lazy(() => import('./EmojiPicker').then((m) => m.EmojiPicker));

/** The textarea grows up to this height, then scrolls. */
const MAX_INPUT_PX = 160;

function SendIcon() {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M3.4 20.4l17.4-7.5a1 1 0 0 0 0-1.8L3.4 3.6a.9.9 0 0 0-1.3 1l1.6 6.4 9.3 1-9.3 1-1.6 6.4a.9.9 0 0 0 1.3 1Z"
      />
    </svg>
  );
}

function SmileIcon() {
  return (
    <Icon>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M8.5 14.5a4.5 4.5 0 0 0 7 0M9 9.5v.5M15 9.5v.5" />
    </Icon>
  );
}

interface ComposerProps {
  conv: ConversationId;
  person: ChatPerson;
  mode: Signal<ComposerMode | null>;
  /** Shown above the row while typing (a group's @mention picker). */
  slot?: ((props: ComposerSlotProps) => JSX.Element | null) | undefined;
}

export function Composer({ conv, person, mode, slot: Slot }: ComposerProps) {
  const input = useRef<HTMLTextAreaElement>(null);
  const text = useSignal('');
  const caret = useSignal(0);
  const slotKeys = useRef<((event: KeyboardEvent) => boolean) | null>(null);
  const trackCaret = () => {
    caret.value = input.current?.selectionStart ?? text.value.length;
  };
  const touched = useRef(false);
  const sending = useRef(false);
  const pickerOpen = useSignal(false);
  const problem = useSignal<string | null>(null);
  /** The draft set aside while editing a sent message. */
  const stash = useRef<string | null>(null);
  /** The share whose text was put in the box (once per share, also after a reload). */
  const prefilled = useRef<string | null>(null);
  const share = shareFor(conv);
  const drafts = useMemo(
    () => new DraftSaver(systemClock, (value) => saveDraft(conv, value)),
    [conv],
  );

  const grow = () => {
    const el = input.current;
    if (!el) return;
    // Empty (just sent): one row, its natural height; measuring would force a layout of the page.
    if (el.value === '') return void (el.style.height = '');
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_INPUT_PX)}px`;
  };

  // Restore the draft, unless the user was quicker.
  useEffect(() => {
    let live = true;
    const since = drafts.reading();
    loadDraft(conv).then(
      (draft) => {
        if (live) drafts.read(draft, since);
        if (!live || touched.current || !draft) return;
        text.value = draft;
        requestAnimationFrame(grow);
      },
      () => undefined,
    );
    return () => {
      live = false;
      // Leaving the chat: a pending save happens now, not never.
      if (stash.current === null) drafts.leave(text.value);
    };
  }, [conv]);

  useEffect(() => void refreshShare(), [conv]);

  const setText = (value: string) => {
    touched.current = true;
    text.value = value;
    if (problem.value && !lengthState(value, MAX_TEXT_CHARS).over) problem.value = null;
    // While editing, the text is the edited message, not the draft.
    if (stash.current === null) drafts.typed(value);
    requestAnimationFrame(grow);
  };

  // A share for this chat: its text goes into the box, unless it is there already (a reload).
  useEffect(() => {
    if (!share || prefilled.current === share.id) return;
    prefilled.current = share.id;
    const now = text.peek();
    if (share.text === '' || now.includes(share.text)) return;
    setText(now.trim() === '' ? share.text : `${now}\n${share.text}`);
  }, [share?.id]);

  // Entering edit mode puts the message's text in; reply mode just focuses.
  const current = mode.value;
  useEffect(() => {
    if (current?.kind === 'edit') {
      if (stash.current === null) stash.current = text.value;
      text.value = current.message.text;
    } else if (stash.current !== null) {
      text.value = stash.current;
      stash.current = null;
    }
    requestAnimationFrame(() => {
      grow();
      const el = input.current;
      if (current && el) {
        el.focus();
        el.setSelectionRange(el.value.length, el.value.length);
      }
    });
  }, [current]);

  const cancelMode = () => {
    mode.value = null;
  };

  /** The message a file or voice message answers (reply mode), which then ends. */
  const takeReply = (): EventId | undefined => {
    const m = mode.peek();
    if (m?.kind !== 'reply') return undefined;
    mode.value = null;
    return m.message.id;
  };

  const submit = async () => {
    if (sending.current) return;
    const value = text.value;
    const { count, over } = lengthState(value, MAX_TEXT_CHARS);
    const shared = mode.value?.kind === 'edit' ? null : shareFor(conv);
    if (value.trim() === '' && !shared) return;
    if (over) {
      problem.value = t('chat.tooLong', { count, max: MAX_TEXT_CHARS });
      return;
    }
    sending.current = true;
    try {
      if (shared) {
        await sendSharedFiles(conv, shared);
        if (value.trim() === '') return;
      }
      const m = mode.value;
      if (m?.kind === 'edit') {
        const result = await editMessage(m.message.id, value);
        if (result.ok) mode.value = null;
        else push({ kind: 'error', message: failureText(result.reason, count) });
        return;
      }
      const result = await sendText(conv, value, m?.kind === 'reply' ? m.message.id : undefined);
      if (!result.ok) {
        // The text stays in the composer (and the draft): nothing is lost.
        if (result.reason === 'too-long') problem.value = failureText(result.reason, count);
        else push({ kind: 'error', message: failureText(result.reason, count) });
        return;
      }
      if (text.value === value) text.value = '';
      mode.value = null;
      drafts.saveNow(text.value);
      noteChatActivity();
      requestAnimationFrame(grow);
    } catch {
      push({ kind: 'error', message: t('chat.storageFailed') });
    } finally {
      sending.current = false;
    }
  };

  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLTextAreaElement>) => {
    if (!event.isComposing && slotKeys.current?.(event)) {
      event.preventDefault();
      return;
    }
    if (event.key === 'Escape' && !event.isComposing) {
      if (pickerOpen.value) pickerOpen.value = false;
      else if (mode.value) cancelMode();
      else return;
      event.preventDefault();
      return;
    }
    if (isSendKey(event)) {
      event.preventDefault();
      void submit();
    }
  };

  const insertEmoji = (emoji: string) => {
    const el = input.current;
    const start = el?.selectionStart ?? text.value.length;
    const end = el?.selectionEnd ?? start;
    const next = insertAt(text.value, emoji, start, end);
    setText(next.text);
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  };

  const { count, over, near } = lengthState(text.value, MAX_TEXT_CHARS);
  const editing = current?.kind === 'edit';
  const canSend = (text.value.trim() !== '' || (share !== null && !editing)) && !over;
  // Nothing typed: the mic stands where Send would be. While recording, its bar replaces the row.
  const showMic = text.value.trim() === '' && !editing && !share;
  const recording = isRecording(conv);
  return (
    <div class="composer" data-testid="composer">
      {!person.online && (
        <p class="composer__note" data-testid="composer-offline">
          {t('chat.peerOffline', { name: person.title })}
        </p>
      )}
      {current && (
        <div class="composer__mode" data-testid="composer-mode" data-mode={current.kind}>
          <div class="composer__mode-text">
            <span class="composer__mode-title">
              {current.kind === 'reply'
                ? t('composer.replying', {
                    name: current.message.mine ? t('chat.you') : person.title,
                  })
                : t('composer.editing')}
            </span>
            <span class="composer__mode-quote">{current.message.text}</span>
          </div>
          <button
            type="button"
            class="icon-button"
            data-testid="composer-cancel"
            aria-label={t('composer.cancel')}
            title={t('composer.cancel')}
            onClick={cancelMode}
          >
            <CloseIcon width="20" height="20" />
          </button>
        </div>
      )}
      {pickerOpen.value && (
        <EmojiPicker
          onPick={insertEmoji}
          onClose={() => {
            pickerOpen.value = false;
            input.current?.focus();
          }}
        />
      )}
      {Slot && (
        <Slot
          text={text.value}
          caret={caret.value}
          keys={slotKeys}
          apply={(next, at) => {
            setText(next);
            caret.value = at;
            requestAnimationFrame(() => {
              const el = input.current;
              if (!el) return;
              el.focus();
              el.setSelectionRange(at, at);
              grow();
            });
          }}
        />
      )}
      {share && <ShareSummary share={share} onDismiss={() => void dropShare(share)} />}
      <OutgoingList conv={conv} />
      <MicProblem conv={conv} replyTo={takeReply} />
      {recording && <RecordingBar conv={conv} />}
      <div class="composer__row" hidden={recording}>
        <button
          type="button"
          class="icon-button composer__emoji"
          data-testid="emoji-toggle"
          aria-expanded={pickerOpen.value}
          aria-label={t('composer.emoji')}
          title={t('composer.emoji')}
          onClick={() => {
            pickerOpen.value = !pickerOpen.value;
          }}
        >
          <SmileIcon />
        </button>
        <AttachButton conv={conv} replyTo={takeReply} />
        <label class="visually-hidden" for="composer-input">
          {t('composer.label')}
        </label>
        <textarea
          id="composer-input"
          ref={input}
          class="composer__input"
          data-testid="composer-input"
          rows={1}
          placeholder={t('composer.label')}
          aria-describedby="composer-hint composer-problem"
          aria-invalid={over}
          enterkeyhint="send"
          value={text.value}
          onInput={(event) => {
            setText(event.currentTarget.value);
            if (Slot) trackCaret();
            if (!editing) notifyTyping(conv);
          }}
          onKeyUp={Slot && trackCaret}
          onClick={Slot && trackCaret}
          onKeyDown={onKeyDown}
        />
        <span id="composer-hint" class="visually-hidden">
          {t('composer.hint')}
        </span>
        {showMic && <MicButton conv={conv} replyTo={takeReply} />}
        <button
          type="button"
          class="composer__send"
          data-testid="composer-send"
          hidden={showMic}
          disabled={!canSend}
          aria-label={editing ? t('composer.save') : t('composer.send')}
          title={editing ? t('composer.save') : t('composer.send')}
          onClick={() => void submit()}
        >
          <SendIcon />
        </button>
      </div>
      <div class="composer__foot" id="composer-problem" aria-live="polite">
        {(over || problem.value) && (
          <p class="composer__problem" data-testid="composer-problem" role="alert">
            {over ? t('chat.tooLong', { count, max: MAX_TEXT_CHARS }) : problem.value}
          </p>
        )}
        {near && (
          <span
            class={`composer__counter${over ? ' composer__counter--over' : ''}`}
            data-testid="composer-counter"
          >
            {t('chat.counter', { count, max: MAX_TEXT_CHARS })}
          </span>
        )}
      </div>
    </div>
  );
}
