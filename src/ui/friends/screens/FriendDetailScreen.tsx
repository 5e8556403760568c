/**
 * One person: security notice first (it must not be missed), then who they
 * are, requests to answer, remark and labels, safety number, block and delete.
 */
import { useSignal } from '@preact/signals';
import { Avatar } from '../../components/Avatar';
import { VerifiedBadge } from '../../components/Badges';
import { ChatsIcon, MomentsIcon } from '../../components/Icons';
import { Presence } from '../../components/Presence';
import { Screen } from '../../components/Screen';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { openDirectChat } from '../../chat/models/chats';
import { people, type FriendView } from '../models/friends';
import { hrefFor, navigate } from '../../shell/models/router';
import { push } from '../../shell/models/toasts';
import { outgoingStateText } from './PersonRows';
import { RequestButtons } from './RequestButtons';
import { FriendActions } from './FriendActions';
import { RemarkLabelsCard } from './RemarkLabelsCard';
import { SafetyNumberCard } from './SafetyNumberCard';
import { SecurityNoticeBanner } from './SecurityNotice';
import '../friends.css';

function Profile({ person }: { person: FriendView }) {
  return (
    <section class="profile" aria-label={t('friend.profile')}>
      <Avatar name={person.title} src={person.avatar} seed={person.id} size="l" />
      <div class="profile__text">
        <p class="profile__name" data-testid="friend-detail-title">
          {person.title}
        </p>
        {person.remark && (
          <p class="profile__sub" data-testid="friend-detail-name">
            {t('friend.theirName', { name: person.name })}
          </p>
        )}
        {person.statusLine && (
          <p class="profile__status" data-testid="friend-detail-status">
            {person.statusLine}
          </p>
        )}
        <p class="profile__meta">
          {person.blocked ? t('friends.blockedHint') : <Presence person={person} />}
          {person.verified && <VerifiedBadge />}
        </p>
        <p class="profile__id">
          <span class="visually-hidden">{t('me.peerId')}: </span>
          <code data-testid="friend-detail-id">{person.id}</code>
        </p>
      </div>
    </section>
  );
}

/** Open (or start) the chat with this friend. */
function MessageButton({ person }: { person: FriendView }) {
  const busy = useSignal(false);
  if (person.state !== 'friend' || person.blocked) return null;
  const open = async () => {
    busy.value = true;
    try {
      const conv = await openDirectChat(person.id);
      navigate({ name: 'chat', id: conv });
    } catch (err) {
      push({ kind: 'error', message: t('friend.openChatFailed', { reason: errorText(err) }) });
    } finally {
      busy.value = false;
    }
  };
  return (
    <button
      type="button"
      class="button button--primary profile__message"
      data-testid="friend-message"
      disabled={busy.value}
      onClick={() => void open()}
    >
      <ChatsIcon width="20" height="20" />
      {t('friend.message')}
    </button>
  );
}

function RequestCard({ person }: { person: FriendView }) {
  if (person.state === 'friend') return null;
  if (person.state !== 'incoming') {
    return (
      <section class="card" data-testid="friend-request-state" data-state={person.state}>
        <p>{outgoingStateText(person)}</p>
      </section>
    );
  }
  return (
    <section class="card card--accent" data-testid="friend-request-state" data-state={person.state}>
      <p>{t('request.incomingExplain', { name: person.title })}</p>
      <div class="button-row">
        <RequestButtons person={person} />
      </div>
    </section>
  );
}

export function FriendDetailScreen({ id }: { id: string }) {
  const person = people.value.find((p) => p.id === id);
  const back = hrefFor({ name: 'friends' });
  if (!person) {
    return (
      <Screen title={t('friend.notFoundTitle')} back={back} testId="friend-detail">
        <p class="list-note" data-testid="friend-not-found">
          {t('friend.notFound')}
        </p>
      </Screen>
    );
  }
  return (
    <Screen title={person.title} back={back} testId="friend-detail">
      <div class="cards">
        <SecurityNoticeBanner person={person} />
        <Profile person={person} />
        <MessageButton person={person} />
        {person.state === 'friend' && (
          <a
            class="button button--secondary"
            data-testid="friend-moments"
            href={hrefFor({ name: 'moments', path: `of/${person.id}` })}
          >
            <MomentsIcon width="20" height="20" />
            {t('friend.moments')}
          </a>
        )}
        <RequestCard person={person} />
        <RemarkLabelsCard person={person} />
        {person.state === 'friend' && <SafetyNumberCard person={person} />}
        <FriendActions person={person} />
      </div>
    </Screen>
  );
}
