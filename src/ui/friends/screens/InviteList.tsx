/** Earlier invites: which are still valid, which expired, and who used which. */
import { language, t } from '../../i18n';
import { formatDateTime } from '../../i18n/time';
import { people } from '../models/friends';
import { invites, type InviteView } from '../models/invites';

function statusText(invite: InviteView): string {
  const lang = language.value;
  switch (invite.status) {
    case 'used': {
      const who = people.value.find((p) => p.id === invite.usedBy);
      return t('code.usedBy', {
        name: who?.title ?? t('code.someone'),
        time: formatDateTime(invite.usedAt ?? invite.createdAt, lang),
      });
    }
    case 'expired':
      return t('code.expiredAt', { time: formatDateTime(invite.expiresAt, lang) });
    case 'valid':
      return t('code.validUntil', { time: formatDateTime(invite.expiresAt, lang) });
  }
}

const STATUS_LABEL = {
  used: 'code.statusUsed',
  expired: 'code.statusExpired',
  valid: 'code.statusValid',
} as const;

export function InviteList({ currentLink }: { currentLink: string | null }) {
  const earlier = invites.value.filter((invite) => invite.link !== currentLink);
  if (earlier.length === 0) return null;
  return (
    <section class="card" aria-labelledby="invite-list-title">
      <h2 class="card__title" id="invite-list-title">
        {t('code.earlier')}
      </h2>
      <ul class="invites" data-testid="invite-list">
        {earlier.map((invite) => (
          <li
            key={invite.link}
            class="invites__item"
            data-testid="invite-item"
            data-status={invite.status}
          >
            <span class={`pill pill--${invite.status}`}>{t(STATUS_LABEL[invite.status])}</span>
            <span class="invites__text">
              <span>{statusText(invite)}</span>
              <span class="invites__made">
                {t('code.madeAt', { time: formatDateTime(invite.createdAt, language.value) })}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
