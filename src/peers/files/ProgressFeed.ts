/**
 * Progress as the UI sees it: one event per change of state, and while bytes
 * move at most one every PROGRESS_INTERVAL_MS, with speed and time left from
 * the transfer's meter. Live figures are memory only; the records hold the rest.
 */
import type { FileRow } from '../../db/filesRepo';
import { Emitter } from '../../lib/emitter';
import type { EventId } from '../../lib/ids';
import type { FileEngineEvents, FileProgress } from './api';
import { Meter } from './meter';
import { progressOf, type LiveFigures } from './records';

interface Live {
  row: FileRow;
  bytes: number;
  meter: Meter;
}

/** The engine's progress events and the live figures behind them. */
export class ProgressFeed {
  readonly events = new Emitter<FileEngineEvents>();
  readonly #now: () => number;
  readonly #live = new Map<EventId, Live>();
  #closed = false;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Bytes of `row` start moving (already `bytes` done). */
  start(row: FileRow, bytes: number): void {
    if (this.#closed) return;
    const meter = new Meter();
    meter.add(this.#now(), bytes);
    this.#live.set(row.id, { row, bytes, meter });
    this.emit(row);
  }

  /** Bytes moved (stored by me, or acknowledged by the receiver); throttled. */
  moved(id: EventId, bytes: number): void {
    const live = this.#live.get(id);
    if (!live) return;
    const now = this.#now();
    live.bytes = bytes;
    live.meter.add(now, bytes);
    if (live.meter.due(now) || bytes >= live.row.body.size) this.#send(live.row);
  }

  /** The transfer of `id` stopped moving; its last bytes (if it was live). */
  end(id: EventId): number | undefined {
    const bytes = this.#live.get(id)?.bytes;
    this.#live.delete(id);
    return bytes;
  }

  /** Speed and bytes of a transfer in progress, or null. */
  figures(id: EventId): LiveFigures | null {
    const live = this.#live.get(id);
    if (!live) return null;
    const now = this.#now();
    return {
      bytes: live.bytes,
      bytesPerSecond: live.meter.speed(now),
      etaSeconds: live.meter.eta(now, live.row.body.size),
    };
  }

  /** What the UI sees of `row` now. */
  progress(row: FileRow): FileProgress {
    return progressOf(row, this.figures(row.id));
  }

  /** Emit `row` now (a state change: never throttled). */
  emit(row: FileRow): void {
    const live = this.#live.get(row.id);
    live?.meter.due(this.#now());
    this.#send(live ? live.row : row);
  }

  /** No more events. */
  close(): void {
    this.#closed = true;
    this.#live.clear();
    this.events.clear();
  }

  #send(row: FileRow): void {
    if (this.#closed) return;
    this.events.emit('progress', this.progress(row));
  }
}
