/**
 * The actions on one message: quick reactions, reply, edit (mine), forward, select (several to
 * forward), recall (mine, within RECALL_WINDOW_MS), delete for me, copy. Recall and delete ask
 * first: neither can be undone.
 */
import { useSignal, type Signal } from '@preact/signals';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyIcon } from '../../components/FeatureIcons';
import { MenuSheet } from '../../components/MenuSheet';
import { t } from '../../i18n';
import { copyText } from '../../shell/models/clipboard';
import { QUICK_REACTIONS } from '../models/chatView';
import { forwardable } from '../models/forward';
import {
  deleteForMe,
  recallMessage,
  RECALL_WINDOW_MS,
  toggleReaction,
  type ActionResult,
  type MessageView,
} from '../models/messages';
import { push } from '../../shell/models/toasts';
import type { ChatPerson } from './person';
import { failureText } from './actionText';
import { EditIcon, ForwardIcon, RecallIcon, ReplyIcon, SelectIcon, TrashIcon } from './ChatIcons';
import type { ComposerMode } from './composerMode';

/** Run an action; a refusal or a failure becomes a toast. */
export async function runAction(action: () => Promise<ActionResult>): Promise<boolean> {
  try {
    const result = await action();
    if (result.ok) return true;
    push({ kind: 'error', message: failureText(result.reason) });
  } catch {
    push({ kind: 'error', message: t('chat.storageFailed') });
  }
  return false;
}

export function canRecall(m: MessageView, at: number): boolean {
  return m.mine && !m.recalled && at - m.ts < RECALL_WINDOW_MS;
}

interface MessageMenuProps {
  target: Signal<MessageView | null>;
  person: ChatPerson;
  mode: Signal<ComposerMode | null>;
  /** Forward this message. */
  onForward: (message: MessageView) => void;
  /** Start selecting messages, this one first. */
  onSelect: (message: MessageView) => void;
}

export function MessageMenu({ target, person, mode, onForward, onSelect }: MessageMenuProps) {
  const confirm = useSignal<{ kind: 'recall' | 'delete'; message: MessageView } | null>(null);
  const busy = useSignal(false);
  const m = target.value;
  const close = () => {
    target.value = null;
  };

  const act = (run: () => void) => () => {
    close();
    run();
  };

  const confirmed = async () => {
    const pending = confirm.value;
    if (!pending) return;
    busy.value = true;
    await runAction(() =>
      pending.kind === 'recall'
        ? recallMessage(pending.message.id)
        : deleteForMe(pending.message.id),
    );
    busy.value = false;
    confirm.value = null;
  };

  const c = confirm.value;
  return (
    <>
      <MenuSheet open={m !== null} label={t('chat.actions')} onClose={close} testId="message-menu">
        {m && (
          <>
            {!m.recalled && (
              <div class="sheet__reactions" role="group" aria-label={t('chat.reactions')}>
                {QUICK_REACTIONS.map((emoji) => {
                  const mine = m.reactions.some((r) => r.emoji === emoji && r.mine);
                  return (
                    <button
                      key={emoji}
                      type="button"
                      class={`sheet__emoji${mine ? ' sheet__emoji--mine' : ''}`}
                      data-testid="action-react"
                      data-emoji={emoji}
                      aria-pressed={mine}
                      aria-label={t('chat.react', { emoji })}
                      onClick={act(() => void runAction(() => toggleReaction(m.id, emoji)))}
                    >
                      {emoji}
                    </button>
                  );
                })}
              </div>
            )}
            {!m.recalled && (
              <button
                type="button"
                class="sheet__item"
                data-testid="action-reply"
                onClick={act(() => {
                  mode.value = { kind: 'reply', message: m };
                })}
              >
                <ReplyIcon width="20" height="20" />
                {t('chat.reply')}
              </button>
            )}
            {m.mine && !m.recalled && (
              <button
                type="button"
                class="sheet__item"
                data-testid="action-edit"
                onClick={act(() => {
                  mode.value = { kind: 'edit', message: m };
                })}
              >
                <EditIcon width="20" height="20" />
                {t('chat.edit')}
              </button>
            )}
            {forwardable(m) && (
              <button
                type="button"
                class="sheet__item"
                data-testid="action-forward"
                onClick={act(() => onForward(m))}
              >
                <ForwardIcon width="20" height="20" />
                {t('forward.action')}
              </button>
            )}
            {forwardable(m) && (
              <button
                type="button"
                class="sheet__item"
                data-testid="action-select"
                onClick={act(() => onSelect(m))}
              >
                <SelectIcon width="20" height="20" />
                {t('forward.select')}
              </button>
            )}
            {!m.recalled && (
              <button
                type="button"
                class="sheet__item"
                data-testid="action-copy"
                onClick={act(() => {
                  void copyText(m.text).then((ok) =>
                    push(
                      ok
                        ? { kind: 'success', message: t('chat.copied') }
                        : { kind: 'error', message: t('chat.copyFailed') },
                    ),
                  );
                })}
              >
                <CopyIcon width="20" height="20" />
                {t('chat.copy')}
              </button>
            )}
            {canRecall(m, Date.now()) && (
              <button
                type="button"
                class="sheet__item sheet__item--danger"
                data-testid="action-recall"
                onClick={act(() => {
                  confirm.value = { kind: 'recall', message: m };
                })}
              >
                <RecallIcon width="20" height="20" />
                {t('chat.recall')}
              </button>
            )}
            <button
              type="button"
              class="sheet__item sheet__item--danger"
              data-testid="action-delete"
              onClick={act(() => {
                confirm.value = { kind: 'delete', message: m };
              })}
            >
              <TrashIcon width="20" height="20" />
              {t('chat.deleteForMe')}
            </button>
          </>
        )}
      </MenuSheet>
      <ConfirmDialog
        open={c !== null}
        title={c?.kind === 'recall' ? t('chat.recallTitle') : t('chat.deleteTitle')}
        confirmLabel={c?.kind === 'recall' ? t('chat.recall') : t('chat.delete')}
        danger
        busy={busy.value}
        onConfirm={() => void confirmed()}
        onCancel={() => {
          confirm.value = null;
        }}
      >
        <p>
          {c?.kind === 'recall'
            ? t('chat.recallConfirm', { name: person.title })
            : t('chat.deleteConfirm', { name: person.title })}
        </p>
      </ConfirmDialog>
    </>
  );
}
