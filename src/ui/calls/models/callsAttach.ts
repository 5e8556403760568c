/**
 * The UI side of the call engine, a lazy chunk loaded by featureModels.ts once the runtime runs
 * the engine. It publishes the engine and its snapshots in callState.ts (which App watches to
 * mount the call screen) and raises a notification for a call that rings while the tab is
 * hidden.
 *
 * The ring timeout is always RING_TIMEOUT_MS (45 s); the e2e tests let it pass
 * on Playwright's fake page clock instead of shortening it.
 */
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import type { CallEngineApi } from '../../../peers/calls/api';
import { loadStrings } from '../../i18n';
import { callEngine, callSnapshot } from './callState';
import { watchIncomingCalls } from './callsNotify';

const logger = log('ui:calls-attach');

/** Show `engine` in the UI; returns the detach (the engine's stop is the runtime's). */
export function attachCalls(engine: CallEngineApi): () => void {
  // The call screen (App's lazy chunk) and its words must be here the moment a call rings.
  void loadStrings('calls');
  import('../screens/CallScreen').catch((err: unknown) =>
    logger.warn('could not preload the call screen', describeError(err)),
  );
  const offChange = engine.on('changed', (snapshot) => {
    callSnapshot.value = snapshot;
  });
  callEngine.value = engine;
  callSnapshot.value = engine.snapshot;
  const offNotify = watchIncomingCalls(callSnapshot);
  return () => {
    offNotify();
    offChange();
    if (callEngine.peek() === engine) {
      callEngine.value = null;
      callSnapshot.value = null;
    }
  };
}
