/**
 * The contract between the app and whatever carries bytes between peers.
 * Only src/peers/peerjs/ implements it over PeerJS; src/peers/memory/ implements
 * it in-process for tests. Everything else in the app uses this interface.
 */
import type { PeerId } from '../lib/ids';

/** Signaling connection status, shown in the UI. */
export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'error';

/** Every subscription returns its unsubscribe function. */
export type Unsubscribe = () => void;
