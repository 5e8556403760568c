/**
 * The runtime model: once the identity is ready, build the transport (PeerJS is loaded with a
 * dynamic import, so it never delays the first render), start the runtime on it (src/runtime:
 * every engine) and publish it in `runtime`, the one signal through which models reach the
 * engines. The transport's signaling status is mirrored into signals for the UI.
 */
import { computed, effect, signal } from '@preact/signals';
import { getDb } from '../../../db/db';
import { describeError, type SignalingErrorReasonKey } from '../../../lib/errors';
import type { IdentityKeys } from '../../../lib/identity';
import type { PeerId } from '../../../lib/ids';
import { log } from '../../../lib/log';
import { peerJsTransportFactory } from '../../../peers/peerjs/factory';
import type { ConnectionStatus, Transport } from '../../../peers/transport';
import { startRuntime, type Runtime, type RuntimeSettings } from '../../../runtime/runtime';

import { identityKeys } from '../../me/models/identity';
import { autoDownloadBytes, readReceipts } from './settings';

const logger = log('ui:runtime');

/** Signaling status, shown in the UI. */
export const connectionStatus = signal<ConnectionStatus>('offline');
/**
 * Why the status is 'error': a SignalingError reason ('idTaken', 'rejected',
 * 'unsupported', 'token', 'unreachable'), usable as the i18n key `signaling.<reason>`.
 */
export const connectionError = signal<SignalingErrorReasonKey | null>(null);
/** The English message behind `connectionError`, with the server's text if any (for details/logs). */
export const connectionErrorDetail = signal<string | null>(null);

const current = signal<Runtime | null>(null);
/**
 * The running engines (friends, sync, then files and calls once loaded) on the live transport;
 * null before the identity exists, while the transport is being built, and after stop.
 */
export const runtime = computed(() => current.value);

/** True when another tab or device took this identity over; offer `takeOver()`. */
export const identityTakenElsewhere = computed(
  () => connectionStatus.value === 'error' && connectionError.value === 'idTaken',
);

/** Builds the Transport for an identity; the production one is PeerJS, tests pass a MemoryHub's. */
export type TransportFactory = (keys: IdentityKeys) => Promise<Transport>;

/** The settings the engines read, each at the moment it applies. */
const settings: RuntimeSettings = {
  readReceipts: () => Promise.resolve(readReceipts.peek()),
  autoDownloadBytes: () => autoDownloadBytes.peek(),
};

/** Set once a screen needs the file and call engines even with no friend online. */
let featuresWanted = false;

/**
 * A screen needs the file and call engines now, even with no friend online (e.g. to open my
 * own files offline, or list storage). Loads them if not yet, and in every later runtime.
 */
export function wantFeatures(): void {
  featuresWanted = true;
  current.peek()?.loadFeatures();
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
 * Start the engines for `me` once the identity is ready (the transport signs a token,
 * connects, reconnects with backoff). Returns stop. Safe to call before the identity exists:
 * it waits for it.
 */
export function startEngines(factory: TransportFactory = peerJsTransportFactory): () => void {
  let stopped = false;
  let startedFor: PeerId | null = null;
  let unmirror: (() => void) | null = null;

  // The models let go of the engines first, so they see nothing of the engines stopping.
  const halt = () => {
    unmirror?.();
    unmirror = null;
    const running = current.peek();
    current.value = null;
    running?.stop();
  };

  const dispose = effect(() => {
    const keys = identityKeys.value;
    if (!keys || startedFor === keys.id) return;
    startedFor = keys.id;
    // Another identity: the engines of the previous one stop with its transport.
    halt();
    connectionStatus.value = 'connecting';
    factory(keys).then(
      (transport) => {
        if (stopped || startedFor !== keys.id) return transport.destroy();
        const next = startRuntime({
          transport,
          keys,
          db: getDb(),
          settings,
          // Wake through the worker that served this page ([WAKE-*]).
          wake: {},
        });
        current.value = next;
        if (featuresWanted) next.loadFeatures();
        unmirror = mirror(transport);
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
    halt();
    connectionStatus.value = 'offline';
    connectionError.value = null;
    connectionErrorDetail.value = null;
  };
}

/** Connect now; after ID-TAKEN this claims the identity back from the other tab or device. */
export function takeOver(): void {
  current.peek()?.transport.reconnect();
}
