/**
 * The call is over: why (declined, no answer, busy…), shown briefly, then
 * the screen closes by itself. A media problem (my camera or microphone
 * refused when I rang) stays, with Retry, which rings again. Busy plays the
 * busy signal.
 */
import { useEffect } from 'preact/hooks';
import { MAX_CALL_PEOPLE, type CallSnapshot } from '../../../peers/calls/api';
import { t } from '../../i18n';
import { endKey, mediaErrorKey, present } from '../models/callsFormat';
import { act } from '../models/callsModel';
import { identityKeys } from '../../me/models/identity';
import { personOf } from '../../chat/screens/person';
import { Avatar } from '../../components/Avatar';
import { playTone } from './tones';
import { after, systemClock } from '../../../lib/clock';

/** How long the ended screen stays before it closes by itself. */
export const ENDED_SHOW_MS = 2_000;

export function CallEnded({ snapshot: s }: { snapshot: CallSnapshot }) {
  // Told the call is full: it stays until closed, so the reason is read, not missed.
  const stays = s.mediaError !== null || s.endReason === 'full';
  useEffect(() => {
    if (s.endReason === 'busy') return playTone('busy');
  }, [s.endReason]);
  useEffect(() => {
    if (stays) return;
    return after(systemClock, ENDED_SHOW_MS, () => act('dismiss', (e) => e.dismiss()));
  }, [stays]);

  // My id from the identity model: the call screen needs nothing of the chat models.
  const me = identityKeys.peek()?.id ?? null;
  const caller = s.caller !== null && s.caller === me;
  const others = s.participants.filter((p) => p.peer !== me);
  const shown = (present(others).length > 0 ? present(others) : others).map((p) =>
    personOf(p.peer),
  );
  return (
    <div class="call-ring" data-testid="call-ended" data-reason={s.endReason ?? ''}>
      <div class="call-who">
        <div class="call-who__faces">
          {shown.map((person) => (
            <Avatar
              key={person.id}
              name={person.title}
              src={person.avatar}
              seed={person.id}
              size="l"
            />
          ))}
        </div>
        <h2 id="call-title" class="call-who__name" tabIndex={-1}>
          {shown.map((p) => p.title).join(', ')}
        </h2>
        <p class="call-who__line" role="status">
          {t(endKey(s.endReason, caller), { count: MAX_CALL_PEOPLE })}
        </p>
        {s.mediaError && <p class="call-ended__why">{t(mediaErrorKey(s.mediaError))}</p>}
      </div>
      <div class="call-ring__actions">
        {s.mediaError && s.mediaError !== 'unsupported' && (
          <button
            type="button"
            class="button button--primary"
            data-testid="call-retry"
            onClick={() => act('retry', (e) => e.retryMedia())}
          >
            {t('calls.retry')}
          </button>
        )}
        <button
          type="button"
          class={`button ${s.mediaError ? 'button--secondary' : 'button--primary'}`}
          data-testid="call-close"
          onClick={() => act('dismiss', (e) => e.dismiss())}
        >
          {t('calls.close')}
        </button>
      </div>
    </div>
  );
}
