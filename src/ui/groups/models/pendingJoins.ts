/**
 * Joins by group code that wait for approval, across reloads ([GRP-81]): the list the Chats
 * screen shows as pending, and the asking again — when the group engine is up, when the device
 * comes online, and every {@link PENDING_RETRY_MS} — so an accepted join completes without the user scanning the code
 * again. A declined join, or one kept past {@link PENDING_KEEP_MS}, is forgotten.
 */
import { signal } from '@preact/signals';
import type { Clock } from '../../../lib/clock';
import { every } from '../../../lib/clock';
import { describeError } from '../../../lib/errors';
import type { GroupCode } from '../../../lib/groupCode';
import type { ConversationId } from '../../../lib/ids';
import { log } from '../../../lib/log';
import type { PlumeDatabase } from '../../../db/db';
import {
  forgetPendingJoin,
  listPendingJoins,
  rememberPendingJoin,
  type PendingJoin,
} from '../../../db/pendingJoins';
import type { GroupActions } from '../../../peers/groups/contract';

const logger = log('ui:groups');

/** How often a waiting join is asked about again while the app runs. */
export const PENDING_RETRY_MS = 60_000;
/** A join still waiting this long after it was sent is forgotten. */
export const PENDING_KEEP_MS = 30 * 24 * 60 * 60 * 1000;

/** The joins waiting for approval, oldest first. */
export const pendingJoins = signal<readonly PendingJoin[]>([]);

/** What asking again needs. */
export interface PendingDeps {
  db: PlumeDatabase;
  /** The running group actions, or null while they are not up. */
  api: () => Pick<GroupActions, 'join'> | null;
  clock: Clock;
  now: () => number;
  /** Calls back when the device comes online (a round follows at once); returns unsubscribe. */
  onOnline?: (callback: () => void) => () => void;
  /** A join that ended while asking again: accepted (`member`) or `declined`. */
  onEnd?: (code: GroupCode, outcome: 'member' | 'declined') => void;
}

async function reload(db: PlumeDatabase): Promise<void> {
  pendingJoins.value = await listPendingJoins(db);
}

/** Remember a join that an admin must approve. */
export async function rememberJoin(db: PlumeDatabase, code: GroupCode, now: number) {
  await rememberPendingJoin(db, code, now);
  await reload(db);
}

/** Forget the waiting join of `conv`, if any (it completed). */
export async function forgetJoin(db: PlumeDatabase, conv: ConversationId) {
  await forgetPendingJoin(db, conv);
  await reload(db);
}

/** Why a join failed, when it failed with a reason. */
function reasonOf(err: unknown): string | null {
  const reason = (err as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? reason : null;
}

/** Ask about one waiting join; resolves once it is settled or kept for later. */
async function askAgain(deps: PendingDeps, api: Pick<GroupActions, 'join'>, join: PendingJoin) {
  const { code } = join;
  if (deps.now() - join.since > PENDING_KEEP_MS) {
    await forgetJoin(deps.db, code.conv);
    return;
  }
  try {
    const outcome = await api.join(code, undefined, undefined, true);
    if (outcome === 'pending') return;
    await forgetJoin(deps.db, code.conv);
    deps.onEnd?.(code, 'member');
  } catch (err) {
    if (reasonOf(err) !== 'declined') {
      logger.info('asking again about a join failed; kept', describeError(err));
      return;
    }
    await forgetJoin(deps.db, code.conv);
    deps.onEnd?.(code, 'declined');
  }
}

/**
 * Read the waiting joins and ask about each now and every {@link PENDING_RETRY_MS}, one round at
 * a time (a round is skipped while the group actions are not up). Returns stop.
 */
export function startPendingJoins(deps: PendingDeps): () => void {
  let running = false;
  let stopped = false;
  const round = async () => {
    if (running || stopped) return;
    running = true;
    try {
      await reload(deps.db);
      const api = deps.api();
      if (!api) return;
      for (const join of pendingJoins.peek()) if (!stopped) await askAgain(deps, api, join);
    } catch (err) {
      logger.warn('could not ask again about waiting joins', describeError(err));
    } finally {
      running = false;
    }
  };
  void round();
  const stop = every(deps.clock, PENDING_RETRY_MS, () => void round());
  const offOnline = deps.onOnline?.(() => void round());
  return () => {
    stopped = true;
    stop();
    offOnline?.();
  };
}
