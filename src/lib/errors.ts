/**
 * Error classes for Plume. Each class has a stable `name` and a `reason` key
 * from an `as const` map, so callers branch on data, not on message text, and
 * the UI can translate the reason. The message is the English sentence for logs.
 */

/** Why an IndexedDB operation failed. */
export const StorageErrorReason = {
  quota: 'the device storage is full',
  aborted: 'the storage transaction was aborted',
  unavailable: 'storage is not available in this browser or mode',
  blocked: 'storage is held by an older version of Plume in another tab',
  versionConflict: 'a newer version of Plume changed the storage; reload this tab',
  closed: 'storage was closed',
  failed: 'a storage operation failed',
} as const;
export type StorageErrorReasonKey = keyof typeof StorageErrorReason;

/** Why signaling (the rendezvous server) is unusable. */
export const SignalingErrorReason = {
  /** Another tab or device with this identity connected and replaced us. */
  idTaken: 'this identity is now connected from another tab or device',
  /** The server sent ERROR (bad token, clock skew, …); fatal to a stock Peer. */
  rejected: 'the signaling server refused the connection',
  /** Socket closed or could not be opened; retried with backoff. */
  unreachable: 'the signaling server cannot be reached',
  /** WebRTC is missing in this browser. */
  unsupported: 'this browser does not support WebRTC data channels',
  /** Token signing failed (key unusable). */
  token: 'could not sign the signaling token',
} as const;
export type SignalingErrorReasonKey = keyof typeof SignalingErrorReason;

/** Why the local identity cannot be created or used. */
export const IdentityErrorReason = {
  unsupported: 'this browser cannot create Ed25519 keys (WebCrypto)',
  invalidName: 'the display name is empty or too long',
  missing: 'there is no identity on this device yet',
} as const;
export type IdentityErrorReasonKey = keyof typeof IdentityErrorReason;

/** Why a peer channel failed or could not open. */
export const TransportErrorReason = {
  /** The remote peer is not connected to signaling (peerjs 'peer-unavailable'). */
  peerUnavailable: 'the peer is not online',
  /** The channel did not open in time. */
  timeout: 'the connection did not open in time',
  /** The channel was closed (locally or remotely) while in use. */
  closed: 'the connection was closed',
  /** The transport was destroyed (app stopping, identity switched). */
  destroyed: 'the transport was shut down',
  /** `send` on a channel that is not open. */
  notOpen: 'the connection is not open',
  /** `send` would exceed the channel's buffer; wait for the 'drain' event. */
  bufferFull: 'the connection send buffer is full',
  /** One message is larger than a data channel can carry. */
  tooLarge: 'the message is too large for one frame',
  /** Signaling is not online, so no new channel can be negotiated. */
  offline: 'not connected to signaling',
  /** WebRTC negotiation or the data channel itself failed. */
  negotiation: 'the peer-to-peer connection failed',
  /** We hold as many connections as we allow (admission.ts, [ADM-3]). */
  tooMany: 'too many connections are open',
  /** Anything else the underlying library reported. */
  failed: 'the connection failed',
} as const;
export type TransportErrorReasonKey = keyof typeof TransportErrorReason;

interface PlumeErrorOptions {
  cause?: unknown;
  /** Extra detail for logs (server text, peer id); appended to the message. */
  detail?: string;
}

function message(text: string, detail: string | undefined): string {
  return detail ? `${text}: ${detail}` : text;
}

/** IndexedDB failure mapped to a reason (see src/db/storageErrors.ts). */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly reason: StorageErrorReasonKey,
    options: PlumeErrorOptions = {},
  ) {
    super(message(StorageErrorReason[reason], options.detail), { cause: options.cause });
  }
}

/** Signaling failure; `idTaken` and `rejected` are not retried automatically. */
export class SignalingError extends Error {
  override readonly name = 'SignalingError';
  constructor(
    readonly reason: SignalingErrorReasonKey,
    options: PlumeErrorOptions = {},
  ) {
    super(message(SignalingErrorReason[reason], options.detail), { cause: options.cause });
  }
}

/** Identity creation or use failed. */
export class IdentityError extends Error {
  override readonly name = 'IdentityError';
  constructor(
    readonly reason: IdentityErrorReasonKey,
    options: PlumeErrorOptions = {},
  ) {
    super(message(IdentityErrorReason[reason], options.detail), { cause: options.cause });
  }
}

/** Peer channel failure. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly reason: TransportErrorReasonKey,
    options: PlumeErrorOptions = {},
  ) {
    super(message(TransportErrorReason[reason], options.detail), { cause: options.cause });
  }
}

/** Transport reasons that are simply a peer (or we) going away. */
const BENIGN_TRANSPORT_REASONS: ReadonlySet<TransportErrorReasonKey> = new Set([
  'peerUnavailable',
  'closed',
  'destroyed',
  'notOpen',
  'offline',
]);

/**
 * Text that browsers and peerjs use when a channel or connection is torn down
 * on purpose: Chrome's RTCError "User-Initiated Abort, reason=Close called",
 * peerjs "Connection is not open", "Could not connect to peer", socket closes.
 */
const BENIGN_MESSAGE_PATTERNS: readonly RegExp[] = [
  /user-initiated abort/i,
  /close called/i,
  /connection is not open/i,
  /could not connect to peer/i,
  /lost connection to server/i,
  /the operation was aborted/i,
  /data ?channel (?:is )?closed/i,
];

/** peerjs error `type`s that mean "the other side is gone", not a bug. */
const BENIGN_PEERJS_TYPES: ReadonlySet<string> = new Set([
  'peer-unavailable',
  'disconnected',
  'connection-closed',
  'not-open-yet',
]);

function field(err: object, key: string): unknown {
  return (err as Record<string, unknown>)[key];
}

/**
 * True when `err` is what a peer (or we) going away looks like, rather than a
 * real failure worth a toast or a bug report. Pure; never throws. Callers log
 * benign errors at debug level and surface the rest.
 */
export function isBenignTeardown(err: unknown): boolean {
  if (err instanceof TransportError) return BENIGN_TRANSPORT_REASONS.has(err.reason);
  if (
    err instanceof SignalingError ||
    err instanceof StorageError ||
    err instanceof IdentityError
  ) {
    return false;
  }
  if (typeof err !== 'object' || err === null) return false;
  const name = field(err, 'name');
  if (name === 'AbortError') return true;
  // RTCError on a data channel: 'sctp-failure' with "User-Initiated Abort" is a
  // close; any other errorDetail (dtls-failure, …) is real.
  if (name === 'OperationError' || name === 'RTCError') {
    const detail = field(err, 'errorDetail');
    const text = field(err, 'message');
    return (
      typeof text === 'string' && /user-initiated abort/i.test(text) && detail !== 'dtls-failure'
    );
  }
  const type = field(err, 'type');
  if (typeof type === 'string' && BENIGN_PEERJS_TYPES.has(type)) return true;
  const text = field(err, 'message');
  if (typeof text === 'string') return BENIGN_MESSAGE_PATTERNS.some((re) => re.test(text));
  return false;
}

/** Best-effort one-line description of anything thrown, for logs. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}
