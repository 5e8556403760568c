import { describe, expect, it } from 'vitest';
import { base64urlEncode } from './base64url';
import { isPeerId, peerIdFromPublicKey } from './ids';
import { signToken, verifyToken, TOKEN_MAX_AGE_MS } from './signalToken';

async function identity() {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const pub = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { pair, pub, id: await peerIdFromPublicKey(pub) };
}

describe('signal token', () => {
  it('derives a 32-char base32 PeerId', async () => {
    const { id } = await identity();
    expect(isPeerId(id)).toBe(true);
  });
  it('[SIG-TOKEN-1] a fresh token verifies', async () => {
    const { pair, pub, id } = await identity();
    const token = await signToken(id, pair.privateKey, pub);
    const check = await verifyToken(id, token);
    expect(check.ok).toBe(true);
  });
  it('[SIG-TOKEN-3] a key that does not hash to the id is refused', async () => {
    const a = await identity();
    const b = await identity();
    const token = await signToken(a.id, b.pair.privateKey, b.pub);
    expect(await verifyToken(a.id, token)).toMatchObject({ ok: false, reason: 'keyMismatch' });
  });
  it('[SIG-TOKEN-4] a bad signature is refused', async () => {
    const { pair, pub, id } = await identity();
    const token = await signToken(id, pair.privateKey, pub, 1000);
    const [, p, s] = token.split('.');
    expect(await verifyToken(id, `1001.${p}.${s}`, 2000)).toMatchObject({
      ok: false,
      reason: 'badSignature',
    });
  });
  it('[SIG-TOKEN-5] stale and future timestamps are refused', async () => {
    const { pair, pub, id } = await identity();
    const now = Date.now();
    const old = await signToken(id, pair.privateKey, pub, now - TOKEN_MAX_AGE_MS - 1);
    expect(await verifyToken(id, old, now)).toMatchObject({ ok: false, reason: 'stale' });
    const future = await signToken(id, pair.privateKey, pub, now + 6 * 60 * 1000);
    expect(await verifyToken(id, future, now)).toMatchObject({ ok: false, reason: 'future' });
  });
  it('[SIG-TOKEN-2] non-canonical encodings and malformed tokens are refused', async () => {
    const { pair, pub, id } = await identity();
    const token = await signToken(id, pair.privateKey, pub);
    expect(await verifyToken(id, token + '=')).toMatchObject({ ok: false, reason: 'encoding' });
    expect(await verifyToken(id, 'abc')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(await verifyToken(id, `01.${base64urlEncode(pub)}.x`)).toMatchObject({ ok: false });
  });
});
