import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from './base64url';
import { peerIdFromPublicKey, type PeerId } from './ids';
import {
  INVITE_NAME_MAX_CHARS,
  INVITE_SECRET_BYTES,
  INVITE_TEXT_MAX_LENGTH,
  INVITE_TTL_MS,
  createInviteSecret,
  encodeInviteName,
  formatInviteLink,
  formatInvitePayload,
  friendRequestProof,
  inviteStatus,
  markInviteUsed,
  matchFriendRequestProof,
  newInviteRecord,
  parseInviteLink,
  verifyFriendRequestProof,
  type Invite,
  type InviteFailureReason,
} from './invite';

const ORIGIN = 'https://plume.example';
const PUB = Uint8Array.from({ length: 32 }, (_, i) => i);
const OTHER_PUB = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
const SECRET = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);

async function invite(name = 'Alice'): Promise<Invite> {
  return { id: await peerIdFromPublicKey(PUB), pub: PUB, secret: SECRET, name };
}

async function expectFailure(text: string, reason: InviteFailureReason): Promise<void> {
  expect(await parseInviteLink(text)).toMatchObject({ ok: false, reason });
}

describe('invite links', () => {
  it('[INV-1] formats <origin>/#/add/<payload> and parses it back', async () => {
    const inv = await invite();
    const link = formatInviteLink(ORIGIN, inv);
    expect(link).toBe(`${ORIGIN}/#/add/${formatInvitePayload(inv)}`);
    expect(await parseInviteLink(link)).toEqual({ ok: true, invite: inv, base: `${ORIGIN}/` });
  });

  it('[INV-1] ignores a trailing slash on the origin and keeps a path in base', async () => {
    const inv = await invite();
    expect(formatInviteLink(`${ORIGIN}/`, inv)).toBe(formatInviteLink(ORIGIN, inv));
    const parsed = await parseInviteLink(formatInviteLink(`${ORIGIN}/app`, inv));
    expect(parsed).toMatchObject({ ok: true, base: `${ORIGIN}/app/` });
  });

  it('[INV-2] has exactly four dot-separated fields with canonical base64url', async () => {
    const inv = await invite();
    const fields = formatInvitePayload(inv).split('.');
    expect(fields).toEqual([inv.id, base64urlEncode(PUB), base64urlEncode(SECRET), 'Alice']);
  });

  it('[INV-3] rejects a key that does not hash to the id', async () => {
    const inv = { ...(await invite()), pub: OTHER_PUB };
    await expectFailure(formatInviteLink(ORIGIN, inv), 'bad-key-hash');
  });

  it('[INV-4] makes 128-bit random secrets', () => {
    const a = createInviteSecret();
    expect(a).toHaveLength(INVITE_SECRET_BYTES);
    expect(base64urlEncode(a)).not.toBe(base64urlEncode(createInviteSecret()));
  });

  it('[INV-4] rejects a secret or key of the wrong length', async () => {
    const inv = await invite();
    await expectFailure(formatInvitePayload({ ...inv, secret: SECRET.subarray(1) }), 'malformed');
    const [id, , secret, name] = formatInvitePayload(inv).split('.');
    const shortPub = base64urlEncode(PUB.subarray(1));
    await expectFailure(`${id}.${shortPub}.${secret}.${name}`, 'malformed');
  });

  it('[INV-4] rejects non-canonical base64url', async () => {
    const [id, pub, secret, name] = formatInvitePayload(await invite()).split('.');
    await expectFailure(`${id}.${pub}=.${secret}.${name}`, 'bad-encoding');
    // Same bytes, different trailing bits: a second spelling of the secret.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(secret!.at(-1)!);
    const respelled = secret!.slice(0, -1) + alphabet[last | 1]!;
    await expectFailure(`${id}.${pub}.${respelled}.${name}`, 'bad-encoding');
  });

  it('[INV-5] accepts a name of exactly 64 code points, including emoji', async () => {
    const name = '🐦'.repeat(INVITE_NAME_MAX_CHARS);
    const parsed = await parseInviteLink(formatInviteLink(ORIGIN, await invite(name)));
    expect(parsed).toMatchObject({ ok: true, invite: { name } });
  });

  it('[INV-5] rejects a name longer than 64 code points', async () => {
    const payload = formatInvitePayload(await invite('x'));
    const long = encodeURIComponent('é'.repeat(INVITE_NAME_MAX_CHARS + 1));
    await expectFailure(payload.replace(/\.x$/, `.${long}`), 'name-too-long');
  });

  it('[INV-5] rejects control and bidi-override characters in a name', async () => {
    const payload = formatInvitePayload(await invite('x'));
    await expectFailure(payload.replace(/\.x$/, '.a%0Ab'), 'bad-name');
    await expectFailure(payload.replace(/\.x$/, '.a%E2%80%AEb'), 'bad-name');
  });

  it('[INV-5] cleans and truncates the name when formatting, so the link always parses', async () => {
    const name = `\u202Eevil\u0000${'n'.repeat(100)}\uD800`;
    const parsed = await parseInviteLink(formatInviteLink(ORIGIN, await invite(name)));
    expect(parsed).toMatchObject({ ok: true, invite: { name: `evil${'n'.repeat(60)}` } });
  });

  it('[INV-5] allows an empty name', async () => {
    const parsed = await parseInviteLink(formatInviteLink(ORIGIN, await invite('')));
    expect(parsed).toMatchObject({ ok: true, invite: { name: '' } });
  });

  it('[INV-6] escapes dots and linkifier-unsafe characters in the name', async () => {
    const name = "J. R. (Bob) O'Neil! ~*.";
    expect(encodeInviteName(name)).toMatch(/^[A-Za-z0-9_%-]+$/);
    const link = formatInviteLink(ORIGIN, await invite(name));
    expect(link.split('#/add/')[1]!.split('.')).toHaveLength(4);
    expect(await parseInviteLink(link)).toMatchObject({ ok: true, invite: { name } });
  });

  it('[INV-6] round-trips non-Latin names', async () => {
    const name = 'Zoë 李小龍 👩‍👩‍👧';
    const parsed = await parseInviteLink(formatInviteLink(ORIGIN, await invite(name)));
    expect(parsed).toMatchObject({ ok: true, invite: { name } });
  });

  it('[INV-6] rejects a raw dot, a broken escape or a stray character in the name', async () => {
    const payload = formatInvitePayload(await invite('x'));
    await expectFailure(payload.replace(/\.x$/, '.J.R'), 'malformed');
    await expectFailure(payload.replace(/\.x$/, '.a%E2%80'), 'bad-encoding');
    await expectFailure(payload.replace(/\.x$/, '.a%zz'), 'bad-encoding');
    await expectFailure(payload.replace(/\.x$/, '.a?utm=1'), 'bad-encoding');
  });

  it('[INV-7] accepts the #/add/ fragment, the bare payload and surrounding whitespace', async () => {
    const inv = await invite();
    const payload = formatInvitePayload(inv);
    for (const text of [`#/add/${payload}`, payload, `  ${formatInviteLink(ORIGIN, inv)}\n`]) {
      expect(await parseInviteLink(text)).toMatchObject({ ok: true, invite: inv });
    }
    expect(await parseInviteLink(payload)).toMatchObject({ base: null });
  });

  it('[INV-7] refuses anything that is not an invite with not-plume', async () => {
    const payload = formatInvitePayload(await invite());
    const foreign = [
      '',
      'hello there',
      'https://example.com/',
      'https://example.com/#/settings',
      `https://example.com/add/${payload}`,
      'WIFI:T:WPA;S:home;P:secret;;',
      'BEGIN:VCARD\nFN:Alice\nEND:VCARD',
      `javascript:alert(1)//#/add/${payload}`,
      `plume:${payload}`,
      `${payload.toUpperCase()}`,
    ];
    for (const text of foreign) await expectFailure(text, 'not-plume');
  });

  it('[INV-7] refuses overlong input unread', async () => {
    await expectFailure(`#/add/${'a'.repeat(INVITE_TEXT_MAX_LENGTH)}`, 'too-long');
  });

  it('[INV-7] never throws, whatever it is given', async () => {
    const payload = formatInvitePayload(await invite());
    let seed = 1;
    const rand = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    for (let i = 0; i < 300; i++) {
      const chars = [...payload];
      const at = rand(chars.length);
      chars[at] = String.fromCharCode(rand(0x3000));
      const result = await parseInviteLink(`#/add/${chars.join('')}`);
      expect(typeof result.ok).toBe('boolean');
    }
    expect(await parseInviteLink(null as unknown as string)).toMatchObject({ ok: false });
  });

  it('[INV-8] rejects a wrong field count or a bad id as malformed', async () => {
    const [id, pub, secret] = formatInvitePayload(await invite()).split('.');
    await expectFailure(`#/add/${id}.${pub}.${secret}`, 'malformed');
    await expectFailure(`#/add/${id}.${pub}.${secret}.a.b`, 'malformed');
    await expectFailure(`#/add/${'1'.repeat(32)}.${pub}.${secret}.a`, 'malformed');
  });
});

describe('friend request proof', () => {
  const alice = 'a'.repeat(32) as PeerId;
  const bob = 'b'.repeat(32) as PeerId;

  it('[INV-9] is base64url HMAC-SHA256(secret, utf8(id))', async () => {
    const expected = createHmac('sha256', SECRET).update(alice).digest('base64url');
    expect(await friendRequestProof(SECRET, alice)).toBe(expected);
  });

  it('[INV-9] verifies for the id it was made for only', async () => {
    const proof = await friendRequestProof(SECRET, alice);
    expect(await verifyFriendRequestProof(SECRET, alice, proof)).toBe(true);
    expect(await verifyFriendRequestProof(SECRET, bob, proof)).toBe(false);
    expect(await verifyFriendRequestProof(createInviteSecret(), alice, proof)).toBe(false);
  });

  it('[INV-9] rejects malformed proofs without throwing', async () => {
    const proof = await friendRequestProof(SECRET, alice);
    for (const bad of ['', 'not base64!', `${proof}=`, proof.slice(0, -2), `${proof}AA`]) {
      expect(await verifyFriendRequestProof(SECRET, alice, bad)).toBe(false);
    }
  });
});

describe('invite records', () => {
  const now = 1_700_000_000_000;
  const bob = 'b'.repeat(32) as PeerId;
  const carol = 'c'.repeat(32) as PeerId;

  it('[INV-10] a new invite is valid for 24 h', () => {
    const record = newInviteRecord(now);
    expect(record.expiresAt - record.createdAt).toBe(INVITE_TTL_MS);
    expect(inviteStatus(record, now)).toBe('valid');
    expect(inviteStatus(record, now + INVITE_TTL_MS - 1)).toBe('valid');
    expect(inviteStatus(record, now + INVITE_TTL_MS)).toBe('expired');
  });

  it('[INV-10] a used invite reads as used, even after it would have expired', () => {
    const used = markInviteUsed(newInviteRecord(now), bob, now + 1);
    expect(used).toMatchObject({ usedBy: bob, usedAt: now + 1 });
    expect(inviteStatus(used, now + 2)).toBe('used');
    expect(inviteStatus(used, now + 2 * INVITE_TTL_MS)).toBe('used');
  });

  it('[INV-11] matches a proof to its record and classifies it', async () => {
    const fresh = newInviteRecord(now);
    const old = newInviteRecord(now - 2 * INVITE_TTL_MS);
    const usedByCarol = markInviteUsed(newInviteRecord(now), carol, now);
    const usedByBob = markInviteUsed(newInviteRecord(now), bob, now);
    const records = [fresh, old, usedByCarol, usedByBob];
    const proofFor = (r: { secret: string }) => friendRequestProof(base64urlDecode(r.secret)!, bob);
    const match = (proof: string) => matchFriendRequestProof(records, bob, proof, now);
    expect(await match(await proofFor(fresh))).toEqual({ kind: 'valid', record: fresh });
    expect(await match(await proofFor(old))).toEqual({ kind: 'expired', record: old });
    expect(await match(await proofFor(usedByCarol))).toEqual({ kind: 'used', record: usedByCarol });
    expect(await match(await proofFor(usedByBob))).toEqual({ kind: 'repeat', record: usedByBob });
    expect(await match(await friendRequestProof(SECRET, bob))).toEqual({ kind: 'none' });
    expect(await match('garbage')).toEqual({ kind: 'none' });
  });
});
