/**
 * Liveness of the signaling WebSocket, seen from our side. A socket can die without a close
 * event (a sleeping laptop, a NAT that forgot us, a library left half torn down), and the status
 * would then say Online while nothing arrives. The worker answers the heartbeat text with an
 * empty frame without waking its object, so a probe costs the operator nothing. [SIG-LIFE-2]
 */
import { HEARTBEAT_TEXT } from '../../lib/signalingProtocol';

/** The part of a WebSocket the probe uses. */
export interface ProbeSocket {
  readonly readyState: number;
  send(text: string): void;
  addEventListener(type: 'message', listener: () => void): void;
  removeEventListener(type: 'message', listener: () => void): void;
}

const OPEN = 1;

function isProbeSocket(value: unknown): value is ProbeSocket {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.readyState === 'number' &&
    typeof v.send === 'function' &&
    typeof v.addEventListener === 'function' &&
    typeof v.removeEventListener === 'function'
  );
}

/**
 * The WebSocket under a peerjs 1.5 Peer (`peer.socket._socket`), or null when this peerjs keeps
 * it elsewhere: the probe then trusts the Peer's own flags.
 */
export function rawSocketOf(peer: unknown): ProbeSocket | null {
  const socket = (peer as { socket?: { _socket?: unknown } } | null)?.socket;
  const raw = socket?._socket;
  return isProbeSocket(raw) ? raw : null;
}

/** Probes one socket at a time: each check sends a heartbeat; the next wants an answer. */
export class SocketProbe {
  /** The socket probed; null when it could not be found (then the Peer's flags decide). */
  #socket: ProbeSocket | null = null;
  #awaiting = false;
  readonly #heard = () => {
    this.#awaiting = false;
  };

  /** Watch `socket` from now on (null: cannot see it, trust the Peer's flags). */
  watch(socket: ProbeSocket | null): void {
    this.stop();
    this.#socket = socket;
    socket?.addEventListener('message', this.#heard);
  }

  /** Stop watching. */
  stop(): void {
    this.#socket?.removeEventListener('message', this.#heard);
    this.#socket = null;
    this.#awaiting = false;
  }

  /**
   * True while the socket is open and something arrived since the previous check; then sends
   * the next probe. Anything the server sends counts as an answer.
   */
  check(): boolean {
    const socket = this.#socket;
    if (!socket) return true;
    if (socket.readyState !== OPEN || this.#awaiting) return false;
    try {
      socket.send(HEARTBEAT_TEXT);
    } catch {
      return false;
    }
    this.#awaiting = true;
    return true;
  }
}
