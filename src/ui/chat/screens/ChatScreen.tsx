/**
 * One conversation: header (back, who, online or typing, search), the paged
 * history and the composer. A lazy chunk: the chats list loads without it.
 * Full-screen on phones (the shell hides its bars for this route).
 */
import { computed, useSignal } from '@preact/signals';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { after, systemClock } from '../../../lib/clock';
import type { ConversationId } from '../../../lib/ids';
import { Screen } from '../../components/Screen';
import { NotificationPrompt } from '../../components/NotificationPrompt';
import { t } from '../../i18n';
import { chatList } from '../models/chats';
import { openHistory } from '../models/messages';
import { hrefFor } from '../../shell/models/router';
import { ChatHeader } from './ChatHeader';
import { Composer } from './Composer';
import type { ComposerMode } from './composerMode';
import { History } from './History';
import { DropOverlay, useFileDrop } from '../../files/screens/useFileDrop';
import { WakeOfferSlot } from '../../wake/screens/WakeOfferSlot';
import { personOf } from './person';
import { lazy } from '../../components/Lazy';
import { isGroupId } from '../../../lib/groupId';
import '../chat.css';
import '../../files/files.css';

// A group chat is its own chunk: a direct chat never loads the group code.
const GroupChatView = lazy(() =>
  import('../../groups/screens/GroupChatView').then((m) => m.GroupChatView),
);

/** A deep link may arrive before the chats list is read from IndexedDB: wait this long. */
const NOT_FOUND_DELAY_MS = 1_500;

export function ChatScreen({ id }: { id: string }) {
  const conv = id as ConversationId;
  return isGroupId(conv) ? <GroupChatView conv={conv} /> : <DirectChat conv={conv} />;
}

function DirectChat({ conv }: { conv: ConversationId }) {
  // Only the friend matters here: the list changes with every message (preview, unread), and
  // the open chat need not render again for that.
  const friend = useMemo(
    () => computed(() => chatList.value.find((c) => c.conv === conv)?.peer ?? null),
    [conv],
  );
  const peer = friend.value;
  const [gaveUp, setGaveUp] = useState(false);

  useEffect(() => {
    if (peer) return;
    return after(systemClock, NOT_FOUND_DELAY_MS, () => setGaveUp(true));
  }, [Boolean(peer)]);

  if (!peer) {
    return (
      <Screen
        title={gaveUp ? t('chat.notFoundTitle') : t('chats.title')}
        back={hrefFor({ name: 'chats' })}
        testId="chat-not-found"
      >
        {gaveUp && <p class="list-note">{t('chat.notFound')}</p>}
      </Screen>
    );
  }
  return <ChatView conv={conv} peer={peer} />;
}

function ChatView({
  conv,
  peer,
}: {
  conv: ConversationId;
  peer: (typeof chatList.value)[number]['peer'];
}) {
  const handle = useMemo(() => openHistory(conv), [conv]);
  useEffect(() => () => handle.close(), [handle]);
  const mode = useSignal<ComposerMode | null>(null);
  const searchOpen = useSignal(false);
  const person = personOf(peer);
  const drop = useFileDrop(conv);

  return (
    <div class="chat" data-testid="chat-screen" data-conv={conv} {...drop.handlers}>
      <ChatHeader conv={conv} person={person} searchOpen={searchOpen} />
      <NotificationPrompt />
      <WakeOfferSlot name={person.title} />
      <History conv={conv} handle={handle} person={person} mode={mode} />
      <Composer conv={conv} person={person} mode={mode} />
      {drop.dragging.value && <DropOverlay name={person.title} />}
    </div>
  );
}
