/**
 * Keeps the Moments tab's marks (shell/models/momentsMarks.ts) in step with the engine: the
 * count of friends' moments not seen yet and of notifications not read yet, read again when
 * the engine says the feed or the notifications changed.
 */
import type { MomentsApi } from '../../../peers/moments/api';
import type { Runtime } from '../../../runtime/runtime';
import { describeError } from '../../../lib/errors';
import { log } from '../../../lib/log';
import { momentsMarks } from '../../shell/models/momentsMarks';
import { momentsOf } from './momentsApi';

const logger = log('ui:moments');
let following: Runtime | null = null;
let stop: (() => void) | null = null;

/** Read both counts now and publish them. */
export async function refreshMarks(api: MomentsApi): Promise<void> {
  try {
    const [unseen, notices] = await Promise.all([api.unseenCount(), api.unreadNotifications()]);
    momentsMarks.value = { unseen, notices };
  } catch (err) {
    logger.warn('could not read the moments marks', describeError(err));
  }
}

/** Follow `running`'s moments engine (once per runtime). */
export async function followMarks(running: Runtime): Promise<void> {
  if (following === running) return;
  following = running;
  stop?.();
  stop = null;
  const api = await momentsOf(running);
  if (!api || following !== running) return;
  stop = api.on('changed', (change) => {
    if (change.feed || change.notifications) void refreshMarks(api);
  });
  await refreshMarks(api);
}
