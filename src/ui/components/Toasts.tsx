/** The toast stack. Errors are alerts; everything else is announced politely. */
import { t } from '../i18n';
import { dismiss, pause, resume, runAction, toasts } from '../shell/models/toasts';
import { CloseIcon } from './Icons';

export function Toasts() {
  return (
    <section class="toasts" aria-label={t('toast.region')}>
      <div class="toasts__polite" aria-live="polite">
        {toasts.value
          .filter((toast) => toast.kind !== 'error')
          .map((toast) => (
            <ToastView key={toast.id} id={toast.id} />
          ))}
      </div>
      <div class="toasts__alert" role="alert">
        {toasts.value
          .filter((toast) => toast.kind === 'error')
          .map((toast) => (
            <ToastView key={toast.id} id={toast.id} />
          ))}
      </div>
    </section>
  );
}

function ToastView({ id }: { id: number }) {
  const toast = toasts.value.find((item) => item.id === id);
  if (!toast) return null;
  return (
    <div
      class={`toast toast--${toast.kind}`}
      onMouseEnter={() => pause(id)}
      onMouseLeave={() => resume(id)}
      onFocusIn={() => pause(id)}
      onFocusOut={() => resume(id)}
    >
      <p class="toast__message">{toast.message}</p>
      {toast.action && (
        <button type="button" class="button button--text" onClick={() => runAction(id)}>
          {toast.action.label}
        </button>
      )}
      <button
        type="button"
        class="icon-button"
        aria-label={t('toast.dismiss')}
        onClick={() => dismiss(id)}
      >
        <CloseIcon width="18" height="18" />
      </button>
    </div>
  );
}
