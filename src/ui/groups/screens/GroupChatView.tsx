/**
 * A group conversation: a header naming the group (a link to its info) with its call buttons
 * ([GCALL-1]), the announcement banner, the history with sender names, system lines and
 * mentions, and the composer with the @mention picker. Nobody writes in a dissolved group, nor
 * after leaving or being removed. A lazy chunk: direct chats never load it.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { removalOf } from '../../../lib/group/farewell';
import type { GroupFold } from '../../../lib/group/types';
import type { ConversationId, PeerId } from '../../../lib/ids';
import { myId } from '../../chat/models/chatFeed';
import { openHistory } from '../../chat/models/messages';
import { Composer } from '../../chat/screens/Composer';
import type { ComposerMode } from '../../chat/screens/composerMode';
import { History } from '../../chat/screens/History';
import type { ChatPerson } from '../../chat/screens/person';
import { Avatar } from '../../components/Avatar';
import { DocIcon } from '../../files/screens/FileIcons';
import { BackIcon, MoreIcon } from '../../components/Icons';
import { Screen } from '../../components/Screen';
import { language, t } from '../../i18n';
import { hrefFor } from '../../shell/models/router';
import { placedLines, type PlacedLine } from '../models/groupLines';
import { knownPeople } from '../models/groupPeople';
import { memberList } from '../models/members';
import { canOfferMentionAll } from '../models/mentions';
import { watchReadMarks } from '../models/readMarks';
import { readReceipts } from '../../shell/models/settings';
import { AnnouncementBanner } from './AnnouncementBanner';
import { GroupCallButtons } from './GroupCallButtons';
import { groupChatParts } from './groupChatParts';
import { MentionPicker } from './MentionPicker';
import { useGroup } from './useGroup';
import '../../chat/chat.css';
import '../../files/files.css';
import '../groups.css';

export function GroupChatView({ conv }: { conv: ConversationId }) {
  const state = useGroup(conv);
  if (state.status !== 'ready') {
    return (
      <Screen title={t('chats.title')} back={hrefFor({ name: 'chats' })} testId="chat-not-found">
        <p class="list-note" role="status">
          {state.status === 'waiting' ? t('groups.loading') : t('groups.unknown')}
        </p>
      </Screen>
    );
  }
  return <GroupChat conv={conv} fold={state.fold} />;
}

function GroupChat({ conv, fold }: { conv: ConversationId; fold: GroupFold }) {
  const handle = useMemo(() => openHistory(conv), [conv]);
  useEffect(() => () => handle.close(), [handle]);
  const readMarks = useMemo(() => watchReadMarks(conv), [conv]);
  useEffect(() => () => readMarks.close(), [readMarks]);
  const receipts = readReceipts.value;
  const mode = useSignal<ComposerMode | null>(null);
  const placed = useSignal<readonly PlacedLine[]>([]);
  const me = myId() ?? ('' as PeerId);
  const known = knownPeople(me);
  const members = memberList(fold, me, known);
  const name = fold.name ?? '';
  const writable = !fold.dissolved && fold.members[me] !== undefined;

  useEffect(() => {
    let live = true;
    void placedLines(fold).then((lines) => {
      if (live) placed.value = lines;
    });
    return () => {
      live = false;
    };
  }, [fold]);

  // One parts object per change of what it shows, so unchanged message rows skip rendering.
  const lang = language.value;
  const marks = receipts ? readMarks.marks.value : null;
  const parts = useMemo(
    () => groupChatParts({ fold, me, members, known, placed: placed.value, marks }),
    [fold, me, placed.value, lang, marks, members.map((m) => `${m.id}${m.name}${m.avatar}`).join()],
  );
  const person: ChatPerson = { id: me, title: name, avatar: fold.avatar, online: true, view: null };
  const canAll = canOfferMentionAll(fold, me);

  return (
    <div class="chat" data-testid="chat-screen" data-conv={conv} data-group="true">
      <header class="chat-head">
        <a
          class="icon-button chat-head__back"
          href={hrefFor({ name: 'chats' })}
          data-testid="chat-back"
          aria-label={t('nav.back')}
          title={t('nav.back')}
        >
          <BackIcon />
        </a>
        <a class="chat-head__who" href={hrefFor({ name: 'group', id: conv })}>
          <span class="person__avatar">
            <Avatar name={name} src={fold.avatar} seed={conv} />
          </span>
          <span class="chat-head__names">
            <h1 class="chat-head__title" tabIndex={-1} data-testid="chat-title">
              {name}
            </h1>
            <span class="chat-head__sub" data-testid="group-member-count">
              {t('groups.members', { count: members.length })}
            </span>
          </span>
        </a>
        {writable && <GroupCallButtons conv={conv} />}
        <a
          class="icon-button"
          href={hrefFor({ name: 'files', id: conv })}
          data-testid="chat-files-open"
          aria-label={t('files.pageOpen')}
          title={t('files.pageOpen')}
        >
          <DocIcon />
        </a>
        <a
          class="icon-button"
          href={hrefFor({ name: 'group', id: conv })}
          data-testid="group-info-open"
          aria-label={t('groups.info')}
          title={t('groups.info')}
        >
          <MoreIcon />
        </a>
      </header>
      {fold.announcement && <AnnouncementBanner text={fold.announcement} />}
      <History conv={conv} handle={handle} person={person} mode={mode} parts={parts} />
      {writable ? (
        <Composer
          conv={conv}
          person={person}
          mode={mode}
          slot={(props) => <MentionPicker {...props} members={members} canAll={canAll} />}
        />
      ) : (
        <p class="group-info__note" role="status" data-testid="group-readonly">
          {fold.dissolved
            ? t('groups.dissolved')
            : removalOf(fold, me)
              ? t('groups.removedYou')
              : t('groups.notMember')}
        </p>
      )}
    </div>
  );
}
