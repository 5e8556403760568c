/** Which navigations the service worker answers with the app shell. */

/** Signaling (`/peerjs…`) and TURN credentials (`/turn…`) must always reach the worker. */
export const NAVIGATION_DENYLIST: readonly RegExp[] = [/^\/peerjs(?:[/?]|$)/, /^\/turn(?:[/?]|$)/];

/** True when a navigation to `pathname` should get the precached index.html. */
export function servesAppShell(pathname: string): boolean {
  return !NAVIGATION_DENYLIST.some((re) => re.test(pathname));
}
