/**
 * The chat feed the chat models listen to: what the running sync engine reports, plus the
 * local changes models announce themselves (pin, mute, hide…). A module of its own so
 * chats.ts, messages.ts, history.ts and attention.ts do not import each other in a circle.
 */
import { effect } from '@preact/signals';
import type { MessageRow } from '../../../db/chatRows';
import { Emitter } from '../../../lib/emitter';
import type { ChatEvent } from '../../../lib/chatEvent';
import type { ConversationId, PeerId } from '../../../lib/ids';
import type { StatusMarks } from '../../../peers/sync/SyncEngine';
import type { Unsubscribe } from '../../../peers/transport';
import { identityKeys } from '../../me/models/identity';
import { runtime } from '../../shell/models/runtime';

interface ChatFeed {
  /**
   * Messages of `conv` changed: `messages` are the rows written, as stored, or
   * (undefined) something else or too much to list changed them (a backlog, a
   * message hidden).
   */
  changed: (conv: ConversationId, messages?: readonly MessageRow[]) => void;
  /** Only the row of `conv` changed (read state, pin, mute, a new chat): lists, not messages. */
  row: (conv: ConversationId) => void;
  /** [SYNC-8] The status marks of my messages in `conv` moved: show these. */
  status: (conv: ConversationId, marks: StatusMarks) => void;
  /** The peer's events were stored. */
  incoming: (conv: ConversationId, events: ChatEvent[]) => void;
  typing: (convs: ReadonlySet<ConversationId>) => void;
}

const feed = new Emitter<ChatFeed>();

/** Subscribe to the chat feed; returns unsubscribe. */
export function onChat<E extends keyof ChatFeed>(event: E, listener: ChatFeed[E]): Unsubscribe {
  return feed.on(event, listener);
}

/** Announce a local change to the messages of `conv` (rows written, or a message hidden). */
export function announce(conv: ConversationId, messages?: readonly MessageRow[]): void {
  feed.emit('changed', conv, messages);
}

/** Announce a local change to the row of `conv` only (pin, mute, read state, a new chat). */
export function announceRow(conv: ConversationId): void {
  feed.emit('row', conv);
}

/** My PeerId, or null before onboarding. */
export function myId(): PeerId | null {
  return identityKeys.peek()?.id ?? null;
}

/** The status marks of my messages in `conv` as the running sync engine shows them, if it knows. */
export function statusMarks(conv: ConversationId): StatusMarks | null {
  return runtime.peek()?.sync.statusOf(conv) ?? null;
}

/** Pass the running sync engine's news on to the feed, whichever runtime runs. Returns stop. */
export function relayChat(): () => void {
  return effect(() => {
    const sync = runtime.value?.sync;
    if (!sync) return;
    const offs = [
      sync.on('changed', (conv, messages) => feed.emit('changed', conv, messages)),
      sync.on('readState', (conv) => feed.emit('row', conv)),
      sync.on('status', (conv, marks) => feed.emit('status', conv, marks)),
      sync.on('incoming', (conv, events) => feed.emit('incoming', conv, events)),
      sync.on('typing', (convs) => feed.emit('typing', convs)),
    ];
    return () => {
      for (const off of offs) off();
    };
  });
}
