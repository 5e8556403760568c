/**
 * What the signaling object remembers about each socket (its hibernation attachment), and the
 * pure rules over it: who may connect, who replaces whom, who counts as alive.
 * Spec: docs/protocol.md [SIG-AUTH-*], [SIG-REPL-*], [SIG-LIVE-*].
 */
import { isPeerId } from '../src/lib/ids';
import { readSavedBudgets, type SavedBudgets } from './idBudgets';

/** Ids accepted in OPEN_IDS mode: short and URL-safe, like the ids peerjs-server hands out. */
const OPEN_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
/** Longest token accepted in OPEN_IDS mode; kept small because it lives in the attachment. */
export const MAX_OPEN_TOKEN_CHARS = 256;
/**
 * `lastSeen` is rewritten at most this often. Writing the attachment on every frame would cost a
 * serialization per message; a 10 s error on a 90 s rule does not matter.
 */
export const LAST_SEEN_WRITE_MS = 10_000;

/** Who is connecting, as decided by the worker after checking the token. */
export interface ConnectInfo {
  /** The peer id. */
  id: string;
  /** The token's timestamp (signed mode) or the connect time (open mode). */
  ts: number;
  /** True in OPEN_IDS mode. */
  open: boolean;
  /** Open mode only: the client's token, which must match for a reconnect to replace a live socket. */
  token: string | null;
  /** The address key the socket came from (worker/address.ts); null when exempt. */
  addr: string | null;
  /** True when the connect added this id to its address's count ([SIG-ADDR-3]). */
  counted: boolean;
}

/** The per-socket attachment. It survives hibernation; in-memory state does not. */
export interface SocketState extends ConnectInfo {
  /** Last time a frame (not counting auto-answered heartbeats) arrived, in ms. */
  lastSeen: number;
  /** Set before the server closes the socket, so that it is never mistaken for the current one. */
  retired: boolean;
  /** When the socket was accepted, in ms ([TURN-9]); 0 for a socket accepted before this field. */
  since: number;
  /** The id's budgets as last saved ([SIG-HYG-7], [TURN-6]); null when none were saved yet. */
  budgets: SavedBudgets | null;
}

/** Is `id` acceptable as a peer id (own or `dst`) in this mode? */
export function isValidPeerId(id: string, open: boolean): boolean {
  return open ? OPEN_ID_RE.test(id) : isPeerId(id);
}

/** Parse an attachment (or the connect header) defensively; null when it is not ours. */
export function readSocketState(value: unknown): SocketState | null {
  const info = readConnectInfo(value);
  if (!info) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.lastSeen !== 'number' || typeof v.retired !== 'boolean') return null;
  const since = typeof v.since === 'number' ? v.since : 0;
  const budgets = readSavedBudgets(v.budgets);
  return { ...info, lastSeen: v.lastSeen, retired: v.retired, since, budgets };
}

/** Parse a {@link ConnectInfo}; null when any field is missing or of the wrong type. */
export function readConnectInfo(value: unknown): ConnectInfo | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || typeof v.ts !== 'number' || typeof v.open !== 'boolean') {
    return null;
  }
  if (v.token !== null && typeof v.token !== 'string') return null;
  if (!isValidPeerId(v.id, v.open)) return null;
  // Sockets accepted before the address fields existed have neither: exempt, not counted.
  const addr = typeof v.addr === 'string' ? v.addr : null;
  const counted = v.counted === true;
  return { id: v.id, ts: v.ts, open: v.open, token: v.token, addr, counted };
}

/**
 * The last sign of life: a frame we handled, or a heartbeat the runtime answered for us
 * (`getWebSocketAutoResponseTimestamp`), whichever is later.
 */
export function lastActivity(state: SocketState, autoResponseAt: Date | null): number {
  return Math.max(state.lastSeen, autoResponseAt?.getTime() ?? 0);
}

/** A socket silent for `livenessMs` counts as gone: a dead TCP peer never makes `send` throw. */
export function isAlive(
  state: SocketState,
  autoResponseAt: Date | null,
  now: number,
  livenessMs: number,
): boolean {
  return now - lastActivity(state, autoResponseAt) < livenessMs;
}

/**
 * May `incoming` replace the live `current` socket of the same id?
 * Signed mode: yes when its token is not older, so a reload never locks anyone out, while a
 * replayed older token cannot evict a newer session. Open mode: only a reconnect with the same
 * token, as peerjs-server does; anything else gets ID-TAKEN.
 */
export function mayReplace(current: ConnectInfo, incoming: ConnectInfo): boolean {
  if (current.open !== incoming.open) return true;
  if (incoming.open) return current.token === incoming.token;
  return incoming.ts >= current.ts;
}
