/**
 * Chats model: every conversation from IndexedDB (sorted pinned first, then
 * by last activity), typing indicators, drafts, pin and mute. `startChats`
 * follows the running sync engine and keeps the list fresh.
 * Spec: docs/protocol.md, "Chat and sync".
 */
import { computed, signal } from '@preact/signals';
import type { ConvRow, LastMessage } from '../../../db/chatRows';
import { ensureConv, getDraft, listConvs, putDraft, updateConv } from '../../../db/convsRepo';
import { getDb } from '../../../db/db';
import { directConversationId as deriveDirectId } from '../../../lib/convId';
import { describeError } from '../../../lib/errors';
import type { ConversationId, EventId, PeerId } from '../../../lib/ids';
import { idle } from '../../../lib/idle';
import { log } from '../../../lib/log';
import { startAttention } from '../../shell/models/attention';
import { announceRow, myId, onChat, relayChat } from './chatFeed';
import { runtime } from '../../shell/models/runtime';

const logger = log('ui:chats');

/** Text limit of one message, in Unicode code points. */
export { MAX_TEXT_CHARS } from '../../../lib/chatEvent';

/** One row of the chats list. */
export interface ChatSummary {
  conv: ConversationId;
  /** The friend (direct chats). */
  peer: PeerId;
  /** A group chat: its name as its roster has it (null until one is held). Null: a direct chat. */
  group: { name: string | null } | null;
  /** Last visible message, already folded (edits applied, recalls shown as recalled). */
  last: {
    id: EventId;
    author: PeerId;
    mine: boolean;
    preview: string;
    recalled: boolean;
    ts: number;
    /** Files and calls: see LastMessage. */
    kind?: LastMessage['kind'];
    fileKind?: LastMessage['fileKind'];
    call?: LastMessage['call'];
  } | null;
  /** ms; sorts the list (pinned first, then lastActivity desc). */
  lastActivity: number;
  unread: number;
  pinned: boolean;
  muted: boolean;
}

/** All conversations, sorted pinned first, then by last activity. Rendered from IndexedDB at boot. */
export const chatList = signal<ChatSummary[]>([]);
/** Sum of unread over unmuted chats (title, app badge). */
export const totalUnread = computed(() =>
  chatList.value.reduce((n, c) => n + (c.muted ? 0 : c.unread), 0),
);
/** Conversations whose peer is typing right now (ephemeral, never stored). */
export const typingIn = signal<ReadonlySet<ConversationId>>(new Set());

/** The direct conversation id both sides derive from the two sorted PeerIds. [CHAT-1] */
export function directConversationId(a: PeerId, b: PeerId): ConversationId {
  return deriveDirectId(a, b);
}

function summaryOf(row: ConvRow, me: PeerId | null): ChatSummary {
  const { last } = row;
  return {
    conv: row.conv,
    peer: row.peer,
    group: row.kind === 'group' ? { name: row.name ?? null } : null,
    last: last && {
      id: last.id,
      author: last.author,
      mine: last.author === me,
      preview: last.preview,
      recalled: last.recalled,
      ts: last.ts,
      kind: last.kind,
      fileKind: last.fileKind,
      call: last.call,
    },
    lastActivity: row.lastActivity,
    unread: row.unread,
    pinned: row.pinned,
    muted: row.muted,
  };
}

/** Pinned first, then newest activity first. */
export function compareChats(a: ChatSummary, b: ChatSummary): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  return b.lastActivity - a.lastActivity;
}

/** Re-read the chats list. Never rejects (a failure is logged). */
export async function refreshChats(): Promise<void> {
  try {
    const me = myId();
    chatList.value = (await listConvs(getDb())).map((r) => summaryOf(r, me)).sort(compareChats);
  } catch (err) {
    logger.error('could not read chats', describeError(err));
  }
}

/**
 * The list follows a change within this long, at the main thread's first idle moment: a message
 * on its way (the frame out, the answer in, its row drawn) goes first.
 */
const REFRESH_IDLE_MS = 200;

/** Coalesce bursts of changes (a sync batch) into one refresh, when the main thread is idle. */
let refreshQueued = false;
function queueRefresh(): void {
  if (refreshQueued) return;
  refreshQueued = true;
  void idle(REFRESH_IDLE_MS).then(() => {
    refreshQueued = false;
    return refreshChats();
  });
}

let stopRunning: (() => void) | null = null;

/** Follow the running sync engine (live delivery, typing, attention). Idempotent; returns stop. */
export function startChats(): () => void {
  if (stopRunning) return stopRunning;
  const offs = [
    relayChat(),
    onChat('changed', queueRefresh),
    onChat('row', queueRefresh),
    onChat('typing', (convs) => {
      typingIn.value = convs;
    }),
    startAttention(totalUnread),
  ];
  void refreshChats();
  const stop = () => {
    for (const off of offs) off();
    typingIn.value = new Set();
    stopRunning = null;
  };
  stopRunning = stop;
  return stop;
}

/** The direct chat with `peer` (creates its local row if needed). */
export async function openDirectChat(peer: PeerId): Promise<ConversationId> {
  const me = myId();
  if (!me) throw new Error('no identity yet');
  const conv = directConversationId(me, peer);
  await ensureConv(getDb(), { conv, peer, members: [me, peer] }, Date.now());
  // The peer may be online already: offer HAVE so its history streams in.
  runtime.peek()?.sync.resync(peer);
  announceRow(conv);
  return conv;
}

async function setFlag(conv: ConversationId, field: 'pinned' | 'muted', on: boolean) {
  await updateConv(getDb(), conv, (row) => {
    if (row[field] === on) return false;
    row[field] = on;
    return true;
  });
  announceRow(conv);
}

export function setPinned(conv: ConversationId, pinned: boolean): Promise<void> {
  return setFlag(conv, 'pinned', pinned);
}
export function setMuted(conv: ConversationId, muted: boolean): Promise<void> {
  return setFlag(conv, 'muted', muted);
}

/** Per-chat draft, persisted. */
export function loadDraft(conv: ConversationId): Promise<string> {
  return getDraft(getDb(), conv);
}
export function saveDraft(conv: ConversationId, text: string): Promise<void> {
  return putDraft(getDb(), conv, text, Date.now());
}

/** Tell the peer we are typing (throttled; ephemeral). */
export function notifyTyping(conv: ConversationId): void {
  runtime
    .peek()
    ?.sync.typing(conv)
    .catch((err: unknown) => logger.debug('could not send TYPING', describeError(err)));
}
