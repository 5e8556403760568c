/**
 * A small menu of actions in a native modal <dialog>: focus is trapped, Escape
 * closes it, the rest of the page is inert. A bottom sheet on phones, a small
 * centred panel on larger screens. Clicking the backdrop closes it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

interface MenuSheetProps {
  open: boolean;
  /** The accessible name of the menu. */
  label: string;
  onClose: () => void;
  children: ComponentChildren;
  testId?: string;
}

export function MenuSheet({ open, label, onClose, children, testId }: MenuSheetProps) {
  const ref = useRef<HTMLDialogElement>(null);
  // Where focus was before opening, so closing gives it back.
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    }
    if (!open && dialog.open) {
      dialog.close();
      opener.current?.focus({ preventScroll: true });
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      class="sheet"
      aria-label={label}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the dialog box itself (not its content) is a click on the backdrop.
        if (event.target === event.currentTarget) onClose();
      }}
    >
      {open && <div class="sheet__body">{children}</div>}
    </dialog>
  );
}
