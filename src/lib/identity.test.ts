import { describe, expect, it } from 'vitest';
import { IdentityError } from './errors';
import {
  MAX_DISPLAY_NAME_LENGTH,
  PUBLIC_KEY_BYTES,
  generateIdentityKeys,
  importPublicKeyRaw,
  normalizeDisplayName,
  sign,
  verify,
} from './identity';
import { isPeerId, peerIdFromPublicKey } from './ids';
import { signToken, verifyToken } from './signalToken';

describe('identity keys', () => {
  it('generates an Ed25519 pair whose raw public key derives the PeerId', async () => {
    const keys = await generateIdentityKeys();
    expect(keys.publicKeyRaw).toHaveLength(PUBLIC_KEY_BYTES);
    expect(isPeerId(keys.id)).toBe(true);
    expect(keys.id).toBe(await peerIdFromPublicKey(keys.publicKeyRaw));
    expect(keys.privateKey.algorithm.name).toBe('Ed25519');
  });

  it('keeps the private key extractable for the encrypted backup', async () => {
    const keys = await generateIdentityKeys();
    expect(keys.privateKey.extractable).toBe(true);
    const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
    expect(pkcs8.byteLength).toBeGreaterThan(32);
  });

  it('signs and verifies; tampering fails; malformed input is false, not a throw', async () => {
    const keys = await generateIdentityKeys();
    const data = new TextEncoder().encode('plume-auth/1|x');
    const sig = await sign(keys.privateKey, data);
    expect(await verify(keys.publicKeyRaw, sig, data)).toBe(true);
    const bad = sig.slice();
    bad[0]! ^= 1;
    expect(await verify(keys.publicKeyRaw, bad, data)).toBe(false);
    expect(await verify(keys.publicKeyRaw, sig.subarray(1), data)).toBe(false);
    expect(await verify(new Uint8Array(5), sig, data)).toBe(false);
    expect(await importPublicKeyRaw(new Uint8Array(31))).toBeNull();
  });

  it('produces tokens the worker accepts', async () => {
    const keys = await generateIdentityKeys();
    const token = await signToken(keys.id, keys.privateKey, keys.publicKeyRaw);
    expect(await verifyToken(keys.id, token)).toMatchObject({ ok: true });
  });
});

describe('normalizeDisplayName', () => {
  it('trims and collapses whitespace', () => {
    expect(normalizeDisplayName('  Ada   Lovelace \n')).toBe('Ada Lovelace');
    expect(normalizeDisplayName('小明')).toBe('小明');
  });

  it('refuses empty and overlong names with IdentityError', () => {
    expect(() => normalizeDisplayName('   ')).toThrow(IdentityError);
    expect(() => normalizeDisplayName('x'.repeat(MAX_DISPLAY_NAME_LENGTH + 1))).toThrow(
      IdentityError,
    );
    // Code points, not UTF-16 units: 64 emoji fit.
    expect(normalizeDisplayName('😀'.repeat(MAX_DISPLAY_NAME_LENGTH))).toHaveLength(128);
  });
});
