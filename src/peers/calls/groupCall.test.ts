import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isEventOf } from '../../lib/chatEvent';
import { directConversationId } from '../../lib/convId';
import type { ConversationId, PeerId } from '../../lib/ids';
import { setLogSink } from '../../lib/log';
import { befriend } from '../friends/testing';
import { MemoryHub } from '../memory/MemoryHub';
import { waitFor } from '../session/testing';
import { logOf } from '../sync/testing';
import { MAX_CALL_PEOPLE } from './api';
import type { FakeMediaHub } from './fakeMedia';
import { bareFrame, ringFrame } from './frames';
import { makeChatInstall } from '../sync/testing';
import { addCalls, groupCallNodes, participant, untilPhase, type CallNode } from './testing';

let cleanup: (() => void)[] = [];
beforeEach(() => {
  cleanup.push(setLogSink(() => undefined));
});
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
});

async function setup(names: string[], apart: ReadonlySet<string> = new Set()) {
  const hub = new MemoryHub();
  const made = await groupCallNodes(hub, names, {}, apart);
  for (const n of made.nodes) cleanup.push(() => n.stop());
  return { hub, ...made };
}

/** Remote people `node` is connected to with their media shown. */
function connectedTo(node: CallNode): PeerId[] {
  return node.calls.snapshot.participants
    .filter((p) => p.state === 'connected' && p.stream)
    .map((p) => p.peer)
    .sort();
}

async function untilMesh(nodes: CallNode[]): Promise<void> {
  for (const node of nodes) {
    const others = nodes
      .filter((n) => n !== node)
      .map((n) => n.id)
      .sort();
    await waitFor(
      () => connectedTo(node).join() === others.join(),
      5000,
      `${node.name} connected to everyone`,
    );
  }
}

/** The open link between `x` and `y` in the hub, if any. */
function linkOf(media: FakeMediaHub, x: CallNode, y: CallNode) {
  const [lo, hi] = x.id < y.id ? [x, y] : [y, x];
  return media.transports.get(lo.id)?.open.find((l) => l.outbound && l.peer === hi.id) ?? null;
}

/** The `call` bodies stored in `node`'s log of `conv`. */
async function callEntries(node: CallNode, conv: ConversationId) {
  return (await logOf(node, conv)).filter((e) => isEventOf(e, 'call')).map((e) => e.body);
}

describe('group calls', () => {
  it('[GCALL-1][GCALL-3] a call from the group rings its members; two who are no friends link over their group session', async () => {
    const { nodes, media, conv } = await setup(['Ada', 'Bob', 'Cyd']);
    const [a, b, c] = nodes as [CallNode, CallNode, CallNode];
    expect(await b.sync.isFriend(c.id)).toBe(false);
    expect(b.engine.manager.session(c.id)?.rosterKeyed).toBe(true);
    expect(await a.calls.startGroup(conv, 'video')).toBe(true);
    await untilPhase(b, 'incoming');
    await untilPhase(c, 'incoming');
    expect(c.calls.snapshot).toMatchObject({ group: true, conv, caller: a.id });
    // Bob is no friend of Cyd, but a member of the group the ring names: kept in the call.
    expect(c.calls.snapshot.participants.map((p) => p.peer).sort()).toEqual([a.id, b.id].sort());
    await b.calls.accept('video');
    await c.calls.accept('video');
    await untilMesh([a, b, c]);
    // The pair of non-friends has one link, verified like a friend's (its stream is shown only
    // once the fingerprints sent over their roster-keyed session mirror).
    expect(linkOf(media, b, c)).not.toBeNull();
    expect(participant(b, c.id)?.state).toBe('connected');
    a.clockOffset += 3_000;
    a.calls.hangup();
    await waitFor(() => participant(b, a.id)?.state === 'left');
    expect(connectedTo(b)).toEqual([c.id]); // the others go on without the caller
    c.calls.hangup();
    await untilPhase(b, 'ended');
    // [GCALL-6] One entry, in the group, by whoever started the call.
    await waitFor(async () => (await callEntries(c, conv)).length === 1);
    const [entry] = await callEntries(a, conv);
    expect(entry).toMatchObject({ outcome: 'completed', media: 'video', group: true });
    expect(entry!.duration).toBeGreaterThanOrEqual(3);
    expect([...(entry!.joined ?? [])].sort()).toEqual([a.id, b.id, c.id].sort());
    expect(await callEntries(a, directConversationId(a.id, b.id))).toEqual([]);
    expect(await callEntries(b, conv)).toHaveLength(1); // synced, not written twice
  });

  // Gus hears of the others' CALL_ACCEPT only when he holds a session with them: apart, only the
  // caller can tell him the call is full; linked, he may count it full himself before he answers
  // or be told, whichever comes first.
  it.each([
    ['told by a member', new Set(['Gus'])],
    ['linked to everyone', new Set<string>()],
  ])(
    `[GCALL-4] a seventh member who accepts is turned away (%s); the ${MAX_CALL_PEOPLE} in it stay`,
    async (_, apart) => {
      const names = ['Ada', 'Bob', 'Cyd', 'Dee', 'Eve', 'Fay', 'Gus'];
      const { nodes, media, conv } = await setup(names, apart);
      const [a, ...members] = nodes as [CallNode, ...CallNode[]];
      const late = members.at(-1)!;
      await a.calls.startGroup(conv, 'audio');
      for (const m of members) await untilPhase(m, 'incoming');
      // Every other member is rung, more than the call holds: the first in are in.
      expect(late.calls.snapshot.participants).toHaveLength(names.length - 1);
      const first = members.slice(0, MAX_CALL_PEOPLE - 1);
      for (const m of first) await m.calls.accept('audio');
      await untilMesh([a, ...first]);
      await late.calls.accept('audio');
      await untilPhase(late, 'ended');
      expect(late.calls.snapshot.endReason).toBe('full');
      expect(late.devices.live).toEqual([]);
      expect(connectedTo(late)).toEqual([]);
      for (const m of [a, ...first]) {
        // Those Gus cannot reach keep him as rung by Ada until his ring expires ([CALL-13]).
        const hears = m === a || apart.size === 0;
        if (hears) await waitFor(() => participant(m, late.id)?.state === 'left');
        expect(participant(m, late.id)?.state).toBe(hears ? 'left' : 'ringing');
        expect(m.calls.snapshot.phase).toBe('active');
        expect(connectedTo(m)).toHaveLength(MAX_CALL_PEOPLE - 1);
      }
      expect(media.transports.get(late.id)!.open).toEqual([]);
    },
  );

  it('[GCALL-3] a friend who is no member can neither ring with the group nor join its call', async () => {
    const { hub, nodes, media, conv } = await setup(['Ada', 'Bob', 'Cyd']);
    const [a, b] = nodes as [CallNode, CallNode, CallNode];
    const dee = addCalls(await makeChatInstall(hub, 'Dee', { roster: true }), media);
    cleanup.push(() => dee.stop());
    await befriend(b, dee);
    // A ring naming a group Bob holds, from someone not in it: ignored.
    const forged = 'forgedforgedforged01';
    dee.engine.send(b.id, { ...ringFrame(forged, 'audio', [dee.id], [b.id], conv) });
    // Dee's frames are handled in order: once Dee's own call rings here, the forged one was seen.
    await dee.calls.start([b.id], 'audio');
    await untilPhase(b, 'incoming');
    expect(b.calls.snapshot).toMatchObject({ caller: dee.id, conv: null });
    expect(b.calls.snapshot.id).not.toBe(forged);
    b.calls.decline();
    await untilPhase(dee, 'ended');
    b.calls.dismiss();
    // Nor does Dee get into the group's call by saying it accepted.
    await a.calls.startGroup(conv, 'audio');
    await untilPhase(b, 'incoming');
    await b.calls.accept('audio');
    await untilPhase(a, 'active');
    const call = b.calls.snapshot.id!;
    dee.engine.send(b.id, bareFrame('CALL_ACCEPT', call));
    dee.calls.dismiss();
    await dee.calls.start([b.id], 'audio'); // after the ACCEPT: Bob is busy, not joined by Dee
    await waitFor(() => dee.calls.snapshot.endReason === 'busy');
    expect(participant(b, dee.id)).toBeNull();
    expect(participant(a, dee.id)).toBeNull();
  });

  it('[GCALL-3] a removed member rings nobody with the group, and its ring is not taken', async () => {
    const { nodes, conv } = await setup(['Ada', 'Bob', 'Cyd']);
    const [a, b, c] = nodes as [CallNode, CallNode, CallNode];
    await a.groups.remove(conv, c.id);
    await waitFor(async () => (await c.groups.view(conv))?.members[c.id] === undefined);
    await waitFor(async () => (await b.groups.view(conv))?.members[c.id] === undefined);
    expect(await c.calls.startGroup(conv, 'video')).toBe(false);
    expect(c.calls.snapshot.phase).toBe('idle');
    expect(c.devices.tracks).toEqual([]);
    // Cyd is still Ada's friend: a ring naming the group goes over their session, and is ignored.
    const forged = 'forgedforgedforged02';
    c.engine.send(a.id, ringFrame(forged, 'audio', [c.id], [a.id], conv));
    await c.calls.start([a.id], 'audio'); // a friend's call, after it
    await untilPhase(a, 'incoming');
    expect(a.calls.snapshot).toMatchObject({ caller: c.id, conv: null });
    a.calls.decline();
    await untilPhase(c, 'ended');
    a.calls.dismiss();
    // A call of the group now rings the members only.
    await a.calls.startGroup(conv, 'audio');
    await untilPhase(b, 'incoming');
    expect(a.calls.snapshot.participants.map((p) => p.peer)).toEqual([b.id]);
    expect(c.calls.snapshot.phase).toBe('ended');
  });
});
