/**
 * The signed-in layout: skip link, header (brand + connection status),
 * navigation and the current screen. Phones get a bottom tab bar; from 768 px
 * a side nav and a content pane (styles/layout.css).
 */
import { useEffect, useRef } from 'preact/hooks';
import type { JSX } from 'preact';
import { t, type MessageKey } from '../i18n';
import { route, type RouteName } from '../models/router';
import { ChatsScreen } from '../screens/ChatsScreen';
import { FriendsScreen } from '../screens/FriendsScreen';
import { MeScreen } from '../screens/MeScreen';
import { ConnectionIndicator } from './ConnectionIndicator';
import { NavBar } from './NavBar';

const SCREENS: Readonly<Record<RouteName, { Screen: () => JSX.Element; title: MessageKey }>> = {
  chats: { Screen: ChatsScreen, title: 'chats.title' },
  friends: { Screen: FriendsScreen, title: 'friends.title' },
  me: { Screen: MeScreen, title: 'me.title' },
};

export function Shell() {
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const name = route.value.name;
  const { Screen, title } = SCREENS[name];
  const screenTitle = t(title);

  useEffect(() => {
    document.title = `${screenTitle} · ${t('app.name')}`;
  }, [screenTitle]);

  // After navigation, move focus to the new screen's heading (not on first load).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
    main.current?.scrollTo({ top: 0 });
  }, [name]);

  const skipToContent = (event: JSX.TargetedMouseEvent<HTMLAnchorElement>) => {
    // The hash belongs to the router, so move focus by hand instead.
    event.preventDefault();
    main.current?.focus();
  };

  return (
    <div class="shell">
      <a class="skip-link" href="#main" onClick={skipToContent}>
        {t('app.skipToContent')}
      </a>
      <header class="header">
        <a class="brand" href="#/chats">
          <img class="brand__logo" src="/icons/icon.svg" alt="" width="28" height="28" />
          <span class="brand__name">{t('app.name')}</span>
        </a>
        <ConnectionIndicator />
      </header>
      <NavBar />
      <main id="main" class="main" tabIndex={-1} ref={main}>
        <Screen />
      </main>
    </div>
  );
}
