/**
 * Hash router. Routes live in the fragment (`#/chats`) so that every app URL is
 * served by the one precached index.html, online or not, and invite links
 * (`#/add/<invite>`, a later issue) open the installed app.
 */
import { signal } from '@preact/signals';

/** A screen and its parameters. Later issues add `{ name: 'add', invite }`, `{ name: 'chat', id }`. */
export type Route = { name: 'chats' } | { name: 'friends' } | { name: 'me' };
export type RouteName = Route['name'];

/** The top-level places, in navigation order. */
export const TOP_LEVEL: readonly RouteName[] = ['chats', 'friends', 'me'];

/** Where the app opens when the hash names no route. */
export const DEFAULT_ROUTE: Route = { name: 'chats' };

/** Parse `location.hash`; anything unknown opens the default route. */
export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  switch (path) {
    case 'chats':
    case 'friends':
    case 'me':
      return { name: path };
    default:
      return DEFAULT_ROUTE;
  }
}

/** The href for a route, for `<a href>`. */
export function hrefFor(route: Route): string {
  return `#/${route.name}`;
}

function currentHash(): string {
  return typeof location === 'undefined' ? '' : location.hash;
}

/** The current route. */
export const route = signal<Route>(parseHash(currentHash()));

/** Go to a route (adds a history entry, so Back works). */
export function navigate(next: Route): void {
  location.hash = hrefFor(next);
}

/** Follow `hashchange`. Returns the stop function. */
export function startRouter(): () => void {
  const onChange = () => {
    const next = parseHash(currentHash());
    if (next.name !== route.value.name) route.value = next;
  };
  window.addEventListener('hashchange', onChange);
  onChange();
  return () => window.removeEventListener('hashchange', onChange);
}
