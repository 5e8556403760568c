/**
 * A call to a friend whose session is down ([WAKE-14]): wake their device with a call's wake
 * ("Alice is calling"), and ring them if they open Plume within the ring time. Nothing rings
 * unless the wake went out; the call button still says they are offline either way.
 */
import { effect, signal } from '@preact/signals';
import { describeError } from '../../../lib/errors';
import type { PeerId } from '../../../lib/ids';
import { log } from '../../../lib/log';
import { RING_TIMEOUT_MS, type CallMedia } from '../../../peers/calls/api';
import { people } from '../../friends/models/friends';
import { loadStrings, t } from '../../i18n';
import { runtime } from '../../shell/models/runtime';
import { push } from '../../shell/models/toasts';
import { startCall } from './callsModel';

const logger = log('ui:calls');

/** A call to place once `peer` is online, until `until` (ms). */
export interface PendingCall {
  peer: PeerId;
  media: CallMedia;
  until: number;
}

/**
 * What to do with `call` now: `ring` when its friend is online in time, `drop` when they came
 * too late, `wait` while they are away. Pure.
 */
export function pendingCallStep(
  call: PendingCall,
  online: (peer: PeerId) => boolean,
  now: number,
): 'ring' | 'drop' | 'wait' {
  if (!online(call.peer)) return 'wait';
  return now <= call.until ? 'ring' : 'drop';
}

const pending = signal<PendingCall | null>(null);
let watching = false;

/** Ring `pending` as soon as its friend's session is up, if still in time. */
function watch(): void {
  if (watching) return;
  watching = true;
  effect(() => {
    const call = pending.value;
    if (!call) return;
    const online = new Set(people.value.filter((p) => p.online).map((p) => p.id));
    const step = pendingCallStep(call, (peer) => online.has(peer), Date.now());
    if (step === 'wait') return;
    pending.value = null;
    if (step === 'ring') void startCall([call.peer], call.media);
  });
}

/** Wake `peer` (named `name`) for a call, and ring them if they come online in time. */
export async function callWhenReachable(
  peer: PeerId,
  name: string,
  media: CallMedia,
): Promise<void> {
  try {
    const parts = await runtime.peek()?.loadWake();
    const outcome = await parts?.engine.wakeNow(peer, 'call');
    if (outcome !== 'sent') return;
    pending.value = { peer, media, until: Date.now() + RING_TIMEOUT_MS };
    watch();
    await loadStrings('wake');
    push({ kind: 'info', message: t('wake.calling', { name }) });
  } catch (err) {
    logger.warn('could not wake a friend for a call', describeError(err));
  }
}
