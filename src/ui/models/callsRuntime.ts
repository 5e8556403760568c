/**
 * The call engine on the live session (issue 6), loaded lazily by
 * chatRuntime when a friend's session first comes up. It publishes the engine
 * and its snapshots in callState.ts (which App watches to mount the call
 * screen) and raises a notification for a call that rings while the tab is
 * hidden.
 *
 * Ring timeout: 45 s (RING_TIMEOUT_MS). For tests it can only be shortened,
 * through sessionStorage[RING_TIMEOUT_STORAGE_KEY] (ms), read when the engine
 * starts; the e2e tests set it with an init script before the app loads.
 */
import { describeError } from '../../lib/errors';
import { log } from '../../lib/log';
import { CallEngine } from '../../peers/calls/CallEngine';
import { isMediaTransport } from '../../peers/media';
import { loadStrings } from '../i18n';
import { callEngine, callSnapshot } from './callState';
import { ringTimeoutFrom } from './callsFormat';
import { watchIncomingCalls } from './callsNotify';
import type { EngineContext } from './chatRuntime';

const logger = log('ui:calls-runtime');

/** sessionStorage key of a shorter ring timeout in ms (tests). */
export const RING_TIMEOUT_STORAGE_KEY = 'plume.ringTimeoutMs';

function configuredRingTimeout(): number | undefined {
  try {
    return ringTimeoutFrom(globalThis.sessionStorage?.getItem(RING_TIMEOUT_STORAGE_KEY));
  } catch (err) {
    // Storage may be blocked (privacy settings): the default applies.
    logger.debug('no sessionStorage', describeError(err));
    return undefined;
  }
}

/** Start the call engine; returns its stop. */
export function startCalls(ctx: EngineContext): () => void {
  const media = ctx.transport;
  if (!isMediaTransport(media)) {
    logger.warn('this transport carries no media: calls are off');
    return () => undefined;
  }
  // The call screen (App's lazy chunk) and its words must be here the moment a call rings.
  void loadStrings('calls');
  import('../screens/call/CallScreen').catch((err: unknown) =>
    logger.warn('could not preload the call screen', describeError(err)),
  );
  const engine = new CallEngine({
    manager: ctx.friends.manager,
    media,
    keys: ctx.keys,
    sync: ctx.sync,
    ringTimeoutMs: configuredRingTimeout(),
  });
  const offChange = engine.on('change', (snapshot) => {
    callSnapshot.value = snapshot;
  });
  engine.start();
  callEngine.value = engine;
  callSnapshot.value = engine.snapshot;
  const offNotify = watchIncomingCalls(callSnapshot);
  return () => {
    offNotify();
    offChange();
    engine.stop();
    if (callEngine.peek() === engine) {
      callEngine.value = null;
      callSnapshot.value = null;
    }
  };
}
