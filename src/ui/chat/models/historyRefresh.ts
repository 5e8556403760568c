/**
 * How a change to a chat reaches its open window. A store hands over the
 * message rows it wrote, as stored, so the window merges them into the rows it
 * has without reading: a new message takes its place in display order, a
 * changed one replaces its old self (and a now hidden one drops out). Rows
 * above the window's range are not its business. A change that came without
 * its rows (a backlog, a message hidden) reads the window again. Pure, so the
 * rules are tested without a database. Spec: docs/protocol.md [CHAT-8].
 */
import type { MessageRow } from '../../../db/chatRows';
import type { Position } from '../../../db/messagesRepo';
import type { EventId } from '../../../lib/ids';

/** What a window has to take in. */
export interface Refresh {
  /** Read everything again from the oldest loaded row (a change that came without its rows). */
  all: boolean;
  /** Message rows as stored, by id, to merge in without reading. */
  rows: Map<EventId, MessageRow>;
}

/** Read everything again. */
export function refreshAll(): Refresh {
  return { all: true, rows: new Map() };
}

/** Merge `rows` in. */
export function refreshWith(rows: readonly MessageRow[]): Refresh {
  return { all: false, rows: new Map(rows.map((row) => [row.id, row])) };
}

/** One change and then another, as one: the later version of a row wins. */
export function joinRefresh(into: Refresh, more: Refresh): void {
  into.all ||= more.all;
  for (const [id, row] of more.rows) into.rows.set(id, row);
}

/** Whether `a` comes before `b` in display order (lamport, then author). [CHAT-8] */
export function precedes(a: Position, b: Position): boolean {
  return a.lamport < b.lamport || (a.lamport === b.lamport && a.author < b.author);
}

/** What a window shows: its rows (oldest first) and whether older ones exist. */
export interface WindowRange {
  rows: readonly MessageRow[];
  hasOlder: boolean;
  /** A row shown, or a message a shown row quotes. */
  shows: (id: EventId) => boolean;
}

/** Whether `row` belongs to the window's range: from its oldest loaded row on, or anywhere. */
function inRange(row: MessageRow, window: WindowRange): boolean {
  const oldest = window.rows[0];
  return !window.hasOlder || !oldest || !precedes(row, oldest);
}

/**
 * Whether rows written touch the window: one it shows or quotes, or one in
 * its range. A reaction on a message far above it, or an older message not
 * loaded, does not.
 */
export function touches(written: readonly MessageRow[], window: WindowRange): boolean {
  return written.some((row) => window.shows(row.id) || (!row.hidden && inRange(row, window)));
}

/**
 * The window's rows with the rows written merged in: each replaces its old
 * self (dropping out when it is now hidden), and a new one in the window's
 * range takes its place in display order.
 */
export function mergeRows(
  window: WindowRange,
  written: ReadonlyMap<EventId, MessageRow>,
): MessageRow[] {
  const left = new Map(written);
  const merged: MessageRow[] = [];
  for (const row of window.rows) {
    const now = left.get(row.id);
    if (!now) {
      merged.push(row);
      continue;
    }
    left.delete(row.id);
    if (!now.hidden) merged.push(now);
  }
  const added = [...left.values()].filter((row) => !row.hidden && inRange(row, window));
  if (added.length === 0) return merged;
  return [...merged, ...added].sort((a, b) => (precedes(a, b) ? -1 : precedes(b, a) ? 1 : 0));
}
