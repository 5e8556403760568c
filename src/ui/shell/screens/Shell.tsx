/**
 * The signed-in layout: skip link, header (brand + connection status),
 * navigation and the current screen. Phones get a bottom tab bar; from 768 px
 * a side nav and a content pane (shell/styles/layout.css); from 900 px the chats list and the
 * open chat share that pane (shell/models/layout.ts).
 */
import { useEffect, useRef } from 'preact/hooks';
import type { JSX } from 'preact';
import { isPeerId } from '../../../lib/ids';
import { t, withStrings } from '../../i18n';
import { hrefFor, route, type Route } from '../models/router';
import { ChatsScreen } from '../../chat/screens/ChatsScreen';
import { ChatsIcon } from '../../components/Icons';
import { EmptyState } from '../../components/EmptyState';
import { ConnectionIndicator } from '../../components/ConnectionIndicator';
import { lazy } from '../../components/Lazy';
import { panesOf, takeKeepListFocus, watchLayout, wide } from '../models/layout';
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
const FilesScreen = lazy(() =>
  withStrings(['files', 'chat'], import('../../files/screens/FilesScreen')).then(
    (m) => m.FilesScreen,
  ),
);
const MomentsScreens = lazy(() =>
  withStrings(['moments'], import('../../moments/screens/MomentsScreens')).then(
    (m) => m.MomentsScreens,
  ),
);
const ShareScreen = lazy(() =>
  withStrings(['files'], import('../../share/ShareScreen')).then((m) => m.ShareScreen),
);

/** The right pane while no chat is open beside the list. */
function SelectChat() {
  return (
    <EmptyState
      testId="chat-select"
      icon={<ChatsIcon width="40" height="40" />}
      title={t('chats.selectTitle')}
      body={t('chats.selectBody')}
    />
  );
}

/** The chats list and, beside it, the open chat (or an invitation to pick one). */
function Panes({ open }: { open: string | null }) {
  return (
    <div class="panes" data-testid="panes">
      <section class="panes__list" aria-label={t('chats.title')}>
        <ChatsScreen current={open} />
      </section>
      <section class="panes__chat" data-testid="panes-chat">
        {open ? <ChatScreen key={open} id={open} /> : <SelectChat />}
      </section>
    </div>
  );
}

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
    case 'files':
      return <FilesScreen id={current.id} />;
    case 'share':
      return <ShareScreen error={current.error} />;
    case 'newGroup':
      return <NewGroupScreen />;
    case 'group':
      return <GroupInfoScreen id={current.id} />;
    case 'joinGroup':
      return <JoinGroupScreen payload={current.payload} />;
    case 'moments':
      return <MomentsScreens path={current.path} />;
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
  const panes = panesOf(current, wide.value);
  const screen = panes ? <Panes open={panes.open} /> : screenFor(current);
  // Two panes stay mounted while chats open and close, so the list keeps its scroll and focus.
  const screenKey = panes ? 'panes' : href;
  useEffect(watchLayout, []);
  // document.title is the attention model's (`(N) Plume`, shell/models/attention.ts): not set here.

  // After navigation, move focus to the new screen's heading (not on first load).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    // Moving through the list with the keyboard keeps focus there; the chat opens beside it.
    if (takeKeepListFocus()) return;
    const pane = panes ? main.current?.querySelector('.panes__chat') : main.current;
    pane?.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
    main.current?.scrollTo({ top: 0 });
  }, [href]);

  const skipToContent = (event: JSX.TargetedMouseEvent<HTMLAnchorElement>) => {
    // The hash belongs to the router, so move focus by hand instead.
    event.preventDefault();
    main.current?.focus();
  };

  return (
    // A chat fills the screen on phones (no header or tab bar): see chat/chats.css.
    <div
      class={panes ? 'shell shell--panes' : current.name === 'chat' ? 'shell shell--chat' : 'shell'}
    >
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
        {/* Keyed by route (two panes: by layout), so each screen starts fresh (the scanner restarts its camera). */}
        <div key={screenKey} class="main__screen">
          {screen}
        </div>
      </main>
    </div>
  );
}
