/** Online dot, or when the person was last seen. The state is in the text, not only the colour. */
import { useEffect } from 'preact/hooks';
import { language, t } from '../i18n';
import { formatRelative } from '../i18n/time';
import { now, startClock } from '../shell/models/clock';
import type { FriendView } from '../friends/models/friends';

export function presenceText(person: FriendView, at: number): string {
  if (person.online) return t('presence.online');
  if (person.lastSeen === null) return t('presence.never');
  return t('presence.lastSeen', { time: formatRelative(person.lastSeen, at, language.value) });
}

export function Presence({ person }: { person: FriendView }) {
  useEffect(startClock, []);
  return (
    <span class="presence" data-testid="friend-presence" data-online={String(person.online)}>
      <span class="presence__dot" aria-hidden="true" />
      {presenceText(person, now.value)}
    </span>
  );
}
