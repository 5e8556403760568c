/**
 * Registers our reach hashes with our own signaling object: the whole set after every OPEN
 * (a reconnect, or a new Peer after a failed start) and again whenever it changes while the
 * socket is open. Nothing is sent before the app has given a set: an empty set made before the
 * people were read would wipe the stored one and shut friends out. [SIG-REACH-2]
 */
import { describeError } from '../../lib/errors';
import type { Logger } from '../../lib/log';
import type { ReachHash } from '../../lib/reach';
import { registrationFrame, sameHashes } from '../reach/wire';

/** The part of the signaling socket the registrar uses (peerjs: `peer.socket`). */
export interface RegistrarSocket {
  send(frame: object): void;
}

/** Keeps one socket's registration in step with the wanted set. */
export class SignalingRegistrar {
  readonly #logger: Logger;
  #wanted: readonly ReachHash[] | null = null;
  #socket: RegistrarSocket | null = null;
  /** What the open socket was last sent; null: nothing yet on this socket. */
  #sent: readonly ReachHash[] | null = null;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** The set to register from now on. */
  set(hashes: readonly ReachHash[]): void {
    this.#wanted = hashes;
    this.#sync();
  }

  /** The signaling socket opened (OPEN received): register on it. */
  opened(socket: RegistrarSocket): void {
    this.#socket = socket;
    this.#sent = null;
    this.#sync();
  }

  /** The socket closed or was dropped: the next OPEN registers again. */
  closed(): void {
    this.#socket = null;
    this.#sent = null;
  }

  #sync(): void {
    const socket = this.#socket;
    const wanted = this.#wanted;
    if (!socket || !wanted || (this.#sent && sameHashes(this.#sent, wanted))) return;
    try {
      socket.send(registrationFrame(wanted));
      this.#sent = wanted;
    } catch (err) {
      // The next OPEN tries again; meanwhile friends still pass within the trickle.
      this.#logger.warn('could not register reach hashes', describeError(err));
    }
  }
}
