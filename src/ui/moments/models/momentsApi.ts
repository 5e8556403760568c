/**
 * The one way the moments screens reach the moments engine: the runtime loads it on demand.
 * Null with no runtime (before the identity exists, or after stop).
 */
import type { MomentsApi } from '../../../peers/moments/api';
import type { Runtime } from '../../../runtime/runtime';
import { runtime } from '../../shell/models/runtime';

/** The runtime as far as moments go. */
type MomentsRuntime = Runtime & { loadMoments?: () => Promise<MomentsApi> };

/** The moments engine of `running`, loaded now if it is not yet; null when it has none. */
export async function momentsOf(running: MomentsRuntime): Promise<MomentsApi | null> {
  return running.loadMoments ? running.loadMoments() : null;
}

/** The moments engine of the running runtime; null without one. Does not subscribe. */
export function loadMomentsApi(): Promise<MomentsApi | null> {
  const running = runtime.peek();
  return running ? momentsOf(running) : Promise.resolve(null);
}
