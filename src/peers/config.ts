/**
 * Where signaling lives and which ICE servers to use. The worker serves the
 * app, the signaling endpoint and `GET /turn` from one origin, so both are
 * derived from `location`. The ICE servers themselves come from `/turn`
 * (src/peers/iceServers.ts); public STUN is the fallback.
 */
import { SIGNAL_KEY, SIGNAL_PATH } from '../lib/signalingProtocol';
import { TURN_PATH } from '../lib/turnProtocol';

/** Public STUN used when nothing else is configured. */
export const DEFAULT_ICE_SERVERS: readonly RTCIceServer[] = [
  { urls: 'stun:stun.cloudflare.com:3478' },
];

/** How to reach the PeerJS-compatible signaling server. */
export interface SignalingServer {
  host: string;
  port: number;
  secure: boolean;
  path: string;
  key: string;
}

/** The signaling server of the origin that served the app. Pure. */
export function signalingServerFromLocation(
  loc: Pick<Location, 'protocol' | 'hostname' | 'port'>,
): SignalingServer {
  const secure = loc.protocol === 'https:';
  return {
    host: loc.hostname,
    port: loc.port ? Number(loc.port) : secure ? 443 : 80,
    secure,
    path: SIGNAL_PATH,
    key: SIGNAL_KEY,
  };
}

/** The worker's `GET /turn` on the origin that served the app ([TURN-1]). Pure. */
export function turnUrlFromLocation(loc: Pick<Location, 'origin'>): string {
  return `${loc.origin}${TURN_PATH}`;
}
