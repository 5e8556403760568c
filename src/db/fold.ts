/**
 * Folding edits, recalls and reactions into messages. Pure functions, applied
 * in any arrival order with the same result: edits and reactions are
 * last-writer-wins by lamport, a recall is final. Rules: docs/protocol.md [CHAT-9..12].
 */
import type { ChatEvent, FileBody, ForwardMarks, MessageEventType } from '../lib/chatEvent';
import { isEventOf } from '../lib/chatEvent';
import { parseEventId } from '../lib/convId';
import type { EventId } from '../lib/ids';
import type { LastMessage, MessageRow } from './chatRows';

/** [CHAT-10] Recall is allowed this long after the target's own timestamp. */
export const RECALL_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Characters of text kept in the chats-list preview. */
export const PREVIEW_CHARS = 120;

/** [CHAT-FWD-1] The forward marks of a text or file body, as a row keeps them. */
function forwardOf(body: ForwardMarks): Pick<MessageRow, 'forwarded'> {
  return body.forwarded ? { forwarded: { from: body.forwardedFrom ?? null } } : {};
}

/** A fresh message row from a text event. */
export function messageFromText(event: ChatEvent<'text'>, id: EventId): MessageRow {
  return {
    ...forwardOf(event.body),
    id,
    conv: event.conv,
    author: event.author,
    seq: event.seq,
    lamport: event.lamport,
    ts: event.ts,
    text: event.body.text,
    replyTo: event.body.replyTo ?? null,
    editLamport: 0,
    recalled: false,
    reactions: {},
    hidden: false,
  };
}

/** A fresh message row from a text, file or call event. [CHAT-13], [CHAT-14] */
export function messageFromEvent(event: ChatEvent<MessageEventType>, id: EventId): MessageRow {
  if (isEventOf(event, 'text')) return messageFromText(event, id);
  const base = {
    id,
    conv: event.conv,
    author: event.author,
    seq: event.seq,
    lamport: event.lamport,
    ts: event.ts,
    text: '',
    editLamport: 0,
    recalled: false,
    reactions: {},
    hidden: false,
  };
  if (isEventOf(event, 'file')) {
    return {
      ...base,
      ...forwardOf(event.body),
      kind: 'file',
      file: event.body,
      replyTo: event.body.replyTo ?? null,
    };
  }
  const call = (event as ChatEvent<'call'>).body;
  return { ...base, kind: 'call', call, replyTo: null };
}

/** What the chats list shows for a file. */
export function fileKindOf(file: FileBody): NonNullable<LastMessage['fileKind']> {
  if (file.voice) return 'voice';
  if (file.mime.startsWith('image/')) return 'image';
  if (file.mime.startsWith('video/')) return 'video';
  if (file.mime.startsWith('audio/')) return 'audio';
  return 'file';
}

/** What a modifier did to a message. */
export interface FoldResult {
  message: MessageRow;
  changed: boolean;
  /** The searchable text changed (edit or recall): re-index. */
  textChanged: boolean;
}

const UNCHANGED = (message: MessageRow): FoldResult => ({
  message,
  changed: false,
  textChanged: false,
});

/**
 * Apply one edit, delete or react event to its target. Events that break a
 * rule (another author's edit, a late recall, a target in another
 * conversation) stay in the log, because the log must stay gap-free, but
 * change nothing. [CHAT-9..12]
 */
export function applyModifier(message: MessageRow, event: ChatEvent): FoldResult {
  if (parseEventId(message.id)?.conv !== event.conv) return UNCHANGED(message);
  if (isEventOf(event, 'edit')) {
    // [CHAT-9] author-only, texts only; the latest edit wins; a recalled message stays recalled.
    if (event.author !== message.author || message.recalled) return UNCHANGED(message);
    if ((message.kind ?? 'text') !== 'text') return UNCHANGED(message);
    if (event.lamport <= message.editLamport) return UNCHANGED(message);
    return {
      message: { ...message, text: event.body.text, editLamport: event.lamport },
      changed: true,
      textChanged: true,
    };
  }
  if (isEventOf(event, 'delete')) {
    // [CHAT-10] author-only, within the window after the message's own ts.
    if (event.author !== message.author || message.recalled) return UNCHANGED(message);
    if (event.ts - message.ts > RECALL_WINDOW_MS) return UNCHANGED(message);
    return {
      message: { ...message, text: '', recalled: true, reactions: {} },
      changed: true,
      textChanged: true,
    };
  }
  if (isEventOf(event, 'react')) {
    // [CHAT-11] one state per (author, emoji); the higher lamport wins.
    if (message.recalled) return UNCHANGED(message);
    const key = `${event.author}|${event.body.emoji}`;
    const current = message.reactions[key];
    if (current && current.lamport >= event.lamport) return UNCHANGED(message);
    const reactions = {
      ...message.reactions,
      [key]: {
        author: event.author,
        emoji: event.body.emoji,
        on: event.body.on,
        lamport: event.lamport,
      },
    };
    return { message: { ...message, reactions }, changed: true, textChanged: false };
  }
  return UNCHANGED(message);
}

/** A preview line: first line-ish of the text, bounded. */
export function previewOf(text: string): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  const chars = [...flat];
  return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join('')}…` : flat;
}

/** The chats-list entry of a message. */
export function lastOf(message: MessageRow): LastMessage {
  const last: LastMessage = {
    id: message.id,
    author: message.author,
    lamport: message.lamport,
    preview: message.recalled ? '' : previewOf(message.text),
    recalled: message.recalled,
    ts: message.ts,
  };
  if (message.kind === 'file' && message.file) {
    last.kind = 'file';
    last.fileKind = fileKindOf(message.file);
    last.preview = message.recalled ? '' : previewOf(message.file.name);
  } else if (message.kind === 'call' && message.call) {
    const { outcome, media, duration } = message.call;
    last.kind = 'call';
    last.call = { outcome, media, duration };
  }
  return last;
}

/** True when (lamport, author) of `a` sorts after `b`: display order. [CHAT-8] */
export function isAfter(
  a: { lamport: number; author: string },
  b: { lamport: number; author: string },
): boolean {
  return a.lamport > b.lamport || (a.lamport === b.lamport && a.author > b.author);
}
