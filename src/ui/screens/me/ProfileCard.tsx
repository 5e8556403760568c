/** Who I am: display name and PeerId (copyable). Editing the profile comes with issue 3. */
import { CopyIcon } from '../../components/Icons';
import { t } from '../../i18n';
import { copyText } from '../../models/clipboard';
import { me } from '../../models/identity';
import { push } from '../../models/toasts';

async function copyPeerId(id: string): Promise<void> {
  const ok = await copyText(id);
  push(
    ok
      ? { kind: 'success', message: t('me.copied') }
      : { kind: 'error', message: t('me.copyFailed') },
  );
}

export function ProfileCard() {
  const identity = me.value;
  if (!identity) return null;
  return (
    <section class="card" aria-labelledby="me-profile">
      <h2 class="card__title" id="me-profile">
        {t('me.profile')}
      </h2>
      <dl class="facts">
        <div class="facts__row">
          <dt>{t('me.displayName')}</dt>
          <dd class="facts__value facts__value--large" data-testid="my-display-name">
            {identity.displayName}
          </dd>
        </div>
        <div class="facts__row">
          <dt id="me-peer-id-label">{t('me.peerId')}</dt>
          <dd class="facts__value">
            <div class="peer-id">
              <code class="peer-id__text" data-testid="my-peer-id">
                {identity.id}
              </code>
              <button
                type="button"
                class="icon-button"
                aria-label={t('me.copyPeerId')}
                title={t('me.copyPeerId')}
                onClick={() => void copyPeerId(identity.id)}
              >
                <CopyIcon width="20" height="20" />
              </button>
            </div>
            <p class="facts__hint">{t('me.peerIdHint')}</p>
          </dd>
        </div>
      </dl>
    </section>
  );
}
