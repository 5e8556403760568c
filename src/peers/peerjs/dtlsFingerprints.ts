/**
 * The DTLS certificate fingerprints a peer connection really uses, for the
 * session handshake to sign. [SES-4]
 *
 * SDP alone is not enough: it passes through the signaling server, and the
 * browser checks DTLS against one of possibly several `a=fingerprint` lines.
 * So we read what DTLS actually negotiated from `getStats()` (the `transport`
 * stats' `localCertificateId`/`remoteCertificateId` → `certificate` stats) and
 * require it to agree with the strictly parsed SDP fingerprint. A browser that
 * reports no certificate stats (Firefox today) falls back to the strict SDP
 * check, which by itself refuses every SDP with more than one fingerprint.
 */
import {
  canonicalFingerprint,
  formatFingerprint,
  singleSdpFingerprint,
  type SdpFingerprint,
} from '../sdp';
import type { ChannelFingerprints } from '../transport';

/** What we need of an RTCPeerConnection (tests pass a fake). */
export interface FingerprintSource {
  readonly localDescription: { readonly sdp: string } | null;
  readonly remoteDescription: { readonly sdp: string } | null;
  getStats(): Promise<ReadonlyMap<string, unknown>>;
}

/** The fields of an `RTCCertificateStats` we read (not in TypeScript's DOM types). */
export interface CertificateStats {
  fingerprint: string;
  fingerprintAlgorithm: string;
  /** DER of the certificate, standard base64. */
  base64Certificate?: string;
}

/** The certificates DTLS uses, as `getStats()` reports them; null parts are unreported. */
export interface DtlsCertificates {
  local: CertificateStats | null;
  remote: CertificateStats | null;
}

/** Why the fingerprints could not be established (for logs). */
export type FingerprintFailure =
  | 'no-sdp-fingerprint'
  | 'stats-failed'
  | 'certificate-conflict'
  | 'local-mismatch'
  | 'remote-mismatch';

/** Outcome of {@link connectionFingerprints}. `source` says whether DTLS stats confirmed them. */
export type FingerprintResult =
  | { ok: true; fingerprints: ChannelFingerprints; source: 'dtls' | 'sdp' }
  | { ok: false; reason: FingerprintFailure };

/** SubtleCrypto names of the accepted fingerprint hash functions. */
const SUBTLE_DIGEST: Readonly<Record<string, string>> = {
  'sha-256': 'SHA-256',
  'sha-384': 'SHA-384',
  'sha-512': 'SHA-512',
};

type Stats = Record<string, unknown>;

/** Standard base64 (as in `base64Certificate`) to bytes, or null. */
function base64Bytes(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Bytes as uppercase hex pairs joined by `:`, the SDP fingerprint form. */
function colonHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

function isStats(value: unknown): value is Stats {
  return typeof value === 'object' && value !== null;
}

function certificateAt(report: ReadonlyMap<string, unknown>, id: unknown): CertificateStats | null {
  if (typeof id !== 'string') return null;
  const stats = report.get(id);
  if (!isStats(stats) || stats.type !== 'certificate') return null;
  const { fingerprint, fingerprintAlgorithm, base64Certificate } = stats;
  if (typeof fingerprint !== 'string' || typeof fingerprintAlgorithm !== 'string') return null;
  return typeof base64Certificate === 'string'
    ? { fingerprint, fingerprintAlgorithm, base64Certificate }
    : { fingerprint, fingerprintAlgorithm };
}

/** One certificate for all transports, or 'conflict' when they name different ones. */
function single(
  certs: (CertificateStats | null)[],
  ids: unknown[],
): CertificateStats | null | 'conflict' {
  // An id that names no certificate stats is as suspect as two different certificates.
  if (ids.some((id, i) => id !== undefined && certs[i] === null)) return 'conflict';
  const found = certs.filter((c): c is CertificateStats => c !== null);
  const first = found[0];
  if (!first) return null;
  const key = (c: CertificateStats) =>
    `${c.fingerprintAlgorithm.toLowerCase()} ${c.fingerprint.toUpperCase()}`;
  return found.every((c) => key(c) === key(first)) ? first : 'conflict';
}

/**
 * The local and remote certificates named by the `transport` stats of a
 * report, or 'conflict' when transports disagree or name missing stats. Pure.
 */
export function readCertificates(
  report: ReadonlyMap<string, unknown>,
): DtlsCertificates | 'conflict' {
  const transports = [...report.values()].filter(
    (s): s is Stats => isStats(s) && s.type === 'transport',
  );
  const side = (field: 'localCertificateId' | 'remoteCertificateId') => {
    const ids = transports.map((t) => t[field]);
    return single(
      ids.map((id) => certificateAt(report, id)),
      ids,
    );
  };
  const local = side('localCertificateId');
  const remote = side('remoteCertificateId');
  if (local === 'conflict' || remote === 'conflict') return 'conflict';
  return { local, remote };
}

/**
 * Does the certificate DTLS reports have the fingerprint the SDP states?
 * Compared directly when both use the same hash function; otherwise the DER
 * from the stats is hashed with the SDP's function.
 */
export async function certificateMatches(
  cert: CertificateStats,
  sdp: SdpFingerprint,
): Promise<boolean> {
  const stated = canonicalFingerprint(cert.fingerprintAlgorithm, cert.fingerprint);
  if (stated && stated.algorithm === sdp.algorithm) return stated.value === sdp.value;
  const der = cert.base64Certificate === undefined ? null : base64Bytes(cert.base64Certificate);
  const digest = SUBTLE_DIGEST[sdp.algorithm];
  if (!der || !digest) return false;
  const hash = new Uint8Array(await crypto.subtle.digest(digest, der));
  return colonHex(hash) === sdp.value;
}

/**
 * The fingerprints to sign for this connection: the strict SDP fingerprints,
 * confirmed by the certificates DTLS reports when the browser reports them.
 * Any disagreement fails, and the handshake then closes with `fingerprint`.
 */
export async function connectionFingerprints(pc: FingerprintSource): Promise<FingerprintResult> {
  const local = singleSdpFingerprint(pc.localDescription?.sdp);
  const remote = singleSdpFingerprint(pc.remoteDescription?.sdp);
  if (!local || !remote) return { ok: false, reason: 'no-sdp-fingerprint' };
  let report: ReadonlyMap<string, unknown>;
  try {
    report = await pc.getStats();
  } catch {
    return { ok: false, reason: 'stats-failed' };
  }
  const certs = readCertificates(report);
  if (certs === 'conflict') return { ok: false, reason: 'certificate-conflict' };
  if (certs.local && !(await certificateMatches(certs.local, local))) {
    return { ok: false, reason: 'local-mismatch' };
  }
  if (certs.remote && !(await certificateMatches(certs.remote, remote))) {
    return { ok: false, reason: 'remote-mismatch' };
  }
  const fingerprints = { local: formatFingerprint(local), remote: formatFingerprint(remote) };
  return { ok: true, fingerprints, source: certs.local && certs.remote ? 'dtls' : 'sdp' };
}
