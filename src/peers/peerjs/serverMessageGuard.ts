/**
 * Plume's checks in front of PeerJS's handling of server messages. The stock client trusts what
 * signaling relays: a malformed OFFER throws inside it, leaves junk in its connection list, or
 * makes it build an RTCPeerConnection for anyone who asks. Every message passes through here
 * first (peerjs 1.5 routes them all through `Peer._handleMessage`), so that:
 * - a payload of the wrong shape is dropped, with the worker's own rules ([SIG-PAY-1]…[SIG-PAY-6]),
 *   since a worker can be old, buggy or hostile;
 * - an OFFER is admitted or refused before PeerJS makes a connection for it ([ADM-1]…[ADM-4]);
 * - an ANSWER or CANDIDATE for a connection we do not have is dropped: PeerJS would keep it
 *   forever in case the connection turns up ([ADM-5]);
 * - whatever PeerJS throws on a message stays here, logged, and never reaches the page.
 */
import { describeError } from '../../lib/errors';
import type { PeerId } from '../../lib/ids';
import type { Logger } from '../../lib/log';
import { isCheckedType, payloadProblem } from '../../lib/signalingPayloads';

/** An inbound OFFER, as admission sees it. */
export interface InboundOffer {
  peer: PeerId;
  kind: 'data' | 'media';
  /** The data connection's label (absent for calls, or when the dialler set none). */
  label: string | undefined;
}

/** What the guard asks of its owner. */
export interface ServerMessageGuardOptions {
  /** True lets the OFFER through to PeerJS. */
  admit(offer: InboundOffer): boolean;
  logger: Logger;
}

/** The peerjs 1.5 internals the guard wraps. */
interface PeerInternals {
  _handleMessage?: unknown;
  getConnection?: unknown;
  /** Serializer classes by name; PeerJS constructs `_serializers[payload.serialization]`. */
  _serializers?: unknown;
}

/** What the screen needs to know about the Peer. */
export interface PeerFacts {
  /** True when PeerJS holds the connection an ANSWER or CANDIDATE names. */
  hasConnection(peer: string, connectionId: string): boolean;
  /** True for a serialization this Peer has a class for. */
  knowsSerializer(name: string): boolean;
}

type Fields = Record<string, unknown>;

/** Refusals a stranger can cause at will: logged at debug, so they cannot flood the console. */
const REFUSED = 'refused';
const NO_CONNECTION = 'no such connection';

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why `message` must not reach PeerJS, or null. */
export function screenServerMessage(
  message: unknown,
  admit: (offer: InboundOffer) => boolean,
  peer: PeerFacts,
): string | null {
  if (!isObject(message) || typeof message.type !== 'string') return 'not a server message';
  const { type, src, payload } = message;
  if (!isCheckedType(type)) return null;
  if (typeof src !== 'string') return `${type} without a sender`;
  const problem = payloadProblem(type, payload);
  if (problem) return `${type} from ${src}: ${problem}`;
  const fields = payload as Fields;
  if (type === 'OFFER') {
    // Checked before admission, so an OFFER PeerJS cannot build uses no stranger's budget.
    const { serialization } = fields;
    if (fields.type === 'data' && !peer.knowsSerializer(serialization as string)) {
      return `OFFER from ${src}: no serializer ${JSON.stringify(serialization)}`;
    }
    const offer: InboundOffer = {
      peer: src as PeerId,
      kind: fields.type as InboundOffer['kind'],
      label: typeof fields.label === 'string' ? fields.label : undefined,
    };
    return admit(offer) ? null : REFUSED;
  }
  return peer.hasConnection(src, fields.connectionId as string) ? null : NO_CONNECTION;
}

/**
 * Put the checks in front of `peer`'s server messages. Returns false when this peerjs has no
 * `_handleMessage` to wrap (the page then runs unguarded, and says so in the log).
 */
export function guardServerMessages(peer: object, options: ServerMessageGuardOptions): boolean {
  const internals = peer as PeerInternals;
  const handle = internals._handleMessage;
  const lookup = internals.getConnection;
  if (typeof handle !== 'function' || typeof lookup !== 'function') {
    options.logger.error('this peerjs has no _handleMessage/getConnection; signaling is unguarded');
    return false;
  }
  const facts: PeerFacts = {
    hasConnection: (src, id) => Boolean(lookup.call(peer, src, id)),
    knowsSerializer: (name) => {
      const known = internals._serializers;
      return typeof known === 'object' && known !== null && Object.hasOwn(known, name);
    },
  };
  const admit = (offer: InboundOffer) => options.admit(offer);
  internals._handleMessage = (message: unknown) => {
    const reason = screenServerMessage(message, admit, facts);
    if (reason === REFUSED || reason === NO_CONNECTION) {
      options.logger.debug('dropped a server message:', reason);
      return;
    }
    if (reason) {
      options.logger.warn('dropped a server message:', reason);
      return;
    }
    try {
      handle.call(peer, message);
    } catch (err) {
      options.logger.warn('peerjs failed on a server message:', describeError(err));
    }
  };
  return true;
}
