/**
 * The file engine as the UI sees it. This is the contract between
 * src/peers/files (the engine) and src/ui (screens and models); the engine
 * implements `FileEngineApi`, the UI never reaches past it.
 *
 * A file is first stored on the sender's device (chunked, hashed), then its
 * `file` event is appended to the chat log and syncs like any message. The
 * bytes move over their own DataConnection, only while both sides are online,
 * pulled by the receiver from its first missing chunk. Spec: docs/protocol.md
 * [FILE-*], [CHAT-13].
 */
import type { FileBody, ForwardMarks } from '../../lib/chatEvent';
import type { ConversationId, EventId } from '../../lib/ids';
import type { FileError, FileState } from '../../lib/fileState';
import type { Unsubscribe } from '../transport';

export type { FileError, FileState } from '../../lib/fileState';

/** Progress of one file on this device; emitted as it changes (at most ~4 times a second). */
export interface FileProgress {
  /** The file event's id. */
  id: EventId;
  conv: ConversationId;
  /** `send` on the author's device, `receive` on the other. */
  direction: 'send' | 'receive';
  state: FileState;
  /** Bytes stored on this device (receive) or acknowledged by the peer (send). */
  bytes: number;
  size: number;
  /** Smoothed over the last few seconds; 0 when not active. */
  bytesPerSecond: number;
  /** Seconds left at the current speed; null when unknown or not active. */
  etaSeconds: number | null;
  error: FileError | null;
  /**
   * Every byte is stored here and verified, so `open()` returns the file. For
   * a received file that is state `ready`; the sender's own file stays
   * complete while it is `active` or `cancelled` too. (Added by the engine.)
   */
  complete?: boolean;
}

/** What the UI adds to a file it sends (made on the device before sending). */
export interface FileExtras {
  thumb?: string;
  width?: number;
  height?: number;
  duration?: number;
  voice?: boolean;
  replyTo?: EventId;
}

/** Space used by downloaded and sent files, per conversation. */
export interface ConvUsage {
  conv: ConversationId;
  bytes: number;
  files: number;
}

/** Events of the file engine. */
export interface FileEngineEvents {
  /** Progress or state of one file changed. */
  progress: (progress: FileProgress) => void;
}

/** Thrown by `send` when the device cannot store the file (the UI shows a clear sentence). */
export class NoSpaceError extends Error {
  readonly needed: number;
  readonly available: number;
  constructor(needed: number, available: number) {
    super(`not enough storage: need ${needed} bytes, ${available} available`);
    this.name = 'NoSpaceError';
    this.needed = needed;
    this.available = available;
  }
}

/** Thrown by `forward` when this device does not hold every byte of the file. [CHAT-FWD-4] */
export class NotStoredError extends Error {
  constructor(id: EventId) {
    super(`the file of ${id} is not stored on this device`);
    this.name = 'NotStoredError';
  }
}

/** The file engine. */
export interface FileEngineApi {
  /**
   * Store `blob` on this device (streamed in chunks, hashed as it goes), then
   * append its `file` event to `conv` and start the transfer when the peer is
   * online. `onPrepare` reports bytes stored so far. Resolves with the event's
   * body once it is in the log. Rejects with NoSpaceError, StorageError or
   * NotFriendError; nothing half-stored is left behind.
   */
  send(
    conv: ConversationId,
    blob: Blob,
    name: string,
    extras?: FileExtras,
    onPrepare?: (bytes: number) => void,
  ): Promise<FileBody>;
  /**
   * Send the stored file of event `source` again, into `conv`, marked forwarded: its chunks and
   * hashes are reused, nothing is read or hashed again ([CHAT-FWD-4]). Resolves with the new
   * event's body. Rejects with NotStoredError, NoSpaceError, StorageError or NotFriendError.
   */
  forward(conv: ConversationId, source: EventId, marks: ForwardMarks): Promise<FileBody>;
  /** Current progress of a file event (reads IndexedDB); null for an unknown id. */
  progress(id: EventId): Promise<FileProgress | null>;
  /** Receive a file in state `ask`, `failed`, `noSpace`, `cancelled` or `freed`. */
  accept(id: EventId): Promise<void>;
  /** Cancel a transfer from either side; stored chunks are kept until freed. */
  cancel(id: EventId): Promise<void>;
  /**
   * The whole file as a Blob composed of the stored chunks (not read into
   * memory), or null unless `ready`. For `<img>`, `<video>`, `<audio>` and save.
   */
  open(id: EventId): Promise<Blob | null>;
  /** Space used per conversation. */
  usage(): Promise<ConvUsage[]>;
  /** Delete the stored bytes of every file in `conv` (messages stay; state becomes `freed`). */
  free(conv: ConversationId): Promise<number>;
  on<E extends keyof FileEngineEvents>(event: E, listener: FileEngineEvents[E]): Unsubscribe;
}
