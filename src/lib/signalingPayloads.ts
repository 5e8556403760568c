/**
 * The shape of relayed payloads: what the stock peerjs 1.5 client sends in OFFER, ANSWER and
 * CANDIDATE, and reads back on the other side. Pure functions, no I/O.
 * Spec: docs/protocol.md, "Signaling" → "Payloads" ([SIG-PAY-1]…[SIG-PAY-8]).
 */

/** Longest `payload.sdp.sdp` relayed. A two-track call offer is a few KiB. */
export const MAX_SDP_CHARS = 16 * 1024;
/**
 * Longest `payload.candidate` relayed, measured as the JSON text of its known fields. A real one
 * (IPv6, srflx, with `raddr`/`rport` and a ufrag) is about 250.
 */
export const MAX_CANDIDATE_CHARS = 512;
/** Longest `payload.label` relayed (peerjs defaults the label to the connection id). */
export const MAX_LABEL_CHARS = 256;
/** Longest `payload.metadata` relayed, as JSON text. Plume's is a few dozen characters. */
export const MAX_METADATA_CHARS = 2 * 1024;
/**
 * Longest relayed payload, as the JSON text of its known fields. With the envelope (type, src,
 * dst: under 200 characters) a relayed frame stays under 20 KiB. A stock payload within the
 * caps above fits, CRLF escapes of a 16 KiB SDP included.
 */
export const MAX_PAYLOAD_CHARS = 20 * 1024 - 256;
/** `dc_` / `mc_` plus `Math.random().toString(36).slice(2)` in peerjs; set by hand otherwise. */
export const CONNECTION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** `raw`, `json`, `binary`, `binary-utf8`, `default`, or an app's own serializer name. */
export const SERIALIZATION_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

/** The relayed types whose payload has a shape to check; LEAVE carries none that matters. */
export type CheckedType = 'OFFER' | 'ANSWER' | 'CANDIDATE';

/** True for a relayed type whose payload is checked. */
export function isCheckedType(type: string): type is CheckedType {
  return type === 'OFFER' || type === 'ANSWER' || type === 'CANDIDATE';
}

/** `payload.type`: which kind of peerjs connection the frame belongs to. */
export type ConnectionType = 'data' | 'media';

/** RTCSessionDescriptionInit as peerjs sends it (`offer` or `answer` object, JSON-encoded). */
export interface SdpInit {
  type: 'offer' | 'answer';
  sdp: string;
}

/** RTCIceCandidateInit as `RTCIceCandidate.toJSON()` produces it. */
export interface IceCandidateInit {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/** Fields every checked payload has. Other fields are dropped by {@link relayPayload}. */
interface PayloadBase {
  type: ConnectionType;
  connectionId: string;
}

/** OFFER payload; `label`, `reliable` and `serialization` come with data connections. */
export interface OfferPayload extends PayloadBase {
  sdp: SdpInit & { type: 'offer' };
  metadata?: unknown;
  label?: string;
  reliable?: boolean;
  serialization?: string;
}

/** ANSWER payload. */
export interface AnswerPayload extends PayloadBase {
  sdp: SdpInit & { type: 'answer' };
}

/** CANDIDATE payload. */
export interface CandidatePayload extends PayloadBase {
  candidate: IceCandidateInit;
}

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a connection id the stock client can have made ([SIG-PAY-2]). */
export function isConnectionId(value: unknown): value is string {
  return typeof value === 'string' && CONNECTION_ID_PATTERN.test(value);
}

/**
 * True for a serialization name the stock client may look up in its plain serializer map
 * ([SIG-PAY-4]). Names that `Object.prototype` carries are refused: `_serializers['constructor']`
 * would hand the recipient `Object` instead of a connection class.
 */
export function isSerializationName(value: unknown): value is string {
  return (
    typeof value === 'string' && SERIALIZATION_PATTERN.test(value) && !(value in Object.prototype)
  );
}

/** What is wrong with `payload.sdp` for `expected`, or null ([SIG-PAY-3]). */
export function sdpProblem(sdp: unknown, expected: SdpInit['type']): string | null {
  if (!isObject(sdp)) return 'payload.sdp must be an object {type, sdp}';
  if (sdp.type !== expected) return `payload.sdp.type must be "${expected}"`;
  if (typeof sdp.sdp !== 'string' || sdp.sdp.length === 0) {
    return 'payload.sdp.sdp must be a non-empty string';
  }
  if (sdp.sdp.length > MAX_SDP_CHARS) {
    return `payload.sdp.sdp exceeds ${MAX_SDP_CHARS} characters`;
  }
  return null;
}

const isNullableString = (v: unknown) => v === undefined || v === null || typeof v === 'string';
const isNullableIndex = (v: unknown) =>
  v === undefined ||
  v === null ||
  (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffff);

/** What is wrong with `payload.candidate`, or null ([SIG-PAY-6]). */
export function candidateProblem(candidate: unknown): string | null {
  if (!isObject(candidate)) return 'payload.candidate must be an object';
  if (typeof candidate.candidate !== 'string') {
    return 'payload.candidate.candidate must be a string';
  }
  if (!isNullableString(candidate.sdpMid)) {
    return 'payload.candidate.sdpMid must be a string or null';
  }
  if (!isNullableIndex(candidate.sdpMLineIndex)) {
    return 'payload.candidate.sdpMLineIndex must be an integer 0-65535 or null';
  }
  if (!isNullableString(candidate.usernameFragment)) {
    return 'payload.candidate.usernameFragment must be a string or null';
  }
  if (JSON.stringify(candidateInit(candidate)).length > MAX_CANDIDATE_CHARS) {
    return `payload.candidate exceeds ${MAX_CANDIDATE_CHARS} characters of JSON`;
  }
  return null;
}

/** The known fields of a checked candidate, in `RTCIceCandidate.toJSON()` order. */
function candidateInit(candidate: Fields): IceCandidateInit {
  const init: IceCandidateInit = { candidate: candidate.candidate as string };
  if (candidate.sdpMid !== undefined) init.sdpMid = candidate.sdpMid as string | null;
  if (candidate.sdpMLineIndex !== undefined) {
    init.sdpMLineIndex = candidate.sdpMLineIndex as number | null;
  }
  if (candidate.usernameFragment !== undefined) {
    init.usernameFragment = candidate.usernameFragment as string | null;
  }
  return init;
}

/** What is wrong with the data-connection fields of an OFFER, or null ([SIG-PAY-4], [SIG-PAY-5]). */
function offerOptionsProblem(payload: Fields): string | null {
  const { serialization, label, reliable } = payload;
  if (serialization === undefined) {
    if (payload.type === 'data') return 'payload.serialization is required for a data OFFER';
  } else if (!isSerializationName(serialization)) {
    return 'payload.serialization must be a short name (letter, then up to 31 of A-Z a-z 0-9 _ -) and not an Object.prototype member';
  }
  if (label !== undefined && (typeof label !== 'string' || label.length > MAX_LABEL_CHARS)) {
    return `payload.label must be a string of at most ${MAX_LABEL_CHARS} characters`;
  }
  if (reliable !== undefined && typeof reliable !== 'boolean') {
    return 'payload.reliable must be a boolean';
  }
  return metadataProblem(payload.metadata);
}

/** JSON text of `value`, or null when it has none (undefined) or cannot be written. */
function jsonText(value: unknown): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}

/** What is wrong with `payload.metadata`, or null ([SIG-PAY-5]). */
function metadataProblem(metadata: unknown): string | null {
  if (metadata === undefined) return null;
  const text = jsonText(metadata);
  if (text === null || text.length > MAX_METADATA_CHARS) {
    return `payload.metadata must be JSON of at most ${MAX_METADATA_CHARS} characters`;
  }
  return null;
}

/**
 * What is wrong with the payload of a relayed frame of `type`, as one sentence naming the field,
 * or null when it may be relayed. Never throws. LEAVE payloads are not checked ([SIG-PAY-1]).
 */
export function payloadProblem(type: string, payload: unknown): string | null {
  if (!isCheckedType(type)) return null;
  const verdict = relayPayload(type, payload);
  return verdict.ok ? null : verdict.problem;
}

/** A checked payload rebuilt from its known fields, or what is wrong with it. */
export type RelayVerdict =
  | { ok: true; payload: OfferPayload | AnswerPayload | CandidatePayload }
  | { ok: false; problem: string };

/**
 * Check the payload of an OFFER, ANSWER or CANDIDATE and rebuild it from the fields the stock
 * client sends and reads ([SIG-PAY-7]): anything else is dropped, so what is relayed is only
 * ever a handshake ([SIG-PAY-8] caps the whole). Never throws.
 */
export function relayPayload(type: CheckedType, payload: unknown): RelayVerdict {
  const problem = shapeProblem(type, payload);
  if (problem !== null) return { ok: false, problem };
  const clean = rebuild(type, payload as Fields);
  if (JSON.stringify(clean).length > MAX_PAYLOAD_CHARS) {
    return { ok: false, problem: `payload exceeds ${MAX_PAYLOAD_CHARS} characters of JSON` };
  }
  return { ok: true, payload: clean };
}

/** The known fields of a payload that passed {@link shapeProblem}, in the stock client's order. */
function rebuild(
  type: CheckedType,
  fields: Fields,
): OfferPayload | AnswerPayload | CandidatePayload {
  const base: PayloadBase = {
    type: fields.type as ConnectionType,
    connectionId: fields.connectionId as string,
  };
  if (type === 'CANDIDATE') {
    return { candidate: candidateInit(fields.candidate as Fields), ...base };
  }
  const sdp = fields.sdp as Fields;
  if (type === 'ANSWER') {
    return { sdp: { type: 'answer', sdp: sdp.sdp as string }, ...base };
  }
  const offer: OfferPayload = { sdp: { type: 'offer', sdp: sdp.sdp as string }, ...base };
  if (fields.metadata !== undefined) offer.metadata = fields.metadata;
  if (fields.label !== undefined) offer.label = fields.label as string;
  if (fields.reliable !== undefined) offer.reliable = fields.reliable as boolean;
  if (fields.serialization !== undefined) offer.serialization = fields.serialization as string;
  return offer;
}

/** What is wrong with the shape of a checked payload, or null. */
function shapeProblem(type: CheckedType, payload: unknown): string | null {
  if (!isObject(payload)) return 'payload must be an object';
  if (!isConnectionId(payload.connectionId)) {
    return 'payload.connectionId must be 1-64 characters of A-Z a-z 0-9 _ -';
  }
  if (payload.type !== 'data' && payload.type !== 'media') {
    return 'payload.type must be "data" or "media"';
  }
  if (type === 'CANDIDATE') return candidateProblem(payload.candidate);
  if (type === 'ANSWER') return sdpProblem(payload.sdp, 'answer');
  return sdpProblem(payload.sdp, 'offer') ?? offerOptionsProblem(payload);
}
