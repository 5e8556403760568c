/**
 * [SYNC-2][SYNC-3] What to send next: the events a peer lacks, per author in
 * seq order, cut into EVENTS batches within the frame limits, as many as the
 * window allows. Several batches are read at once, so filling the window costs
 * one read per author.
 */
import { readLog } from '../../db/chatStore';
import { getConv } from '../../db/convsRepo';
import type { PlumeDatabase } from '../../db/db';
import type { ChatEvent } from '../../lib/chatEvent';
import type { FarewellCap } from '../../lib/group/farewell';
import type { ConversationId, PeerId } from '../../lib/ids';
import { MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH, SYNC_WINDOW } from './constants';
import type { VersionVector } from './frames';

const utf8 = new TextEncoder();
const NON_ASCII = /[\u0080-\uffff]/;

/** UTF-8 bytes of `json` (ASCII, the common case, without encoding it). */
export function bytesOf(json: string): number {
  return NON_ASCII.test(json) ? utf8.encode(json).byteLength : json.length;
}

/**
 * Up to `frames` batches of the events in `mine` beyond `cursor`, authors in
 * sorted order. Each batch holds at most MAX_EVENTS_PER_BATCH events and
 * MAX_BATCH_BYTES of event JSON (a single larger event still goes alone).
 */
export async function nextBatches(
  db: PlumeDatabase,
  conv: ConversationId,
  mine: VersionVector,
  cursor: VersionVector,
  frames: number,
): Promise<ChatEvent[][]> {
  const events: ChatEvent[] = [];
  const room = frames * MAX_EVENTS_PER_BATCH;
  for (const author of Object.keys(mine).sort()) {
    if (events.length >= room) break;
    const from = (cursor[author] ?? 0) + 1;
    const to = mine[author]!;
    events.push(...(await readLog(db, conv, author as PeerId, from, to, room - events.length)));
  }
  const batches: ChatEvent[][] = [];
  let batch: ChatEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = bytesOf(JSON.stringify(event));
    if (
      batch.length > 0 &&
      (batch.length >= MAX_EVENTS_PER_BATCH || bytes + size > MAX_BATCH_BYTES)
    ) {
      batches.push(batch);
      if (batches.length >= frames) return batches;
      batch = [];
      bytes = 0;
    }
    batch.push(event);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * `vv` cut to `limit`: per author, the lower of the two. Authors outside `limit` are left out
 * (a farewell's cap, [GRP-60]), or with `others` kept whole (a relay's hold, [GRP-75]).
 */
export function capVector(
  vv: VersionVector,
  limit: FarewellCap | VersionVector,
  others = false,
): VersionVector {
  const out: Record<string, number> = {};
  for (const [author, seq] of Object.entries(vv)) {
    const most = Math.min(seq, limit[author] ?? (others ? seq : 0));
    if (most > 0) out[author] = most;
  }
  return out;
}

/** A conversation's sending side on one session. [SYNC-3] */
export interface SendState {
  /** Per author, the highest seq sent or known held by them. */
  cursor: VersionVector;
  sentFrames: number;
  ackedFrames: number;
}

/**
 * [SYNC-3] Send what the window allows with `send` (false: the frame did not
 * go, stop); resolves to `me`'s highest seq sent (0: none). With `cap`, nothing
 * beyond it is sent (a removed member's farewell, [GRP-60]); with `hold`, nothing beyond it of
 * the authors it lists (events whose relay waits, [GRP-75]).
 */
export async function sendWindow(
  db: PlumeDatabase,
  conv: ConversationId,
  state: SendState,
  me: PeerId,
  send: (batch: ChatEvent[]) => boolean,
  cap?: FarewellCap,
  hold?: VersionVector | null,
): Promise<number> {
  let mine = 0;
  for (;;) {
    const free = SYNC_WINDOW - (state.sentFrames - state.ackedFrames);
    if (free <= 0) return mine;
    const row = await getConv(db, conv);
    if (!row) return mine;
    // Nothing in flight: one frame first, so the peer starts on it while we read the rest.
    const frames = state.sentFrames === state.ackedFrames ? 1 : free;
    const capped = cap ? capVector(row.vv, cap) : row.vv;
    const held = hold ? capVector(capped, hold, true) : capped;
    const batches = await nextBatches(db, conv, held, state.cursor, frames);
    if (batches.length === 0) return mine;
    for (const batch of batches) {
      if (!send(batch)) return mine;
      state.sentFrames++;
      for (const e of batch) {
        state.cursor[e.author] = e.seq;
        if (e.author === me) mine = e.seq;
      }
    }
  }
}
