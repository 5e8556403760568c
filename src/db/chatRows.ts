/**
 * Row shapes of the chat tables (schema v3, src/db/db.ts). Events are the
 * signed logs as received; messages, convs and postings are views derived from
 * them in the same transaction, so a crash never leaves them out of step.
 * Spec: docs/protocol.md [CHAT-*], [SYNC-*].
 */
import type { CallBody, ChatEvent, FileBody } from '../lib/chatEvent';
import type { ConversationId, EventId, PeerId } from '../lib/ids';

/**
 * A stored event; `target` copies the body's target so late targets find their edits, and
 * `control` (group control events only) copies the conversation, so a group's control events
 * are read without its messages ([GRP-18]).
 */
export type EventRow = ChatEvent & { target?: EventId; control?: ConversationId };

/** One author's reaction state for one emoji (last writer by lamport wins). */
export interface ReactionState {
  author: PeerId;
  emoji: string;
  on: boolean;
  lamport: number;
}

/** What a message is; rows stored before files (schema v4) have no `kind` and are texts. */
export type MessageKind = 'text' | 'file' | 'call';

/** A text, file or call message with its edits, recall and reactions folded in. */
export interface MessageRow {
  id: EventId;
  /** Absent on rows from schema v3: a text. */
  kind?: MessageKind;
  /** The file event's body (kind 'file'). The bytes live in the file tables. */
  file?: FileBody;
  /** The call entry's body (kind 'call'). */
  call?: CallBody;
  conv: ConversationId;
  author: PeerId;
  seq: number;
  lamport: number;
  ts: number;
  /** Current text ('' for files and calls); '' once recalled. */
  text: string;
  replyTo: EventId | null;
  /** Lamport of the edit shown (0: never edited). */
  editLamport: number;
  recalled: boolean;
  /** Keyed `${author}|${emoji}`. */
  reactions: Record<string, ReactionState>;
  /** Deleted for me (local only). */
  hidden: boolean;
  /** [GRP-13] A group message whose author was no member at its seq: kept, not shown. */
  voided?: boolean;
  /** [CHAT-FWD-1] Forwarded from another chat; `from`: the original sender's name, if carried. */
  forwarded?: { from: string | null };
}

/** The last visible message of a conversation, for the chats list. */
export interface LastMessage {
  id: EventId;
  /** Absent: text. For files `preview` is the file name; for calls it is ''. */
  kind?: MessageKind;
  /** Files: a voice message or an image (the list shows an icon and a word). */
  fileKind?: 'voice' | 'image' | 'video' | 'audio' | 'file';
  /** Calls: how it ended and its media. */
  call?: Pick<CallBody, 'outcome' | 'media' | 'duration'>;
  author: PeerId;
  lamport: number;
  preview: string;
  recalled: boolean;
  ts: number;
}

/** One conversation. */
export interface ConvRow {
  conv: ConversationId;
  /** Absent: a direct chat. */
  kind?: 'group';
  /** A group's name as its fold has it ([GRP-16]); absent for direct chats. */
  name?: string | null;
  /** The friend (direct chats); for a group, my own id. */
  peer: PeerId;
  /** Authors allowed to write (direct: both ids, sorted; a group: its members now, sorted). */
  members: PeerId[];
  /** [SYNC-1] Version vector: per author, highest seq held with no gap below. */
  vv: Record<string, number>;
  /** Highest lamport seen in this conversation (the next append uses +1). */
  maxLamport: number;
  lastActivity: number;
  last: LastMessage | null;
  unread: number;
  pinned: boolean;
  muted: boolean;
  /** Lamport up to which I have read. */
  readUpto: number;
  /** Lamport up to which the peer has read (their READ). */
  peerReadUpto: number;
  /** My highest seq pushed to the peer at least once. */
  sentSeq: number;
  /** My highest seq the peer holds (its HAVE). */
  deliveredSeq: number;
}

/** A composer draft. */
export interface DraftRow {
  conv: ConversationId;
  text: string;
  at: number;
}

/** One search posting: token `t` occurs in message `id` of conversation `c`. */
export interface PostingRow {
  t: string;
  c: ConversationId;
  ts: number;
  id: EventId;
}
