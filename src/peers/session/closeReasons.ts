/**
 * Why a session was closed. Handshake failures that may mean an attack are
 * recorded as a security notice on a known friend. [SES-9]
 */

/** Close reasons, with the sentence for logs. */
export const SessionCloseReason = {
  version: 'the peer speaks another protocol version',
  protocol: 'the peer broke the handshake protocol',
  'key-hash': 'the key does not hash to the peer id',
  'key-changed': 'the key differs from the one pinned for this friend',
  fingerprint: 'the DTLS fingerprints do not match: something may sit in the middle',
  signature: 'the handshake signature is invalid',
  replay: 'the handshake nonce was seen before',
  timeout: 'the handshake did not finish in time',
  blocked: 'the peer is blocked',
  stranger: 'a stranger without a valid invite',
  duplicate: 'another session with this peer survives',
  busy: 'too many handshakes or strangers at once',
  idle: 'nothing heard from the peer for too long',
  'not-member': 'the peer is no friend and no longer shares a group with us',
  local: 'closed by this app',
} as const;
export type SessionCloseReasonKey = keyof typeof SessionCloseReason;

/** Failures shown to the user as a security notice on that friend. [SES-9] */
export const NOTICE_REASONS: ReadonlySet<SessionCloseReasonKey> = new Set<SessionCloseReasonKey>([
  'key-hash',
  'key-changed',
  'fingerprint',
  'signature',
  'replay',
  'timeout',
]);

/**
 * How serious a notice is. A notice is only replaced by one at least as
 * serious, so a later timeout cannot hide a changed key. A timeout alone is no
 * evidence of an attack and is cleared by the next good session.
 */
export const NOTICE_SEVERITY: Readonly<Record<string, number>> = {
  timeout: 1,
  replay: 2,
  fingerprint: 3,
  signature: 3,
  'key-hash': 3,
  'key-changed': 4,
};

/** Notices that a later successful session clears by itself. */
export const TRANSIENT_NOTICES: ReadonlySet<string> = new Set(['timeout']);
