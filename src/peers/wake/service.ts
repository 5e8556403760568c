/**
 * The worker's wake routes as the app uses them ([WAKE-2]…[WAKE-5]): asking for a friend to be
 * woken with the token that friend gave us, and registering or removing our own push
 * subscription with a freshly signed token. Every request is same-origin, `no-store`, with a
 * timeout; every failure becomes an outcome, never a throw.
 */
import type { PeerId } from '../../lib/ids';
import type { ReachToken } from '../../lib/reach';
import {
  WAKE_AUTH_SCHEME,
  WAKE_KEY_PATH,
  WAKE_PATH,
  WAKE_SUBSCRIPTION_PATH,
  type WakeErrorReasonKey,
  type WakeKind,
  type WakeRequest,
} from '../../lib/wakeProtocol';

/** A wake request that takes longer than this is given up (the push service may be slow). */
export const WAKE_FETCH_TIMEOUT_MS = 15_000;
/** A server's Retry-After is honoured up to this long. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** What became of one wake request. */
export type WakeOutcome =
  | 'sent'
  /** The token does not open them (they unfriended us, or it is stale). */
  | 'unknownToken'
  /** They cannot be woken: wake is off on their side. */
  | 'noSubscription'
  | 'rateLimited'
  /** The server has no VAPID keys. */
  | 'notConfigured'
  /** Anything else: network, timeout, push service, a refusal of a malformed request. */
  | 'failed';

/** One wake's outcome and, when the server said, how long to wait before the next. */
export interface WakeResult {
  outcome: WakeOutcome;
  retryAfterMs: number | null;
}

/** Asks the worker to wake a friend. The engine depends only on this. */
export interface WakeService {
  wake(peer: PeerId, token: ReachToken, kind: WakeKind): Promise<WakeResult>;
}

/** What registering our subscription came to. */
export type RegisterOutcome = 'ok' | 'noSocket' | 'notConfigured' | 'refused' | 'failed';

/** A push subscription as `PushSubscription.toJSON()` gives it. */
export type PushSubscriptionBody = object;

/** How to reach the worker; `fetch` is injectable for tests. */
export interface HttpWakeServiceOptions {
  /** The app's own origin (the worker serves both). */
  origin: string;
  /** Our id, for registering our subscription. */
  id: PeerId;
  /** Signs a fresh signaling token (registering and removing only). */
  signToken: () => Promise<string>;
  fetch?: typeof fetch;
}

const OUTCOME_BY_REASON: Partial<Record<WakeErrorReasonKey, WakeOutcome>> = {
  unknownToken: 'unknownToken',
  noSubscription: 'noSubscription',
  rateLimited: 'rateLimited',
  notConfigured: 'notConfigured',
};

function retryAfterMs(header: string | null): number | null {
  if (header === null || !/^\d{1,7}$/.test(header)) return null;
  return Math.min(Number(header) * 1000, MAX_RETRY_AFTER_MS);
}

async function errorReason(response: Response): Promise<string | null> {
  try {
    const body: unknown = await response.json();
    if (typeof body !== 'object' || body === null) return null;
    const reason = (body as Record<string, unknown>).error;
    return typeof reason === 'string' ? reason : null;
  } catch {
    return null;
  }
}

/** The wake routes over HTTP on the app's own origin. */
export class HttpWakeService implements WakeService {
  readonly #options: HttpWakeServiceOptions;
  readonly #fetch: typeof fetch;

  constructor(options: HttpWakeServiceOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** `POST /wake` ([WAKE-5]): carries no signed token, so the worker does not learn who asks. */
  async wake(peer: PeerId, token: ReachToken, kind: WakeKind): Promise<WakeResult> {
    const body: WakeRequest = { id: peer, token, kind };
    const response = await this.#send(WAKE_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response) return { outcome: 'failed', retryAfterMs: null };
    const retry = retryAfterMs(response.headers.get('Retry-After'));
    if (response.ok) {
      await response.body?.cancel();
      return { outcome: 'sent', retryAfterMs: retry };
    }
    const reason = await errorReason(response);
    const outcome = reason === null ? undefined : OUTCOME_BY_REASON[reason as WakeErrorReasonKey];
    return { outcome: outcome ?? 'failed', retryAfterMs: retry };
  }

  /** `GET /wake/key` ([WAKE-2]): the key to subscribe with, or null when wake is not offered. */
  async publicKey(): Promise<string | null> {
    const response = await this.#send(WAKE_KEY_PATH, { method: 'GET' });
    if (!response?.ok) return null;
    try {
      const body: unknown = await response.json();
      const key = (body as { publicKey?: unknown } | null)?.publicKey;
      return typeof key === 'string' && /^[A-Za-z0-9_-]{87}$/.test(key) ? key : null;
    } catch {
      return null;
    }
  }

  /** `PUT /wake/subscription` ([WAKE-3]). */
  async register(subscription: PushSubscriptionBody): Promise<RegisterOutcome> {
    const response = await this.#signed('PUT', JSON.stringify(subscription));
    if (!response) return 'failed';
    if (response.ok) return 'ok';
    const reason = await errorReason(response);
    if (reason === 'noSocket' || reason === 'notConfigured') return reason;
    return response.status >= 500 ? 'failed' : 'refused';
  }

  /** `DELETE /wake/subscription` ([WAKE-4]); true when the worker forgot it. */
  async unregister(): Promise<boolean> {
    const response = await this.#signed('DELETE');
    await response?.body?.cancel();
    return response?.ok ?? false;
  }

  async #signed(method: 'PUT' | 'DELETE', body?: string): Promise<Response | null> {
    let token: string;
    try {
      token = await this.#options.signToken();
    } catch {
      return null;
    }
    const path = `${WAKE_SUBSCRIPTION_PATH}?id=${encodeURIComponent(this.#options.id)}`;
    return this.#send(path, {
      method,
      headers: {
        Authorization: `${WAKE_AUTH_SCHEME} ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body }),
    });
  }

  async #send(path: string, init: RequestInit): Promise<Response | null> {
    try {
      return await this.#fetch(`${this.#options.origin}${path}`, {
        ...init,
        cache: 'no-store',
        credentials: 'same-origin',
        signal: AbortSignal.timeout(WAKE_FETCH_TIMEOUT_MS),
      });
    } catch {
      return null;
    }
  }
}
