/**
 * [CALL-15] The call's entries in the chat: when a call ends, whoever rang a
 * person appends one `call` event ([CHAT-14]) to the direct conversation with
 * them. The event syncs like any other, so both chats show it. [GCALL-6] A
 * group's call has one entry, in the group, written by whoever started it.
 */
import type { CallOutcome } from '../../lib/chatEvent';
import { directConversationId } from '../../lib/convId';
import { describeError } from '../../lib/errors';
import type { PeerId } from '../../lib/ids';
import { log } from '../../lib/log';
import type { SyncEngine } from '../sync/SyncEngine';
import { entryBody, groupEntryBody } from './callModel';
import type { Call } from './Call';

const logger = log('peers:calls:entries');

/** Append the entries of an ended call; `logged` is told of each one written. */
export async function writeCallEntries(
  sync: Pick<SyncEngine, 'append'>,
  me: PeerId,
  call: Call,
  logged: (peer: PeerId, outcome: CallOutcome) => void,
): Promise<void> {
  if (!call.rang) return;
  const endedAt = call.endedAt ?? 0;
  if (call.conv) {
    if (call.caller !== me) return;
    const body = groupEntryBody(call, me, endedAt);
    try {
      await sync.append(call.conv, 'call', body);
    } catch (err) {
      // Removed from the group (or it was dissolved) during the call: nothing to write in.
      logger.warn('could not write the call entry in', call.conv, describeError(err));
    }
    return;
  }
  for (const person of call.people.values()) {
    if (!person.rangByMe) continue;
    const body = entryBody(call, person, endedAt);
    try {
      await sync.append(directConversationId(me, person.peer), 'call', body);
      logged(person.peer, body.outcome);
    } catch (err) {
      // No conversation row yet, or no longer a friend: nothing to attach the entry to.
      logger.warn('could not write the call entry for', person.peer, describeError(err));
    }
  }
}
