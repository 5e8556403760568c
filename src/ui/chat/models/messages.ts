/**
 * Messages model: a live history window per open chat, and the actions on
 * messages. Every action stores first (IndexedDB), then the sync engine
 * pushes; with no connection it is sent on the next session.
 * Spec: docs/protocol.md, "Chat and sync".
 */
import type { MessageKind } from '../../../db/chatRows';
import type { CallBody, FileBody } from '../../../lib/chatEvent';
import type { ReadonlySignal } from '@preact/signals';
import { markConvRead } from '../../../db/convsRepo';
import { getDb } from '../../../db/db';
import { RECALL_WINDOW_MS } from '../../../db/fold';
import { getMessage, hideMessage } from '../../../db/messagesRepo';
import { searchableText, searchIndex } from '../../../db/searchIndex';
import {
  MAX_EMOJI_CHARS,
  MAX_TEXT_CHARS,
  type ChatEvent,
  type EventBodies,
  type EventType,
  type ForwardMarks,
} from '../../../lib/chatEvent';
import { describeError, StorageError } from '../../../lib/errors';
import type { ConversationId, EventId, PeerId } from '../../../lib/ids';
import { log } from '../../../lib/log';
import { parseQuery, snippetOf } from '../../../lib/search/tokenize';
import { appendEvent, NotFriendError } from '../../../peers/sync/append';
import { announce, announceRow, myId } from './chatFeed';
import { HistoryWindow } from './history';
import { identityKeys } from '../../me/models/identity';
import { runtime } from '../../shell/models/runtime';
import { codePointLength } from '../../../lib/text';

const logger = log('ui:messages');

export { RECALL_WINDOW_MS };

export type MessageStatus = 'pending' | 'sent' | 'delivered' | 'read';

export interface Reaction {
  emoji: string;
  authors: PeerId[];
  mine: boolean;
}

/** One message as shown: edits, recalls and reactions already folded in. */
export interface MessageView {
  id: EventId;
  /** text, file or call entry. */
  kind: MessageKind;
  /** kind 'file': the signed file event's body (name, size, mime, sha256, thumb…). */
  file: FileBody | null;
  /** kind 'call': how the call went. */
  call: CallBody | null;
  conv: ConversationId;
  author: PeerId;
  mine: boolean;
  seq: number;
  lamport: number;
  ts: number;
  /** Current text (after the latest edit); '' when recalled. */
  text: string;
  edited: boolean;
  recalled: boolean;
  replyTo: { id: EventId; author: PeerId; preview: string; recalled: boolean } | null;
  reactions: Reaction[];
  /** [CHAT-FWD-1] Forwarded from another chat; `from`: the original sender's name, if carried. */
  forwarded: { from: string | null } | null;
  /** Only for my messages: pending (local only) → sent (pushed) → delivered (their HAVE) → read (their READ). */
  status: MessageStatus | null;
}

/** A paged, live window on one chat's history, newest at the end. */
export interface HistoryHandle {
  readonly messages: ReadonlySignal<MessageView[]>;
  readonly hasOlder: ReadonlySignal<boolean>;
  readonly loading: ReadonlySignal<boolean>;
  /** Load the previous page (50). */
  loadOlder(): Promise<void>;
  /** Make sure `id` is loaded (for jump-to-message); resolves true when found. */
  reveal(id: EventId): Promise<boolean>;
  close(): void;
}

export type SendResult =
  | { ok: true; id: EventId }
  | { ok: false; reason: 'empty' | 'too-long' | 'quota' | 'storage' | 'not-friend' };

export type ActionResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'not-mine' | 'too-late' | 'too-long' | 'empty' | 'quota' | 'storage' | 'gone';
    };

/** Open a live window on `conv` (first page: the 50 newest). Call close() when done. */
export function openHistory(conv: ConversationId): HistoryHandle {
  return new HistoryWindow(conv);
}

type Failure = 'quota' | 'storage' | 'not-friend';

/** Store my event (and push it when online); failures become reasons. */
async function append<T extends EventType>(
  conv: ConversationId,
  type: T,
  body: EventBodies[T],
): Promise<{ ok: true; event: ChatEvent<T> } | { ok: false; reason: Failure }> {
  try {
    const engine = runtime.peek()?.sync;
    let event: ChatEvent<T>;
    if (engine) {
      event = await engine.append(conv, type, body);
    } else {
      // Offline (no transport): stored now, sent by the HAVE of the next session.
      const keys = identityKeys.peek();
      if (!keys) return { ok: false, reason: 'storage' };
      const appended = await appendEvent(getDb(), keys, conv, type, body, Date.now());
      event = appended.event;
      announce(conv, appended.messages ?? undefined);
    }
    return { ok: true, event };
  } catch (err) {
    if (err instanceof NotFriendError) return { ok: false, reason: 'not-friend' };
    logger.error('could not store a message', describeError(err));
    return {
      ok: false,
      reason: err instanceof StorageError && err.reason === 'quota' ? 'quota' : 'storage',
    };
  }
}

function checkText(text: string): 'empty' | 'too-long' | null {
  if (text.trim().length === 0) return 'empty';
  return codePointLength(text) > MAX_TEXT_CHARS ? 'too-long' : null;
}

/** Append to my log first (shows as pending at once), then push to the peer if online. */
export async function sendText(
  conv: ConversationId,
  text: string,
  replyTo?: EventId,
): Promise<SendResult> {
  const bad = checkText(text);
  if (bad) return { ok: false, reason: bad };
  const result = await append(conv, 'text', replyTo ? { text, replyTo } : { text });
  if (!result.ok) return result;
  const { event } = result;
  return { ok: true, id: `${event.conv}:${event.author}:${event.seq}` as EventId };
}

/** A copy of a text from another chat, marked forwarded ([CHAT-FWD-1]); stored, then pushed. */
export async function sendForwardedText(
  conv: ConversationId,
  text: string,
  marks: ForwardMarks,
): Promise<SendResult> {
  const bad = checkText(text);
  if (bad) return { ok: false, reason: bad };
  const result = await append(conv, 'text', { text, ...marks });
  if (!result.ok) return result;
  const { event } = result;
  return { ok: true, id: `${event.conv}:${event.author}:${event.seq}` as EventId };
}

/** My message `id`, or the reason it cannot be acted on. */
async function ownMessage(id: EventId) {
  try {
    const message = await getMessage(getDb(), id);
    if (!message || message.recalled) return { ok: false as const, reason: 'gone' as const };
    if (message.author !== myId()) return { ok: false as const, reason: 'not-mine' as const };
    return { ok: true as const, message };
  } catch (err) {
    logger.error('could not read a message', describeError(err));
    return { ok: false as const, reason: 'storage' as const };
  }
}

function done(result: { ok: true } | { ok: false; reason: Failure }): ActionResult {
  if (result.ok) return { ok: true };
  return { ok: false, reason: result.reason === 'not-friend' ? 'gone' : result.reason };
}

export async function editMessage(id: EventId, text: string): Promise<ActionResult> {
  const bad = checkText(text);
  if (bad) return { ok: false, reason: bad };
  const own = await ownMessage(id);
  if (!own.ok) return own;
  if (own.message.text === text) return { ok: true };
  return done(await append(own.message.conv, 'edit', { target: id, text }));
}

export async function recallMessage(id: EventId): Promise<ActionResult> {
  const own = await ownMessage(id);
  if (!own.ok) return own;
  if (Date.now() - own.message.ts > RECALL_WINDOW_MS) return { ok: false, reason: 'too-late' };
  return done(await append(own.message.conv, 'delete', { target: id }));
}

/** Hide locally only. */
export async function deleteForMe(id: EventId): Promise<ActionResult> {
  try {
    const message = await getMessage(getDb(), id);
    if (!message || !(await hideMessage(getDb(), id))) return { ok: false, reason: 'gone' };
    announce(message.conv);
    return { ok: true };
  } catch (err) {
    logger.error('could not hide a message', describeError(err));
    return {
      ok: false,
      reason: err instanceof StorageError && err.reason === 'quota' ? 'quota' : 'storage',
    };
  }
}

/** Toggle my reaction `emoji` on a message. */
export async function toggleReaction(id: EventId, emoji: string): Promise<ActionResult> {
  if (!emoji.trim()) return { ok: false, reason: 'empty' };
  if (codePointLength(emoji) > MAX_EMOJI_CHARS) return { ok: false, reason: 'too-long' };
  const me = myId();
  const message = await getMessage(getDb(), id).catch(() => null);
  if (!me || !message || message.recalled || message.hidden) return { ok: false, reason: 'gone' };
  const on = !message.reactions[`${me}|${emoji}`]?.on;
  return done(await append(message.conv, 'react', { target: id, emoji, on }));
}

/** The chat is on screen and scrolled to the bottom: clear unread, send READ if enabled. */
export function markRead(conv: ConversationId): void {
  const engine = runtime.peek()?.sync;
  const work = engine
    ? engine.markRead(conv)
    : markConvRead(getDb(), conv).then((marked) => {
        if (marked?.changed) announceRow(conv);
      });
  work.catch((err: unknown) => logger.warn('could not mark read', describeError(err)));
}

export interface SearchHit {
  id: EventId;
  conv: ConversationId;
  author: PeerId;
  ts: number;
  /** The message text around the match. */
  snippet: string;
  /** [start, end) code-unit ranges of matches inside `snippet`. */
  ranges: Array<[number, number]>;
}

/** Default and largest number of hits. */
export const SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 500;

/** Search message text (English words and CJK phrases), newest first; `conv` limits to one chat. */
export async function searchMessages(
  query: string,
  conv?: ConversationId,
  limit = SEARCH_LIMIT,
): Promise<SearchHit[]> {
  const parsed = parseQuery(query);
  if (!parsed) return [];
  try {
    const bound = Math.max(1, Math.min(limit, MAX_SEARCH_LIMIT));
    const rows = await searchIndex(getDb(), parsed, conv, bound);
    return rows.map((row) => ({
      id: row.id,
      conv: row.conv,
      author: row.author,
      ts: row.ts,
      ...snippetOf(searchableText(row), parsed.terms),
    }));
  } catch (err) {
    logger.error('search failed', describeError(err));
    return [];
  }
}
