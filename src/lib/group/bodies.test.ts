import { describe, expect, it } from 'vitest';
import { parseWireEvent } from '../chatEvent';
import { directConversationId } from '../convId';
import type { PeerId } from '../ids';
import {
  GROUP_AVATAR_MAX_CHARS,
  GROUP_BODY_GUARDS,
  GROUP_NAME_MAX_CHARS,
  MAX_CONTEXT_AUTHORS,
} from './bodies';

const A = 'a'.repeat(32) as PeerId;
const B = 'b'.repeat(32) as PeerId;
const conv = `g:${'q'.repeat(26)}`;
const PUB = 'A'.repeat(43);
const ID = 'B'.repeat(21) + 'g';
const TOKEN = 'C'.repeat(22);
const ctx = { [B]: 3 };

function wire(type: string, body: unknown, over: Record<string, unknown> = {}): unknown {
  return { conv, author: A, seq: 5, lamport: 9, ts: 1, type, body, sig: 'x'.repeat(86), ...over };
}
const parse = (value: unknown) => parseWireEvent(value, GROUP_BODY_GUARDS);
const ok = (type: string, body: unknown) => expect(typeof parse(wire(type, body))).toBe('object');
const bad = (type: string, body: unknown) => expect(parse(wire(type, body))).toBe('body');

describe('group control bodies [GRP-2][GRP-3]', () => {
  it('[GRP-3] each control type with its fields parses', () => {
    ok('group.create', {
      ctx: {},
      name: 'Family',
      salt: ID,
      pub: PUB,
      approval: true,
      reach: TOKEN,
    });
    ok('group.add', { ctx, member: B, pub: PUB, reach: TOKEN, reason: 'my cousin' });
    ok('group.join', { ctx, link: { by: B, seq: 3, id: ID }, pub: PUB, reason: 'hi' });
    ok('group.leave', { ctx });
    ok('group.remove', { ctx, member: B, seen: 3 });
    ok('group.role', { ctx, member: B, role: 'admin' });
    ok('group.transfer', { ctx, member: B });
    ok('group.meta', { ctx, name: 'New', avatar: null, announcement: 'Read me\nplease' });
    ok('group.link', { ctx, op: 'create', id: ID, expires: 99 });
    ok('group.link', { ctx, op: 'revoke', id: ID });
    ok('group.nick', { ctx, nickname: 'Bo' });
    ok('group.nick', { ctx, nickname: null });
    ok('group.reach', { ctx, token: TOKEN });
    ok('group.dissolve', { ctx });
  });

  it('[GRP-2] control types exist only in group conversations', () => {
    const direct = directConversationId(A, B);
    expect(parse(wire('group.leave', { ctx }, { conv: direct }))).toBe('type');
    expect(typeof parse(wire('text', { text: 'hi' }))).toBe('object');
  });

  it('[GRP-3] control types are unknown to a check that was not given the group guards', () => {
    expect(parseWireEvent(wire('group.leave', { ctx }))).toBe('type');
    expect(typeof parse(wire('group.leave', { ctx }))).toBe('object');
    expect(parse(wire('group.nope', { ctx }))).toBe('type');
  });

  it('[GRP-2] every control body carries a causal context of PeerIds and seqs', () => {
    bad('group.leave', {});
    bad('group.leave', { ctx: { nope: 1 } });
    bad('group.leave', { ctx: { [B]: 0 } });
    bad('group.leave', { ctx: { [B]: 1.5 } });
    bad('group.leave', { ctx: [] });
    const wide = Object.fromEntries(
      Array.from({ length: MAX_CONTEXT_AUTHORS + 1 }, (_, i) => [
        i.toString(32).padStart(32, 'a'),
        1,
      ]),
    );
    bad('group.leave', { ctx: wide });
  });

  it('[GRP-3] bodies hold exactly their fields, within limits', () => {
    bad('group.leave', { ctx, extra: 1 });
    bad('group.create', { ctx, name: 'x'.repeat(GROUP_NAME_MAX_CHARS + 1), salt: ID, pub: PUB });
    bad('group.create', { ctx, name: 'a\nb', salt: ID, pub: PUB });
    bad('group.create', { ctx, name: '  ', salt: ID, pub: PUB });
    bad('group.create', { ctx, name: 'G', salt: 'short', pub: PUB });
    bad('group.create', { ctx, name: 'G', salt: ID, pub: 'A'.repeat(42) + 'B' });
    bad('group.add', { ctx, member: 'nope', pub: PUB });
    bad('group.add', { ctx, member: B, pub: PUB, reach: 'bad token' });
    bad('group.role', { ctx, member: B, role: 'owner' });
    bad('group.meta', { ctx });
    bad('group.meta', { ctx, avatar: 'https://evil.example/a.png' });
    bad('group.meta', {
      ctx,
      avatar: `data:image/png;base64,${'A'.repeat(GROUP_AVATAR_MAX_CHARS)}`,
    });
    bad('group.meta', { ctx, approval: 'yes' });
    bad('group.link', { ctx, op: 'create', id: ID });
    bad('group.link', { ctx, op: 'revoke', id: ID, expires: 5 });
    bad('group.link', { ctx, op: 'pause', id: ID });
    bad('group.nick', { ctx, nickname: 'x'.repeat(33) });
  });

  it('[GRP-3] a removal says the seq it had seen, and it is its context’s', () => {
    bad('group.remove', { ctx, member: B, seen: 2 });
    ok('group.remove', { ctx: {}, member: B, seen: 0 });
    bad('group.remove', { ctx: {}, member: B, seen: 1 });
  });

  it('[GRP-3] a join covers the link it uses in its context', () => {
    bad('group.join', { ctx, link: { by: B, seq: 4, id: ID }, pub: PUB });
    bad('group.join', { ctx: {}, link: { by: B, seq: 1, id: ID }, pub: PUB });
    bad('group.join', { ctx, link: { by: B, seq: 3, id: ID, extra: 1 }, pub: PUB });
  });
});
