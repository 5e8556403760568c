/**
 * Who may open a connection to us, decided from the signaling OFFER alone, before any
 * RTCPeerConnection exists for it. Ids are free, so anyone can dial anyone whose id they know
 * (it is in every invite QR). The peers we dial (friends, people we sent a request to) are never
 * limited beyond the overall cap; everyone else — a stranger, including someone redeeming our
 * invite until we accept them — shares a small budget per minute and a share of the
 * connections we hold, so a flood of strangers can neither exhaust the browser's peer
 * connections (Chromium refuses a page's 501st, and closed ones count until garbage collection)
 * nor keep us from dialling our friends. Spec: docs/threat-model.md, "Strangers";
 * docs/protocol.md [ADM-1]…[ADM-5].
 */
import type { PeerId } from '../lib/ids';

/** Most connections (data and media, dialled or answered) we hold at once. [ADM-3] */
export const MAX_PEER_CONNECTIONS = 200;
/** Most of those that may belong to strangers: the rest stays free for friends. [ADM-3] */
export const MAX_STRANGER_CONNECTIONS = 100;
/** New stranger connections admitted per minute, all strangers together. [ADM-4] */
export const STRANGER_CONNECTIONS_PER_MINUTE = 30;
/** New connections admitted per minute from one stranger. [ADM-4] */
export const STRANGER_CONNECTIONS_PER_SOURCE_PER_MINUTE = 5;
/** The window both rates are counted over. */
export const ADMISSION_WINDOW_MS = 60_000;

/** Why an OFFER was refused; `admit` lets it through. */
export type AdmissionVerdict =
  | 'admit'
  /** [ADM-1] A data connection with a label nobody here listens for, or a call nobody takes. */
  | 'unwanted'
  /** [ADM-3] We hold {@link MAX_PEER_CONNECTIONS} already. */
  | 'full'
  /** [ADM-3] Strangers hold {@link MAX_STRANGER_CONNECTIONS} already. */
  | 'strangersFull'
  /** [ADM-4] Strangers together used this minute's budget. */
  | 'strangerRate'
  /** [ADM-4] This stranger used its own budget for the minute. */
  | 'sourceRate';

/** One inbound OFFER, as far as admission cares. */
export interface AdmissionRequest {
  peer: PeerId;
  /** False for a data label or a call nobody listens for. */
  wanted: boolean;
  /** Connections we hold now, and how many of them are strangers'. */
  held: { total: number; strangers: number };
}

/** Limits, overridable for tests. */
export interface AdmissionLimits {
  maxConnections: number;
  maxStrangerConnections: number;
  strangerPerMinute: number;
  perSourcePerMinute: number;
  windowMs: number;
}

const DEFAULT_LIMITS: AdmissionLimits = {
  maxConnections: MAX_PEER_CONNECTIONS,
  maxStrangerConnections: MAX_STRANGER_CONNECTIONS,
  strangerPerMinute: STRANGER_CONNECTIONS_PER_MINUTE,
  perSourcePerMinute: STRANGER_CONNECTIONS_PER_SOURCE_PER_MINUTE,
  windowMs: ADMISSION_WINDOW_MS,
};

/** Admission of inbound connections; pure apart from the injected clock. */
export class InboundAdmission {
  readonly #now: () => number;
  readonly #limits: AdmissionLimits;
  #trusted: ReadonlySet<PeerId> = new Set();
  /** When each stranger connection of the window was admitted; at most `strangerPerMinute`. */
  #admitted: { peer: PeerId; at: number }[] = [];

  constructor(now: () => number = Date.now, limits: Partial<AdmissionLimits> = {}) {
    this.#now = now;
    this.#limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Replace the peers that are not strangers (the peers we dial). [ADM-2] */
  trust(peers: Iterable<PeerId>): void {
    this.#trusted = new Set(peers);
  }

  /** True for a peer we dial. */
  isTrusted(peer: PeerId): boolean {
    return this.#trusted.has(peer);
  }

  /** How many connections `held` are, and how many of them strangers'. [ADM-3] */
  count(held: Iterable<{ readonly peer: PeerId }>): AdmissionRequest['held'] {
    let total = 0;
    let strangers = 0;
    for (const { peer } of held) {
      total++;
      if (!this.isTrusted(peer)) strangers++;
    }
    return { total, strangers };
  }

  /** Decide one OFFER; an admitted stranger's OFFER is counted against the budgets. */
  decide({ peer, wanted, held }: AdmissionRequest): AdmissionVerdict {
    const limits = this.#limits;
    if (!wanted) return 'unwanted';
    if (held.total >= limits.maxConnections) return 'full';
    if (this.isTrusted(peer)) return 'admit';
    if (held.strangers >= limits.maxStrangerConnections) return 'strangersFull';
    const now = this.#now();
    this.#admitted = this.#admitted.filter((entry) => now - entry.at < limits.windowMs);
    if (this.#admitted.length >= limits.strangerPerMinute) return 'strangerRate';
    let fromSource = 0;
    for (const entry of this.#admitted) if (entry.peer === peer) fromSource++;
    if (fromSource >= limits.perSourcePerMinute) return 'sourceRate';
    this.#admitted.push({ peer, at: now });
    return 'admit';
  }
}
