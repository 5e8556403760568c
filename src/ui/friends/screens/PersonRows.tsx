/** Rows of the Friends list: a friend, an incoming request, an outgoing one. */
import { Avatar } from '../../components/Avatar';
import { NoticeBadge, VerifiedBadge } from '../../components/Badges';
import { Presence } from '../../components/Presence';
import { ChevronIcon } from '../../components/FeatureIcons';
import { t } from '../../i18n';
import type { FriendView } from '../models/friends';
import { hrefFor } from '../../shell/models/router';
import { RequestButtons } from './RequestButtons';

function Names({ person }: { person: FriendView }) {
  return (
    <span class="person__names">
      <span class="person__title" data-testid="friend-title">
        {person.title}
      </span>
      {person.verified && <VerifiedBadge />}
      {person.notice && <NoticeBadge />}
    </span>
  );
}

function PersonAvatar({ person }: { person: FriendView }) {
  return (
    <span class="person__avatar" data-online={String(person.online)}>
      <Avatar name={person.title} src={person.avatar} seed={person.id} />
    </span>
  );
}

/** A friend: tap for details. */
export function FriendRow({ person }: { person: FriendView }) {
  return (
    <li>
      <a
        class="person"
        href={hrefFor({ name: 'friend', id: person.id })}
        data-testid="friend-row"
        data-peer-id={person.id}
        data-online={String(person.online)}
        data-verified={String(person.verified)}
        data-state={person.state}
      >
        <PersonAvatar person={person} />
        <span class="person__body">
          <Names person={person} />
          <span class="person__sub">
            {person.blocked ? t('friends.blockedHint') : <Presence person={person} />}
          </span>
        </span>
        <ChevronIcon class="person__chevron" width="20" height="20" />
      </a>
    </li>
  );
}

/** Someone asked without a valid invite: accept or decline right here. */
export function IncomingRow({ person }: { person: FriendView }) {
  return (
    <li class="person person--request" data-testid="incoming-request" data-peer-id={person.id}>
      <PersonAvatar person={person} />
      <span class="person__body">
        <a class="person__link" href={hrefFor({ name: 'friend', id: person.id })}>
          <Names person={person} />
        </a>
        <span class="person__sub">
          {person.viaGroup !== undefined
            ? t('request.fromGroup', { name: person.viaGroup })
            : t('request.incomingHint')}
        </span>
        <span class="person__actions">
          <RequestButtons person={person} announce />
        </span>
      </span>
    </li>
  );
}

/** What became of a request we sent. */
export function outgoingStateText(person: FriendView): string {
  if (person.state === 'declined') return t('request.stateDeclined');
  return person.online ? t('request.stateWaitingAnswer') : t('request.stateQueued');
}

export function OutgoingRow({ person }: { person: FriendView }) {
  return (
    <li>
      <a
        class="person"
        href={hrefFor({ name: 'friend', id: person.id })}
        data-testid="outgoing-request"
        data-peer-id={person.id}
        data-state={person.state}
      >
        <PersonAvatar person={person} />
        <span class="person__body">
          <Names person={person} />
          <span class={`person__sub person__sub--${person.state}`}>
            {outgoingStateText(person)}
          </span>
        </span>
        <ChevronIcon class="person__chevron" width="20" height="20" />
      </a>
    </li>
  );
}
