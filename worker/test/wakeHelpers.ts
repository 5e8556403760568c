/**
 * Wake test helpers: VAPID keys, a browser's push subscription (with the private key a browser
 * keeps, so tests can decrypt what the worker sends), the browser's side of RFC 8291, and a
 * local fake push service that the worker's outbound fetches reach.
 *
 * @cloudflare/vitest-pool-workers 0.15 has no `fetchMock`; the worker runs in the tests' isolate,
 * so spying on `globalThis.fetch` intercepts its outbound requests (as turnUpstream.test.ts does).
 */
import { vi, type MockInstance } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../src/lib/base64url';
import { reachHash } from '../../src/lib/reach';
import { isAllowedPushHost } from '../../src/lib/wakeProtocol';
import type { Env } from '../env';
import type { TestIdentity } from './helpers';

const ECDH_P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;
const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const encoder = new TextEncoder();

/** The origin the tests' requests claim. */
export const ORIGIN = 'http://plume.test';

/** An operator's VAPID secrets, and the public key to check signatures with. */
export interface TestVapid {
  secrets: Pick<Env, 'VAPID_PUBLIC_KEY' | 'VAPID_PRIVATE_KEY' | 'VAPID_SUBJECT'>;
  verifyKey: CryptoKey;
}

/** Fresh VAPID keys in the format the secrets take. */
export async function makeVapid(subject = 'mailto:ops@plume.test'): Promise<TestVapid> {
  const pair = (await crypto.subtle.generateKey(ECDSA_P256, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey;
  const raw = new Uint8Array((await crypto.subtle.exportKey('raw', pair.publicKey)) as ArrayBuffer);
  return {
    secrets: {
      VAPID_PUBLIC_KEY: base64urlEncode(raw),
      VAPID_PRIVATE_KEY: jwk.d!,
      VAPID_SUBJECT: subject,
    },
    verifyKey: pair.publicKey,
  };
}

/** A browser's subscription: what `toJSON()` gives, and what the browser keeps to decrypt. */
export interface TestSubscription {
  json: { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
  privateKey: CryptoKey;
  p256dh: Uint8Array;
  auth: Uint8Array;
}

/** A fresh subscription at `endpoint`, as a browser would make it. */
export async function makeSubscription(
  endpoint = `https://fcm.googleapis.com/fcm/send/${crypto.randomUUID()}`,
): Promise<TestSubscription> {
  const pair = (await crypto.subtle.generateKey(ECDH_P256, true, ['deriveBits'])) as CryptoKeyPair;
  const p256dh = new Uint8Array(
    (await crypto.subtle.exportKey('raw', pair.publicKey)) as ArrayBuffer,
  );
  const auth = crypto.getRandomValues(new Uint8Array(16));
  return {
    json: {
      endpoint,
      expirationTime: null,
      keys: { p256dh: base64urlEncode(p256dh), auth: base64urlEncode(auth) },
    },
    privateKey: pair.privateKey,
    p256dh,
    auth,
  };
}

async function hkdf(salt: Uint8Array, ikm: Uint8Array, info: Uint8Array, bytes: number) {
  const key = await crypto.subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, key, bytes * 8),
  );
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** What a decrypted push held: the record's content before and after unpadding. */
export interface Decrypted {
  /** The whole record content: plaintext, the 0x02 delimiter, zero padding. */
  record: Uint8Array;
  /** The plaintext. */
  text: string;
  /** The header's record size. */
  rs: number;
}

/** The browser's side of RFC 8291: decrypt an `aes128gcm` body with the subscription's keys. */
export async function decryptPush(body: Uint8Array, sub: TestSubscription): Promise<Decrypted> {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const salt = body.slice(0, 16);
  const rs = view.getUint32(16);
  const idlen = body[20]!;
  const asPublic = body.slice(21, 21 + idlen);
  const sealed = body.slice(21 + idlen);
  const senderKey = await crypto.subtle.importKey('raw', asPublic, ECDH_P256, false, []);
  const shared = new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: 'ECDH', public: senderKey } as unknown as SubtleCryptoDeriveKeyAlgorithm,
      sub.privateKey,
      256,
    ),
  );
  const info = concat(encoder.encode('WebPush: info\0'), sub.p256dh, asPublic);
  const ikm = await hkdf(sub.auth, shared, info, 32);
  const cek = await hkdf(salt, ikm, encoder.encode('Content-Encoding: aes128gcm\0'), 16);
  const nonce = await hkdf(salt, ikm, encoder.encode('Content-Encoding: nonce\0'), 12);
  const key = await crypto.subtle.importKey('raw', cek, 'AES-GCM', false, ['decrypt']);
  const record = new Uint8Array(
    await crypto.subtle.decrypt({ name: 'AES-GCM', iv: nonce }, key, sealed),
  );
  let end = record.length - 1;
  while (end >= 0 && record[end] === 0) end--;
  if (record[end] !== 0x02) throw new Error('no last-record delimiter');
  return { record, text: new TextDecoder().decode(record.slice(0, end)), rs };
}

/** A VAPID JWT, split and checked against `verifyKey`; throws when the signature is wrong. */
export async function readVapidJwt(
  jwt: string,
  verifyKey: CryptoKey,
): Promise<{ header: Record<string, unknown>; claims: Record<string, unknown> }> {
  const [h, c, s] = jwt.split('.');
  const signature = base64urlDecode(s ?? '');
  if (!h || !c || !signature) throw new Error('not a JWT');
  const ok = await crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    verifyKey,
    signature,
    encoder.encode(`${h}.${c}`),
  );
  if (!ok) throw new Error('VAPID signature does not verify');
  const decode = (part: string) =>
    JSON.parse(new TextDecoder().decode(base64urlDecode(part)!)) as Record<string, unknown>;
  return { header: decode(h), claims: decode(c) };
}

/** One request the fake push service received. */
export interface PushSeen {
  url: string;
  method: string;
  headers: Headers;
  body: Uint8Array;
  /** When it arrived (ms). */
  at: number;
}

/** What the fake push service answers; any non-push host fails the test. */
export type PushAnswer = (request: Request) => Response | Promise<Response>;

/** A local fake push service: every outbound fetch of the worker lands here. */
export class FakePushService {
  readonly seen: PushSeen[] = [];
  readonly unexpected: string[] = [];
  readonly #spy: MockInstance<typeof fetch>;
  answer: PushAnswer = () => new Response(null, { status: 201 });

  constructor() {
    this.#spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      const host = new URL(request.url).host;
      if (!isAllowedPushHost(host)) {
        this.unexpected.push(request.url);
        throw new Error(`unexpected outbound request to ${request.url}`);
      }
      this.seen.push({
        url: request.url,
        method: request.method,
        headers: request.headers,
        body: new Uint8Array(await request.clone().arrayBuffer()),
        at: Date.now(),
      });
      return this.answer(request);
    });
  }

  /** Every outbound fetch, allowed host or not (the spy's calls). */
  get calls(): number {
    return this.#spy.mock.calls.length;
  }
}

/** `POST /wake` as the app sends it. */
export function wakeRequest(body: unknown, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  headers.set('Content-Type', 'application/json');
  return new Request(`${ORIGIN}/wake`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
    headers,
  });
}

/** `PUT` or `DELETE /wake/subscription?id=` with `who`'s signed token (or `token`). */
export async function subscriptionRequest(
  who: TestIdentity,
  method: 'PUT' | 'DELETE',
  body?: unknown,
  token?: string | null,
): Promise<Request> {
  const headers = new Headers({ 'Content-Type': 'application/json' });
  const bearer = token === undefined ? await who.token() : token;
  if (bearer !== null) headers.set('Authorization', `Bearer ${bearer}`);
  return new Request(`${ORIGIN}/wake/subscription?id=${who.id}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

/** A random reach token and its hash, as a friend holds it and the peer registers it. */
export async function friendToken(): Promise<{ token: string; hash: string }> {
  const token = base64urlEncode(crypto.getRandomValues(new Uint8Array(16)));
  return { token, hash: await reachHash(token) };
}
