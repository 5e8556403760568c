/**
 * From stored rows to what the chat view renders: status from the delivery
 * marks of the conversation, reactions grouped by emoji, reply previews.
 */
import type { MessageRow } from '../../../db/chatRows';
import { previewOf } from '../../../db/fold';
import type { EventId, PeerId } from '../../../lib/ids';
import type { StatusMarks } from '../../../peers/sync/StatusBook';
import type { MessageStatus, MessageView, Reaction } from './messages';

/** [SYNC-8] Status of my message from the marks of its conversation. */
export function statusOf(
  message: { seq: number; lamport: number },
  marks: StatusMarks,
  showRead: boolean,
): MessageStatus {
  if (message.seq <= marks.deliveredSeq)
    return showRead && message.lamport <= marks.peerReadUpto ? 'read' : 'delivered';
  return message.seq <= marks.sentSeq ? 'sent' : 'pending';
}

/** Reactions that are on, grouped by emoji in first-seen order. */
export function reactionsOf(row: MessageRow, me: PeerId): Reaction[] {
  const byEmoji = new Map<string, Reaction>();
  const states = Object.values(row.reactions)
    .filter((r) => r.on)
    .sort((a, b) => a.lamport - b.lamport);
  for (const state of states) {
    const reaction = byEmoji.get(state.emoji) ?? { emoji: state.emoji, authors: [], mine: false };
    reaction.authors.push(state.author);
    reaction.mine ||= state.author === me;
    byEmoji.set(state.emoji, reaction);
  }
  return [...byEmoji.values()];
}

/** Build the view of one row. `replies` holds the rows its replyTo may point at. */
export function viewOf(
  row: MessageRow,
  marks: StatusMarks | null,
  me: PeerId,
  showRead: boolean,
  replies: ReadonlyMap<EventId, MessageRow>,
): MessageView {
  const mine = row.author === me;
  const target = row.replyTo ? replies.get(row.replyTo) : undefined;
  return {
    id: row.id,
    kind: row.kind ?? 'text',
    file: row.file ?? null,
    call: row.call ?? null,
    conv: row.conv,
    author: row.author,
    mine,
    seq: row.seq,
    lamport: row.lamport,
    ts: row.ts,
    text: row.recalled ? '' : row.text,
    edited: row.editLamport > 0 && !row.recalled,
    recalled: row.recalled,
    replyTo:
      row.replyTo === null
        ? null
        : {
            id: row.replyTo,
            author: target?.author ?? row.author,
            preview: target && !target.recalled && !target.hidden ? previewOf(target.text) : '',
            recalled: target?.recalled ?? false,
          },
    reactions: row.recalled ? [] : reactionsOf(row, me),
    forwarded: row.forwarded ?? null,
    status: mine ? (marks ? statusOf(row, marks, showRead) : 'pending') : null,
  };
}

/** Whether two views of a message show the same thing (every field equal). */
export function sameView(a: MessageView, b: MessageView): boolean {
  return (
    a.id === b.id &&
    a.kind === b.kind &&
    a.file === b.file &&
    a.call === b.call &&
    a.conv === b.conv &&
    a.author === b.author &&
    a.mine === b.mine &&
    a.seq === b.seq &&
    a.lamport === b.lamport &&
    a.ts === b.ts &&
    a.text === b.text &&
    a.edited === b.edited &&
    a.recalled === b.recalled &&
    a.status === b.status &&
    a.forwarded?.from === b.forwarded?.from &&
    (a.forwarded === null) === (b.forwarded === null) &&
    sameReply(a.replyTo, b.replyTo) &&
    a.reactions.length === b.reactions.length &&
    a.reactions.every((r, i) => sameReaction(r, b.reactions[i]))
  );
}

function sameReply(a: MessageView['replyTo'], b: MessageView['replyTo']): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.id === b.id && a.author === b.author && a.preview === b.preview && a.recalled === b.recalled
  );
}

function sameReaction(a: Reaction, b: Reaction | undefined): boolean {
  return (
    b !== undefined &&
    a.emoji === b.emoji &&
    a.mine === b.mine &&
    a.authors.length === b.authors.length &&
    a.authors.every((x, i) => x === b.authors[i])
  );
}
