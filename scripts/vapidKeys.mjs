#!/usr/bin/env node
// VAPID keys for wake (docs/operations.md, "Wake"): a fresh P-256 key pair in the format the
// worker's secrets take, the same as `npx web-push generate-vapid-keys` prints.
//   VAPID_PUBLIC_KEY   base64url of the 65-byte uncompressed public point
//   VAPID_PRIVATE_KEY  base64url of the 32-byte private scalar
// `node scripts/vapidKeys.mjs` prints both, one `NAME=value` a line, ready for `.dev.vars` or
// for pasting into `wrangler secret put`. Keep the private key out of any repository.
import { webcrypto } from 'node:crypto';
import { pathToFileURL } from 'node:url';

/** A fresh VAPID key pair: `{ publicKey, privateKey }`, both base64url. */
export async function makeVapidKeys() {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ]);
  const raw = new Uint8Array(await webcrypto.subtle.exportKey('raw', pair.publicKey));
  const jwk = await webcrypto.subtle.exportKey('jwk', pair.privateKey);
  return { publicKey: Buffer.from(raw).toString('base64url'), privateKey: jwk.d };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { publicKey, privateKey } = await makeVapidKeys();
  console.log(`VAPID_PUBLIC_KEY=${publicKey}`);
  console.log(`VAPID_PRIVATE_KEY=${privateKey}`);
}
