/**
 * Call actions for the UI: starting a call from a chat, a group or
 * a chat entry, and whether a call can start now. Loaded with the chat and
 * call screens, never by the first visit; state lives in callState.ts.
 */
import { describeError } from '../../../lib/errors';
import type { ConversationId, PeerId } from '../../../lib/ids';
import { log } from '../../../lib/log';
import { MAX_CALL_PEOPLE, type CallMedia, type CallSnapshot } from '../../../peers/calls/api';
import { t } from '../../i18n';
import { callEngine, callSnapshot } from './callState';
import { people, type FriendView } from '../../friends/models/friends';
import { push } from '../../shell/models/toasts';

const logger = log('ui:calls');

/**
 * True when `snapshot` is `peers`' (one friend's) call of two, ringing here: pressing Call on
 * them answers it ([CALL-3]), so it does not count as a call under way.
 */
function ringsFrom(snapshot: CallSnapshot, peers: readonly PeerId[]): boolean {
  return (
    snapshot.phase === 'incoming' &&
    !snapshot.group &&
    peers.length === 1 &&
    snapshot.caller === peers[0]
  );
}

/** Why a call cannot start now: the friend is offline, a call is running, or the engine is not up. */
export type CallBlock = 'offline' | 'inCall' | 'notReady';

/** True while a call is ringing or running (an ended call being shown does not count). */
export function inCall(): boolean {
  const phase = callSnapshot.value?.phase;
  return phase !== undefined && phase !== 'idle' && phase !== 'ended';
}

/**
 * What stops a call with `peer`, whose session is `online` right now; null when nothing does. Their
 * own ring, showing here, does not: pressing Call answers it.
 */
export function callBlock(online: boolean, peer: PeerId): CallBlock | null {
  if (!online) return 'offline';
  if (!callEngine.value) return 'notReady';
  const snapshot = callSnapshot.value;
  if (inCall() && !(snapshot && ringsFrom(snapshot, [peer]))) return 'inCall';
  return null;
}

/** The sentence that explains a block (`name`: who would be called). */
export function blockText(block: CallBlock, name: string): string {
  switch (block) {
    case 'offline':
      return t('calls.offline', { name });
    case 'inCall':
      return t('calls.inCall');
    case 'notReady':
      return t('calls.notReady');
  }
}

/** Friends with a live session, optionally without some (those already in the call). */
export function onlineFriends(exclude: ReadonlySet<PeerId> = new Set()): FriendView[] {
  return people.value.filter(
    (p) => p.state === 'friend' && p.online && !p.blocked && !exclude.has(p.id),
  );
}

/** Most friends one can ring at once (everyone but me). */
export const MAX_CALLEES = MAX_CALL_PEOPLE - 1;

/**
 * Ring `peers` (one for a 1:1 call, up to MAX_CALLEES for a group call). A
 * call that ended but is still on screen is dismissed first. Failures become
 * a toast; the call screen shows the rest (ringing, media errors).
 */
export async function startCall(peers: readonly PeerId[], media: CallMedia): Promise<void> {
  const engine = callEngine.peek();
  if (!engine) {
    push({ kind: 'info', message: t('calls.notReady') });
    return;
  }
  if (inCall() && !ringsFrom(engine.snapshot, peers)) {
    push({ kind: 'info', message: t('calls.inCall') });
    return;
  }
  if (engine.snapshot.phase === 'ended') engine.dismiss();
  try {
    await engine.start(peers.slice(0, MAX_CALLEES), media);
  } catch (err) {
    logger.warn('could not start a call', describeError(err));
    push({ kind: 'error', message: t('calls.failed') });
  }
}

/**
 * [GCALL-1] Ring the online members of group `conv`. A call that ended but is still on screen is
 * dismissed first; nobody to ring, or a failure, becomes a toast.
 */
export async function startGroupCall(conv: ConversationId, media: CallMedia): Promise<void> {
  const engine = callEngine.peek();
  const block = !engine ? 'calls.notReady' : inCall() ? 'calls.inCall' : null;
  if (block || !engine) {
    push({ kind: 'info', message: t(block ?? 'calls.notReady') });
    return;
  }
  if (engine.snapshot.phase === 'ended') engine.dismiss();
  try {
    if (!(await engine.startGroup(conv, media))) {
      if (!inCall()) push({ kind: 'info', message: t('calls.nobodyOnline') });
    }
  } catch (err) {
    logger.warn('could not start a group call', describeError(err));
    push({ kind: 'error', message: t('calls.failed') });
  }
}

/** Ring one more friend into the running call. */
export async function invite(peer: PeerId): Promise<void> {
  try {
    await callEngine.peek()?.invite(peer);
  } catch (err) {
    logger.warn('could not add to the call', describeError(err));
    push({ kind: 'error', message: t('calls.failed') });
  }
}

/**
 * Run an engine action from a button without letting its failure float: the
 * engine reports media problems in the snapshot (`mediaError`), so here a
 * failure is only logged.
 */
export function act(
  what: string,
  action: (engine: NonNullable<typeof callEngine.value>) => unknown,
): void {
  const engine = callEngine.peek();
  if (!engine) return;
  Promise.resolve()
    .then(() => action(engine))
    .catch((err: unknown) => logger.warn(`call action ${what} failed`, describeError(err)));
}
