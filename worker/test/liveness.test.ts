import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { CLOSE_DEAD, HEARTBEAT_TEXT, LIVENESS_MS } from '../../src/lib/signalingProtocol';
import { readSocketState } from '../session';
import { ageSockets, connectAs, makeIdentity, marked, markOf, offer, sendInOrder } from './helpers';

/** The attachment of the one socket of `id`. */
async function socketState(id: string) {
  return runInDurableObject(env.PEERS.getByName(id), (_instance, state) => {
    const ws = state.getWebSockets()[0]!;
    return {
      state: readSocketState(ws.deserializeAttachment()),
      autoResponseAt: state.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? null,
    };
  });
}

describe('heartbeat and liveness', () => {
  it('[SIG-LIVE-1] HEARTBEAT is answered with "" by the runtime, without waking the object', async () => {
    const a = await makeIdentity();
    const alice = await connectAs(a);
    // Age the socket so that a handler run would have to rewrite lastSeen.
    await ageSockets(a.id, 60_000);
    const before = await socketState(a.id);
    expect(before.autoResponseAt).toBeNull();
    alice.send(HEARTBEAT_TEXT);
    expect((await alice.take()).raw).toBe('');
    const after = await socketState(a.id);
    expect(after.state?.lastSeen).toBe(before.state?.lastSeen);
    expect(after.autoResponseAt).not.toBeNull();
    alice.close();
  });

  it('[SIG-LIVE-2] a socket silent for 90 s is closed 4002, and its sender gets LEAVE', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    await ageSockets(b.id, LIVENESS_MS + 1);
    await sendInOrder(a.id, [offer(b.id)]);
    expect(await alice.takeType('LEAVE')).toEqual({ type: 'LEAVE', src: b.id, dst: a.id });
    expect((await bob.closed).code).toBe(CLOSE_DEAD);
    expect(bob.inbox.filter((r) => r.json?.type === 'OFFER')).toEqual([]);
    alice.close();
  });

  it('[SIG-LIVE-3] a recent heartbeat keeps a socket alive even with no other frame', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    bob.send(HEARTBEAT_TEXT);
    expect((await bob.take()).raw).toBe('');
    await ageSockets(b.id, LIVENESS_MS + 1);
    await sendInOrder(a.id, [marked(b.id, 'alive')]);
    expect(markOf(await bob.takeType('OFFER'))).toBe('alive');
    expect(bob.closeInfo).toBeNull();
    alice.close();
    bob.close();
  });

  it('[SIG-LIVE-4] a send that throws counts as gone: LEAVE to the sender, socket closed', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const alice = await connectAs(a);
    const bob = await connectAs(b);
    await runInDurableObject(env.PEERS.getByName(b.id), (_instance, state) => {
      const ws = state.getWebSockets()[0]!;
      Object.defineProperty(ws, 'send', {
        value: () => {
          throw new Error('simulated broken socket');
        },
      });
    });
    await sendInOrder(a.id, [offer(b.id)]);
    expect(await alice.takeType('LEAVE')).toEqual({ type: 'LEAVE', src: b.id, dst: a.id });
    expect((await bob.closed).code).toBe(CLOSE_DEAD);
    alice.close();
  });
});
