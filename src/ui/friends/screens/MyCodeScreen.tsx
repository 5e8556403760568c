/**
 * My code: a QR of a one-time invite link, big enough to scan from another
 * phone, with copy, share and "New code", when it expires, and the earlier
 * codes with who used them.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { after, systemClock } from '../../../lib/clock';
import { CopyIcon, RefreshIcon, ShareIcon } from '../../components/FeatureIcons';
import { Qr } from '../../components/Qr';
import { Screen } from '../../components/Screen';
import { language, t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { formatDateTime, formatRelative } from '../../i18n/time';
import { copyText } from '../../shell/models/clipboard';
import { now, startClock } from '../../shell/models/clock';
import { me } from '../../me/models/identity';
import { currentInvite, ensureInvite, newInvite, type InviteView } from '../models/invites';
import { myProfile } from '../../me/models/profile';
import { hrefFor } from '../../shell/models/router';
import { push } from '../../shell/models/toasts';
import { InviteList } from './InviteList';
import '../friends.css';

/** setTimeout's longest delay (about 24.8 days); longer ones fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

function canShare(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.share === 'function';
}

async function share(link: string, name: string): Promise<void> {
  try {
    await navigator.share({
      title: t('code.shareTitle', { name }),
      text: t('code.shareText', { name }),
      url: link,
    });
  } catch (err) {
    // Closing the share sheet is a choice, not an error.
    if (err instanceof DOMException && err.name === 'AbortError') return;
    push({ kind: 'error', message: t('code.shareFailed') });
  }
}

async function copyLink(link: string): Promise<void> {
  const ok = await copyText(link);
  push(
    ok
      ? { kind: 'success', message: t('code.copied') }
      : { kind: 'error', message: t('code.copyFailed') },
  );
}

/** A valid invite to show, or null when a new one is needed. */
function usable(invite: InviteView | null, at: number): InviteView | null {
  return invite && invite.status === 'valid' && invite.expiresAt > at ? invite : null;
}

export function MyCodeScreen() {
  const busy = useSignal(false);
  const problem = useSignal<unknown>(null);
  useEffect(startClock, []);
  const invite = usable(currentInvite.value, now.value);
  const name = myProfile.value?.displayName ?? me.value?.displayName ?? '';

  const run = async (make: () => Promise<void>) => {
    if (busy.peek()) return;
    busy.value = true;
    problem.value = null;
    try {
      await make();
    } catch (err) {
      problem.value = err;
    } finally {
      busy.value = false;
    }
  };

  // Replace the code the moment it expires, not at the next clock tick.
  const expiresAt = invite?.expiresAt ?? null;
  useEffect(() => {
    if (expiresAt === null) return;
    const wait = Math.min(Math.max(0, expiresAt - Date.now()) + 50, MAX_TIMEOUT_MS);
    return after(systemClock, wait, () => {
      now.value = Date.now();
    });
  }, [expiresAt]);

  // Show a valid code: on arrival, and again whenever the shown one is used or expires.
  const needsInvite = invite === null;
  useEffect(() => {
    if (needsInvite && problem.peek() === null) void run(ensureInvite);
  }, [needsInvite]);

  return (
    <Screen title={t('code.title')} back={hrefFor({ name: 'friends' })} testId="my-code">
      <div class="cards">
        <section class="card code-card" aria-labelledby="code-heading">
          <h2 class="visually-hidden" id="code-heading">
            {t('code.title')}
          </h2>
          <p class="code-card__lead">{t('code.lead')}</p>
          <div class="code-card__qr">
            {invite ? (
              <Qr text={invite.link} label={t('code.qrLabel', { name })} testId="my-code-qr" />
            ) : (
              <div class="qr qr--loading" aria-busy="true" aria-label={t('qr.loading')} />
            )}
          </div>
          <p class="code-card__name">{name}</p>
          {invite && (
            <p
              class="code-card__expiry"
              data-testid="my-code-expiry"
              data-expires-at={invite.expiresAt}
            >
              {t('code.expires', {
                time: formatRelative(invite.expiresAt, now.value, language.value),
              })}
              <span class="code-card__at">
                {' '}
                ({formatDateTime(invite.expiresAt, language.value)})
              </span>
            </p>
          )}
          {problem.value !== null && (
            <div class="field__problem" role="alert" data-testid="my-code-error">
              {t('code.failed', { reason: errorText(problem.value) })}{' '}
              <button
                type="button"
                class="button button--text"
                onClick={() => void run(ensureInvite)}
              >
                {t('app.retry')}
              </button>
            </div>
          )}
          {invite && (
            <details class="code-card__link">
              <summary>{t('code.showLink')}</summary>
              <code data-testid="my-code-link">{invite.link}</code>
            </details>
          )}
          <div class="button-row button-row--center">
            <button
              type="button"
              class="button button--secondary"
              data-testid="my-code-copy"
              disabled={!invite}
              onClick={() => invite && void copyLink(invite.link)}
            >
              <CopyIcon width="20" height="20" />
              {t('code.copy')}
            </button>
            {canShare() && (
              <button
                type="button"
                class="button button--secondary"
                data-testid="my-code-share"
                disabled={!invite}
                onClick={() => invite && void share(invite.link, name)}
              >
                <ShareIcon width="20" height="20" />
                {t('code.share')}
              </button>
            )}
            <button
              type="button"
              class="button button--secondary"
              data-testid="my-code-new"
              disabled={busy.value}
              aria-busy={busy.value}
              onClick={() => void run(newInvite)}
            >
              <RefreshIcon width="20" height="20" />
              {t('code.new')}
            </button>
          </div>
          <p class="facts__hint code-card__warning">{t('code.warning')}</p>
        </section>
        <InviteList currentLink={invite?.link ?? null} />
      </div>
    </Screen>
  );
}
