/**
 * Session protocol constants. Spec: docs/protocol.md [SES-*].
 */

/** Label of the one control channel per friend. Receivers route on it. */
export const SESSION_LABEL = 'plume/1';
/** The `v` of every session and friend frame. */
export const SESSION_PROTOCOL_VERSION = 1;
/** The handshake must finish this long after the channel opened. [SES-8] */
export const HANDSHAKE_TIMEOUT_MS = 10_000;
/**
 * Largest HELLO or AUTH we parse. Both are under 300 bytes; the cap keeps a
 * stranger from making us parse large JSON before it proved anything.
 */
export const MAX_HANDSHAKE_FRAME_BYTES = 1024;
/** Largest control frame after AUTH: a PROFILE with a 48 KiB avatar fits. */
export const MAX_CONTROL_FRAME_BYTES = 64 * 1024;
/** Handshake nonce length. [SES-1] */
export const NONCE_BYTES = 16;
/** How many recent nonces are remembered to catch a replay. [SES-7] */
export const RECENT_NONCES = 1024;
/** Domain separation prefix of the AUTH signature. [SES-3] */
export const AUTH_CONTEXT = 'plume-auth/1';
/**
 * After AUTH each side sends PING this often. A WebRTC peer that vanishes
 * without closing (tab killed, network gone) is otherwise only noticed by ICE
 * consent checks, which the data channel may never report. [SES-12]
 */
export const KEEPALIVE_MS = 10_000;
/** A session that hears nothing (frames or PING) for this long is closed with `idle`. [SES-12] */
export const IDLE_TIMEOUT_MS = 30_000;
/**
 * Most inbound channels handshaking at once. Each costs a signature check and
 * a timer before the peer proved anything; more are closed at once with
 * `busy`, so a flood of dials cannot pile up work or evict recent nonces. Only strangers'
 * channels count, and only theirs are refused (Transport.trusts). [SES-13]
 */
export const MAX_PENDING_HANDSHAKES = 16;
/**
 * Most authenticated sessions with strangers (peers we hold no record of) at
 * once; more are closed with `busy` right after AUTH. A stranger may only ask
 * to be friends ([FR-2]), so a handful is plenty. [SES-13]
 */
export const MAX_STRANGER_SESSIONS = 8;
