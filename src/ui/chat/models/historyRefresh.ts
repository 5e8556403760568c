/**
 * What a change to a chat asks its open window to read again, and how the
 * rows read again join the rows it has. A window shows a range of the chat
 * (its oldest loaded row to the newest) and quotes a few messages outside it;
 * stored events touch it only when a new message falls in that range or a
 * modifier (edit, recall, reaction) targets a row it shows or quotes. Pure, so
 * the rules are tested without a database. Spec: docs/protocol.md [CHAT-8].
 */
import type { MessageRow } from '../../../db/chatRows';
import type { Position } from '../../../db/messagesRepo';
import { isMessageType, type ChatEvent } from '../../../lib/chatEvent';
import type { EventId } from '../../../lib/ids';

/** What to read again. */
export interface Refresh {
  /** Everything from the oldest loaded row (a change that was not described). */
  all: boolean;
  /** The rows at and after this position (new messages in the window's range). */
  from: Position | null;
  /** Rows shown or quoted that modifiers changed. */
  ids: Set<EventId>;
}

/** Read everything again. */
export function refreshAll(): Refresh {
  return { all: true, from: null, ids: new Set() };
}

/** Whether `a` comes before `b` in display order (lamport, then author). [CHAT-8] */
export function precedes(a: Position, b: Position): boolean {
  return a.lamport < b.lamport || (a.lamport === b.lamport && a.author < b.author);
}

/** What the window needs of one refresh and then another: both, as one read. */
export function joinRefresh(into: Refresh, more: Refresh): void {
  into.all ||= more.all;
  if (more.from && (!into.from || precedes(more.from, into.from))) into.from = more.from;
  for (const id of more.ids) into.ids.add(id);
}

/** What a window sees: its rows (oldest first) and whether older ones exist. */
export interface WindowRange {
  rows: readonly MessageRow[];
  hasOlder: boolean;
  /** A row shown, or a message a shown row quotes. */
  shows: (id: EventId) => boolean;
}

/**
 * What stored `events` ask of a window, or null when they change nothing it
 * shows (a reaction on a message far above it, an older message not loaded).
 */
export function refreshFor(events: readonly ChatEvent[], window: WindowRange): Refresh | null {
  const oldest = window.rows[0];
  const refresh: Refresh = { all: false, from: null, ids: new Set() };
  for (const event of events) {
    if (isMessageType(event.type)) {
      const at = { lamport: event.lamport, author: event.author };
      const inRange = !window.hasOlder || !oldest || !precedes(at, oldest);
      if (inRange && (!refresh.from || precedes(at, refresh.from))) refresh.from = at;
    } else {
      const target = (event.body as { target?: EventId }).target;
      if (target && window.shows(target)) refresh.ids.add(target);
    }
  }
  return refresh.from || refresh.ids.size > 0 ? refresh : null;
}

/**
 * `rows` with what was read again: from `from` on, the `tail` read from there
 * replaces what was loaded; then each row in `fresh` replaces its old self
 * (and drops out when it is now hidden).
 */
export function spliceRows(
  rows: readonly MessageRow[],
  from: Position | null,
  tail: readonly MessageRow[],
  fresh: ReadonlyMap<EventId, MessageRow>,
): MessageRow[] {
  const joined = from ? [...rows.filter((r) => precedes(r, from)), ...tail] : [...rows];
  if (fresh.size === 0) return joined;
  return joined.flatMap((row) => {
    const now = fresh.get(row.id);
    if (!now) return [row];
    return now.hidden ? [] : [now];
  });
}
