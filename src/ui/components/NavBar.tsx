/**
 * The top-level navigation: a bottom tab bar on phones, a side list from
 * 768 px (styles/layout.css). Plain links, so the hash router, Back and
 * middle-click all work.
 */
import type { ComponentType } from 'preact';
import type { JSX } from 'preact';
import { t, type MessageKey } from '../i18n';
import { hrefFor, route, TOP_LEVEL, type RouteName } from '../models/router';
import { ChatsIcon, FriendsIcon, MeIcon } from './Icons';

const ITEMS: Readonly<
  Record<RouteName, { label: MessageKey; Icon: ComponentType<JSX.SVGAttributes<SVGSVGElement>> }>
> = {
  chats: { label: 'nav.chats', Icon: ChatsIcon },
  friends: { label: 'nav.friends', Icon: FriendsIcon },
  me: { label: 'nav.me', Icon: MeIcon },
};

export function NavBar() {
  const current = route.value.name;
  return (
    <nav class="nav" aria-label={t('nav.label')}>
      <ul class="nav__list">
        {TOP_LEVEL.map((name) => {
          const { label, Icon } = ITEMS[name];
          return (
            <li key={name}>
              <a
                class="nav__link"
                href={hrefFor({ name })}
                data-testid={`nav-${name}`}
                aria-current={current === name ? 'page' : undefined}
              >
                <Icon class="nav__icon" />
                <span class="nav__label">{t(label)}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
