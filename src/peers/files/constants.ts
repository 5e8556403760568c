/**
 * File transfer constants. Spec: docs/protocol.md [FILE-*].
 */
import { MAX_MESSAGE_BYTES } from '../transport';

/** Label of a per-transfer raw channel. [FILE-2] */
export const FILE_LABEL = 'plume-file/1';
/** The `v` of every file frame. */
export const FILE_PROTOCOL_VERSION = 1;

/**
 * Chunk size of the files we send: the largest that travels in one binary
 * frame with its header (MAX_MESSAGE_BYTES). Fewer, larger messages cost less
 * per byte on both sides (bench:transfer). [CHAT-13] allows 64–256 KiB and
 * receivers take any of those (a 256 KiB chunk arrives in two pieces).
 */
export const CHUNK_BYTES = 248 * 1024;
/** Bytes before the payload of a binary frame. [FILE-7] */
export const FRAME_HEADER_BYTES = 8;
/** Largest payload of one binary frame. */
export const MAX_PIECE_BYTES = MAX_MESSAGE_BYTES - FRAME_HEADER_BYTES;
/** SHA-256 digests per manifest page: 128 KiB, so a page fits one frame. [FILE-7] */
export const DIGESTS_PER_PAGE = 4096;
/** Bytes of one SHA-256 digest. */
export const DIGEST_BYTES = 32;

/**
 * How far the sender may run ahead of the receiver's last ACK. It bounds what
 * the receiver holds unstored: a browser delivers every message it receives,
 * so the application window is the receiver's only backpressure. Large enough
 * to cover an IndexedDB commit at full speed, so the sender rarely waits. [FILE-9]
 */
export const WINDOW_BYTES = 24 * 1024 * 1024;
/**
 * The sender stops writing while the channel buffers this much… Kept shallow
 * on purpose: with megabytes queued, a fresh SCTP association in Chromium
 * loses packets early in slow start and recovers one retransmission timeout
 * (~0.45 s) at a time, so a transfer crawled for its first 1–3 s; with about
 * two chunks queued that stall is (nearly always) gone and the steady rate is
 * the same (bench:transfer, docs/performance.md). [FILE-9]
 */
export const HIGH_WATER_BYTES = 512 * 1024;
/** …and resumes on 'drain', when the buffer fell to this. */
export const LOW_WATER_BYTES = 128 * 1024;
/**
 * The first bytes of every upload go one message at a time: the sender writes
 * the next frame only once the buffer is empty. The stall above still came in
 * about one fresh channel of three even with the shallow buffer (6 of 16 plain
 * channels, bench/transfer/stall.mjs); starting gently for 16 MiB it came in
 * none of 16 (nor later in the transfer), and the first 24 MB arrived as fast.
 * After this many bytes the usual marks apply (one message at a time all the
 * way is slower when the sender's thread is busy). [FILE-9]
 */
export const GENTLE_START_BYTES = 16 * 1024 * 1024;
/** Chunks the sender reads from IndexedDB ahead of the one it sends. */
export const READ_AHEAD_CHUNKS = 32;
/** Chunks the sender reads in one IndexedDB request. */
export const READ_BATCH_CHUNKS = 8;
/**
 * The receiver stores verified chunks in batches of at least this many (one
 * Blob, one transaction), or fewer at the file's end or once a short batch has
 * waited STORE_IDLE_MS with no write in flight. In Chromium every IndexedDB write of a Blob costs far more
 * than its bytes: 256 MB written one 248 KiB chunk per transaction took 3.2 s
 * of CPU, 8 per transaction 1.1 s, 32 per transaction 0.9 s (docs/performance.md);
 * writing whatever gathered during the last write made batches of 1–3 chunks at
 * full speed. Sixteen stay well inside the sender's window. [FILE-9]
 */
export const STORE_BATCH_CHUNKS = 16;
/** A short batch is stored after waiting this long with no write in flight (a slow link). [FILE-9] */
export const STORE_IDLE_MS = 200;
/** Chunks the sender stores in one transaction while preparing. */
export const PREPARE_BATCH_CHUNKS = 16;

/** Active pulls per peer; the others wait. [FILE-10] */
export const MAX_PULLS_PER_PEER = 2;
/** Uploads a sender serves to one peer at once; more are answered `busy`. [FILE-10] */
export const MAX_UPLOADS_PER_PEER = 4;
/** FILE_GETs of one peer held at once (being checked or served); more are answered `busy`. */
export const MAX_REQUESTS_PER_PEER = 8;
/**
 * A file channel that came before its FILE_GET is held this long for the
 * request, then closed. The request left first and only queues behind other
 * session frames, so it trails by milliseconds; seconds leave room for a busy
 * tab without keeping a stray channel for long. [FILE-12]
 */
export const EARLY_CHANNEL_HOLD_MS = 5_000;
/**
 * Early channels held per peer: a receiver dials at most MAX_PULLS_PER_PEER at
 * once, and a pull that ended may leave its channel here a little longer. [FILE-12]
 */
export const MAX_EARLY_CHANNELS_PER_PEER = 2 * MAX_PULLS_PER_PEER;
/** Early channels held from all peers together. [FILE-12] */
export const MAX_EARLY_CHANNELS = 16;
/** Corrupt chunks tolerated in one pull before it fails with 'integrity'. [FILE-8] */
export const MAX_CORRUPT_CHUNKS = 16;

/** From FILE_GET to the first byte: channel, fingerprints, both checks. [FILE-4] */
export const SETUP_TIMEOUT_MS = 20_000;
/** A file channel closed before binding: how long its FILE_NO (the reason) may take. */
export const REFUSAL_GRACE_MS = 1_000;
/** A transfer that receives nothing for this long is closed (and resumed later). */
export const STALL_TIMEOUT_MS = 30_000;
/**
 * A file channel that did not bind to its session ([FILE-4], `network`) is
 * tried again this many times, with the usual backoff, before the file fails:
 * a glitch passes, a signaling server in the middle does not (and no byte of
 * an unbound channel is ever taken either way).
 */
export const UNBOUND_RETRIES = 3;
/** Retry of a pull that failed for a reason that may pass (busy, network). */
export const RETRY_BACKOFF = { baseMs: 2_000, capMs: 60_000, minMs: 500 } as const;

/** Progress events per file at most every this often, while bytes move. */
export const PROGRESS_INTERVAL_MS = 250;
/** Speed is averaged over this window. */
export const SPEED_WINDOW_MS = 3_000;

/** Auto-download default: images under this size. */
export const AUTO_DOWNLOAD_MAX_BYTES = 10 * 1024 * 1024;
/** Room kept free besides the file itself (IndexedDB overhead, the rest of the app). */
export const SPACE_MARGIN_BYTES = 16 * 1024 * 1024;
/** A prepare not touched for this long belongs to a closed tab: its chunks are deleted. */
export const STALE_UPLOAD_MS = 10 * 60_000;
