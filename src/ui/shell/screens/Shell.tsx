/**
 * The signed-in layout: skip link, header (brand + connection status),
 * navigation and the current screen. Phones get a bottom tab bar; from 768 px
 * a side nav and a content pane (shell/styles/layout.css).
 */
import { useEffect, useRef } from 'preact/hooks';
import type { JSX } from 'preact';
import { isPeerId } from '../../../lib/ids';
import { t, withStrings } from '../../i18n';
import { hrefFor, route, type Route } from '../models/router';
import { ChatsScreen } from '../../chat/screens/ChatsScreen';
import { ConnectionIndicator } from '../../components/ConnectionIndicator';
import { lazy } from '../../components/Lazy';
import { NavBar } from './NavBar';

// Not needed on a first visit: separate chunks (qrcode and html5-qrcode are further chunks of
// these). Friends and Me are tabs a first visit does not open; the service worker precaches them.
const FriendsScreen = lazy(() =>
  withStrings(['friends'], import('../../friends/screens/FriendsScreen')).then(
    (m) => m.FriendsScreen,
  ),
);
const MeScreen = lazy(() =>
  withStrings(['me', 'friends'], import('../../me/screens/MeScreen')).then((m) => m.MeScreen),
);
const MyCodeScreen = lazy(() =>
  withStrings(['friends'], import('../../friends/screens/MyCodeScreen')).then(
    (m) => m.MyCodeScreen,
  ),
);
const ScanScreen = lazy(() =>
  withStrings(['friends'], import('../../friends/screens/ScanScreen')).then((m) => m.ScanScreen),
);
const AddInviteScreen = lazy(() =>
  withStrings(['friends'], import('../../friends/screens/AddInviteScreen')).then(
    (m) => m.AddInviteScreen,
  ),
);
const ChatScreen = lazy(() =>
  withStrings(['chat'], import('../../chat/screens/ChatScreen')).then((m) => m.ChatScreen),
);
const FriendDetailScreen = lazy(() =>
  withStrings(['friends', 'me'], import('../../friends/screens/FriendDetailScreen')).then(
    (m) => m.FriendDetailScreen,
  ),
);
const groupScreens = () => import('../../groups/screens/GroupScreens');
const NewGroupScreen = lazy(() => groupScreens().then((m) => m.NewGroupScreen));
const GroupInfoScreen = lazy(() => groupScreens().then((m) => m.GroupInfoScreen));
const JoinGroupScreen = lazy(() => groupScreens().then((m) => m.JoinGroupScreen));
const StorageScreen = lazy(() =>
  import('../../files/screens/StorageScreen').then((m) => m.StorageScreen),
);

/** The screen for a route. */
function screenFor(current: Route): JSX.Element {
  switch (current.name) {
    case 'chats':
      return <ChatsScreen />;
    case 'chat':
      return <ChatScreen id={current.id} />;
    case 'friends':
      return <FriendsScreen />;
    case 'me':
      return <MeScreen />;
    case 'code':
      return <MyCodeScreen />;
    case 'scan':
      return <ScanScreen mode="add" />;
    case 'add':
      return <AddInviteScreen payload={current.payload} />;
    case 'friend':
      return <FriendDetailScreen id={current.id} />;
    case 'storage':
      return <StorageScreen />;
    case 'newGroup':
      return <NewGroupScreen />;
    case 'group':
      return <GroupInfoScreen id={current.id} />;
    case 'joinGroup':
      return <JoinGroupScreen payload={current.payload} />;
    case 'verify':
      return isPeerId(current.id) ? (
        <ScanScreen mode="verify" id={current.id} />
      ) : (
        <FriendsScreen />
      );
  }
}

export function Shell() {
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const current = route.value;
  const href = hrefFor(current);
  const screen = screenFor(current);
  // document.title is the attention model's (`(N) Plume`, shell/models/attention.ts): not set here.

  // After navigation, move focus to the new screen's heading (not on first load).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
    main.current?.scrollTo({ top: 0 });
  }, [href]);

  const skipToContent = (event: JSX.TargetedMouseEvent<HTMLAnchorElement>) => {
    // The hash belongs to the router, so move focus by hand instead.
    event.preventDefault();
    main.current?.focus();
  };

  return (
    // A chat fills the screen on phones (no header or tab bar): see chat/chats.css.
    <div class={current.name === 'chat' ? 'shell shell--chat' : 'shell'}>
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
        {/* Keyed by route, so each screen starts fresh (the scanner restarts its camera). */}
        <div key={href} class="main__screen">
          {screen}
        </div>
      </main>
    </div>
  );
}
