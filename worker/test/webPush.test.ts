// Web Push on WebCrypto (worker/webPush.ts, worker/wakePush.ts), checked against RFC 8291's own
// example and against the browser's side of it (test/wakeHelpers.ts decrypts).
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../src/lib/base64url';
import { WAKE_RECORD_BYTES, WAKE_TTL_S, type PushTarget } from '../../src/lib/wakeProtocol';
import { readVapid } from '../wakeConfig';
import { wakeRequest, wakeTopic } from '../wakePush';
import { encryptPush, RECORD_SIZE, VAPID_JWT_TTL_S, vapidJwt, type VapidKeys } from '../webPush';
import { decryptPush, makeSubscription, makeVapid, readVapidJwt } from './wakeHelpers';

/** RFC 8291 §5 and Appendix A. Nothing here is ours. */
const RFC = {
  plaintext: 'When I grow up, I want to be a watermelon',
  asPublic:
    'BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8',
  asPrivate: 'yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw',
  uaPublic:
    'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  authSecret: 'BTBZMqHH6r4Tts7J_aSIgg',
  salt: 'DGv6ra1nlYgDCS1FRnbzlw',
  message:
    'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6T' +
    'lzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
};

const bytes = (text: string) => base64urlDecode(text)!;

/** The RFC's application-server key pair, imported so the ECDH output is the RFC's. */
async function rfcSenderKeys(): Promise<CryptoKeyPair> {
  const point = bytes(RFC.asPublic);
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: base64urlEncode(point.slice(1, 33)),
    y: base64urlEncode(point.slice(33)),
  };
  const algorithm = { name: 'ECDH', namedCurve: 'P-256' };
  const privateKey = await crypto.subtle.importKey(
    'jwk',
    { ...jwk, d: RFC.asPrivate },
    algorithm,
    true,
    ['deriveBits'],
  );
  const publicKey = await crypto.subtle.importKey('raw', point, algorithm, true, []);
  return { privateKey, publicKey };
}

async function vapidKeys(): Promise<{ keys: VapidKeys; verifyKey: CryptoKey }> {
  const vapid = await makeVapid('mailto:ops@plume.test');
  const keys = await readVapid(vapid.secrets);
  if (!keys || keys instanceof Error) throw new Error('test VAPID keys refused');
  return { keys, verifyKey: vapid.verifyKey };
}

describe('aes128gcm (RFC 8291)', () => {
  it('[WAKE-8] reproduces RFC 8291’s example byte for byte', async () => {
    const plaintext = new TextEncoder().encode(RFC.plaintext);
    const body = await encryptPush(
      plaintext,
      { p256dh: bytes(RFC.uaPublic), auth: bytes(RFC.authSecret) },
      plaintext.length + 1,
      { salt: bytes(RFC.salt), keys: await rfcSenderKeys() },
    );
    expect(base64urlEncode(body)).toBe(RFC.message);
  });

  it('[WAKE-8] a browser with the subscription’s keys decrypts it; the header says rs 4096 and carries the sender key', async () => {
    const sub = await makeSubscription();
    const secrets = {
      salt: crypto.getRandomValues(new Uint8Array(16)),
      keys: await rfcSenderKeys(),
    };
    const body = await encryptPush(new TextEncoder().encode('hello'), sub, 64, secrets);
    const opened = await decryptPush(body, sub);
    expect(opened.text).toBe('hello');
    expect(opened.rs).toBe(RECORD_SIZE);
    expect(opened.record).toHaveLength(64);
    expect(base64urlEncode(body.slice(21, 86))).toBe(RFC.asPublic);
  });

  it('[WAKE-8] refuses a plaintext that does not fit, and a key that is not a point', async () => {
    const sub = await makeSubscription();
    const secrets = { salt: new Uint8Array(16), keys: await rfcSenderKeys() };
    await expect(encryptPush(new Uint8Array(64), sub, 64, secrets)).rejects.toThrow(RangeError);
    const notAPoint = new Uint8Array(65).fill(7);
    notAPoint[0] = 4;
    await expect(
      encryptPush(new Uint8Array(1), { p256dh: notAPoint, auth: sub.auth }, 64, secrets),
    ).rejects.toThrow();
  });
});

/** The message of a configuration error; '' for anything else. */
function messageOf(value: unknown): string {
  return value instanceof Error ? value.message : '';
}

describe('VAPID (RFC 8292)', () => {
  it('[WAKE-8] the JWT is ES256 over {aud, exp, sub}, verifies with the public key, and lives 12 h', async () => {
    const { keys, verifyKey } = await vapidKeys();
    const now = Date.UTC(2026, 5, 1);
    const jwt = await vapidJwt(keys, 'https://fcm.googleapis.com', now);
    const { header, claims } = await readVapidJwt(jwt, verifyKey);
    expect(header).toEqual({ typ: 'JWT', alg: 'ES256' });
    expect(claims).toEqual({
      aud: 'https://fcm.googleapis.com',
      exp: now / 1000 + VAPID_JWT_TTL_S,
      sub: 'mailto:ops@plume.test',
    });
    expect(VAPID_JWT_TTL_S).toBeLessThanOrEqual(24 * 60 * 60);
  });

  it('[WAKE-2] secrets that are partial, malformed or not one key pair are refused', async () => {
    const a = await makeVapid();
    const b = await makeVapid();
    expect(await readVapid({})).toBeNull();
    const partial = await readVapid({ VAPID_PUBLIC_KEY: a.secrets.VAPID_PUBLIC_KEY });
    expect(partial).toBeInstanceOf(Error);
    const mixed = await readVapid({ ...a.secrets, VAPID_PRIVATE_KEY: b.secrets.VAPID_PRIVATE_KEY });
    // workerd checks the pair on import; the signing check catches it where a runtime does not.
    expect(messageOf(mixed)).toMatch(/not a valid P-256 key pair|does not belong/);
    expect(messageOf(await readVapid({ ...a.secrets, VAPID_SUBJECT: 'ops' }))).toMatch(/mailto/);
    expect(messageOf(await readVapid({ ...a.secrets, VAPID_PUBLIC_KEY: 'abc' }))).toMatch(
      /65-byte/,
    );
  });
});

describe('the wake request', () => {
  async function target(endpoint?: string) {
    const sub = await makeSubscription(endpoint);
    const push: PushTarget = {
      endpoint: sub.json.endpoint,
      p256dh: sub.json.keys.p256dh,
      auth: sub.json.keys.auth,
    };
    return { sub, push };
  }

  it('[WAKE-8][WAKE-9] POST to the endpoint with VAPID, TTL 1 h, Urgency high, a topic, and a padded aes128gcm body', async () => {
    const { keys, verifyKey } = await vapidKeys();
    const { sub, push } = await target();
    const slot = 'AAAAAAAAAAAAAAAAAAAAAA';
    const request = (await wakeRequest(keys, push, slot, 'message', Date.now()))!;
    expect(request.url).toBe(push.endpoint);
    expect(request.method).toBe('POST');
    expect(request.redirect).toBe('manual');
    expect(request.headers.get('TTL')).toBe(String(WAKE_TTL_S));
    expect(WAKE_TTL_S).toBe(3600);
    expect(request.headers.get('Urgency')).toBe('high');
    expect(request.headers.get('Content-Encoding')).toBe('aes128gcm');
    expect(request.headers.get('Topic')).toBe(await wakeTopic(sub.auth, slot));
    const auth = /^vapid t=([^,]+), k=(.+)$/.exec(request.headers.get('Authorization')!)!;
    expect(auth[2]).toBe(keys.publicKey);
    const { claims } = await readVapidJwt(auth[1]!, verifyKey);
    expect(claims.aud).toBe('https://fcm.googleapis.com');
    const body = new Uint8Array(await request.arrayBuffer());
    const opened = await decryptPush(body, sub);
    expect(JSON.parse(opened.text)).toEqual({ v: 1, slot, kind: 'message' });
    expect(opened.record).toHaveLength(WAKE_RECORD_BYTES);
  });

  it('[WAKE-9] every wake body has one length, whatever the slot and kind', async () => {
    const { keys } = await vapidKeys();
    const { push } = await target();
    const lengths = new Set<number>();
    for (const [slot, kind] of [
      ['AAAAAAAAAAAAAAAAAAAAAA', 'message'],
      ['zzzzzzzzzzzzzzzzzzzzzz', 'call'],
      ['0123456789-_abcdefghij', 'message'],
    ] as const) {
      const request = (await wakeRequest(keys, push, slot, kind, Date.now()))!;
      lengths.add((await request.arrayBuffer()).byteLength);
    }
    // Header 86 + record 128 + tag 16.
    expect([...lengths]).toEqual([86 + WAKE_RECORD_BYTES + 16]);
  });

  it('[WAKE-8] the topic is 22 URL-safe characters, stable per token and subscription, unlinkable across subscriptions', async () => {
    const a = crypto.getRandomValues(new Uint8Array(16));
    const b = crypto.getRandomValues(new Uint8Array(16));
    const slot = 'AAAAAAAAAAAAAAAAAAAAAA';
    const topic = await wakeTopic(a, slot);
    expect(topic).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await wakeTopic(a, slot)).toBe(topic);
    expect(await wakeTopic(a, 'BAAAAAAAAAAAAAAAAAAAAA')).not.toBe(topic);
    expect(await wakeTopic(b, slot)).not.toBe(topic);
    expect(topic).not.toContain(slot);
  });

  it('[WAKE-7] an endpoint off the allowed hosts gets no request at all', async () => {
    const { keys } = await vapidKeys();
    const { push } = await target();
    for (const endpoint of [
      'http://fcm.googleapis.com/fcm/send/x',
      'https://evil.example/fcm/send/x',
      'https://fcm.googleapis.com:8443/x',
    ]) {
      expect(
        await wakeRequest(keys, { ...push, endpoint }, 'AAAAAAAAAAAAAAAAAAAAAA', 'call', 0),
      ).toBeNull();
    }
  });
});
