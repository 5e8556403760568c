import { describe, expect, it } from 'vitest';
import { base64urlEncode } from '../base64url';
import { groupConversationId } from '../groupId';
import { generateIdentityKeys } from '../identity';
import { isReadMark, raisesMark, signReadMark, verifyReadMark } from './readMark';

const conv = groupConversationId(base64urlEncode(new Uint8Array(32).fill(7)), 'A'.repeat(22));

describe('read marks', () => {
  it('[GRP-50] verify with the member’s key only, and only as signed', async () => {
    const [ann, bob] = [await generateIdentityKeys(), await generateIdentityKeys()];
    const mark = await signReadMark(conv, ann.id, 12, ann.privateKey);
    expect(await verifyReadMark(mark, ann.publicKeyRaw)).toBe(true);
    expect(await verifyReadMark(mark, bob.publicKeyRaw)).toBe(false);
    // Raised, or put in another's name, by someone else: the signature no longer fits.
    expect(await verifyReadMark({ ...mark, upto: 13 }, ann.publicKeyRaw)).toBe(false);
    const bobs = await signReadMark(conv, bob.id, 12, bob.privateKey);
    expect(await verifyReadMark({ ...bobs, member: ann.id }, ann.publicKeyRaw)).toBe(false);
    expect(await verifyReadMark({ ...mark, sig: 'AAAA' }, ann.publicKeyRaw)).toBe(false);
  });

  it('[GRP-51] a mark on the wire has exactly its fields, about the frame’s group', async () => {
    const ann = await generateIdentityKeys();
    const mark = await signReadMark(conv, ann.id, 3, ann.privateKey);
    expect(isReadMark(mark, conv)).toBe(true);
    const other = groupConversationId(base64urlEncode(new Uint8Array(32).fill(8)), 'B'.repeat(22));
    expect(isReadMark(mark, other)).toBe(false);
    expect(isReadMark({ ...mark, upto: 0 }, conv)).toBe(false);
    expect(isReadMark({ ...mark, upto: 1.5 }, conv)).toBe(false);
    expect(isReadMark({ ...mark, extra: 1 }, conv)).toBe(false);
    expect(isReadMark({ ...mark, member: 'nobody' }, conv)).toBe(false);
    expect(isReadMark(null, conv)).toBe(false);
  });

  it('[GRP-52] only a strictly higher mark replaces the held one', () => {
    expect(raisesMark(undefined, { upto: 1 })).toBe(true);
    expect(raisesMark({ upto: 5 }, { upto: 6 })).toBe(true);
    expect(raisesMark({ upto: 5 }, { upto: 5 })).toBe(false);
    expect(raisesMark({ upto: 5 }, { upto: 4 })).toBe(false);
  });
});
