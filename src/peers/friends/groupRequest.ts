/**
 * A friend request to a group member who is no friend, over the group session: a module of its
 * own, loaded with the group screens. Spec: docs/protocol.md [GRP-61].
 */
import { changePerson, type PersonChange } from '../../db/peopleRepo';
import { base64urlEncode } from '../../lib/base64url';
import type { ConversationId, PeerId } from '../../lib/ids';
import type { FriendState } from '../../lib/people';
import { nowOf, sameKey, type AddFailure, type AddOutcome, type FriendActionDeps } from './actions';
import { acceptFrame } from './frames';
import { newPerson, withState } from './records';

/**
 * [GRP-61] Ask a member of a group I am in, who is no friend, to be friends: their key is pinned
 * from the roster (`pub`), and FRIEND_REQUEST names the group, so it travels over the group
 * session and they are asked "from group X". No invite proof: the proof is random and matches
 * nothing. If they had asked me already, we are friends at once.
 */
export async function requestFriendInGroup(
  deps: FriendActionDeps,
  member: { id: PeerId; pub: Uint8Array; name: string },
  group: { conv: ConversationId; name: string },
): Promise<AddOutcome> {
  const { db, keys, engine } = deps;
  if (member.id === keys.id) return { ok: false, reason: 'self' };
  const proof = base64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
  const now = nowOf(deps);
  let failure: AddFailure | null = null;
  const person = await changePerson(
    db,
    member.id,
    (current): PersonChange | undefined => {
      if (current && !sameKey(current.pub, member.pub)) failure = 'key-changed';
      else if (current?.blocked) failure = 'blocked';
      if (failure || current?.state === 'friend') return undefined;
      if (current?.state === 'incoming') return { person: withState(current, 'friend') };
      const base = current ?? newPerson(member.id, member.pub, member.name, 'outgoing', now);
      return {
        person: { ...withState(base, 'outgoing'), viaGroup: group },
        enqueue: [{ type: 'FRIEND_REQUEST', proof, group: group.conv }],
        dequeue: ['FRIEND_REMOVED'],
      };
    },
    now,
  );
  if (failure) return { ok: false, reason: failure };
  if (!person) throw new Error('unreachable: the person was just stored');
  if (engine && person.state === 'friend') {
    engine.send(member.id, acceptFrame(await engine.myProfile()));
  }
  await engine?.peerChanged(member.id);
  return { ok: true, id: member.id, state: person.state as FriendState };
}
