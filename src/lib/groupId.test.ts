import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64urlEncode } from './base64url';
import { signEvent, type ChatEvent } from './chatEvent';
import { isConversationId, isDirectId } from './convId';
import {
  groupConversationId,
  isGroupId,
  newGroupSalt,
  peerIdOfPub,
  provesGenesis,
} from './groupId';
import { generateIdentityKeys } from './identity';
import { peerIdFromPublicKey } from './ids';

const base32 = (bytes: Uint8Array) => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 5)
    out += alphabet[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  return out;
};

describe('group ids [GRP-1]', () => {
  it('[GRP-1] g: + 26 base32 characters of SHA-256("plume-group/1|<pub>|<salt>")', async () => {
    const keys = await generateIdentityKeys();
    const pub = base64urlEncode(keys.publicKeyRaw);
    const salt = newGroupSalt();
    const digest = createHash('sha256').update(`plume-group/1|${pub}|${salt}`).digest();
    const id = groupConversationId(pub, salt);
    expect(id).toBe(`g:${base32(digest).slice(0, 26)}`);
    expect(isGroupId(id) && isConversationId(id) && !isDirectId(id)).toBe(true);
    expect(groupConversationId(pub, newGroupSalt())).not.toBe(id);
  });

  it('[GRP-1] a salt is 128 random bits in canonical base64url', () => {
    const salt = newGroupSalt();
    expect(salt).toMatch(/^[A-Za-z0-9_-]{21}[AQgw]$/);
    expect(newGroupSalt()).not.toBe(salt);
  });

  it('[GRP-1] the synchronous PeerId of a key matches the one identities use', async () => {
    const keys = await generateIdentityKeys();
    const pub = base64urlEncode(keys.publicKeyRaw);
    expect(peerIdOfPub(pub)).toBe(await peerIdFromPublicKey(keys.publicKeyRaw));
    expect(peerIdOfPub(pub)).toBe(peerIdOfPub(pub));
    expect(peerIdOfPub('short')).toBeNull();
    expect(peerIdOfPub(pub + 'A')).toBeNull();
  });

  it('[GRP-1] a genesis proves its id only as the creator’s seq 1 with its own key and salt', async () => {
    const [creator, other] = [await generateIdentityKeys(), await generateIdentityKeys()];
    const pub = base64urlEncode(creator.publicKeyRaw);
    const salt = newGroupSalt();
    const conv = groupConversationId(pub, salt);
    const make = (over: Partial<ChatEvent<'group.create'>>, body = {}) =>
      signEvent(
        {
          conv,
          author: creator.id,
          seq: 1,
          lamport: 1,
          ts: 1,
          type: 'group.create' as const,
          body: { ctx: {}, name: 'G', salt, pub, ...body },
          ...over,
        },
        creator.privateKey,
      );
    expect(provesGenesis(await make({}))).toBe(true);
    expect(provesGenesis(await make({ seq: 2 }))).toBe(false);
    expect(provesGenesis(await make({}, { salt: newGroupSalt() }))).toBe(false);
    expect(provesGenesis(await make({ author: other.id }))).toBe(false);
    const otherPub = base64urlEncode(other.publicKeyRaw);
    expect(
      provesGenesis(await make({ conv: groupConversationId(otherPub, salt) }, { pub: otherPub })),
    ).toBe(false);
  });
});
