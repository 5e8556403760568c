/**
 * Checks a signaling connect request (`/peerjs?key&id&token&version`) in the worker, before any
 * Durable Object is touched, so a flood of bad tokens never wakes an object.
 * Spec: docs/protocol.md [SIG-AUTH-*] and [SIG-TOKEN-*].
 */
import { verifyToken } from '../src/lib/signalToken';
import { CLOSE_BAD_REQUEST, CLOSE_BAD_TOKEN, SIGNAL_KEY } from '../src/lib/signalingProtocol';
import type { SignalingConfig } from './env';
import type { SignalErrorReason } from './frames';
import { isValidPeerId, MAX_OPEN_TOKEN_CHARS, type ConnectInfo } from './session';

/** The outcome of a connect check: who connects, or why not and with which close code. */
export type ConnectDecision =
  | { ok: true; info: ConnectInfo }
  | { ok: false; reason: SignalErrorReason; msg?: string; code: number };

function refuse(reason: SignalErrorReason, code: number, msg?: string): ConnectDecision {
  return msg === undefined ? { ok: false, reason, code } : { ok: false, reason, code, msg };
}

/** Decide whether the query of a connect request may open a session. Never throws. */
export async function checkConnect(
  query: URLSearchParams,
  config: SignalingConfig,
  now: number,
): Promise<ConnectDecision> {
  const key = query.get('key');
  const id = query.get('id');
  const token = query.get('token');
  if (!key || !id || !token) return refuse('missingParams', CLOSE_BAD_REQUEST);
  if (key !== SIGNAL_KEY) return refuse('badKey', CLOSE_BAD_REQUEST);

  if (config.openIds) {
    if (!isValidPeerId(id, true)) return refuse('badId', CLOSE_BAD_REQUEST);
    if (token.length > MAX_OPEN_TOKEN_CHARS) return refuse('badToken', CLOSE_BAD_REQUEST);
    return { ok: true, info: { id, ts: now, open: true, token, addr: null, counted: false } };
  }

  if (!isValidPeerId(id, false)) return refuse('notPeerId', CLOSE_BAD_REQUEST);
  const check = await verifyToken(id, token, now);
  if (!check.ok) return refuse(check.reason, CLOSE_BAD_TOKEN, `token refused: ${check.message}`);
  return {
    ok: true,
    info: { id, ts: check.ts, open: false, token: null, addr: null, counted: false },
  };
}
