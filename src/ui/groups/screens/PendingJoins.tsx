/**
 * The joins by group code that wait for an admin's approval, on the Chats screen above the
 * chats: each names its group, says it is waiting, and opens the join screen. Mounting it asks
 * again about each ([GRP-81]); an accepted join opens into its chat with a toast. A chunk of its
 * own, loaded by the Chats screen, so the first visit does not download it.
 */
import { useEffect } from 'preact/hooks';
import { getDb } from '../../../db/db';
import { systemClock } from '../../../lib/clock';
import { formatGroupCodePayload, type GroupCode } from '../../../lib/groupCode';
import { Avatar } from '../../components/Avatar';
import { t } from '../../i18n';
import { hrefFor } from '../../shell/models/router';
import { push } from '../../shell/models/toasts';
import { groupsApi } from '../models/groupsApi';
import { pendingJoins, startPendingJoins } from '../models/pendingJoins';

function onOnline(callback: () => void): () => void {
  window.addEventListener('online', callback);
  return () => window.removeEventListener('online', callback);
}

function ended(code: GroupCode, outcome: 'member' | 'declined'): void {
  const name = code.name || t('groups.joinLeadUnnamed');
  if (outcome === 'member') push({ kind: 'success', message: t('groups.joinDone', { name }) });
  else push({ kind: 'info', message: t('groups.pendingDeclined', { name }) });
}

export function PendingJoins() {
  const api = groupsApi();
  useEffect(
    () =>
      startPendingJoins({
        db: getDb(),
        api: () => api,
        clock: systemClock,
        now: () => Date.now(),
        onOnline,
        onEnd: ended,
      }),
    [api],
  );
  const joins = pendingJoins.value;
  if (joins.length === 0) return null;
  return (
    <ul class="list chat-list" data-testid="pending-joins" aria-label={t('groups.pendingList')}>
      {joins.map(({ code }) => {
        const title = code.name || t('chats.groupUnnamed');
        return (
          <li key={code.conv} class="chat-row" data-testid="pending-join" data-conv={code.conv}>
            <a
              class="chat-row__link"
              href={hrefFor({ name: 'joinGroup', payload: formatGroupCodePayload(code) })}
            >
              <span class="person__avatar">
                <Avatar name={title} src={null} seed={code.conv} />
              </span>
              <span class="chat-row__body">
                <span class="chat-row__top">
                  <span class="chat-row__title">{title}</span>
                </span>
                <span class="chat-row__bottom">
                  <span class="chat-row__preview" data-testid="pending-join-status">
                    {t('groups.pendingStatus')}
                  </span>
                </span>
              </span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
