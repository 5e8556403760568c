/**
 * The handshakes one peer is part of, kept in that peer's own object so that the relay carries
 * ANSWERs and CANDIDATEs only for a connection that had an OFFER between the same two peers in
 * the last minute. Memory only, never storage: a handshake lives seconds, and losing the table
 * (the object hibernated or restarted) costs at worst a refused late frame, never a write.
 * The table also tells the reach gate which handshakes are friends' ([SIG-REACH-7]).
 * Spec: docs/protocol.md [SIG-HS-1]…[SIG-HS-4].
 */

/** How long after its OFFER a connection may still get its ANSWER and CANDIDATEs. */
export const HANDSHAKE_TTL_MS = 60_000;
/**
 * CANDIDATEs one side may send for one connection. A browser gathers one host candidate per
 * interface and address family, one srflx per STUN server and one relay per TURN URL, times one
 * component (bundle, rtcp-mux): a laptop with Wi-Fi, Ethernet, a VPN and IPv6 on Cloudflare's
 * STUN and four TURN URLs makes about 15. 32 leaves twice that, while a connection can carry at
 * most 32 × 512 characters of candidates.
 */
export const MAX_CANDIDATES_PER_SIDE = 32;
/**
 * Handshakes remembered per object. Reconnecting to 100 friends at once needs 100; the oldest
 * entry goes first when the table is full, so the table never grows past this.
 */
export const MAX_HANDSHAKES = 256;

/** Why a frame may not be relayed (it is then dropped, without an ERROR), or null when it may. */
export type HandshakeRefusal = 'noHandshake' | 'tooManyCandidates' | null;

interface Handshake {
  /** When the ANSWER and CANDIDATEs stop being relayed (ms). */
  expires: number;
  /** True when the OFFER came to us, so our peer is the one to answer. */
  mayAnswer: boolean;
  /** True once our peer has answered (one ANSWER per OFFER). */
  answered: boolean;
  /** CANDIDATEs our peer has sent for this connection. */
  candidates: number;
  /** True when our peer sent the OFFER, or it came with a token our peer registered. */
  trusted: boolean;
}

/** The handshake table of one peer object. */
export class HandshakeTable {
  /** Keyed by `<other peer> <connection id>`, oldest first (Map insertion order). */
  readonly #entries = new Map<string, Handshake>();

  /**
   * An OFFER from `peer` for `connectionId` reached our peer (or its queue); `trusted` when it
   * carried a registered reach token ([SIG-REACH-3]).
   */
  offerReceived(peer: string, connectionId: string, now: number, trusted: boolean): void {
    this.#open(peer, connectionId, now, true, trusted);
  }

  /**
   * Is `peer`'s connection `connectionId` a live handshake that our peer opened, or that an OFFER
   * with a registered token opened? Its ANSWER and CANDIDATEs are then a friend's ([SIG-REACH-7]).
   */
  isTrusted(peer: string, connectionId: string, now: number): boolean {
    const entry = this.#entries.get(key(peer, connectionId));
    return entry !== undefined && entry.expires > now && entry.trusted;
  }

  /**
   * May our peer send a frame of `type` to `peer` for `connectionId`? An OFFER always may, and
   * opens the handshake; an ANSWER or CANDIDATE may within it, and is counted.
   */
  allow(type: string, peer: string, connectionId: string, now: number): HandshakeRefusal {
    if (type === 'OFFER') {
      this.#open(peer, connectionId, now, false, true);
      return null;
    }
    if (type !== 'ANSWER' && type !== 'CANDIDATE') return null;
    const entry = this.#entries.get(key(peer, connectionId));
    if (!entry || entry.expires <= now) return 'noHandshake';
    if (type === 'ANSWER') {
      if (!entry.mayAnswer || entry.answered) return 'noHandshake';
      entry.answered = true;
      return null;
    }
    if (entry.candidates >= MAX_CANDIDATES_PER_SIDE) return 'tooManyCandidates';
    entry.candidates++;
    return null;
  }

  /** Forget the handshake with `peer` for `connectionId` (its OFFER found nobody there). */
  end(peer: string, connectionId: string): void {
    this.#entries.delete(key(peer, connectionId));
  }

  /** Handshakes remembered (for tests and diagnostics). */
  get size(): number {
    return this.#entries.size;
  }

  #open(
    peer: string,
    connectionId: string,
    now: number,
    mayAnswer: boolean,
    trusted: boolean,
  ): void {
    const id = key(peer, connectionId);
    // A new OFFER for a known connection restarts it (peerjs closes the old one), at the end.
    this.#entries.delete(id);
    this.#prune(now);
    this.#entries.set(id, {
      expires: now + HANDSHAKE_TTL_MS,
      mayAnswer,
      answered: false,
      candidates: 0,
      trusted,
    });
  }

  /** Drop expired entries from the front, then the oldest while the table is full. */
  #prune(now: number): void {
    for (const [id, entry] of this.#entries) {
      if (entry.expires > now && this.#entries.size < MAX_HANDSHAKES) break;
      this.#entries.delete(id);
    }
  }
}

function key(peer: string, connectionId: string): string {
  return `${peer} ${connectionId}`;
}
