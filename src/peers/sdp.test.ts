import { describe, expect, it } from 'vitest';
import {
  canonicalFingerprint,
  formatFingerprint,
  parseSdpFingerprints,
  sdpFingerprint,
} from './sdp';

const FP256 =
  '4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E:4B:81:46:09:27:25:A6:8C:04:6F:A8';
const FP1 = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01';

/** A trimmed Chrome data-channel offer. */
const CHROME_OFFER = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=ice-ufrag:abcd',
  'a=ice-pwd:0123456789abcdefghijklmn',
  'a=ice-options:trickle',
  `a=fingerprint:sha-256 ${FP256}`,
  'a=setup:actpass',
  'a=mid:0',
  'a=sctp-port:5000',
  'a=max-message-size:262144',
  '',
].join('\r\n');

describe('SDP fingerprints', () => {
  it('reads the DTLS fingerprint of a Chrome offer in canonical form', () => {
    expect(sdpFingerprint(CHROME_OFFER)).toBe(`sha-256 ${FP256}`);
  });

  it('canonicalises case and accepts LF line endings and a session-level attribute', () => {
    const sdp = `v=0\na=fingerprint:SHA-256 ${FP256.toLowerCase()}\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\n`;
    expect(sdpFingerprint(sdp)).toBe(`sha-256 ${FP256}`);
  });

  it('[SES-4] refuses two algorithms, whatever the order (an added line could steer DTLS)', () => {
    // The MITM: the real sha-256 line plus a media-level sha-1 line for the attacker's
    // certificate. libwebrtc checks DTLS against one of them; we must not sign the other.
    const forward = `a=fingerprint:sha-256 ${FP256}\r\nm=application 9\r\na=fingerprint:sha-1 ${FP1}\r\n`;
    const backward = `a=fingerprint:sha-1 ${FP1}\r\na=fingerprint:sha-256 ${FP256}\r\n`;
    expect(sdpFingerprint(forward)).toBeNull();
    expect(sdpFingerprint(backward)).toBeNull();
    const fp384 = Array.from({ length: 48 }, () => 'AB').join(':');
    expect(
      sdpFingerprint(`a=fingerprint:sha-256 ${FP256}\na=fingerprint:sha-384 ${fp384}`),
    ).toBeNull();
  });

  it('[SES-4] refuses sha-1 (or sha-224) alone: sha-256 or stronger is required', () => {
    expect(sdpFingerprint(`a=fingerprint:sha-1 ${FP1}\r\n`)).toBeNull();
    const fp224 = Array.from({ length: 28 }, () => 'CD').join(':');
    expect(sdpFingerprint(`a=fingerprint:sha-224 ${fp224}\r\n`)).toBeNull();
    const fp512 = Array.from({ length: 64 }, () => 'ef').join(':');
    expect(sdpFingerprint(`a=fingerprint:sha-512 ${fp512}`)).toBe(`sha-512 ${fp512.toUpperCase()}`);
  });

  it('[SES-4] refuses a session-level fingerprint that differs from the media-level one', () => {
    const other = FP256.replace('4A', '4B');
    const sdp = [
      'v=0',
      `a=fingerprint:sha-256 ${FP256}`,
      'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
      `a=fingerprint:sha-256 ${other}`,
      '',
    ].join('\r\n');
    expect(sdpFingerprint(sdp)).toBeNull();
  });

  it('[SES-4] refuses the whole SDP when any fingerprint line is malformed', () => {
    const broken = `a=fingerprint:sha-256 ${FP256}\r\na=fingerprint:sha-256 not-hex\r\n`;
    expect(sdpFingerprint(broken)).toBeNull();
    expect(parseSdpFingerprints(broken)).toBeNull();
    const truncated = `a=fingerprint:sha-256 ${FP256}\na=fingerprint:sha-256 ${FP256.slice(0, -3)}`;
    expect(sdpFingerprint(truncated)).toBeNull();
  });

  it('agrees across identical repeated sections (BUNDLE with several m-lines)', () => {
    const sdp = `a=fingerprint:sha-256 ${FP256}\r\nm=audio 9\r\na=fingerprint:sha-256 ${FP256}\r\n`;
    expect(sdpFingerprint(sdp)).toBe(`sha-256 ${FP256}`);
  });

  it('refuses sections that disagree (one connection has one certificate)', () => {
    const other = FP256.replace('4A', '4B');
    const sdp = `a=fingerprint:sha-256 ${FP256}\r\nm=audio 9\r\na=fingerprint:sha-256 ${other}\r\n`;
    expect(sdpFingerprint(sdp)).toBeNull();
  });

  it('returns null for missing, empty, truncated, or unknown-algorithm fingerprints', () => {
    expect(sdpFingerprint(null)).toBeNull();
    expect(sdpFingerprint(undefined)).toBeNull();
    expect(sdpFingerprint('')).toBeNull();
    expect(sdpFingerprint('v=0\r\ns=-\r\n')).toBeNull();
    expect(sdpFingerprint(`a=fingerprint:sha-256 ${FP256.slice(0, -3)}`)).toBeNull();
    expect(
      sdpFingerprint('a=fingerprint:md5 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89'),
    ).toBeNull();
    expect(sdpFingerprint('a=fingerprint:sha-256 ZZ:ZZ')).toBeNull();
    expect(sdpFingerprint(`x a=fingerprint:sha-256 ${FP256}`)).toBeNull();
  });

  it('lists every attribute in canonical form and formats them', () => {
    const list = parseSdpFingerprints(
      `a=fingerprint:sha-256 ${FP256}\nA=FINGERPRINT:SHA-256 ${FP256}`,
    );
    expect(list?.map(formatFingerprint)).toEqual([`sha-256 ${FP256}`, `sha-256 ${FP256}`]);
    expect(canonicalFingerprint('SHA-256', FP256.toLowerCase())).toEqual({
      algorithm: 'sha-256',
      value: FP256,
    });
    expect(canonicalFingerprint('sha-1', FP1)).toBeNull();
  });
});
