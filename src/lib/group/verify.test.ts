/** [GRP-14] Arrival checks of group events: bad input is dropped with a reason, never thrown. */
import { describe, expect, it } from 'vitest';
import { base64urlEncode } from '../base64url';
import { signEvent, type ChatEvent } from '../chatEvent';
import { foldGroup } from './fold';
import { fate } from './testing/agree';
import { makePeople, startGroup, World } from './testing/world';
import { checkGroupEvents, groupKeys } from './verify';

async function group() {
  const w = new World(await makePeople(['owner', 'm', 'mallory']));
  await startGroup(w, { members: ['m'] });
  return w;
}

describe('group arrival checks [GRP-14]', () => {
  it('[GRP-14] keys come from genesis, add and join bodies, and only when they hash to the id', async () => {
    const w = await group();
    const keys = groupKeys(w.all());
    expect([...keys.keys()].sort()).toEqual([w.person('owner').id, w.person('m').id].sort());
    const lie = await w.write('m', 'group.add', {
      member: w.person('mallory').id,
      pub: w.person('m').pub,
    });
    expect(groupKeys([lie]).has(w.person('mallory').id)).toBe(false);
    expect(fate(foldGroup(w.conv, w.all()), lie)).toBe('key');
  });

  it('[GRP-14] good events pass; forged and tampered ones are dropped as signature', async () => {
    const w = await group();
    const keys = groupKeys(w.all());
    const good = await w.write('m', 'group.nick', { nickname: 'me' });
    const { keys: mallory } = w.person('mallory');
    const forged = await signEvent({ ...good, seq: 3, body: { ...good.body } }, mallory.privateKey);
    const tampered = { ...good, body: { ...good.body, nickname: 'not me' } } as ChatEvent;
    const result = await checkGroupEvents(w.conv, [good, forged, tampered], keys);
    expect(result.events).toEqual([good]);
    expect(result.dropped).toEqual([
      { index: 1, reason: 'signature' },
      { index: 2, reason: 'signature' },
    ]);
  });

  it('[GRP-14] a key in the roster that is not the author’s own fails the signature check', async () => {
    const w = await group();
    const hi = await w.say('m', 'hi');
    const wrong = new Map([[w.person('m').id, w.person('owner').keys.publicKeyRaw]]);
    expect((await checkGroupEvents(w.conv, [hi], wrong)).dropped).toEqual([
      { index: 0, reason: 'signature' },
    ]);
  });

  it('[GRP-14] malformed frames, another conversation and unknown authors are dropped, never thrown', async () => {
    const w = await group();
    const keys = groupKeys(w.all());
    const hi = await w.say('m', 'hi');
    const stranger = await w.say('mallory', 'let me in');
    const other = { ...hi, conv: `g:${'z'.repeat(26)}` };
    const raw: unknown[] = [
      null,
      42,
      'EVENTS',
      [],
      { ...hi, seq: 0 },
      { ...hi, type: 'group.poll' },
      { ...hi, type: 'group.leave', body: { ctx: { x: 1 } } },
      { ...hi, body: { text: 'x'.repeat(40_000) } },
      other,
      stranger,
      { ...hi, sig: base64urlEncode(new Uint8Array(10)) },
    ];
    const result = await checkGroupEvents(w.conv, raw, keys);
    expect(result.events).toEqual([]);
    expect(result.dropped.map((d) => d.reason)).toEqual([
      'shape',
      'shape',
      'shape',
      'shape',
      'shape',
      'type',
      'body',
      'size',
      'conv',
      'unknown-author',
      'signature',
    ]);
  });

  it('[GRP-14] a join carries its own key, so the joiner’s events check in the same batch', async () => {
    const w = new World(await makePeople(['owner', 'x']));
    await startGroup(w, { members: [] });
    const id = 'Q'.repeat(21) + 'A';
    const link = await w.write('owner', 'group.link', {
      op: 'create',
      id,
      expires: w.now + 1000 * 3600,
    });
    w.sync();
    const join = await w.write('x', 'group.join', {
      link: { by: link.author, seq: link.seq, id },
      pub: w.person('x').pub,
    });
    const hi = await w.say('x', 'hi');
    const known = groupKeys(w.device('owner').arrivals);
    const result = await checkGroupEvents(w.conv, [join, hi], known);
    expect(result.events).toEqual([join, hi]);
  });

  it('[GRP-12] the fold never throws on malformed control events that got past a caller', async () => {
    const w = await group();
    const hi = await w.say('m', 'hi');
    const junk = [
      { ...hi, seq: 8, type: 'group.add', body: {} },
      { ...hi, seq: 9, type: 'group.remove', body: null },
      { ...hi, seq: 10, type: 'group.join', body: { ctx: 'x' } },
    ] as unknown as ChatEvent[];
    const f = foldGroup(w.conv, [...w.all(), ...junk]);
    expect(f.outcomes.filter((o) => o.reason === 'shape')).toHaveLength(3);
    expect(f.members[w.person('m').id]).toBeDefined();
  });
});
