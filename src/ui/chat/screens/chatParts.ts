/**
 * What a group chat adds to the chat view (sender names and pictures, system lines, mentions
 * in the text). A direct chat passes none of it and renders as it always has; the groups
 * feature fills it in, so the chat view does not depend on group code.
 */
import type { JSX } from 'preact';
import type { MutableRef } from 'preact/hooks';
import type { CallBody } from '../../../lib/chatEvent';
import type { EventId, PeerId } from '../../../lib/ids';
import type { MessageView } from '../models/messages';

/** A line between messages saying what happened to the group. */
export interface ChatLine {
  key: string;
  text: string;
}

/** The extra parts of a group chat, stable while the group does not change (rows are memoized). */
export interface ChatParts {
  me: PeerId;
  /** The sender of a message as members see them. */
  senderOf(author: PeerId): { name: string; avatar: string | null };
  /** The lines to show before each message (by id) and after the last. */
  lines(
    messages: readonly MessageView[],
    fromStart: boolean,
  ): {
    before: ReadonlyMap<EventId, readonly ChatLine[]>;
    after: readonly ChatLine[];
  };
  /** The text of a message, with its mentions marked. */
  text(message: MessageView): JSX.Element;
  /** Shown under one of my messages (who has read it), or null. */
  footer?(message: MessageView): JSX.Element | null;
  /** A call's entry, when the chat shows it its own way (a group's call, [GCALL-6]). */
  call?(message: MessageView, call: CallBody): JSX.Element;
}

/** What the composer hands a helper shown above its row (the @mention picker). */
export interface ComposerSlotProps {
  text: string;
  /** The caret's index in the text. */
  caret: number;
  /** Replace the text and put the caret at `caret`. */
  apply: (text: string, caret: number) => void;
  /** The helper's keyboard handler, run before the composer's: true when it used the key. */
  keys: MutableRef<((event: KeyboardEvent) => boolean) | null>;
}
