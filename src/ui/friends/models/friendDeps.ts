/**
 * What every friend action needs (database, keys and the running friends engine), shared by
 * the friends, invites and safety models. A module of its own so they do not import each
 * other in a circle.
 */
import { getDb } from '../../../db/db';
import { IdentityError } from '../../../lib/errors';
import type { FriendActionDeps } from '../../../peers/friends/actions';
import { identityKeys } from '../../me/models/identity';
import { runtime } from '../../shell/models/runtime';

/** Database, keys and engine for an action. Throws IdentityError('missing') before onboarding. */
export function actionDeps(): FriendActionDeps {
  const keys = identityKeys.peek();
  if (!keys) throw new IdentityError('missing');
  return { db: getDb(), keys, engine: runtime.peek()?.friends ?? null };
}
