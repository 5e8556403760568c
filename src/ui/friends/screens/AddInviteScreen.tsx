/**
 * An opened invite link (#/add/<payload>): who invited you, and "Add friend".
 * Nothing is stored until the user confirms. Works offline: the request waits
 * in the outbox until both are online.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { parseInviteLink, type InviteParseResult } from '../../../lib/invite';
import { Avatar } from '../../components/Avatar';
import { Screen } from '../../components/Screen';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { addFromInvite, people } from '../models/friends';
import { me } from '../../me/models/identity';
import { hrefFor, navigate } from '../../shell/models/router';
import { push } from '../../shell/models/toasts';
import { addFailureText, addSuccessText } from './inviteText';
import '../friends.css';

export function AddInviteScreen({ payload }: { payload: string }) {
  const parsed = useSignal<InviteParseResult | null>(null);
  const busy = useSignal(false);
  const problem = useSignal<string | null>(null);

  useEffect(() => {
    let live = true;
    void parseInviteLink(`#/add/${payload}`).then((result) => {
      if (live) parsed.value = result;
    });
    return () => {
      live = false;
    };
  }, [payload]);

  const back = hrefFor({ name: 'friends' });
  const result = parsed.value;
  if (!result) {
    return (
      <Screen title={t('add.title')} back={back} testId="add-screen">
        <p class="list-note" role="status" aria-busy="true">
          {t('add.reading')}
        </p>
      </Screen>
    );
  }
  if (!result.ok) {
    return (
      <Screen title={t('add.title')} back={back} testId="add-screen">
        <div class="card card--stack">
          <p class="scan__error" role="alert" data-testid="add-error" data-reason={result.reason}>
            {addFailureText(result)}
          </p>
          <a class="button button--secondary" href={hrefFor({ name: 'scan' })}>
            {t('add.scanInstead')}
          </a>
        </div>
      </Screen>
    );
  }

  const { invite } = result;
  const known = people.value.find((p) => p.id === invite.id);
  const isSelf = me.value?.id === invite.id;

  const confirm = async () => {
    busy.value = true;
    problem.value = null;
    try {
      // The link the user opened, as the contract asks; the fragment is the payload.
      const added = await addFromInvite(location.href);
      if (!added.ok) {
        problem.value = addFailureText(added);
        return;
      }
      const title = people.peek().find((p) => p.id === added.id)?.title ?? invite.name;
      push({ kind: 'success', message: addSuccessText(added.state, title) });
      navigate({ name: 'friends' }, { replace: true });
    } catch (err) {
      problem.value = t('scan.failed', { reason: errorText(err) });
    } finally {
      busy.value = false;
    }
  };

  return (
    <Screen title={t('add.title')} back={back} testId="add-screen">
      <section class="card card--stack invite-card" aria-labelledby="add-name">
        <Avatar name={invite.name} src={null} seed={invite.id} size="l" />
        <p class="invite-card__name" id="add-name" data-testid="add-name">
          {invite.name}
        </p>
        <p class="invite-card__id">
          <code>{invite.id}</code>
        </p>
        {isSelf ? (
          <p class="scan__error" role="alert" data-testid="add-error" data-reason="self">
            {t('invite.self')}
          </p>
        ) : known?.state === 'friend' ? (
          <>
            <p data-testid="add-known">{t('invite.alreadyFriend')}</p>
            <a class="button button--primary" href={hrefFor({ name: 'friend', id: invite.id })}>
              {t('add.open', { name: known.title })}
            </a>
          </>
        ) : (
          <>
            <p>{t('add.explain', { name: invite.name })}</p>
            {problem.value && (
              <p class="scan__error" role="alert" data-testid="add-error">
                {problem.value}
              </p>
            )}
            <div class="button-row button-row--center">
              <a class="button button--secondary" href={back} data-testid="add-cancel">
                {t('dialog.cancel')}
              </a>
              <button
                type="button"
                class="button button--primary"
                data-testid="add-confirm"
                disabled={busy.value}
                aria-busy={busy.value}
                onClick={() => void confirm()}
              >
                {busy.value ? t('scan.adding') : t('add.confirm')}
              </button>
            </div>
          </>
        )}
      </section>
    </Screen>
  );
}
