/** A person in moments by name and avatar: me by my profile, others as the chats show them. */
import type { PeerId } from '../../../lib/ids';
import { personOf } from '../../chat/screens/person';
import { t } from '../../i18n';
import { myProfile } from '../../me/models/profile';

export function whoIs(peer: PeerId, me: PeerId | null): { title: string; avatar: string | null } {
  if (peer !== me) return personOf(peer);
  const profile = myProfile.value;
  return { title: profile?.displayName || t('moments.you'), avatar: profile?.avatar ?? null };
}
