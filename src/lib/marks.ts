/**
 * User-timing marks on the path of a message (send, push, receive, check,
 * store, acknowledge, record delivery, publish to the view), so the time of
 * each step can be read from the page: the devtools' timeline shows them, and
 * `bench:chat` collects them with a PerformanceObserver. Always on: a mark
 * costs about a microsecond. Each name keeps only its newest entry in the
 * performance timeline, so the timeline never grows with the messages sent
 * (an observer still sees every mark as it is made).
 */

/** The steps a message passes, in order. Names are `plume:<step>`. */
export type MarkStep =
  /** A: my event is signed (detail: its seq), not stored yet. */
  | 'signed'
  /** A: my event is signed and stored (it shows as pending). */
  | 'appended'
  /** An EVENTS frame went out on a session (detail: its last event). */
  | 'events-sent'
  /** An EVENTS frame arrived on a session (detail: its last event, not yet checked). */
  | 'events-received'
  /** The events of a frame (or group of frames) are checked. */
  | 'verified'
  /** Checked events from a peer are stored. */
  | 'stored'
  /** A HAVE went out (detail: the conversation's version vector). */
  | 'have-sent'
  /** A HAVE arrived (detail: the peer's version vector). */
  | 'have-received'
  /** A status mark of mine moved (detail: which one and to what). */
  | 'status'
  /** A status mark was written to the conversation row. */
  | 'status-written'
  /** An open chat published a new list of message views. */
  | 'published';

/** What a mark says about the message: enough to match marks of one message across pages. */
export interface MarkDetail {
  conv?: string;
  author?: string;
  seq?: number;
  vv?: Readonly<Record<string, number>>;
  mark?: string;
}

const timeline: Pick<Performance, 'mark' | 'clearMarks'> | null =
  typeof performance !== 'undefined' &&
  typeof performance.mark === 'function' &&
  typeof performance.clearMarks === 'function'
    ? performance
    : null;

/** Note that a message reached `step` now. Never throws. */
export function mark(step: MarkStep, detail?: MarkDetail): void {
  if (!timeline) return;
  const name = `plume:${step}`;
  try {
    timeline.clearMarks(name);
    timeline.mark(name, detail ? { detail } : undefined);
  } catch {
    // A timeline that refuses a mark changes nothing about the message.
  }
}
