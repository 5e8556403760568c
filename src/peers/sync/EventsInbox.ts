/**
 * EVENTS frames of one session between arrival and storage. Each frame's
 * events are checked as soon as it arrives (a few frames ahead of storage),
 * and frames that arrived back to back are stored together: one transaction
 * for several frames, acknowledged by one HAVE. Spec: docs/protocol.md [SYNC-3], [SYNC-4].
 */
import type { CheckResult } from './checkEvents';
import { MAX_STORE_EVENTS, VERIFY_AHEAD } from './constants';
import type { EventsFrame } from './frames';

/** One frame in the inbox. */
export interface InboxEntry {
  readonly frame: EventsFrame;
  /** The number of the session task that stores it (tasks run in order). */
  readonly task: number;
  checked: Promise<CheckResult[]> | null;
  settled: boolean;
  /** Stored with an earlier frame's group: its own task does nothing. */
  taken: boolean;
}

/** Frames waiting to be stored, in arrival order. */
export class EventsInbox {
  readonly #check: (frame: EventsFrame) => Promise<CheckResult[]>;
  #entries: InboxEntry[] = [];
  #checking = 0;

  constructor(check: (frame: EventsFrame) => Promise<CheckResult[]>) {
    this.#check = check;
  }

  /** Frames not stored yet. */
  get size(): number {
    return this.#entries.length;
  }

  /** A frame arrived; `task` is the session task that will store it. */
  add(frame: EventsFrame, task: number): InboxEntry {
    const entry: InboxEntry = { frame, task, checked: null, settled: false, taken: false };
    this.#entries.push(entry);
    this.#startChecks();
    return entry;
  }

  /**
   * The frames to store when `entry`'s task runs: `entry`, then each next frame
   * that arrived right after it (no other task in between) and is already
   * checked, within MAX_STORE_EVENTS events. Empty when an earlier group took it.
   */
  take(entry: InboxEntry): InboxEntry[] {
    if (entry.taken) return [];
    const group = [entry];
    let events = entry.frame.events.length;
    const at = this.#entries.indexOf(entry);
    for (let i = at + 1; i < this.#entries.length; i++) {
      const next = this.#entries[i]!;
      const last = group[group.length - 1]!;
      if (next.task !== last.task + 1 || next.frame.conv !== entry.frame.conv || !next.settled)
        break;
      if (events + next.frame.events.length > MAX_STORE_EVENTS) break;
      events += next.frame.events.length;
      group.push(next);
    }
    for (const e of group) e.taken = true;
    this.#entries = this.#entries.filter((e) => !e.taken);
    return group;
  }

  /** The check results of a taken entry (checked now if it was not checked ahead). */
  results(entry: InboxEntry): Promise<CheckResult[]> {
    const checked = entry.checked ?? this.#startCheck(entry);
    this.#startChecks();
    return checked;
  }

  /** Forget every frame (the session closed). */
  clear(): void {
    for (const e of this.#entries) e.taken = true;
    this.#entries = [];
  }

  #startChecks(): void {
    for (const entry of this.#entries) {
      if (this.#checking >= VERIFY_AHEAD) return;
      if (!entry.checked) void this.#startCheck(entry);
    }
  }

  #startCheck(entry: InboxEntry): Promise<CheckResult[]> {
    this.#checking++;
    const checked = this.#check(entry.frame);
    entry.checked = checked;
    const done = () => {
      this.#checking--;
      entry.settled = true;
      this.#startChecks();
    };
    checked.then(done, done);
    return checked;
  }
}
