/**
 * Shared by the friends, invites, profile and backup models: the running
 * friends engine (null while no transport runs) and what every action needs.
 * A module of its own so the models do not import each other in a circle.
 */
import { getDb } from '../../db/db';
import { IdentityError } from '../../lib/errors';
import type { FriendActionDeps } from '../../peers/friends/actions';
import type { FriendsEngine } from '../../peers/friends/FriendsEngine';
import { identityKeys } from './identity';

let engine: FriendsEngine | null = null;

/** The engine on the live transport, or null. */
export function liveEngine(): FriendsEngine | null {
  return engine;
}

/** Set by the friends model when it starts or stops an engine. */
export function setLiveEngine(next: FriendsEngine | null): void {
  engine = next;
}

/** Database, keys and engine for an action. Throws IdentityError('missing') before onboarding. */
export function actionDeps(): FriendActionDeps {
  const keys = identityKeys.peek();
  if (!keys) throw new IdentityError('missing');
  return { db: getDb(), keys, engine };
}
