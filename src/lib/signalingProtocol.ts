/**
 * The PeerJS server protocol as Plume's worker speaks it. Shared by the worker,
 * the app and the tests. Spec: docs/protocol.md (SIG-*).
 */
import type { PeerId } from './ids';

/** Mount point and key, chosen so the stock peerjs client defaults work. */
export const SIGNAL_PATH = '/';
export const SIGNAL_KEY = 'peerjs';
/** Exact heartbeat text the stock client sends; answered by auto-response with ''. */
export const HEARTBEAT_TEXT = '{"type":"HEARTBEAT"}';
export const HEARTBEAT_REPLY = '';
export const MAX_FRAME_BYTES = 64 * 1024;
export const LIVENESS_MS = 90_000;
export const QUEUE_TTL_MS = 5_000;
/** Close code for a socket replaced by a newer one with the same id. */
export const CLOSE_REPLACED = 4000;
/** Close code after a refused token. */
export const CLOSE_BAD_TOKEN = 4001;
/** Close code for a socket found dead by the liveness rule. */
export const CLOSE_DEAD = 4002;
/** Close code for a malformed connect request (missing id, wrong key). */
export const CLOSE_BAD_REQUEST = 4003;
/** Close code for a newcomer refused because a newer (or different) live session holds the id. */
export const CLOSE_ID_TAKEN = 4004;
/** Close code for a socket that exceeded its rate limit. */
export const CLOSE_RATE_LIMITED = 4005;

export const ServerMessageType = {
  Open: 'OPEN',
  Error: 'ERROR',
  IdTaken: 'ID-TAKEN',
  Offer: 'OFFER',
  Answer: 'ANSWER',
  Candidate: 'CANDIDATE',
  Leave: 'LEAVE',
  Expire: 'EXPIRE',
  Heartbeat: 'HEARTBEAT',
} as const;
export type ServerMessageTypeName = (typeof ServerMessageType)[keyof typeof ServerMessageType];

/** Types a client may send that the server relays to `dst`. */
export const RELAYED_TYPES: ReadonlySet<string> = new Set([
  'OFFER',
  'ANSWER',
  'CANDIDATE',
  'LEAVE',
]);

/** A frame the client sends (relayable). */
export interface ClientRelayFrame {
  type: 'OFFER' | 'ANSWER' | 'CANDIDATE' | 'LEAVE';
  dst: PeerId;
  payload?: unknown;
}

/** A frame the server sends. `src` is always stamped by the server. */
export interface ServerFrame {
  type: ServerMessageTypeName;
  src?: string;
  dst?: string;
  payload?: unknown;
}

/** Type guard for a relayable client frame. */
export function isClientRelayFrame(value: unknown): value is ClientRelayFrame {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.type === 'string' && RELAYED_TYPES.has(v.type) && typeof v.dst === 'string';
}
