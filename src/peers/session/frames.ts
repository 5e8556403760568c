/**
 * Control frames: JSON text messages `{type, v, ...}` on the session channel.
 * Decoding never throws; anything that is not a JSON object with a string
 * `type` and an integer `v` is not a frame. Spec: [SES-1], [SES-3].
 */
import { isPeerId, type PeerId } from '../../lib/ids';
import type { ChannelMessage } from '../transport';
import { SESSION_PROTOCOL_VERSION } from './constants';

/** Any control frame: a tagged object. Type guards narrow it. */
export interface ControlFrame {
  readonly type: string;
  readonly v: number;
  readonly [field: string]: unknown;
}

/** What `encodeFrame` and `Session.send` accept: any tagged, versioned frame. */
export interface OutgoingFrame {
  readonly type: string;
  readonly v: number;
}

/** [SES-1] First frame each side sends. */
export interface HelloFrame {
  type: 'HELLO';
  v: typeof SESSION_PROTOCOL_VERSION;
  id: PeerId;
  /** base64url raw Ed25519 public key. */
  pub: string;
  /** base64url of NONCE_BYTES fresh random bytes. */
  nonce: string;
}

/** [SES-3] Second frame: the signature binding keys, nonces and DTLS fingerprints. */
export interface AuthFrame {
  type: 'AUTH';
  v: typeof SESSION_PROTOCOL_VERSION;
  /** base64url Ed25519 signature over the AUTH string. */
  sig: string;
  /** The fingerprint the signer calls its own (from its local SDP); signed too. */
  fp: string;
}

/** Frames allowed before AUTH succeeded. */
export type HandshakeFrame = HelloFrame | AuthFrame;

/** Longest base64url field in a handshake frame (a 64-byte signature is 86). */
const MAX_B64_FIELD = 128;
/** Longest fingerprint text: sha-512 is 7 + 1 + 191 characters. */
const MAX_FP_FIELD = 256;

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** True when `text` takes more than `maxBytes` as UTF-8 (cheap for short text). */
function tooLarge(text: string, maxBytes: number): boolean {
  // UTF-8 never takes fewer bytes than UTF-16 code units, nor more than three per unit.
  if (text.length > maxBytes) return true;
  return text.length * 3 > maxBytes && utf8Length(text) > maxBytes;
}

/**
 * Parse one message as a control frame, or null: binary, over `maxBytes`, not
 * JSON, not an object, or without string `type` and integer `v`.
 */
export function decodeControlFrame(data: ChannelMessage, maxBytes: number): ControlFrame | null {
  if (typeof data !== 'string' || tooLarge(data, maxBytes)) return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const frame = value as Record<string, unknown>;
  if (typeof frame.type !== 'string' || !Number.isSafeInteger(frame.v)) return null;
  return frame as ControlFrame;
}

/** Serialize a frame for `Channel.send`. */
export function encodeFrame(frame: OutgoingFrame): string {
  return JSON.stringify(frame);
}

function shortString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

/** Shape check of HELLO (the handshake checks the contents). [SES-1] */
export function isHelloFrame(frame: ControlFrame): frame is ControlFrame & HelloFrame {
  return (
    frame.type === 'HELLO' &&
    frame.v === SESSION_PROTOCOL_VERSION &&
    isPeerId(frame.id) &&
    shortString(frame.pub, MAX_B64_FIELD) &&
    shortString(frame.nonce, MAX_B64_FIELD)
  );
}

/** Shape check of AUTH. [SES-3] */
export function isAuthFrame(frame: ControlFrame): frame is ControlFrame & AuthFrame {
  return (
    frame.type === 'AUTH' &&
    frame.v === SESSION_PROTOCOL_VERSION &&
    shortString(frame.sig, MAX_B64_FIELD) &&
    shortString(frame.fp, MAX_FP_FIELD)
  );
}
