/**
 * The worker's bindings and the configuration read from them.
 * Spec: docs/protocol.md, "Signaling".
 */
import { LIVENESS_MS, QUEUE_TTL_MS } from '../src/lib/signalingProtocol';
import type { AddressGate } from './addressGate';
import type { PeerObject } from './peerObject';

/** Bindings declared in wrangler.jsonc. Timing vars exist only so that tests can shorten them. */
export interface Env {
  /** One Durable Object per peer id (`getByName(id)`). */
  PEERS: DurableObjectNamespace<PeerObject>;
  /** The built app (Workers static assets). */
  ASSETS: Fetcher;
  /** `"1"` turns off signed-id checks: the worker is then a plain PeerJS server. */
  OPEN_IDS?: string;
  /** Override of {@link LIVENESS_MS} (tests only). */
  LIVENESS_MS?: string;
  /** Override of {@link QUEUE_TTL_MS} (tests only). */
  QUEUE_TTL_MS?: string;
  /** One socket counter per network address key (worker/addressGate.ts, [SIG-ADDR-3]). */
  ADDRESSES: DurableObjectNamespace<AddressGate>;
  /** Rate Limiting binding: WebSocket connects per address key ([SIG-ADDR-2]). */
  CONNECT_LIMITER: RateLimit;
  /** Rate Limiting binding: `GET /turn` per address key ([TURN-9]). */
  TURN_LIMITER: RateLimit;
  /** Override of {@link MAX_SOCKETS_PER_ADDRESS} (tests only). */
  MAX_SOCKETS_PER_ADDRESS?: string;
  /** Secret (`wrangler secret put`): the Cloudflare Realtime TURN key id. Unset = STUN only. */
  TURN_KEY_ID?: string;
  /** Secret (`wrangler secret put`): the API token of that TURN key. Never logged or returned. */
  TURN_KEY_API_TOKEN?: string;
  /** Rate Limiting binding: wake requests per address key ([WAKE-5]). */
  WAKE_LIMITER: RateLimit;
  /** Secret: the VAPID public key, base64url of the 65-byte P-256 point. Unset = no wake. */
  VAPID_PUBLIC_KEY?: string;
  /** Secret: the VAPID private key, base64url of the 32-byte scalar. Never logged or returned. */
  VAPID_PRIVATE_KEY?: string;
  /** Secret (or var): the VAPID contact, `mailto:…` or `https://…` (RFC 8292 §2.1). */
  VAPID_SUBJECT?: string;
}

/** Timings and mode, parsed once per use from the string vars. */
export interface SignalingConfig {
  /** True when ids are not checked against signed tokens. */
  openIds: boolean;
  /** A socket silent for this long counts as gone. */
  livenessMs: number;
  /** How long a message for an absent peer waits before the sender gets EXPIRE. */
  queueTtlMs: number;
}

function positiveInt(text: string | undefined, fallback: number): number {
  if (text === undefined || !/^[1-9][0-9]{0,9}$/.test(text)) return fallback;
  return Number(text);
}

/** Read the configuration from the bindings; anything missing or malformed falls back to the spec value. */
export function readConfig(
  env: Pick<Env, 'OPEN_IDS' | 'LIVENESS_MS' | 'QUEUE_TTL_MS'>,
): SignalingConfig {
  return {
    openIds: env.OPEN_IDS === '1',
    livenessMs: positiveInt(env.LIVENESS_MS, LIVENESS_MS),
    queueTtlMs: positiveInt(env.QUEUE_TTL_MS, QUEUE_TTL_MS),
  };
}
