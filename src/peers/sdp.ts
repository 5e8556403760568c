/**
 * DTLS fingerprints from SDP (RFC 8122 §5: `a=fingerprint:<hash-func> <hex:hex:…>`).
 * The session handshake signs these to bind the DTLS session to the identity
 * keys, so the parser is strict: when it cannot tell which certificate is in
 * use it returns null and the handshake refuses the connection. [SES-4]
 *
 * Why strict: the SDP travels through the (untrusted) signaling server. Given
 * `a=fingerprint:sha-256 <real>` plus `a=fingerprint:sha-1 <attacker>`,
 * libwebrtc checks DTLS against one line while a lenient parser may pick the
 * other for the signature, and the handshake would vouch for a certificate
 * DTLS never checked. So every fingerprint line must parse, and all of them
 * must carry the same algorithm and the same value.
 */

/** Hash functions we accept: sha-256 or stronger (sha-1 and sha-224 are refused). */
export const ACCEPTED_FINGERPRINT_ALGORITHMS: ReadonlySet<string> = new Set([
  'sha-256',
  'sha-384',
  'sha-512',
]);

/** Byte length of each accepted hash function's digest, to reject truncated values. */
const DIGEST_BYTES: Readonly<Record<string, number>> = {
  'sha-256': 32,
  'sha-384': 48,
  'sha-512': 64,
};

/** Any line that claims to be a fingerprint attribute (it must then parse). */
const FINGERPRINT_ATTRIBUTE = /^a=fingerprint:/i;

const FINGERPRINT_LINE =
  /^a=fingerprint:([A-Za-z0-9-]+)[ \t]+([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})+)[ \t]*$/i;

/** One fingerprint, canonicalised. */
export interface SdpFingerprint {
  /** Lowercase hash function name, e.g. 'sha-256'. */
  algorithm: string;
  /** Uppercase colon-separated hex. */
  value: string;
}

/**
 * Canonicalise one fingerprint (from SDP or from `RTCCertificateStats`), or
 * null when the algorithm is not accepted or the value is not hex of the
 * digest's length. Pure.
 */
export function canonicalFingerprint(algorithm: string, value: string): SdpFingerprint | null {
  const alg = algorithm.trim().toLowerCase();
  const hex = value.trim().toUpperCase();
  const bytes = DIGEST_BYTES[alg];
  if (bytes === undefined || !/^[0-9A-F]{2}(?::[0-9A-F]{2})*$/.test(hex)) return null;
  return (hex.length + 1) / 3 === bytes ? { algorithm: alg, value: hex } : null;
}

/**
 * Every fingerprint attribute of an SDP, in order, or null when any line that
 * starts with `a=fingerprint:` is malformed, truncated or uses an algorithm
 * weaker than sha-256. Pure.
 */
export function parseSdpFingerprints(sdp: string): SdpFingerprint[] | null {
  const out: SdpFingerprint[] = [];
  for (const raw of sdp.split(/\r?\n/)) {
    const line = raw.trim();
    if (!FINGERPRINT_ATTRIBUTE.test(line)) continue;
    const match = FINGERPRINT_LINE.exec(line);
    const fp = match ? canonicalFingerprint(match[1]!, match[2]!) : null;
    if (!fp) return null;
    out.push(fp);
  }
  return out;
}

/** Canonical text form used in signatures: `"sha-256 AB:CD:…"`. */
export function formatFingerprint(fp: SdpFingerprint): string {
  return `${fp.algorithm} ${fp.value}`;
}

/**
 * The single certificate fingerprint of an SDP, or null. Null when there is
 * none, when any fingerprint line is malformed or weaker than sha-256, or when
 * the lines disagree in algorithm or value (session level and every media
 * section alike: a WebRTC peer connection with BUNDLE has one certificate, so
 * any difference means tampering or a configuration we cannot bind). [SES-4]
 */
export function singleSdpFingerprint(sdp: string | null | undefined): SdpFingerprint | null {
  if (!sdp) return null;
  const all = parseSdpFingerprints(sdp);
  const first = all?.[0];
  if (!all || !first) return null;
  const same = all.every((fp) => fp.algorithm === first.algorithm && fp.value === first.value);
  return same ? first : null;
}

/** {@link singleSdpFingerprint} in canonical text form, or null. */
export function sdpFingerprint(sdp: string | null | undefined): string | null {
  const fp = singleSdpFingerprint(sdp);
  return fp ? formatFingerprint(fp) : null;
}
