/**
 * Join requests, for admins and the owner: who waits, who asked (the person by code, or the
 * inviting member) and their message, with Accept and Decline. [GRP-11]
 */
import type { GroupFold } from '../../../lib/group/types';
import type { ConversationId, PeerId } from '../../../lib/ids';
import { t } from '../../i18n';
import { runGroupAction } from '../models/groupActions';
import { requestRows } from '../models/groupCode';

interface RequestsCardProps {
  conv: ConversationId;
  fold: GroupFold;
  me: PeerId;
  /** A person's name as this device shows it. */
  nameOf: (peer: PeerId) => string;
}

export function RequestsCard({ conv, fold, me, nameOf }: RequestsCardProps) {
  const rows = requestRows(fold, me);
  if (rows.length === 0) return null;
  return (
    <section class="card" aria-labelledby="group-requests-title" data-testid="group-requests">
      <h2 class="card__title" id="group-requests-title">
        {t('groups.requestsTitle')}{' '}
        <span class="badge badge--notice" data-testid="group-requests-count">
          {t('groups.requestsBadge', { count: rows.length })}
        </span>
      </h2>
      <ul class="group-requests">
        {rows.map((row) => {
          const name = nameOf(row.id);
          return (
            <li class="group-requests__item" key={row.id} data-testid="group-request">
              <strong>{name}</strong>
              <span class="field__hint">
                {row.byCode
                  ? t('groups.requestSelf')
                  : t('groups.requestBy', { name: nameOf(row.by) })}
              </span>
              <p class="group-requests__reason" dir="auto" data-testid="group-request-reason">
                {row.reason ?? t('groups.requestNoReason')}
              </p>
              <div class="button-row">
                <button
                  type="button"
                  class="button button--primary"
                  data-testid="group-request-accept"
                  aria-label={t('groups.requestAcceptLabel', { name })}
                  onClick={() =>
                    void runGroupAction(
                      (api) => api.accept(conv, row.id),
                      t('groups.requestAccepted', { name }),
                    )
                  }
                >
                  {t('groups.requestAccept')}
                </button>
                <button
                  type="button"
                  class="button button--secondary"
                  data-testid="group-request-decline"
                  aria-label={t('groups.requestDeclineLabel', { name })}
                  onClick={() =>
                    void runGroupAction(
                      (api) => api.decline(conv, row.id),
                      t('groups.requestDeclined', { name }),
                    )
                  }
                >
                  {t('groups.requestDecline')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
