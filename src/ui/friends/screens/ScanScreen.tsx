/**
 * "Add a friend" (#/scan) and "Verify" (#/friend/<id>/verify): the camera, a
 * picture of a code, or a pasted link. A text that is not what we expect gets
 * a clear sentence and changes nothing. The camera stops when the screen goes.
 */
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { GROUP_CODE_ROUTE, isGroupCodeText } from '../../../lib/groupCode';
import { parseInviteLink } from '../../../lib/invite';
import type { PeerId } from '../../../lib/ids';
import { Screen } from '../../components/Screen';
import { t, type MessageKey } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { addFromInvite, people } from '../models/friends';
import { verifyByScan, type ScanSource } from '../models/safety';
import { hrefFor, navigate } from '../../shell/models/router';
import { push } from '../../shell/models/toasts';
import { addFailureText, addSuccessText } from './inviteText';
import { ScanAlternatives } from './ScanAlternatives';
import { Viewfinder } from './Viewfinder';
import '../friends.css';

type Mode = { mode: 'add' } | { mode: 'verify'; id: PeerId };

const VERIFY_FAILURE: Readonly<Record<string, MessageKey>> = {
  'not-safety-code': 'verify.notSafetyCode',
  'unsupported-version': 'verify.unsupportedVersion',
  mismatch: 'verify.mismatch',
};

/** Where the app itself lives, to spot an invite from another Plume server ([INV-12]). */
function ownBase(): string {
  return location.origin + location.pathname;
}

export function ScanScreen(props: Mode) {
  const problem = useSignal<{ text: string; reason: string } | null>(null);
  const busy = useSignal(false);
  // The camera reports the same code many times a second; act on it once.
  const lastText = useRef<string | null>(null);
  const friend = props.mode === 'verify' ? people.value.find((p) => p.id === props.id) : undefined;
  const name = friend?.title ?? '';

  const addFriend = async (text: string) => {
    if (isGroupCodeText(text)) return openGroupCode(text);
    const parsed = await parseInviteLink(text);
    const result = await addFromInvite(text);
    if (!result.ok) {
      problem.value = { text: addFailureText(result), reason: result.reason };
      return;
    }
    const title =
      people.peek().find((p) => p.id === result.id)?.title ?? (parsed.ok ? parsed.invite.name : '');
    push({ kind: 'success', message: addSuccessText(result.state, title) });
    if (parsed.ok && parsed.base && parsed.base !== ownBase()) {
      push({
        kind: 'info',
        message: t('invite.otherServer', { name: title, server: parsed.base }),
      });
    }
    navigate({ name: 'friends' }, { replace: true });
  };

  // A group code opens the join screen, as opening its link does. [GRP-41]
  const openGroupCode = (text: string) => {
    const trimmed = text.trim();
    const at = trimmed.indexOf(GROUP_CODE_ROUTE);
    navigate({ name: 'joinGroup', payload: trimmed.slice(at + GROUP_CODE_ROUTE.length) });
  };

  const verify = async (id: PeerId, text: string, source: ScanSource) => {
    const result = await verifyByScan(id, text, source);
    if (!result.ok) {
      const reason = result.reason ?? 'mismatch';
      const key = VERIFY_FAILURE[reason];
      problem.value = {
        text: key ? t(key, { name }) : t('verify.failed', { reason }),
        reason,
      };
      return;
    }
    push({ kind: 'success', message: t('verify.done', { name }) });
    navigate({ name: 'friend', id }, { replace: true });
  };

  // Only the camera counts as in person for an invite QR ([SAFE-6]); pictures come as 'file'.
  const handle = async (text: string, source: ScanSource = 'file') => {
    if (busy.peek()) return;
    busy.value = true;
    problem.value = null;
    try {
      if (props.mode === 'add') await addFriend(text);
      else await verify(props.id, text, source);
    } catch (err) {
      problem.value = { text: t('scan.failed', { reason: errorText(err) }), reason: 'error' };
    } finally {
      busy.value = false;
    }
  };

  const onCameraText = (text: string) => {
    if (text === lastText.current) return;
    lastText.current = text;
    void handle(text, 'camera');
  };

  const verifying = props.mode === 'verify';
  return (
    <Screen
      title={verifying ? t('verify.title', { name }) : t('scan.title')}
      back={verifying ? hrefFor({ name: 'friend', id: props.id }) : hrefFor({ name: 'friends' })}
      testId={verifying ? 'verify-screen' : 'scan-screen'}
    >
      <div class="cards">
        <Viewfinder
          onText={onCameraText}
          hint={verifying ? t('verify.hint', { name }) : t('scan.hint')}
        />
        {busy.value && (
          <p class="scan__busy" role="status" data-testid="scan-busy">
            <span class="spinner" aria-hidden="true" />
            {verifying ? t('verify.checking') : t('scan.adding')}
          </p>
        )}
        <div class="scan__result" role="alert">
          {problem.value && (
            <p class="scan__error" data-testid="scan-error" data-reason={problem.value.reason}>
              {problem.value.text}
            </p>
          )}
        </div>
        <ScanAlternatives
          onText={handle}
          onNoCode={(reason) => {
            const text = t(reason === 'reader' ? 'scan.readerFailed' : 'scan.noCodeInImage');
            problem.value = { text, reason };
          }}
          busy={busy.value}
          allowPaste={!verifying}
        />
        {!verifying && (
          <p class="facts__hint">
            {t('scan.orShowYours')}{' '}
            <a href={hrefFor({ name: 'code' })} data-testid="scan-my-code-link">
              {t('friends.showMyCode')}
            </a>
          </p>
        )}
      </div>
    </Screen>
  );
}
