/**
 * Where signaling lives and which ICE servers to use. The worker serves the
 * app and the signaling endpoint from one origin, so the server is derived
 * from `location`. TURN arrives with issue 6 (`GET /turn`); until then only
 * public STUN is used.
 */
import { SIGNAL_KEY, SIGNAL_PATH } from '../lib/signalingProtocol';

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
