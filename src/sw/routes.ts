/** Which navigations the service worker answers with the app shell. */

/** Signaling (`/peerjs…`), TURN credentials (`/turn…`) and wake (`/wake…`) must reach the worker. */
export const NAVIGATION_DENYLIST: readonly RegExp[] = [
  /^\/peerjs(?:[/?]|$)/,
  /^\/turn(?:[/?]|$)/,
  /^\/wake(?:[/?]|$)/,
];

/** True when a navigation to `pathname` should get the precached index.html. */
export function servesAppShell(pathname: string): boolean {
  return !NAVIGATION_DENYLIST.some((re) => re.test(pathname));
}
