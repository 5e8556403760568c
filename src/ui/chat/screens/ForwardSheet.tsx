/**
 * Forward to…: pick chats (several, direct or group; searchable), choose whether the original
 * sender's name goes along, send. A lazy chunk with the chat picker; it opens from a message's
 * menu or from the selection bar. Spec: docs/protocol.md [CHAT-FWD-1..4].
 */
import { useSignal } from '@preact/signals';
import type { ConversationId } from '../../../lib/ids';
import { ChatPicker } from '../../components/ChatPicker';
import { MenuSheet } from '../../components/MenuSheet';
import { t, type MessageKey } from '../../i18n';
import { push } from '../../shell/models/toasts';
import type { ForwardFailure, ForwardOutcome, ForwardSource } from '../models/forward';
import { forwardMessages } from '../models/forwardSend';

/** Most chats one forward goes to (as the messengers people know). */
export const MAX_FORWARD_CHATS = 9;

const FAILURE_TEXT: Readonly<Record<ForwardFailure, MessageKey>> = {
  fileGone: 'forward.fileGone',
  storage: 'forward.storage',
  notAllowed: 'forward.storage',
};

function report(outcome: ForwardOutcome): void {
  const failures = [
    ...new Set(outcome.missed.map((m) => t(FAILURE_TEXT[m.reason], { name: m.what }))),
  ];
  if (failures.length === 0) {
    push({ kind: 'success', message: t('forward.done', { count: outcome.reached.length }) });
  } else if (outcome.reached.length > 0) {
    push({ kind: 'info', message: t('forward.partly', { failures: failures.join('; ') }) });
  } else {
    push({ kind: 'error', message: t('forward.failed', { failures: failures.join('; ') }) });
  }
}

interface ForwardSheetProps {
  sources: readonly ForwardSource[];
  /** Closed: `sent` when the copies went (the selection ends). */
  onClose: (sent: boolean) => void;
}

export function ForwardSheet({ sources, onClose }: ForwardSheetProps) {
  const chosen = useSignal<readonly ConversationId[]>([]);
  const includeName = useSignal(false);
  const busy = useSignal(false);

  const send = async () => {
    busy.value = true;
    const outcome = await forwardMessages(sources, chosen.value, includeName.value);
    busy.value = false;
    report(outcome);
    onClose(true);
  };

  return (
    <MenuSheet
      open
      label={t('forward.title')}
      onClose={() => onClose(false)}
      testId="forward-sheet"
    >
      <div class="forward">
        <p class="sheet__title">{t('forward.title')}</p>
        <p class="forward__what" data-testid="forward-count">
          {t('forward.selected', { count: sources.length })}
        </p>
        <ChatPicker
          chosen={chosen.value}
          onChange={(next) => {
            chosen.value = next;
          }}
          legend={t('forward.pick')}
          room={MAX_FORWARD_CHATS}
          idPrefix="forward"
        />
        <label class="forward__name">
          <input
            type="checkbox"
            data-testid="forward-include-name"
            checked={includeName.value}
            onChange={(event) => {
              includeName.value = event.currentTarget.checked;
            }}
          />
          {t('forward.includeName')}
        </label>
        <div class="forward__actions">
          <button type="button" class="button" onClick={() => onClose(false)}>
            {t('forward.cancel')}
          </button>
          <button
            type="button"
            class="button button--primary"
            data-testid="forward-send"
            disabled={chosen.value.length === 0 || busy.value}
            aria-busy={busy.value}
            onClick={() => void send()}
          >
            {t('forward.send')}
          </button>
        </div>
      </div>
    </MenuSheet>
  );
}
