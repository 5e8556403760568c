/**
 * App start-up: read identity and settings from IndexedDB (the UI renders from
 * them at once, never waiting on the network), then start the engines once an
 * identity exists, and register the service worker after the page has loaded.
 */
import { describeError, isBenignTeardown } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { startLanguage } from '../../i18n';
import { startChats } from '../../chat/models/chats';
import { loadFeatureModels } from './featureLoader';
import { startFriends } from '../../friends/models/friends';
import { loadIdentity } from '../../me/models/identity';
import { registerServiceWorker, watchInstall } from './pwa';
import { startRouter } from './router';
import { startEngines } from './runtime';
import { initSettings } from './settings';
import { startTheme } from './theme';

const logger = log('ui:boot');

let started = false;

/** Start everything the shell needs. Idempotent. */
export function boot(): void {
  if (started) return;
  started = true;
  startRouter();
  startTheme();
  startLanguage();
  void initSettings();
  // Never rejects; a storage failure lands in identityError, which the splash shows.
  void loadIdentity();

  // Waits for the identity; the models below follow whichever runtime runs.
  startEngines();
  startFriends();
  startChats();
  loadFeatureModels();

  // Async failures nobody awaited: log them so a bug report has them; a peer
  // going away is normal and stays at debug level.
  window.addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    if (isBenignTeardown(reason)) logger.debug('benign rejection', describeError(reason));
    else logger.error('unhandled rejection', describeError(reason));
  });

  watchInstall();
  const register = () => void registerServiceWorker();
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
