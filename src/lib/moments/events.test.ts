import { describe, expect, it } from 'vitest';
import { generateIdentityKeys } from '../identity';
import { addressError } from './address';
import {
  isMediaList,
  MAX_MOMENT_THUMB_CHARS,
  parseMoment,
  signMoment,
  verifyMoment,
} from './events';
import { MAX_PICTURES } from './limits';
import { isMomentsLogId, momentsLogId } from './logId';
import { isConversationId } from '../convId';
import { A, B, C, HEX, lid, picture, Writer } from './testing';

describe('moments events', () => {
  it('[MOM-1] the pair log id is symmetric, has its own prefix and is no chat id', () => {
    const id = momentsLogId(A, B);
    expect(id).toBe(momentsLogId(B, A));
    expect(isMomentsLogId(id)).toBe(true);
    expect(id.startsWith('m:')).toBe(true);
    expect(isConversationId(id)).toBe(false);
    expect(momentsLogId(A, C)).not.toBe(id);
  });

  it('[MOM-4] a post holds at most nine pictures, or one short video alone', () => {
    const nine = Array.from({ length: MAX_PICTURES }, (_, i) => picture(i));
    expect(isMediaList(nine)).toBe(true);
    expect(isMediaList([...nine, picture(9)])).toBe(false);
    const video = { mime: 'video/mp4', size: 5000, sha256: HEX, duration: 10_000 };
    expect(isMediaList([video])).toBe(true);
    expect(isMediaList([video, picture()])).toBe(false);
    expect(isMediaList([{ ...video, duration: 10 * 60_000 }])).toBe(false);
    expect(
      isMediaList([
        { ...picture(), thumb: 'data:image/jpeg;base64,' + 'A'.repeat(MAX_MOMENT_THUMB_CHARS) },
      ]),
    ).toBe(false);
    const w = new Writer(A);
    const ten = w.write(B, 'mom.post', {
      id: lid('p'),
      text: 'hi',
      media: [...nine, picture(9)],
      at: 1,
    });
    expect(parseMoment(ten)).toBe('body');
    const ok = w.write(B, 'mom.post', { id: lid('p'), text: 'hi', media: nine, at: 1 });
    expect(parseMoment(ok)).toEqual(ok);
  });

  it('[MOM-2] malformed events, smuggled fields and nested forwards are refused', () => {
    const w = new Writer(A);
    const empty = w.write(B, 'mom.post', { id: lid('p'), text: '', media: [], at: 1 });
    expect(parseMoment(empty)).toBe('body');
    const extra = {
      ...w.write(B, 'mom.delete', { post: lid('p') }),
      body: { post: lid('p'), x: 1 },
    };
    expect(parseMoment(extra)).toBe('body');
    const chat = { ...w.write(B, 'mom.delete', { post: lid('p') }), conv: 'd:' + 'a'.repeat(26) };
    expect(parseMoment(chat)).toBe('shape');
    const like = new Writer(C).write(A, 'mom.like', {
      post: { author: A, id: lid('p') },
      on: true,
    });
    const fwd = w.write(B, 'mom.fwd', { event: like, pub: 'A'.repeat(43) });
    expect(typeof parseMoment(fwd)).toBe('object');
    const nested = w.write(B, 'mom.fwd', { event: fwd as never, pub: 'A'.repeat(43) });
    expect(parseMoment(nested)).toBe('body');
  });

  it('[MOM-2] misaddressed events are refused: wrong log, author, addressee or forward', () => {
    const a = new Writer(A);
    const c = new Writer(C);
    const post = { author: A, id: lid('p') };
    // In the A–B log, from B's side: a post by A is fine; one copied from the A–C log is not.
    expect(
      addressError(a.write(B, 'mom.post', { id: post.id, text: 'x', media: [], at: 1 }), B, A),
    ).toBeNull();
    expect(
      addressError(a.write(C, 'mom.post', { id: post.id, text: 'x', media: [], at: 1 }), B, A),
    ).toBe('log');
    // A like by C relayed by A as if it were in the A–B log.
    const cLike = c.write(A, 'mom.like', { post, on: true });
    expect(addressError({ ...cLike, conv: momentsLogId(A, B) }, B, A)).toBe('author');
    // B likes a post of C's, written to A: not addressed to the post's author.
    const bLike = new Writer(B).write(A, 'mom.like', {
      post: { author: C, id: lid('q') },
      on: true,
    });
    expect(addressError(bLike, A, B)).toBe('addressee');
    // A forwards C's like on A's post to B: fine. On someone else's post: refused.
    expect(addressError(a.write(B, 'mom.fwd', { event: cLike, pub: 'x' }), B, A)).toBeNull();
    const cOther = c.write(A, 'mom.like', { post: { author: C, id: lid('r') }, on: true });
    expect(addressError(a.write(B, 'mom.fwd', { event: cOther, pub: 'x' }), B, A)).toBe('forward');
  });

  it('[MOM-1] the signature covers every field and fails under another key', async () => {
    const [ka, kb] = await Promise.all([generateIdentityKeys(), generateIdentityKeys()]);
    const unsigned = new Writer(ka.id).write(kb.id, 'mom.post', {
      id: lid('p'),
      text: 'x',
      media: [],
      at: 1,
    });
    const signed = await signMoment(unsigned, ka.privateKey);
    expect(await verifyMoment(signed, ka.publicKeyRaw)).toBe(true);
    expect(await verifyMoment(signed, kb.publicKeyRaw)).toBe(false);
    expect(
      await verifyMoment({ ...signed, body: { ...signed.body, text: 'y' } }, ka.publicKeyRaw),
    ).toBe(false);
  });
});
