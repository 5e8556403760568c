/**
 * Where waking stands on this device, from what the browser, the server and the user say. Pure,
 * so every case is tested on its own. Spec: docs/protocol.md [WAKE-15].
 */
import type { WakeChoice } from '../../../db/wakeRepo';

/**
 * - `unknown`: still finding out;
 * - `unsupported`: no service worker, Push API or notifications here;
 * - `needsInstall`: iOS or iPadOS in a browser tab: Web Push reaches installed apps only;
 * - `notOffered`: the server has no VAPID keys;
 * - `denied`: notifications are blocked for the site;
 * - `off`, `working`, `on`, `failed`: the user's choice and how turning it on went.
 */
export type WakeStatus =
  | 'unknown'
  | 'unsupported'
  | 'needsInstall'
  | 'notOffered'
  | 'denied'
  | 'off'
  | 'working'
  | 'on'
  | 'failed';

/** What the status is made of. */
export interface WakeFacts {
  /** Service worker, PushManager and Notification all exist. */
  supported: boolean;
  /** An Apple touch device not running Plume installed. */
  iosInBrowser: boolean;
  /** The server offers wake (null: not asked yet). */
  offered: boolean | null;
  permission: NotificationPermission | 'unsupported';
  choice: WakeChoice;
  working: boolean;
  failed: boolean;
}

/** The status for `facts`. */
export function wakeStatus(facts: WakeFacts): WakeStatus {
  if (facts.working) return 'working';
  if (facts.iosInBrowser) return 'needsInstall';
  if (!facts.supported || facts.permission === 'unsupported') return 'unsupported';
  if (facts.offered === null) return 'unknown';
  if (!facts.offered) return 'notOffered';
  if (facts.permission === 'denied') return 'denied';
  if (facts.failed) return 'failed';
  return facts.choice === 'on' ? 'on' : 'off';
}

/** True on an iPhone or iPad (iPadOS says it is a Mac, but has touch). */
export function isAppleTouch(userAgent: string, maxTouchPoints: number): boolean {
  return /iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1);
}

/** Whether to offer waking now: it could be turned on, and the user was not asked before. */
export function offerDue(
  status: WakeStatus,
  answered: boolean,
  choice: WakeChoice,
  hasFriend: boolean,
): boolean {
  return (
    hasFriend && !answered && choice === null && (status === 'off' || status === 'needsInstall')
  );
}
