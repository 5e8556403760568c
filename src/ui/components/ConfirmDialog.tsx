/**
 * A modal question with a clear consequence: the native <dialog>, so focus is
 * trapped, Escape cancels and the rest of the page is inert.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  /** A destructive action: the confirm button is red. */
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { open, title, children, confirmLabel, danger, busy, onConfirm, onCancel } = props;
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby="confirm-title"
      data-testid="confirm-dialog"
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id="confirm-title" class="dialog__title">
        {title}
      </h2>
      <div class="dialog__body">{children}</div>
      <div class="dialog__actions">
        <button
          type="button"
          class="button button--text"
          data-testid="confirm-cancel"
          disabled={busy}
          onClick={onCancel}
        >
          {t('dialog.cancel')}
        </button>
        <button
          type="button"
          class={`button ${danger ? 'button--danger' : 'button--primary'}`}
          data-testid="confirm-ok"
          disabled={busy}
          aria-busy={busy}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
