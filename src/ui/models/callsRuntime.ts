/**
 * The call engine on the live session, loaded lazily by
 * chatRuntime when a friend's session first comes up. It publishes the engine
 * and its snapshots in callState.ts (which App watches to mount the call
 * screen) and raises a notification for a call that rings while the tab is
 * hidden.
 *
 * The ring timeout is always RING_TIMEOUT_MS (45 s); the e2e tests let it pass
 * on Playwright's fake page clock instead of shortening it.
 */
import { describeError } from '../../lib/errors';
import { log } from '../../lib/log';
import { CallEngine } from '../../peers/calls/CallEngine';
import { isMediaTransport } from '../../peers/media';
import { loadStrings } from '../i18n';
import { callEngine, callSnapshot } from './callState';
import { watchIncomingCalls } from './callsNotify';
import type { EngineContext } from './chatRuntime';

const logger = log('ui:calls-runtime');

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
