/**
 * "Group call" on the Friends screen: opens the picker (a lazy chunk) to ring
 * several online friends at once. Part of the first visit, so it is tiny.
 */
import { useState } from 'preact/hooks';
import { Icon } from '../../components/Icons';
import { lazy } from '../../components/Lazy';
import { t } from '../../i18n';

const CallPicker = lazy(() => import('./CallPicker').then((m) => m.CallPicker));

export function GroupCallButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        class="icon-button"
        data-testid="friends-group-call"
        aria-haspopup="dialog"
        aria-label={t('calls.group')}
        title={t('calls.group')}
        onClick={() => setOpen(true)}
      >
        <Icon>
          <path d="M5 4h3.5l1.6 4.2-2.2 1.5a11 11 0 0 0 6.4 6.4l1.5-2.2L20 15.5V19a1.5 1.5 0 0 1-1.6 1.5A16.5 16.5 0 0 1 3.5 5.6 1.5 1.5 0 0 1 5 4Z" />
          <path d="M15 3.5h5.5M17.75 1v5" />
        </Icon>
      </button>
      {open && <CallPicker mode="start" onClose={() => setOpen(false)} />}
    </>
  );
}
