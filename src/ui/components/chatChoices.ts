/**
 * The chats a picker offers (forwarding, sharing into Plume): the chats list's order (pinned,
 * then most recent), narrowed by a search on the chat's title. Pure, so it is tested alone.
 */
import type { ConversationId } from '../../lib/ids';

/** One chat as a picker shows it. */
export interface ChatChoice {
  conv: ConversationId;
  title: string;
  avatar: string | null;
  /** Seeds the placeholder avatar's colour. */
  seed: string;
  group: boolean;
}

/** Fold for matching: compatibility forms, then case (so `Ａ` finds `a`). */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * The choices whose title holds every whitespace-separated term of `query`, in the order
 * given; chats in `exclude` are left out.
 */
export function chatChoices(
  all: readonly ChatChoice[],
  query: string,
  exclude?: ReadonlySet<ConversationId>,
): ChatChoice[] {
  const terms = fold(query).split(/\s+/).filter(Boolean);
  return all.filter(
    (c) => !exclude?.has(c.conv) && terms.every((term) => fold(c.title).includes(term)),
  );
}

/** `chosen` with `conv` added (up to `room` chats) or removed. */
export function toggleChoice(
  chosen: readonly ConversationId[],
  conv: ConversationId,
  on: boolean,
  room: number,
): ConversationId[] {
  if (!on) return chosen.filter((c) => c !== conv);
  if (chosen.includes(conv) || chosen.length >= room) return [...chosen];
  return [...chosen, conv];
}
