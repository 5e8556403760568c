/**
 * Sync tuning. Spec: docs/protocol.md [SYNC-*].
 */

/** [SYNC-2] Most events in one EVENTS frame. */
export const MAX_EVENTS_PER_BATCH = 100;
/**
 * [SYNC-2] Most UTF-8 bytes of events in one EVENTS frame; with the envelope
 * it stays under the 64 KiB control-frame cap (one maximal event always fits).
 */
export const MAX_BATCH_BYTES = 48 * 1024;
/**
 * [SYNC-3] EVENTS frames a sender may have unacknowledged per conversation.
 * It bounds what a receiver holds unstored (24 × 48 KiB). With 12 the
 * receiver stored about 3 frames per transaction during a backlog; with 24,
 * about 6, for ~10% more events/s (bench:chat, docs/performance.md).
 */
export const SYNC_WINDOW = 24;
/** [SYNC-1] Most authors a version vector may list (direct: 2; groups later). */
export const MAX_VV_AUTHORS = 256;
/** [SYNC-7] A TYPING shows this long unless renewed. */
export const TYPING_SHOW_MS = 5_000;
/** [SYNC-7] At most one TYPING per conversation this often. */
export const TYPING_THROTTLE_MS = 3_000;
/**
 * EVENTS frames whose events are checked at once ahead of storage (the
 * window's worth: checks run in a worker while earlier frames are stored).
 */
export const VERIFY_AHEAD = SYNC_WINDOW;
/**
 * [SYNC-4] Most events stored in one transaction: frames that arrived back to
 * back and are already checked are stored together and acknowledged by one HAVE.
 */
export const MAX_STORE_EVENTS = 8 * MAX_EVENTS_PER_BATCH;
/** While a backlog streams in, views are told to reload at most this often. */
export const CHANGED_EVERY_MS = 500;
/**
 * Views are handed the message rows a store wrote, so that they read nothing
 * to show them; past this many (a backlog), only that there were many.
 */
export const ANNOUNCED_ROWS_MAX = 200;
/**
 * [GRP-60] How long a session with a removed member who is no friend stays open for its
 * farewell to be acknowledged before it closes anyway.
 */
export const FAREWELL_MS = 10_000;
/**
 * [GRP-75] A group's events stored from one member go on to the others after at least this
 * long plus a random share of RELAY_WAIT_SPREAD_MS, while the HAVE saying I hold them goes at
 * once: a member who got them from someone else meanwhile says so, and is not sent them again.
 */
export const RELAY_WAIT_MIN_MS = 20;
/** [GRP-75] The random part of the relay wait. */
export const RELAY_WAIT_SPREAD_MS = 40;
/**
 * How long one friend look-up answers for a link's frames. Blocking or
 * removing a friend closes the session at once; this only saves a database
 * read per frame while a stream lasts.
 */
export const FRIEND_CHECK_MS = 1_000;
