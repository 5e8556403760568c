/**
 * The ICE servers the app uses for data channels and calls: asked from the worker's `GET /turn`
 * with a freshly signed token, kept in memory until shortly before their TTL, and replaced by
 * public STUN ({@link DEFAULT_ICE_SERVERS}) on any failure, so a broken or slow `/turn` never
 * stops peers from connecting on open networks. Spec: docs/protocol.md [TURN-*].
 */
import { describeError } from '../lib/errors';
import type { PeerId } from '../lib/ids';
import { log } from '../lib/log';
import { parseTurnResponse, TURN_AUTH_SCHEME } from '../lib/turnProtocol';
import { DEFAULT_ICE_SERVERS } from './config';

const logger = log('peers:ice');

/** The longest the transport waits for `/turn` before it starts with STUN only. */
export const TURN_WAIT_MS = 1_500;
/** A request to `/turn` that takes longer than this is abandoned (the answer is STUN). */
export const TURN_FETCH_TIMEOUT_MS = 10_000;
/** Ask again this long before the TTL ends, so credentials handed out are never about to lapse. */
export const TURN_REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** After a failure, STUN is used for this long before `/turn` is asked again. */
export const TURN_RETRY_MS = 60 * 1000;
/** A server's Retry-After is honoured up to this long. */
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;
/**
 * The worker mints TURN only once the signaling socket has been open a few seconds, and the app
 * asks at start, before it is ([TURN-9]). After such a `noSocket` answer the source asks again by
 * itself at Retry-After, at most this many times in a row (a minute or so of an offline app).
 */
export const MAX_EARLY_RETRIES = 6;

/** How to reach `/turn`; `fetch` and `now` are injectable for tests. */
export interface IceServerSourceOptions {
  id: PeerId;
  /** Signs a fresh signaling token (src/lib/signalToken.ts); called for every request. */
  signToken: () => Promise<string>;
  /** Absolute URL of the worker's `/turn` (see `turnUrlFromLocation`). */
  url: string;
  fetch?: typeof fetch;
  now?: () => number;
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
  #cache: CacheEntry | null = null;
  #inflight: Promise<readonly RTCIceServer[]> | null = null;
  /** `noSocket` answers in a row, each followed by one scheduled retry. */
  #earlyRetries = 0;

  constructor(options: IceServerSourceOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** The servers to use now: from the cache while fresh, else asked from `/turn`. Never rejects. */
  get(): Promise<readonly RTCIceServer[]> {
    const fresh = this.#fresh();
    if (fresh) return Promise.resolve(fresh);
    this.#inflight ??= this.#ask().finally(() => {
      this.#inflight = null;
    });
    return this.#inflight;
  }

  /**
   * Like {@link get}, but waits at most `ms`: after that it answers STUN and lets the request
   * finish in the background (its answer fills the cache for the next caller).
   */
  async within(ms: number = TURN_WAIT_MS): Promise<readonly RTCIceServer[]> {
    const fresh = this.#fresh();
    if (fresh) return fresh;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<readonly RTCIceServer[]>((resolve) => {
      timer = setTimeout(() => {
        logger.info(`/turn took over ${ms} ms; starting with STUN only`);
        resolve(DEFAULT_ICE_SERVERS);
      }, ms);
    });
    try {
      return await Promise.race([this.get(), bound]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * For a connection being made now (synchronous): the cached servers while
   * fresh; once they are stale (expired TURN credentials), STUN this time, and
   * a refresh starts in the background so the next connection has fresh ones.
   * Past half their lifetime the servers are still handed out, and a refresh
   * starts already, so a tab that keeps making connections never meets stale ones.
   */
  current(): readonly RTCIceServer[] {
    const fresh = this.#fresh();
    if (fresh) {
      if (this.#now() >= this.#cache!.refreshAt) this.#refresh();
      return fresh;
    }
    void this.get();
    return DEFAULT_ICE_SERVERS;
  }

  /** Ask again in the background, keeping the cache until the answer replaces it. */
  #refresh(): void {
    this.#inflight ??= this.#ask().finally(() => {
      this.#inflight = null;
    });
  }

  #fresh(): readonly RTCIceServer[] | null {
    const cache = this.#cache;
    return cache && this.#now() < cache.until ? cache.servers : null;
  }

  async #ask(): Promise<readonly RTCIceServer[]> {
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
      return iceServers;
    } catch (err) {
      const failure =
        err instanceof TurnFetchFailure ? err : new TurnFetchFailure(describeError(err));
      const until = this.#now() + failure.retryMs;
      this.#cache = { servers: DEFAULT_ICE_SERVERS, until, refreshAt: until };
      if (failure.reason === 'noSocket' && this.#earlyRetries < MAX_EARLY_RETRIES) {
        // Expected at start: the socket is not open long enough yet. Ask again when told to,
        // so the connections after that already have TURN.
        this.#earlyRetries++;
        logger.debug(`/turn: not yet (no socket); asking again in ${failure.retryMs} ms`);
        setTimeout(() => void this.get(), failure.retryMs);
      } else {
        logger.warn(`no ICE servers from /turn (${failure.message}); using STUN only`);
      }
      return DEFAULT_ICE_SERVERS;
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
 * The app's one source per identity and URL, so a transport restarted in the same tab reuses
 * the cache instead of asking `/turn` again.
 */
export function sharedIceServerSource(options: IceServerSourceOptions): IceServerSource {
  const key = `${options.id}|${options.url}`;
  if (shared?.key !== key) shared = { key, source: new IceServerSource(options) };
  return shared.source;
}
