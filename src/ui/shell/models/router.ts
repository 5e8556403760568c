/**
 * Hash router. Routes live in the fragment (`#/chats`) so that every app URL is
 * served by the one precached index.html, online or not, and invite links
 * (`#/add/<invite>`) open the installed app.
 */
import { signal } from '@preact/signals';

/** A screen and its parameters. */
export type Route =
  | { name: 'chats' }
  /** One conversation; `id` is its ConversationId as written in the hash. */
  | { name: 'chat'; id: string }
  /** The files sent in one conversation ([FILES-PAGE-1]). */
  | { name: 'files'; id: string }
  /** Something shared into Plume waits for a chat ([SHARE-4]); `error` says why it was refused. */
  | { name: 'share'; error: string | null }
  | { name: 'friends' }
  | { name: 'me' }
  /** An opened invite link; `payload` is everything after `#/add/`, untouched. */
  | { name: 'add'; payload: string }
  | { name: 'friend'; id: string }
  /** The camera scanner in "verify this friend" mode. */
  | { name: 'verify'; id: string }
  | { name: 'code' }
  | { name: 'scan' }
  /** Space used by files, per chat, and the auto-download setting. */
  | { name: 'storage' }
  /** Start a group with friends. */
  | { name: 'newGroup' }
  /** A group's info: members, roles, announcement, leave. `id` is its ConversationId. */
  | { name: 'group'; id: string }
  /** An opened or scanned group code; `payload` is everything after `#/join/`, untouched. */
  | { name: 'joinGroup'; payload: string }
  /**
   * Moments; `path` names the screen (moments/screens/momentsPath.ts): '' the feed, `new`,
   * `settings`, `of/<peer>` one person's, `post/<key>` one moment.
   */
  | { name: 'moments'; path: string };
export type RouteName = Route['name'];
/** The places in the navigation bar. */
export type TopLevelName = 'chats' | 'friends' | 'moments' | 'me';

/** The top-level places, in navigation order. */
export const TOP_LEVEL: readonly TopLevelName[] = ['chats', 'friends', 'moments', 'me'];

/** Where the app opens when the hash names no route. */
export const DEFAULT_ROUTE: Route = { name: 'chats' };

/** A PeerId as it may appear in a route (lowercase base32, 32 characters). */
const PEER_ID_RE = /^[a-z2-7]{32}$/;
/** A ConversationId as it may appear in a route: URL-safe, bounded. */
const CONV_ID_RE = /^[A-Za-z0-9_:.-]{4,128}$/;
/** Why the service worker refused a share, as it writes it in the route: a short word. */
const SHARE_ERROR_RE = /^[a-z-]{1,32}$/;
/** A moments screen as it may appear after `#/moments/`. */
const MOMENTS_PATH_RE = /^(new|settings|of\/[a-z2-7]{32}|post\/[\w:.-]{4,128})$/;

/** Parse `location.hash`; anything unknown opens the default route. */
export function parseHash(hash: string): Route {
  const full = hash.replace(/^#\/?/, '');
  // The invite payload may hold `%XX` escapes and `.`; keep it exactly as written.
  if (full.startsWith('add/')) return { name: 'add', payload: full.slice('add/'.length) };
  if (full.startsWith('join/')) return { name: 'joinGroup', payload: full.slice('join/'.length) };
  const parts = (full.split('?')[0] ?? '').split('/');
  const [path = '', param = '', sub = ''] = parts;
  switch (path) {
    case 'chats':
    case 'friends':
    case 'me':
    case 'code':
    case 'scan':
    case 'storage':
      return { name: path };
    case 'chat':
      if (!CONV_ID_RE.test(param)) return { name: 'chats' };
      return sub === 'files' ? { name: 'files', id: param } : { name: 'chat', id: param };
    case 'share':
      return { name: 'share', error: SHARE_ERROR_RE.test(param) ? param : null };
    case 'group':
      if (param === 'new') return { name: 'newGroup' };
      return CONV_ID_RE.test(param) ? { name: 'group', id: param } : { name: 'chats' };
    case 'friend':
      if (!PEER_ID_RE.test(param)) return { name: 'friends' };
      return sub === 'verify' ? { name: 'verify', id: param } : { name: 'friend', id: param };
    case 'moments': {
      const rest = parts.slice(1).join('/');
      return { name: path, path: MOMENTS_PATH_RE.test(rest) ? rest : '' };
    }
    default:
      return DEFAULT_ROUTE;
  }
}

/** The href for a route, for `<a href>`. */
export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'add':
      return `#/add/${route.payload}`;
    case 'joinGroup':
      return `#/join/${route.payload}`;
    case 'chat':
      return `#/chat/${route.id}`;
    case 'files':
      return `#/chat/${route.id}/files`;
    case 'share':
      return route.error ? `#/share/${route.error}` : '#/share';
    case 'newGroup':
      return '#/group/new';
    case 'group':
      return `#/group/${route.id}`;
    case 'friend':
      return `#/friend/${route.id}`;
    case 'verify':
      return `#/friend/${route.id}/verify`;
    case 'moments':
      return route.path ? `#/moments/${route.path}` : '#/moments';
    default:
      return `#/${route.name}`;
  }
}

/** The navigation item a route belongs to (which tab is highlighted). */
export function topLevelOf(route: Route): TopLevelName {
  switch (route.name) {
    case 'chats':
    case 'me':
    case 'moments':
      return route.name;
    case 'storage':
      return 'me';
    case 'chat':
    case 'files':
    case 'share':
    case 'newGroup':
    case 'group':
    case 'joinGroup':
      return 'chats';
    default:
      return 'friends';
  }
}

function currentHash(): string {
  return typeof location === 'undefined' ? '' : location.hash;
}

/** The current route. */
export const route = signal<Route>(parseHash(currentHash()));

/**
 * Go to a route. Adds a history entry so Back works, unless `replace` is set:
 * use that after an action that should not be repeated by Back (an accepted invite).
 */
export function navigate(next: Route, options: { replace?: boolean } = {}): void {
  const href = hrefFor(next);
  if (options.replace) {
    history.replaceState(history.state, '', href);
    route.value = parseHash(href);
  } else {
    location.hash = href;
  }
}

/** Follow `hashchange`. Returns the stop function. */
export function startRouter(): () => void {
  const onChange = () => {
    const next = parseHash(currentHash());
    if (hrefFor(next) !== hrefFor(route.value)) route.value = next;
  };
  window.addEventListener('hashchange', onChange);
  onChange();
  return () => window.removeEventListener('hashchange', onChange);
}
