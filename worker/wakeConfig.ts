/**
 * The operator's VAPID keys, read from the worker's secrets `VAPID_PUBLIC_KEY` (base64url of the
 * 65-byte P-256 point), `VAPID_PRIVATE_KEY` (base64url of the 32-byte scalar) and
 * `VAPID_SUBJECT` (`mailto:` or `https:` contact): the format `npx web-push
 * generate-vapid-keys` prints and `node scripts/vapidKeys.mjs` makes. Without all three, wake
 * answers `notConfigured` ([WAKE-2]). Imported once per isolate, and checked by signing once, so
 * a private key that does not match its public key is found here rather than by every push
 * service refusing every push.
 */
import { base64urlDecode, base64urlEncode } from '../src/lib/base64url';
import { P256_POINT_BYTES } from '../src/lib/wakeProtocol';
import type { Env } from './env';
import type { VapidKeys } from './webPush';

/** The secrets, as the worker's bindings carry them. */
export type VapidSecrets = Pick<Env, 'VAPID_PUBLIC_KEY' | 'VAPID_PRIVATE_KEY' | 'VAPID_SUBJECT'>;

/** Why the secrets are set but unusable; the message names no secret value. */
export class VapidConfigError extends Error {
  override readonly name = 'VapidConfigError';
}

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SCALAR_BYTES = 32;
const SUBJECT_RE = /^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/;
const CHECK = new TextEncoder().encode('plume-vapid-check');

let cached: { text: string; keys: Promise<VapidKeys | VapidConfigError> } | null = null;

async function importKeys(
  publicText: string,
  privateText: string,
  subject: string,
): Promise<VapidKeys | VapidConfigError> {
  const point = base64urlDecode(publicText);
  const scalar = base64urlDecode(privateText);
  if (!point || point.length !== P256_POINT_BYTES || point[0] !== 0x04) {
    return new VapidConfigError('VAPID_PUBLIC_KEY is not base64url of a 65-byte P-256 point');
  }
  if (!scalar || scalar.length !== SCALAR_BYTES) {
    return new VapidConfigError('VAPID_PRIVATE_KEY is not base64url of 32 bytes');
  }
  if (!SUBJECT_RE.test(subject)) {
    return new VapidConfigError('VAPID_SUBJECT must be a mailto: address or an https: URL');
  }
  const jwk: JsonWebKey = {
    kty: 'EC',
    crv: 'P-256',
    x: base64urlEncode(point.slice(1, 33)),
    y: base64urlEncode(point.slice(33)),
  };
  try {
    const privateKey = await crypto.subtle.importKey(
      'jwk',
      { ...jwk, d: privateText },
      ECDSA_P256,
      false,
      ['sign'],
    );
    const publicKey = await crypto.subtle.importKey('raw', point, ECDSA_P256, false, ['verify']);
    const algorithm = { name: 'ECDSA', hash: 'SHA-256' };
    const signature = await crypto.subtle.sign(algorithm, privateKey, CHECK);
    if (!(await crypto.subtle.verify(algorithm, publicKey, signature, CHECK))) {
      return new VapidConfigError('VAPID_PRIVATE_KEY does not belong to VAPID_PUBLIC_KEY');
    }
    return { publicKey: publicText, privateKey, subject };
  } catch {
    return new VapidConfigError('the VAPID keys are not a valid P-256 key pair');
  }
}

/**
 * The VAPID keys: null when none of the three secrets is set (wake is off), a
 * {@link VapidConfigError} when they are set but unusable, the imported keys otherwise.
 */
export function readVapid(env: VapidSecrets): Promise<VapidKeys | VapidConfigError | null> {
  const publicText = env.VAPID_PUBLIC_KEY?.trim() ?? '';
  const privateText = env.VAPID_PRIVATE_KEY?.trim() ?? '';
  const subject = env.VAPID_SUBJECT?.trim() ?? '';
  if (!publicText && !privateText && !subject) return Promise.resolve(null);
  if (!publicText || !privateText || !subject) {
    return Promise.resolve(
      new VapidConfigError(
        'set all three of VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT',
      ),
    );
  }
  const text = `${publicText}\n${privateText}\n${subject}`;
  if (cached?.text !== text) cached = { text, keys: importKeys(publicText, privateText, subject) };
  return cached.keys;
}
