import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from './base64url';
import {
  GROUP_CODE_ROUTE,
  createLinkId,
  formatGroupCodeLink,
  formatGroupCodePayload,
  groupCodeReachToken,
  groupJoinProof,
  isGroupCodeText,
  parseGroupCode,
  verifyGroupJoinProof,
  type GroupCode,
  type GroupCodeFailureReason,
} from './groupCode';
import type { ConversationId, PeerId } from './ids';

const ORIGIN = 'https://plume.example/';
const CONV = 'g:abcdefghijklmnopqrstuvwxyz' as ConversationId;
const A = 'a'.repeat(32) as PeerId;
const B = 'b'.repeat(32) as PeerId;
const D = 'd'.repeat(32) as PeerId;
const LINK = base64urlEncode(Uint8Array.from({ length: 16 }, (_, i) => 0x40 + i));

function code(over: Partial<GroupCode> = {}): GroupCode {
  return {
    conv: CONV,
    link: LINK,
    expires: 1_700_000_000_000,
    hosts: [A, B],
    name: 'Tea.(club)!',
    ...over,
  };
}

function expectFailure(text: string, reason: GroupCodeFailureReason): void {
  const result = parseGroupCode(text);
  expect(result).toMatchObject({ ok: false, reason });
  if (!result.ok) expect(result.message).toMatch(/group code/);
}

describe('group codes', () => {
  it('[GRP-40] formats <origin>/#/join/<payload> and parses every field back', () => {
    const link = formatGroupCodeLink(ORIGIN, code());
    expect(link.startsWith(`https://plume.example/${GROUP_CODE_ROUTE}`)).toBe(true);
    // The name is escaped so that '.' stays the only separator and linkifiers keep the end.
    expect(link).not.toMatch(/[.!()]$/);
    expect(parseGroupCode(link)).toEqual({ ok: true, code: code() });
    expect(parseGroupCode(`  ${GROUP_CODE_ROUTE}${formatGroupCodePayload(code())}\n`)).toEqual({
      ok: true,
      code: code(),
    });
    expect(isGroupCodeText(link)).toBe(true);
  });

  it('[GRP-40] keeps a Chinese name and at most three hosts', () => {
    const c = code({ name: '周末爬山群', hosts: [A, B, D] });
    expect(parseGroupCode(formatGroupCodeLink(ORIGIN, c))).toEqual({ ok: true, code: c });
  });

  it('[GRP-41] says what is wrong with input that is not a usable code', () => {
    const good = formatGroupCodePayload(code());
    const [conv, link, expires, hosts, name] = good.split('.') as [
      string,
      string,
      string,
      string,
      string,
    ];
    expectFailure('https://plume.example/#/add/xyz', 'not-plume');
    expectFailure('WIFI:S:home;;', 'not-plume');
    expectFailure('', 'not-plume');
    expectFailure(`${GROUP_CODE_ROUTE}${'x'.repeat(2100)}`, 'too-long');
    expectFailure(`${GROUP_CODE_ROUTE}${conv}.${link}.${expires}.${hosts}`, 'malformed');
    expectFailure(
      `${GROUP_CODE_ROUTE}${conv.slice(1)}.${link}.${expires}.${hosts}.${name}`,
      'malformed',
    );
    expectFailure(
      `${GROUP_CODE_ROUTE}${conv}.${link}=.${expires}.${hosts}.${name}`,
      'bad-encoding',
    );
    expectFailure(
      `${GROUP_CODE_ROUTE}${conv}.${link.slice(2)}.${expires}.${hosts}.${name}`,
      'malformed',
    );
    expectFailure(`${GROUP_CODE_ROUTE}${conv}.${link}.-5.${hosts}.${name}`, 'malformed');
    expectFailure(`${GROUP_CODE_ROUTE}${conv}.${link}.${expires}.${A}-${A}.${name}`, 'malformed');
    expectFailure(
      `${GROUP_CODE_ROUTE}${conv}.${link}.${expires}.${A}-${B}-${D}-${'c'.repeat(32)}.${name}`,
      'malformed',
    );
    expectFailure(`${GROUP_CODE_ROUTE}${conv}.${link}.${expires}.${hosts}.%E0%A4`, 'bad-encoding');
    expectFailure(`${GROUP_CODE_ROUTE}${conv}.${link}.${expires}.${hosts}.%00`, 'bad-encoding');
    expect(parseGroupCode(42)).toMatchObject({ ok: false, reason: 'not-plume' });
  });

  it('[GRP-42] derives the reach token as HMAC-SHA256(link id, label), cut to 16 bytes', async () => {
    const expected = createHmac('sha256', base64urlDecode(LINK)!)
      .update('plume-reach-group-code/1')
      .digest()
      .subarray(0, 16);
    expect(await groupCodeReachToken(LINK)).toBe(base64urlEncode(new Uint8Array(expected)));
    expect(await groupCodeReachToken('short')).toBeNull();
  });

  it('[GRP-43] a join proof holds for its joiner and conversation only', async () => {
    const proof = await groupJoinProof(LINK, CONV, D);
    const expected = createHmac('sha256', base64urlDecode(LINK)!)
      .update(`plume-group-join/1|${CONV}|${D}`)
      .digest();
    expect(proof).toBe(base64urlEncode(new Uint8Array(expected)));
    expect(await verifyGroupJoinProof(LINK, CONV, D, proof)).toBe(true);
    expect(await verifyGroupJoinProof(LINK, CONV, A, proof)).toBe(false);
    expect(await verifyGroupJoinProof(createLinkId(), CONV, D, proof)).toBe(false);
    expect(await verifyGroupJoinProof(LINK, CONV, D, 'not base64url!')).toBe(false);
  });
});
