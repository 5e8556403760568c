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
/** [SYNC-3] EVENTS frames a sender may have unacknowledged per conversation. */
export const SYNC_WINDOW = 4;
/** [SYNC-1] Most authors a version vector may list (direct: 2; groups later). */
export const MAX_VV_AUTHORS = 256;
/** [SYNC-7] A TYPING shows this long unless renewed. */
export const TYPING_SHOW_MS = 5_000;
/** [SYNC-7] At most one TYPING per conversation this often. */
export const TYPING_THROTTLE_MS = 3_000;
