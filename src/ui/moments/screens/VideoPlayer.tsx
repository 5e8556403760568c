/** A moment's video, full screen in a modal <dialog>: Esc or the close button ends it. */
import { useEffect, useRef } from 'preact/hooks';
import { CloseIcon } from '../../components/Icons';
import { t } from '../../i18n';

export function VideoPlayer(props: { url: string; name: string; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => {
      if (el?.open) el.close();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      class="viewer"
      data-testid="moment-video-viewer"
      aria-label={props.name}
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
    >
      <div class="viewer__bar">
        <span class="viewer__name">{props.name}</span>
        <button
          type="button"
          class="icon-button viewer__button"
          aria-label={t('moments.close')}
          title={t('moments.close')}
          onClick={props.onClose}
        >
          <CloseIcon />
        </button>
      </div>
      <div class="viewer__stage">
        <video class="moment-video" src={props.url} controls autoPlay playsInline />
      </div>
    </dialog>
  );
}
