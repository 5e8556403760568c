/**
 * The system lines of an open group chat with their place in it: the fold says what happened,
 * the stored control events say when (lamport, for the order among messages) and what a meta
 * changed. Reads each control event once per fold.
 */
import { getDb } from '../../../db/db';
import { getEvent } from '../../../db/chatStore';
import type { ChatEvent } from '../../../lib/chatEvent';
import { parseEventId } from '../../../lib/convId';
import { isControlEvent, isControlOf } from '../../../lib/group/control';
import type { GroupFold } from '../../../lib/group/types';
import type { EventId } from '../../../lib/ids';
import { systemLines, type SystemLine } from './systemLines';

/** A system line and where it sits among the messages. */
export interface PlacedLine {
  line: SystemLine;
  lamport: number;
}

/** The applied control events of a fold, as stored on this device (those not held are left out). */
async function controlEvents(fold: GroupFold): Promise<Map<EventId, ChatEvent>> {
  const db = getDb();
  const out = new Map<EventId, ChatEvent>();
  await Promise.all(
    fold.outcomes
      .filter((o) => o.status === 'applied')
      .map(async (o) => {
        const at = parseEventId(o.event);
        if (!at) return;
        const event = await getEvent(db, at.conv, at.author, at.seq);
        if (event) out.set(o.event, event);
      }),
  );
  return out;
}

/** The system lines of `fold`, each with its control event's lamport. */
export async function placedLines(fold: GroupFold): Promise<PlacedLine[]> {
  const events = await controlEvents(fold);
  const metaOf = (id: EventId) => {
    const e = events.get(id);
    return e && isControlEvent(e) && isControlOf(e, 'group.meta') ? e.body : null;
  };
  return systemLines(fold, metaOf).flatMap((line) => {
    const lamport = events.get(line.event)?.lamport;
    return lamport === undefined ? [] : [{ line, lamport }];
  });
}
