/**
 * What was shared into Plume, shown above the composer of the chat it goes to (and on the
 * share screen): its files by name and size, and a way not to share it after all.
 */
import type { PendingShare } from '../../db/shareInbox';
import { CloseIcon } from '../components/Icons';
import { language, t } from '../i18n';
import { formatBytes } from '../files/models/filesFormat';
import './share.css';

export function ShareSummary({ share, onDismiss }: { share: PendingShare; onDismiss: () => void }) {
  const lang = language.value;
  return (
    <section class="share-tray" data-testid="share-tray" aria-label={t('files.shareAttached')}>
      <div class="share-tray__head">
        <span class="share-tray__title">{t('files.shareAttached')}</span>
        <button
          type="button"
          class="icon-button"
          data-testid="share-dismiss"
          aria-label={t('files.shareDismiss')}
          title={t('files.shareDismiss')}
          onClick={onDismiss}
        >
          <CloseIcon width="20" height="20" />
        </button>
      </div>
      {share.files.length > 0 && (
        <ul class="share-tray__files">
          {share.files.map((f, i) => (
            <li key={i} data-testid="share-file">
              <span class="share-tray__name">{f.name}</span>{' '}
              <span class="share-tray__size">{formatBytes(f.blob.size, lang)}</span>
            </li>
          ))}
        </ul>
      )}
      {share.files.length === 0 && share.text !== '' && (
        <p class="share-tray__text">{share.text}</p>
      )}
    </section>
  );
}
