import { describe, expect, it } from 'vitest';
import {
  certificateMatches,
  connectionFingerprints,
  readCertificates,
  type FingerprintSource,
} from './dtlsFingerprints';

/** Uppercase colon hex of `bytes`. */
function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

/** A fake certificate: some DER bytes and their real SHA-256 fingerprint. */
async function cert(seed: number) {
  const der = Uint8Array.from({ length: 64 }, (_, i) => (i * 7 + seed) % 256);
  const fp = hex(new Uint8Array(await crypto.subtle.digest('SHA-256', der)));
  return { der, fp, base64: btoa(String.fromCharCode(...der)) };
}

function sdpWith(...fps: string[]): string {
  return ['v=0', 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', ...fps, ''].join('\r\n');
}

/** A peer connection whose SDPs and stats report the given certificates. */
function source(
  localSdp: string,
  remoteSdp: string,
  stats: Record<string, Record<string, unknown>>,
): FingerprintSource {
  return {
    localDescription: { sdp: localSdp },
    remoteDescription: { sdp: remoteSdp },
    getStats: () => Promise.resolve(new Map(Object.entries(stats))),
  };
}

function certStats(id: string, fp: string, base64?: string, algorithm = 'sha-256') {
  return {
    [id]: {
      type: 'certificate',
      id,
      fingerprint: fp,
      fingerprintAlgorithm: algorithm,
      ...(base64 ? { base64Certificate: base64 } : {}),
    },
  };
}

function transport(local: string | undefined, remote: string | undefined) {
  return {
    T01: { type: 'transport', id: 'T01', localCertificateId: local, remoteCertificateId: remote },
  };
}

describe('DTLS fingerprints from getStats [SES-4]', () => {
  it('[SES-4] confirms the SDP fingerprints with the certificates DTLS uses', async () => {
    const [mine, theirs] = [await cert(1), await cert(2)];
    const pc = source(
      sdpWith(`a=fingerprint:sha-256 ${mine.fp}`),
      sdpWith(`a=fingerprint:sha-256 ${theirs.fp}`),
      {
        ...transport('CL', 'CR'),
        ...certStats('CL', mine.fp),
        ...certStats('CR', theirs.fp.toLowerCase()),
      },
    );
    expect(await connectionFingerprints(pc)).toEqual({
      ok: true,
      fingerprints: { local: `sha-256 ${mine.fp}`, remote: `sha-256 ${theirs.fp}` },
      source: 'dtls',
    });
  });

  it('[SES-4] refuses when DTLS checked another certificate than the SDP states (MITM)', async () => {
    const [mine, theirs, attacker] = [await cert(1), await cert(2), await cert(3)];
    const pc = source(
      sdpWith(`a=fingerprint:sha-256 ${mine.fp}`),
      sdpWith(`a=fingerprint:sha-256 ${theirs.fp}`),
      {
        ...transport('CL', 'CR'),
        ...certStats('CL', mine.fp),
        ...certStats('CR', attacker.fp),
      },
    );
    expect(await connectionFingerprints(pc)).toEqual({ ok: false, reason: 'remote-mismatch' });
    const wrongLocal = source(
      sdpWith(`a=fingerprint:sha-256 ${attacker.fp}`),
      sdpWith(`a=fingerprint:sha-256 ${theirs.fp}`),
      {
        ...transport('CL', 'CR'),
        ...certStats('CL', mine.fp),
        ...certStats('CR', theirs.fp),
      },
    );
    expect(await connectionFingerprints(wrongLocal)).toEqual({
      ok: false,
      reason: 'local-mismatch',
    });
  });

  it('[SES-4] refuses an SDP with two fingerprint lines before looking at stats', async () => {
    const [mine, theirs] = [await cert(1), await cert(2)];
    const sha1 = Array.from({ length: 20 }, () => 'AA').join(':');
    const pc = source(
      sdpWith(`a=fingerprint:sha-256 ${mine.fp}`),
      sdpWith(`a=fingerprint:sha-256 ${theirs.fp}`, `a=fingerprint:sha-1 ${sha1}`),
      { ...transport('CL', 'CR'), ...certStats('CL', mine.fp), ...certStats('CR', theirs.fp) },
    );
    expect(await connectionFingerprints(pc)).toEqual({ ok: false, reason: 'no-sdp-fingerprint' });
  });

  it('[SES-4] hashes the DER when the stats use another hash function than the SDP', async () => {
    const mine = await cert(1);
    const sha384 = hex(new Uint8Array(await crypto.subtle.digest('SHA-384', mine.der)));
    const stats = {
      fingerprint: mine.fp,
      fingerprintAlgorithm: 'sha-256',
      base64Certificate: mine.base64,
    };
    expect(await certificateMatches(stats, { algorithm: 'sha-384', value: sha384 })).toBe(true);
    expect(
      await certificateMatches(stats, { algorithm: 'sha-384', value: sha384.replace(/^../, '00') }),
    ).toBe(false);
    const { base64Certificate: _, ...withoutDer } = stats;
    expect(await certificateMatches(withoutDer, { algorithm: 'sha-384', value: sha384 })).toBe(
      false,
    );
  });

  it('[SES-4] transports naming different or missing certificates are a conflict', () => {
    const report = new Map<string, unknown>(
      Object.entries({
        T01: { type: 'transport', localCertificateId: 'A', remoteCertificateId: 'R' },
        T02: { type: 'transport', localCertificateId: 'B', remoteCertificateId: 'R' },
        ...certStats('A', 'AA:BB'),
        ...certStats('B', 'CC:DD'),
        ...certStats('R', 'EE:FF'),
      }),
    );
    expect(readCertificates(report)).toBe('conflict');
    const dangling = new Map<string, unknown>(Object.entries(transport('nowhere', undefined)));
    expect(readCertificates(dangling)).toBe('conflict');
  });

  it('[SES-4] falls back to the strict SDP check when the browser reports no certificates', async () => {
    const [mine, theirs] = [await cert(1), await cert(2)];
    const pc = source(
      sdpWith(`a=fingerprint:sha-256 ${mine.fp}`),
      sdpWith(`a=fingerprint:sha-256 ${theirs.fp}`),
      {
        ...transport(undefined, undefined),
      },
    );
    expect(await connectionFingerprints(pc)).toMatchObject({ ok: true, source: 'sdp' });
    const failing: FingerprintSource = {
      ...pc,
      getStats: () => Promise.reject(new Error('closed')),
    };
    expect(await connectionFingerprints(failing)).toEqual({ ok: false, reason: 'stats-failed' });
  });
});
