/**
 * The frames the signaling server sends, and the parser for what clients send.
 * Every frame is JSON text; the shapes match what the stock peerjs client reads.
 * Spec: docs/protocol.md, "Signaling" → "Frames".
 */
import {
  MAX_REACH_HASHES,
  REACH_FRAME_TYPE,
  reachTokenOf,
  type ReachHash,
  type ReachToken,
} from '../src/lib/reach';
import type { TokenFailureReason } from '../src/lib/signalToken';
import {
  MAX_FRAME_BYTES,
  RELAYED_TYPES,
  ServerMessageType,
  type ClientRelayFrame,
  type ServerFrame,
} from '../src/lib/signalingProtocol';
import { isCheckedType, relayPayload } from '../src/lib/signalingPayloads';
import { reachHashesOf } from './reach';

/** Human-readable text for every ERROR the server sends, keyed by the machine-readable reason. */
export const SignalError = {
  badKey: 'Invalid key provided',
  missingParams: 'No id, token, or key supplied to websocket server',
  badId: 'id must be 1-64 characters of A-Z a-z 0-9 _ -',
  notPeerId: 'id must be a PeerId (32 characters of a-z and 2-7)',
  badToken: 'token must be 1-256 characters',
  invalidJson: 'message is not valid JSON',
  invalidMessage: 'message must be a JSON object with a string "type"',
  badDst: 'dst must be a valid peer id',
  badPayload: 'payload does not have the PeerJS shape for its type',
  badReach: `REACH payload must be {"hashes": [...]}: at most ${MAX_REACH_HASHES} distinct 22-character base64url hashes`,
  tooLarge: `frame exceeds ${MAX_FRAME_BYTES} bytes`,
  binary: 'binary frames are not supported',
  rateLimited: 'rate limit exceeded',
  tooManyConnects: 'too many connects from this network address; try again in a minute',
  tooManySockets: 'too many open connections from this network address',
  internal: 'internal error',
} as const;

/** A reason carried in `payload.reason` of an ERROR frame. */
export type SignalErrorReason = keyof typeof SignalError | TokenFailureReason;

function frame(value: ServerFrame): string {
  return JSON.stringify(value);
}

/** `{"type":"OPEN"}`: the id is ours; sent once, before any queued message. */
export const OPEN_FRAME = frame({ type: ServerMessageType.Open });

/**
 * An ERROR frame. The stock client shows `payload.msg` and treats any ERROR as fatal;
 * `payload.reason` lets our own app tell the causes apart.
 */
export function errorFrame(reason: SignalErrorReason, msg?: string): string {
  const text = msg ?? (SignalError as Record<string, string>)[reason] ?? reason;
  return frame({ type: ServerMessageType.Error, payload: { msg: text, reason } });
}

/** An ID-TAKEN frame (sent to a replaced socket, or to a refused newcomer). */
export function idTakenFrame(msg: string): string {
  return frame({ type: ServerMessageType.IdTaken, payload: { msg } });
}

/** LEAVE on behalf of `gone`: a message to it could not be delivered. */
export function leaveFrame(gone: string, to: string): string {
  return frame({ type: ServerMessageType.Leave, src: gone, dst: to });
}

/** EXPIRE on behalf of `absent`: messages to it waited in vain. */
export function expireFrame(absent: string, to: string): string {
  return frame({ type: ServerMessageType.Expire, src: absent, dst: to });
}

/**
 * A relayed frame with `src` stamped by the server; any client-supplied `src` is dropped. The
 * payload is the rebuilt one from {@link parseClientFrame}; a LEAVE carries none.
 */
export function relayFrame(relay: ClientRelayFrame, src: string): string {
  return frame({ type: relay.type, src, dst: relay.dst, payload: relay.payload });
}

/** A frame to relay: for OFFER, ANSWER and CANDIDATE, with its connection id. */
export interface RelayRequest {
  frame: ClientRelayFrame;
  /** `payload.connectionId` of a checked type; null for LEAVE. */
  connectionId: string | null;
  /** The reach token in an OFFER's `payload.metadata`, when it carries one ([SIG-REACH-3]). */
  reach?: ReachToken;
}

/** What to do with one text frame from a client. */
export type ClientFrameVerdict =
  | ({ kind: 'relay' } & RelayRequest)
  | { kind: 'reach'; hashes: ReachHash[] }
  | { kind: 'drop' }
  | { kind: 'error'; reason: SignalErrorReason; msg?: string };

/**
 * Classify a client text frame. Never throws.
 * Unknown types and server-only types (OPEN, EXPIRE, ERROR, ID-TAKEN, a HEARTBEAT that missed the
 * auto-response because of different spelling) are dropped silently, as peerjs-server does.
 * A relayed type whose payload has the wrong shape ([SIG-PAY-1]) is an error naming the field; a
 * good payload is rebuilt from its known fields ([SIG-PAY-7]), and a LEAVE loses its payload.
 * A REACH registers the sender's reach hashes ([SIG-REACH-2]); in OPEN_IDS mode (`open`) it is
 * dropped like any unknown type ([SIG-REACH-8]).
 */
export function parseClientFrame(
  text: string,
  isValidDst: (dst: string) => boolean,
  open = false,
): ClientFrameVerdict {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'error', reason: 'invalidJson' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'error', reason: 'invalidMessage' };
  }
  const fields = value as Record<string, unknown>;
  const type = fields.type;
  if (typeof type !== 'string') return { kind: 'error', reason: 'invalidMessage' };
  if (type === REACH_FRAME_TYPE && !open) {
    const hashes = reachHashesOf(fields.payload);
    return hashes ? { kind: 'reach', hashes } : { kind: 'error', reason: 'badReach' };
  }
  if (!RELAYED_TYPES.has(type)) return { kind: 'drop' };
  const dst = fields.dst;
  // peerjs-server reads a LEAVE without dst as "I am leaving"; the socket close says that already.
  if (dst === undefined && type === ServerMessageType.Leave) return { kind: 'drop' };
  if (typeof dst !== 'string' || !isValidDst(dst)) return { kind: 'error', reason: 'badDst' };
  const relayType = type as ClientRelayFrame['type'];
  const to = dst as ClientRelayFrame['dst'];
  // The stock client never sends LEAVE and reads only `src` of one; its payload is not relayed.
  if (!isCheckedType(type)) {
    return { kind: 'relay', frame: { type: relayType, dst: to }, connectionId: null };
  }
  const verdict = relayPayload(type, fields.payload);
  if (!verdict.ok)
    return { kind: 'error', reason: 'badPayload', msg: `${type} ${verdict.problem}` };
  const { payload } = verdict;
  const request: RelayRequest = {
    frame: { type: relayType, dst: to, payload },
    connectionId: payload.connectionId,
  };
  const reach = 'metadata' in payload ? reachTokenOf(payload.metadata) : null;
  if (reach !== null) request.reach = reach;
  return { kind: 'relay', ...request };
}
