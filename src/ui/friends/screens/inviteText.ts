/** Sentences for why a scanned, pasted or opened invite did nothing, and what adding did. */
import { t, type MessageKey } from '../../i18n';
import type { FriendState } from '../models/friends';

/** Reasons from parseInviteLink (InviteFailure) and addFromInvite, translated. */
const REASON: Readonly<Record<string, MessageKey>> = {
  'not-plume': 'invite.notPlume',
  'too-long': 'invite.tooLong',
  malformed: 'invite.malformed',
  'bad-encoding': 'invite.malformed',
  'bad-key-hash': 'invite.badKeyHash',
  'name-too-long': 'invite.badName',
  'bad-name': 'invite.badName',
  self: 'invite.self',
  'own-invite': 'invite.self',
  'already-friend': 'invite.alreadyFriend',
  blocked: 'invite.blocked',
  'key-changed': 'invite.keyChanged',
  storage: 'storage.failed',
};

/** The sentence for a failed add: ours when we know the reason, else the engine's (English) message. */
export function addFailureText(result: { reason: string; message: string }): string {
  const key = REASON[result.reason];
  if (key) return t(key);
  return t('invite.failed', { reason: result.message || result.reason });
}

/** What happened after a successful add. */
export function addSuccessText(state: FriendState, name: string): string {
  switch (state) {
    case 'friend':
      return t('invite.nowFriends', { name });
    case 'incoming':
      return t('invite.theyAsked', { name });
    default:
      return t('invite.requestQueued', { name });
  }
}
