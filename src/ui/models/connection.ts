/**
 * Signaling connection model: owns the app's one Transport and mirrors its
 * status into signals for the UI. PeerJS is loaded with a dynamic import
 * after the identity is known, so it never delays the first render.
 */
import { computed, effect, signal } from '@preact/signals';
import { describeError, type SignalingErrorReasonKey } from '../../lib/errors';
import type { IdentityKeys } from '../../lib/identity';
import { log } from '../../lib/log';
import { signToken } from '../../lib/signalToken';
import type { ConnectionStatus, Transport } from '../../peers/transport';
import { identityKeys } from './identity';

const logger = log('ui:connection');

/** Signaling status, shown in the UI. */
export const connectionStatus = signal<ConnectionStatus>('offline');
/**
 * Why the status is 'error': a SignalingError reason ('idTaken', 'rejected',
 * 'unsupported', 'token', 'unreachable'), usable as the i18n key `signaling.<reason>`.
 */
export const connectionError = signal<SignalingErrorReasonKey | null>(null);
/** The English message behind `connectionError`, with the server's text if any (for details/logs). */
export const connectionErrorDetail = signal<string | null>(null);

const current = signal<Transport | null>(null);
/** The live transport, or null before the identity exists / after stop. For later features. */
export const transport = computed(() => current.value);

/** True when another tab or device took this identity over; offer `takeOver()`. */
export const identityTakenElsewhere = computed(
  () => connectionStatus.value === 'error' && connectionError.value === 'idTaken',
);

/** Builds the Transport for an identity; injectable for tests. */
export type TransportFactory = (keys: IdentityKeys) => Promise<Transport>;

/**
 * The production transport: PeerJS against the worker that served this page, with ICE servers
 * (TURN when the worker has credentials) from its `GET /turn`. Nothing waits for `/turn`: the
 * source asks once the signaling socket has been open long enough for the worker to mint, and
 * the connections before that use STUN ([TURN-7], [TURN-8]).
 */
export const peerJsTransportFactory: TransportFactory = async (keys) => {
  const sign = () => signToken(keys.id, keys.privateKey, keys.publicKeyRaw);
  const [{ PeerJsTransport }, config, { followSignaling, sharedIceServerSource }] =
    await Promise.all([
      import('../../peers/peerjs/PeerJsTransport'),
      import('../../peers/config'),
      import('../../peers/iceServers'),
    ]);
  const ice = sharedIceServerSource({
    id: keys.id,
    signToken: sign,
    url: config.turnUrlFromLocation(location),
  });
  const transport = new PeerJsTransport({
    id: keys.id,
    signToken: sign,
    server: config.signalingServerFromLocation(location),
    // Read for every connection: fresh TURN credentials, not the ones of the tab's first minute.
    iceServers: () => ice.current(),
  });
  // Lives as long as the transport: a destroyed one reports 'offline' last, then goes quiet.
  followSignaling(ice, transport);
  return transport;
};

/** The live transport right now (non-reactive read). */
export function getTransport(): Transport | null {
  return current.peek();
}

function mirror(t: Transport): () => void {
  const apply = () => {
    connectionStatus.value = t.status;
    const error = t.status === 'error' ? t.error : null;
    connectionError.value = error?.reason ?? null;
    connectionErrorDetail.value = error?.message ?? null;
  };
  apply();
  return t.onStatus(apply);
}

/**
 * Start signaling for `me` once the identity is ready (signs a token,
 * connects, reconnects with backoff). Returns stop. Safe to call before the
 * identity exists: it waits for it.
 */
export function startConnection(factory: TransportFactory = peerJsTransportFactory): () => void {
  let stopped = false;
  let started: IdentityKeys | null = null;
  let unmirror: (() => void) | null = null;

  const dispose = effect(() => {
    const keys = identityKeys.value;
    if (!keys || started?.id === keys.id) return;
    started = keys;
    connectionStatus.value = 'connecting';
    factory(keys).then(
      (t) => {
        if (stopped) return t.destroy();
        current.value = t;
        unmirror = mirror(t);
      },
      (err: unknown) => {
        logger.error('could not start the transport', err);
        connectionStatus.value = 'error';
        connectionError.value = 'unreachable';
        connectionErrorDetail.value = describeError(err);
      },
    );
  });

  return () => {
    if (stopped) return;
    stopped = true;
    dispose();
    unmirror?.();
    current.peek()?.destroy();
    current.value = null;
    connectionStatus.value = 'offline';
    connectionError.value = null;
    connectionErrorDetail.value = null;
  };
}

/** Connect now; after ID-TAKEN this claims the identity back from the other tab or device. */
export function takeOver(): void {
  current.peek()?.reconnect();
}
