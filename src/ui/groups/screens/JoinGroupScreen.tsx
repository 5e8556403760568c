/**
 * Joining a group by its code (#/join/<code>, from the scanner or an opened link): the group's
 * name as the code gives it, an optional message for the admins, Join, the progress, and what
 * went wrong in words (expired, revoked, damaged, nobody reachable). A member is taken to the
 * chat; a request waiting for approval says so. [GRP-41], [GRP-44], [GRP-45]
 */
import { useSignal } from '@preact/signals';
import { GROUP_REASON_MAX_CHARS } from '../../../lib/group/bodies';
import { GROUP_CODE_ROUTE, parseGroupCode } from '../../../lib/groupCode';
import { Screen } from '../../components/Screen';
import { language, t, type MessageKey } from '../../i18n';
import { formatDateTime } from '../../i18n/time';
import { hrefFor, navigate } from '../../shell/models/router';
import { push } from '../../shell/models/toasts';
import { getDb } from '../../../db/db';
import { peekGroupsApi } from '../models/groupsApi';
import { forgetJoin, pendingJoins, rememberJoin } from '../models/pendingJoins';
import '../groups.css';

type JoinState =
  | { state: 'idle' }
  | { state: 'working'; step: 'reaching' | 'checking' | 'joining' | 'syncing' }
  | { state: 'pending' }
  | { state: 'failed'; reason: string };

const STEP_TEXT: Record<'reaching' | 'checking' | 'joining' | 'syncing', MessageKey> = {
  reaching: 'groups.joinReaching',
  checking: 'groups.joinChecking',
  joining: 'groups.joinJoining',
  syncing: 'groups.joinSyncing',
};

const FAILURE_TEXT: Record<string, MessageKey> = {
  expired: 'groups.joinFailExpired',
  revoked: 'groups.joinFailRevoked',
  unknown: 'groups.joinFailUnknown',
  full: 'groups.joinFailFull',
  invalid: 'groups.joinFailInvalid',
  unreachable: 'groups.joinFailUnreachable',
  corrupt: 'groups.joinFailCorrupt',
  damaged: 'groups.joinFailDamaged',
  declined: 'groups.joinFailDeclined',
};

/** The reason a join failed: a JoinError's, else "invalid". */
function reasonOf(err: unknown): string {
  const reason = (err as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' && reason in FAILURE_TEXT ? reason : 'invalid';
}

export function JoinGroupScreen({ payload }: { payload: string }) {
  const parsed = parseGroupCode(`${GROUP_CODE_ROUTE}${payload}`);
  const status = useSignal<JoinState>(
    parsed.ok ? { state: 'idle' } : { state: 'failed', reason: 'damaged' },
  );
  const reason = useSignal('');
  const code = parsed.ok ? parsed.code : null;
  const name = code?.name ?? '';

  const join = async () => {
    const api = peekGroupsApi();
    if (!code || status.peek().state === 'working') return;
    if (!api) {
      push({ kind: 'info', message: t('groups.notReady') });
      return;
    }
    status.value = { state: 'working', step: 'reaching' };
    try {
      const text = reason.peek().trim();
      const again = pendingJoins.peek().some((j) => j.code.conv === code.conv);
      const onStep = (step: 'reaching' | 'checking' | 'joining' | 'syncing') => {
        status.value = { state: 'working', step };
      };
      const outcome = await api.join(code, text === '' ? undefined : text, onStep, again);
      if (outcome === 'pending') {
        status.value = { state: 'pending' };
        // [GRP-81] Remembered, so the Chats screen shows it and asks again after a reload.
        await rememberJoin(getDb(), code, Date.now());
        return;
      }
      await forgetJoin(getDb(), code.conv);
      const held = await api.view(code.conv);
      push({ kind: 'success', message: t('groups.joinDone', { name: held?.name ?? name }) });
      navigate({ name: 'chat', id: code.conv }, { replace: true });
    } catch (err) {
      status.value = { state: 'failed', reason: reasonOf(err) };
    }
  };

  const current = status.value;
  const working = current.state === 'working';
  return (
    <Screen title={t('groups.joinTitle')} back={hrefFor({ name: 'chats' })} testId="group-join">
      <div class="cards">
        <section class="card" aria-labelledby="group-join-lead">
          <p id="group-join-lead" data-testid="group-join-name">
            {name ? t('groups.joinLead', { name }) : t('groups.joinLeadUnnamed')}
          </p>
          {code && (
            <p class="field__hint">
              {t('groups.joinExpires', { time: formatDateTime(code.expires, language.value) })}
            </p>
          )}
          {code && current.state !== 'pending' && (
            <form
              class="form"
              onSubmit={(event) => {
                event.preventDefault();
                void join();
              }}
            >
              <label class="field">
                <span class="field__label">{t('groups.joinReasonLabel')}</span>
                <textarea
                  class="input group-join__reason"
                  data-testid="group-join-reason"
                  rows={2}
                  maxLength={GROUP_REASON_MAX_CHARS}
                  aria-describedby="group-join-reason-hint"
                  value={reason.value}
                  disabled={working}
                  onInput={(event) => {
                    reason.value = event.currentTarget.value;
                  }}
                />
                <span class="field__hint" id="group-join-reason-hint">
                  {t('groups.joinReasonHint')}
                </span>
              </label>
              <button
                type="submit"
                class="button button--primary button--block"
                data-testid="group-join-button"
                disabled={working}
                aria-busy={working}
              >
                {current.state === 'failed' ? t('groups.joinRetry') : t('groups.joinButton')}
              </button>
            </form>
          )}
          <div role="status" data-testid="group-join-status">
            {working && (
              <p class="scan__busy">
                <span class="spinner" aria-hidden="true" />
                {t(STEP_TEXT[current.step])}
              </p>
            )}
            {current.state === 'pending' && (
              <p data-testid="group-join-pending">{t('groups.joinPending')}</p>
            )}
          </div>
          <div role="alert">
            {current.state === 'failed' && (
              <p class="field__problem" data-testid="group-join-error" data-reason={current.reason}>
                {t(FAILURE_TEXT[current.reason] ?? 'groups.joinFailInvalid')}
              </p>
            )}
          </div>
          {current.state === 'pending' && (
            <button
              type="button"
              class="button button--secondary button--block"
              data-testid="group-join-again"
              onClick={() => void join()}
            >
              {t('groups.joinRetry')}
            </button>
          )}
        </section>
      </div>
    </Screen>
  );
}
