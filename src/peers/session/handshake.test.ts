import { describe, expect, it } from 'vitest';
import { base64urlEncode } from '../../lib/base64url';
import { generateIdentityKeys } from '../../lib/identity';
import { MAX_HANDSHAKE_FRAME_BYTES } from './constants';
import { decodeControlFrame, isAuthFrame, isHelloFrame } from './frames';
import { authFrame, authPayload, checkAuth, checkHello, helloFrame, newNonce } from './handshake';
import { NonceCache } from './nonceCache';

const fps = { local: 'sha-256 AA:BB', remote: 'sha-256 CC:DD' };
const mirrored = { local: fps.remote, remote: fps.local };

describe('handshake rules', () => {
  it('[SES-3] signs exactly plume-auth/1|myNonce|theirNonce|myFp|theirFp', () => {
    const text = new TextDecoder().decode(authPayload('n1', 'n2', 'f1', 'f2'));
    expect(text).toBe('plume-auth/1|n1|n2|f1|f2');
  });

  it('[SES-1] HELLO carries id, key and a fresh 16-byte nonce', async () => {
    const keys = await generateIdentityKeys();
    const hello = helloFrame(keys.id, keys.publicKeyRaw, newNonce());
    expect(hello.nonce).toHaveLength(22);
    expect(newNonce()).not.toBe(hello.nonce);
    expect(
      isHelloFrame(decodeControlFrame(JSON.stringify(hello), MAX_HANDSHAKE_FRAME_BYTES)!),
    ).toBe(true);
  });

  it('[SES-2][SES-7] checks key hash, pinned key, blocking and nonces in turn', async () => {
    const keys = await generateIdentityKeys();
    const other = await generateIdentityKeys();
    const nonces = new NonceCache();
    const hello = helloFrame(keys.id, keys.publicKeyRaw, newNonce());
    const ctx = { peer: keys.id, pinned: null, ownNonce: newNonce(), nonces };
    expect(await checkHello({ ...hello, pub: base64urlEncode(other.publicKeyRaw) }, ctx)).toEqual({
      ok: false,
      reason: 'key-hash',
    });
    expect(await checkHello(hello, { ...ctx, peer: other.id })).toMatchObject({
      reason: 'key-hash',
    });
    expect(
      await checkHello(hello, { ...ctx, pinned: { pub: other.publicKeyRaw, blocked: false } }),
    ).toMatchObject({ reason: 'key-changed' });
    expect(
      await checkHello(hello, { ...ctx, pinned: { pub: keys.publicKeyRaw, blocked: true } }),
    ).toMatchObject({ reason: 'blocked' });
    expect(await checkHello({ ...hello, nonce: 'AAAA' }, ctx)).toMatchObject({
      reason: 'protocol',
    });
    expect(await checkHello(hello, { ...ctx, ownNonce: hello.nonce })).toMatchObject({
      reason: 'replay',
    });
    expect(await checkHello(hello, ctx)).toMatchObject({ ok: true });
    expect(await checkHello(hello, ctx)).toMatchObject({ reason: 'replay' });
  });

  it('[SES-5] verifies AUTH from the signer’s point of view; names a fingerprint mismatch', async () => {
    const keys = await generateIdentityKeys();
    const [mine, theirs] = [newNonce(), newNonce()];
    const auth = await authFrame(keys.privateKey, theirs, mine, mirrored);
    expect(isAuthFrame(decodeControlFrame(JSON.stringify(auth), MAX_HANDSHAKE_FRAME_BYTES)!)).toBe(
      true,
    );
    const ctx = { pub: keys.publicKeyRaw, myNonce: mine, theirNonce: theirs, fps };
    expect(await checkAuth(auth, ctx)).toEqual({ ok: true });
    expect(await checkAuth(auth, { ...ctx, fps: { ...fps, remote: 'sha-256 EE:FF' } })).toEqual({
      ok: false,
      reason: 'fingerprint',
    });
    expect(await checkAuth(auth, { ...ctx, fps: { ...fps, local: 'sha-256 EE:FF' } })).toEqual({
      ok: false,
      reason: 'signature',
    });
    expect(await checkAuth(auth, { ...ctx, myNonce: newNonce() })).toMatchObject({
      reason: 'signature',
    });
  });

  it('[SES-7] the nonce cache is bounded and forgets the oldest first', () => {
    const cache = new NonceCache(2);
    cache.add('a');
    cache.add('b');
    cache.add('c');
    expect([cache.has('a'), cache.has('b'), cache.has('c'), cache.size]).toEqual([
      false,
      true,
      true,
      2,
    ]);
  });
});
