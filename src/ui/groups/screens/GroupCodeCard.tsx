/**
 * The group code, for admins and the owner: a QR and a copyable link with its expiry, "Revoke"
 * (after a confirmation) and "New code", and the approval switch. [GRP-40], [GRP-11]
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { formatGroupCodeLink } from '../../../lib/groupCode';
import type { GroupFold } from '../../../lib/group/types';
import type { ConversationId, PeerId } from '../../../lib/ids';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyIcon, RefreshIcon } from '../../components/FeatureIcons';
import { Qr } from '../../components/Qr';
import { language, t } from '../../i18n';
import { formatDateTime } from '../../i18n/time';
import { copyText } from '../../shell/models/clipboard';
import { now, startClock } from '../../shell/models/clock';
import { push } from '../../shell/models/toasts';
import { runGroupAction } from '../models/groupActions';
import { liveCode } from '../models/groupCode';

interface GroupCodeCardProps {
  conv: ConversationId;
  fold: GroupFold;
  me: PeerId;
}

export function GroupCodeCard({ conv, fold, me }: GroupCodeCardProps) {
  const busy = useSignal(false);
  const revoking = useSignal(false);
  useEffect(startClock, []);
  const code = liveCode(fold, me, now.value);
  const link = code ? formatGroupCodeLink(location.origin + location.pathname, code) : null;
  const name = fold.name ?? '';

  const run = async (act: () => Promise<boolean>) => {
    if (busy.peek()) return;
    busy.value = true;
    await act();
    busy.value = false;
  };
  const create = () => run(() => runGroupAction((api) => api.createCode(conv)));
  const revoke = () =>
    run(async () => {
      const ok = code
        ? await runGroupAction((api) => api.revokeCode(conv, code.link), t('groups.codeRevoked'))
        : false;
      revoking.value = false;
      return ok;
    });
  const copy = async () => {
    if (!link) return;
    const ok = await copyText(link);
    push(
      ok
        ? { kind: 'success', message: t('groups.codeCopied') }
        : { kind: 'error', message: t('groups.codeCopyFailed') },
    );
  };

  return (
    <section class="card group-code" aria-labelledby="group-code-title" data-testid="group-code">
      <h2 class="card__title" id="group-code-title">
        {t('groups.codeTitle')}
      </h2>
      {code && link ? (
        <>
          <p class="group-code__lead">{t('groups.codeLead')}</p>
          <div class="group-code__qr">
            <Qr text={link} label={t('groups.codeQrLabel', { name })} testId="group-code-qr" />
          </div>
          <p
            class="group-code__expiry"
            data-testid="group-code-expiry"
            data-expires-at={code.expires}
          >
            {t('groups.codeExpires', { time: formatDateTime(code.expires, language.value) })}
          </p>
          <details class="group-code__link">
            <summary>{t('groups.codeShowLink')}</summary>
            <code data-testid="group-code-link">{link}</code>
          </details>
          <div class="button-row button-row--center">
            <button
              type="button"
              class="button button--secondary"
              data-testid="group-code-copy"
              onClick={() => void copy()}
            >
              <CopyIcon width="20" height="20" />
              {t('groups.codeCopy')}
            </button>
            <button
              type="button"
              class="button button--secondary"
              data-testid="group-code-new"
              disabled={busy.value}
              aria-busy={busy.value}
              onClick={() => void create()}
            >
              <RefreshIcon width="20" height="20" />
              {t('groups.codeNew')}
            </button>
            <button
              type="button"
              class="button button--danger"
              data-testid="group-code-revoke"
              aria-haspopup="dialog"
              disabled={busy.value}
              onClick={() => {
                revoking.value = true;
              }}
            >
              {t('groups.codeRevoke')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p class="field__hint">{t('groups.codeNone')}</p>
          <button
            type="button"
            class="button button--secondary button--block"
            data-testid="group-code-create"
            disabled={busy.value}
            aria-busy={busy.value}
            onClick={() => void create()}
          >
            {t('groups.codeCreate')}
          </button>
        </>
      )}
      <div class="setting setting--toggle group-code__approval">
        <div class="setting__text">
          <label class="setting__label" for="group-approval">
            {t('groups.approvalLabel')}
          </label>
          <p class="setting__hint" id="group-approval-hint">
            {t('groups.approvalHint')}
          </p>
        </div>
        <input
          id="group-approval"
          class="switch"
          type="checkbox"
          role="switch"
          data-testid="group-approval"
          aria-describedby="group-approval-hint"
          checked={fold.approval}
          disabled={busy.value}
          onChange={(event) => {
            const approval = event.currentTarget.checked;
            void run(() => runGroupAction((api) => api.setMeta(conv, { approval })));
          }}
        />
      </div>
      <ConfirmDialog
        open={revoking.value}
        title={t('groups.codeConfirmRevoke')}
        confirmLabel={t('groups.codeRevoke')}
        danger
        busy={busy.value}
        onCancel={() => {
          revoking.value = false;
        }}
        onConfirm={() => void revoke()}
      >
        <p>{t('groups.codeConfirmRevokeBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
