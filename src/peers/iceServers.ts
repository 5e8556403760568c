/**
 * The ICE servers the app uses for data channels and calls: asked from the worker's `GET /turn`
 * with a freshly signed token, kept in memory until shortly before their TTL, and replaced by
 * public STUN ({@link DEFAULT_ICE_SERVERS}) on any failure, so a broken or slow `/turn` never
 * stops peers from connecting on open networks. Spec: docs/protocol.md [TURN-*].
 *
 * The worker mints TURN only for an id whose signaling socket has been open a few seconds
 * ([TURN-9]), so the source asks only then: a connection made earlier gets STUN, and the request
 * goes out when the socket is old enough if one wanted servers meanwhile ([TURN-7]).
 */
import { systemClock, type Clock, type TimerHandle } from '../lib/clock';
import { describeError } from '../lib/errors';
import type { PeerId } from '../lib/ids';
import { log } from '../lib/log';
import { parseTurnResponse, TURN_AUTH_SCHEME, TURN_MIN_SOCKET_AGE_MS } from '../lib/turnProtocol';
import { DEFAULT_ICE_SERVERS } from './config';
import type { Transport, Unsubscribe } from './transport';

const logger = log('peers:ice');

/** A request to `/turn` that takes longer than this is abandoned (the answer is STUN). */
export const TURN_FETCH_TIMEOUT_MS = 10_000;
/** Ask again this long before the TTL ends, so credentials handed out are never about to lapse. */
export const TURN_REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** After a failure, STUN is used for this long before `/turn` is asked again. */
export const TURN_RETRY_MS = 60 * 1000;
/** A server's Retry-After is honoured up to this long. */
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;
/**
 * The source asks only once the socket is old enough, so a `noSocket` answer means the socket
 * was replaced or found dead meanwhile. It asks again by itself at Retry-After, at most this many
 * times in a row (a minute or so).
 */
export const MAX_EARLY_RETRIES = 6;

/** How to reach `/turn`; `fetch`, `now` and `clock` are injectable for tests. */
export interface IceServerSourceOptions {
  id: PeerId;
  /** Signs a fresh signaling token (src/lib/signalToken.ts); called for every request. */
  signToken: () => Promise<string>;
  /** Absolute URL of the worker's `/turn` (see `turnUrlFromLocation`). */
  url: string;
  fetch?: typeof fetch;
  now?: () => number;
  /** Timers for asking when the socket is old enough; the browser's by default. */
  clock?: Clock;
}

interface CacheEntry {
  servers: readonly RTCIceServer[];
  /** Until when `servers` may be handed out (ms). */
  until: number;
  /** From when a connection being made starts a refresh in the background (ms). */
  refreshAt: number;
}

/** Why a request to `/turn` gave no servers; `retryMs` overrides {@link TURN_RETRY_MS}. */
class TurnFetchFailure extends Error {
  override readonly name = 'TurnFetchFailure';
  constructor(
    message: string,
    readonly retryMs: number = TURN_RETRY_MS,
    /** The worker's `error` reason, when it gave one. */
    readonly reason: string | null = null,
  ) {
    super(message);
  }
}

/** Parse `Retry-After` in seconds (the only form the worker sends); null if absent or odd. */
function retryAfterMs(header: string | null): number | null {
  if (header === null || !/^\d{1,7}$/.test(header)) return null;
  return Math.min(Number(header) * 1000, MAX_RETRY_AFTER_MS);
}

/** The `error` field of a `/turn` error body, or null. */
function errorReason(body: string): string | null {
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value !== 'object' || value === null) return null;
    const reason = (value as Record<string, unknown>).error;
    return typeof reason === 'string' ? reason : null;
  } catch {
    return null;
  }
}

/** How long an answer with `ttlS` is handed out: the TTL minus a margin (at most half of it). */
export function cacheLifetimeMs(ttlS: number): number {
  const ttlMs = ttlS * 1000;
  return ttlMs - Math.min(TURN_REFRESH_MARGIN_MS, ttlMs / 2);
}

/** ICE servers from `/turn`, cached, with STUN as the answer to every failure. */
export class IceServerSource {
  readonly #options: IceServerSourceOptions;
  readonly #now: () => number;
  readonly #clock: Clock;
  #cache: CacheEntry | null = null;
  #inflight: Promise<void> | null = null;
  /** When the signaling socket last opened (OPEN, by our clock); null while it is not open. */
  #openSince: number | null = null;
  /** A connection wanted servers that could not be asked for yet. */
  #wanted = false;
  /** The pending ask for when the socket is old enough, or Retry-After has passed. */
  #timer: TimerHandle | null = null;
  /** `noSocket` answers in a row, each followed by one scheduled retry. */
  #earlyRetries = 0;

  constructor(options: IceServerSourceOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * For a connection being made now (synchronous): the cached servers while fresh; otherwise
   * STUN this time, and `/turn` is asked (now, or once the socket is old enough) so that later
   * connections have TURN. Past half their lifetime the servers are still handed out and a
   * refresh starts already, so a tab that keeps making connections never meets stale ones.
   */
  current(): readonly RTCIceServer[] {
    const cache = this.#cache;
    const now = this.#now();
    if (cache && now < cache.until) {
      if (now >= cache.refreshAt) this.#want();
      return cache.servers;
    }
    this.#want();
    return DEFAULT_ICE_SERVERS;
  }

  /** The signaling socket opened (OPEN): `/turn` may be asked once it is old enough. */
  signalingOpened(): void {
    this.#openSince = this.#now();
    this.#cancel();
    if (this.#wanted) this.#schedule(TURN_MIN_SOCKET_AGE_MS);
  }

  /** The signaling socket is gone: nothing is asked until the next one is old enough. */
  signalingClosed(): void {
    this.#openSince = null;
    this.#cancel();
  }

  /** A connection wants servers: ask now if the worker can mint them, else at the moment it can. */
  #want(): void {
    if (this.#inflight) return;
    const wait = this.#untilAllowed();
    if (wait === 0) {
      this.#wanted = false;
      this.#start();
      return;
    }
    this.#wanted = true;
    // Not open: signalingOpened() schedules it. Open: one timer, for the moment it is allowed.
    if (wait !== null && this.#timer === null) this.#schedule(wait);
  }

  /**
   * How long until `/turn` may be asked: the socket's age ([TURN-9]) and the wait after a failure
   * (Retry-After or {@link TURN_RETRY_MS}, while the cache holds STUN); null while not open.
   */
  #untilAllowed(): number | null {
    if (this.#openSince === null) return null;
    const now = this.#now();
    const socketWait = this.#openSince + TURN_MIN_SOCKET_AGE_MS - now;
    const cache = this.#cache;
    const failureWait = cache && cache.servers === DEFAULT_ICE_SERVERS ? cache.until - now : 0;
    return Math.max(0, socketWait, failureWait);
  }

  #schedule(ms: number): void {
    this.#cancel();
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      if (this.#wanted) this.#want();
    }, ms);
  }

  #cancel(): void {
    if (this.#timer === null) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Ask in the background, keeping the cache until the answer replaces it. */
  #start(): void {
    this.#inflight ??= this.#ask().finally(() => {
      this.#inflight = null;
    });
  }

  async #ask(): Promise<void> {
    const started = this.#now();
    try {
      const { iceServers, ttl } = await this.#request();
      const now = this.#now();
      this.#cache = {
        servers: iceServers,
        until: now + cacheLifetimeMs(ttl),
        refreshAt: now + (ttl * 1000) / 2,
      };
      this.#earlyRetries = 0;
      const relay = iceServers.some((server) => server.credential !== undefined);
      logger.debug(`/turn answered in ${this.#now() - started} ms`, { relay, ttl });
    } catch (err) {
      const failure =
        err instanceof TurnFetchFailure ? err : new TurnFetchFailure(describeError(err));
      const until = this.#now() + failure.retryMs;
      this.#cache = { servers: DEFAULT_ICE_SERVERS, until, refreshAt: until };
      if (failure.reason === 'noSocket' && this.#earlyRetries < MAX_EARLY_RETRIES) {
        // The socket was replaced or found dead meanwhile: ask again when told to, so the
        // connections after that already have TURN.
        this.#earlyRetries++;
        logger.debug(`/turn: not yet (no socket); asking again in ${failure.retryMs} ms`);
        this.#wanted = true;
        this.#schedule(failure.retryMs);
      } else {
        logger.warn(`no ICE servers from /turn (${failure.message}); using STUN only`);
      }
    }
  }

  async #request(): Promise<{ iceServers: RTCIceServer[]; ttl: number }> {
    const { id, url, signToken } = this.#options;
    const doFetch = this.#options.fetch ?? fetch;
    const token = await signToken();
    const target = new URL(url);
    target.searchParams.set('id', id);
    const response = await doFetch(target.toString(), {
      headers: { Authorization: `${TURN_AUTH_SCHEME} ${token}` },
      cache: 'no-store',
      credentials: 'same-origin',
      signal: AbortSignal.timeout(TURN_FETCH_TIMEOUT_MS),
    });
    if (!response.ok) {
      const detail = await response.text().catch(() => '');
      const retry = retryAfterMs(response.headers.get('Retry-After')) ?? TURN_RETRY_MS;
      const message = `HTTP ${response.status} ${detail.slice(0, 200)}`.trim();
      throw new TurnFetchFailure(message, retry, errorReason(detail));
    }
    const body = parseTurnResponse(await response.json().catch(() => null));
    if (!body) throw new TurnFetchFailure('the answer is not {iceServers, ttl}');
    return body;
  }
}

let shared: { key: string; source: IceServerSource } | null = null;

/**
 * Tell `source` when `transport`'s signaling socket opens and closes, so that it asks `/turn`
 * only once the worker can answer with TURN ([TURN-7], [TURN-9]). Returns the unsubscribe.
 */
export function followSignaling(
  source: IceServerSource,
  transport: Pick<Transport, 'status' | 'onStatus'>,
): Unsubscribe {
  const apply = (status: Transport['status']): void => {
    if (status === 'online') source.signalingOpened();
    else source.signalingClosed();
  };
  if (transport.status === 'online') apply('online');
  return transport.onStatus(apply);
}

/**
 * The app's one source per identity and URL, so a transport restarted in the same tab reuses
 * the cache instead of asking `/turn` again.
 */
export function sharedIceServerSource(options: IceServerSourceOptions): IceServerSource {
  const key = `${options.id}|${options.url}`;
  if (shared?.key !== key) shared = { key, source: new IceServerSource(options) };
  return shared.source;
}
