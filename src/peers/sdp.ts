/**
 * DTLS fingerprints from SDP (RFC 8122 §5: `a=fingerprint:<hash-func> <hex:hex:…>`).
 * The session handshake signs these to bind the DTLS session to the identity
 * keys, so the parser is strict: when it cannot tell which certificate is in
 * use it returns null and the handshake refuses the connection.
 */

/** Hash functions in order of preference; the strongest one present is used. */
const PREFERENCE = ['sha-512', 'sha-384', 'sha-256', 'sha-224', 'sha-1'] as const;

const FINGERPRINT_LINE =
  /^a=fingerprint:([A-Za-z0-9-]+)[ \t]+([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})+)[ \t]*$/;

/** Byte length of each hash function's digest, to reject truncated values. */
const DIGEST_BYTES: Readonly<Record<string, number>> = {
  'sha-1': 20,
  'sha-224': 28,
  'sha-256': 32,
  'sha-384': 48,
  'sha-512': 64,
};

/** One fingerprint attribute, canonicalised. */
export interface SdpFingerprint {
  /** Lowercase hash function name, e.g. 'sha-256'. */
  algorithm: string;
  /** Uppercase colon-separated hex. */
  value: string;
}

/** All well-formed fingerprint attributes in an SDP, in order. Pure. */
export function parseSdpFingerprints(sdp: string): SdpFingerprint[] {
  const out: SdpFingerprint[] = [];
  for (const raw of sdp.split(/\r?\n/)) {
    const match = FINGERPRINT_LINE.exec(raw.trim());
    if (!match) continue;
    const algorithm = match[1]!.toLowerCase();
    const value = match[2]!.toUpperCase();
    const bytes = (value.length + 1) / 3;
    if (DIGEST_BYTES[algorithm] !== undefined && DIGEST_BYTES[algorithm] !== bytes) continue;
    out.push({ algorithm, value });
  }
  return out;
}

/** Canonical text form used in signatures: `"sha-256 AB:CD:…"`. */
export function formatFingerprint(fp: SdpFingerprint): string {
  return `${fp.algorithm} ${fp.value}`;
}

/**
 * The certificate fingerprint of an SDP in canonical form, or null when there
 * is none, or when two sections disagree for the same algorithm (a WebRTC peer
 * connection uses one certificate, so disagreement means tampering or a bug).
 * Picks the strongest algorithm from a fixed preference list, so that the
 * signer (reading its local SDP) and the verifier (reading the same SDP as
 * remote) pick the same one. Pure.
 */
export function sdpFingerprint(sdp: string | null | undefined): string | null {
  if (!sdp) return null;
  const byAlgorithm = new Map<string, string>();
  for (const fp of parseSdpFingerprints(sdp)) {
    const seen = byAlgorithm.get(fp.algorithm);
    if (seen !== undefined && seen !== fp.value) return null;
    byAlgorithm.set(fp.algorithm, fp.value);
  }
  for (const algorithm of PREFERENCE) {
    const value = byAlgorithm.get(algorithm);
    if (value !== undefined) return formatFingerprint({ algorithm, value });
  }
  return null;
}
