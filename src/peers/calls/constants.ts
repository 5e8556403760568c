/**
 * Timings and limits of the call engine. Spec: docs/protocol.md [CALL-*].
 * The contract constants (MAX_CALL_PEOPLE, RING_TIMEOUT_MS) live in api.ts.
 */

/** [CALL-8] How often a new link's fingerprints are read until DTLS is up. */
export const FINGERPRINT_POLL_MS = 250;
/** [CALL-7] Both sides are in the call but no verified link by then: that pair failed. */
export const CONNECT_TIMEOUT_MS = 30_000;
/**
 * [CALL-7] A link from a friend in session who is not in my call yet (its
 * CALL_ACCEPT is still on the way) waits this long, unanswered, to be claimed.
 */
export const PENDING_LINK_MS = 10_000;
/** [CALL-6] A link closed under a live session: wait this long for the CALL_LEAVE that explains it. */
export const LEAVE_WAIT_MS = 2_000;
/** [CALL-14] A participant whose session dropped is dropped too unless it is back by then. */
export const SESSION_LOSS_GRACE_MS = 20_000;
/** [CALL-12] Audio levels are read this often (speaking indicators). */
export const LEVEL_POLL_MS = 500;
/** [CALL-12] Quality (RTT, loss) is recomputed every this many level polls (~2 s). */
export const QUALITY_EVERY_POLLS = 4;
/** [CALL-12] An audio level above this (0..1, linear) counts as speaking. */
export const SPEAKING_LEVEL = 0.04;
/** [CALL-12] Speaking stays on this long after the level fell, so the indicator does not flicker. */
export const SPEAKING_HOLD_MS = 800;
/** [CALL-12] RTT and loss thresholds of the quality levels. */
export const FAIR_RTT_MS = 300;
export const POOR_RTT_MS = 600;
export const FAIR_LOSS = 0.02;
export const POOR_LOSS = 0.08;
/** Snapshots go out at most this often (~5 per second); the last change always goes out. */
export const SNAPSHOT_MIN_INTERVAL_MS = 200;
/** [CALL-1] Longest media link id accepted in a frame (peerjs ids are ~20 characters). */
export const MAX_LINK_ID_CHARS = 64;
/** Random bytes of a call id (base64url: 22 characters, within CALL_ID_RE). */
export const CALL_ID_BYTES = 16;
