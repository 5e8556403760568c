/**
 * The one way the moments screens reach the moments engine: the runtime loads it on demand.
 * Null with no runtime (before the identity exists, or after stop).
 */
import type { MomentsApi } from '../../../peers/moments/api';
import type { Runtime } from '../../../runtime/runtime';
import { runtime } from '../../shell/models/runtime';

/** The moments engine of `running`, loaded now if it is not yet. */
export function momentsOf(running: Pick<Runtime, 'loadMoments'>): Promise<MomentsApi> {
  return running.loadMoments();
}

/** The moments engine of the running runtime; null without one. Does not subscribe. */
export function loadMomentsApi(): Promise<MomentsApi | null> {
  const running = runtime.peek();
  return running ? momentsOf(running) : Promise.resolve(null);
}
