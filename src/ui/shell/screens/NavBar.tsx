/**
 * The top-level navigation: a bottom tab bar on phones, a side list from
 * 768 px (shell/styles/layout.css). Plain links, so the hash router, Back and
 * middle-click all work.
 */
import type { ComponentType } from 'preact';
import type { JSX } from 'preact';
import { t, type MessageKey } from '../../i18n';
import { totalUnread } from '../../chat/models/chats';
import { attentionCount, people } from '../../friends/models/friends';
import { route, topLevelOf, TOP_LEVEL, type TopLevelName } from '../models/router';
import { ChatsIcon, FriendsIcon, MeIcon, MomentsIcon } from '../../components/Icons';
import { momentsMarks } from '../models/momentsMarks';

const ITEMS: Readonly<
  Record<TopLevelName, { label: MessageKey; Icon: ComponentType<JSX.SVGAttributes<SVGSVGElement>> }>
> = {
  chats: { label: 'nav.chats', Icon: ChatsIcon },
  friends: { label: 'nav.friends', Icon: FriendsIcon },
  moments: { label: 'nav.moments', Icon: MomentsIcon },
  me: { label: 'nav.me', Icon: MeIcon },
};

export function NavBar() {
  const current = topLevelOf(route.value);
  const attention = attentionCount(people.value);
  const unread = totalUnread.value;
  const { unseen, notices } = momentsMarks.value;
  return (
    <nav class="nav" aria-label={t('nav.label')}>
      <ul class="nav__list">
        {TOP_LEVEL.map((name) => {
          const { label, Icon } = ITEMS[name];
          return (
            <li key={name}>
              <a
                class="nav__link"
                href={`#/${name}`}
                data-testid={`nav-${name}`}
                aria-current={current === name ? 'page' : undefined}
              >
                <span class="nav__icon-wrap">
                  <Icon class="nav__icon" />
                  {name === 'friends' && attention > 0 && (
                    <span class="nav__badge" data-testid="nav-friends-badge" aria-hidden="true">
                      {attention > 9 ? '9+' : attention}
                    </span>
                  )}
                  {name === 'chats' && unread > 0 && (
                    <span class="nav__badge" data-testid="nav-chats-badge" aria-hidden="true">
                      {unread > 99 ? '99+' : unread}
                    </span>
                  )}
                  {name === 'moments' &&
                    (notices > 0 ? (
                      <span class="nav__badge" data-testid="nav-moments-badge" aria-hidden="true">
                        {notices > 99 ? '99+' : notices}
                      </span>
                    ) : (
                      unseen > 0 && (
                        <span class="nav__dot" data-testid="nav-moments-dot" aria-hidden="true" />
                      )
                    ))}
                </span>
                <span class="nav__label">{t(label)}</span>
                {name === 'friends' && attention > 0 && (
                  <span class="visually-hidden"> {t('nav.attention', { count: attention })}</span>
                )}
                {name === 'chats' && unread > 0 && (
                  <span class="visually-hidden"> {t('nav.unread', { count: unread })}</span>
                )}
                {name === 'moments' && notices > 0 && (
                  <span class="visually-hidden">
                    {' '}
                    {t('moments.navNotices', { count: notices })}
                  </span>
                )}
                {name === 'moments' && unseen > 0 && (
                  <span class="visually-hidden"> {t('moments.navUnseen')}</span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
