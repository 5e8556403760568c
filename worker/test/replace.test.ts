import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { CLOSE_ID_TAKEN, CLOSE_REPLACED, LIVENESS_MS } from '../../src/lib/signalingProtocol';
import {
  ageSockets,
  connectAs,
  makeIdentity,
  marked,
  markOf,
  openSocket,
  withEnv,
} from './helpers';

describe('replacement', () => {
  it('[SIG-REPL-1] a newer valid socket replaces the old one: ID-TAKEN, then close 4000', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const now = Date.now();
    const first = await connectAs(a, now - 1000);
    const second = await connectAs(a, now);
    const taken = await first.takeType('ID-TAKEN');
    expect(typeof taken.payload?.msg).toBe('string');
    expect((await first.closed).code).toBe(CLOSE_REPLACED);
    // Frames for the id now reach the new socket only.
    const bob = await connectAs(b);
    bob.send(marked(a.id, 1));
    const got = await second.takeType('OFFER');
    expect(got.src).toBe(b.id);
    expect(markOf(got)).toBe(1);
    // A reconnect with the very same token (peer.reconnect()) replaces too: ts is equal.
    const token = await a.token(now + 1);
    const third = await openSocket({ id: a.id, token });
    await third.takeType('OPEN');
    expect((await second.closed).code).toBe(CLOSE_REPLACED);
    const fourth = await openSocket({ id: a.id, token });
    await fourth.takeType('OPEN');
    expect((await third.closed).code).toBe(CLOSE_REPLACED);
    fourth.close();
    bob.close();
  });

  it('[SIG-REPL-2] a newcomer with an older token gets ID-TAKEN and close 4004; the holder stays', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const now = Date.now();
    const holder = await connectAs(a, now);
    const late = await openSocket({ id: a.id, token: await a.token(now - 60_000) });
    expect((await late.takeType('ID-TAKEN')).payload?.msg).toMatch(/taken/);
    expect((await late.closed).code).toBe(CLOSE_ID_TAKEN);
    expect(holder.closeInfo).toBeNull();
    const bob = await connectAs(b);
    bob.send(marked(a.id, 'here'));
    expect(markOf(await holder.takeType('OFFER'))).toBe('here');
    holder.close();
    bob.close();
  });

  it('[SIG-REPL-3] a holder silent for 90 s is replaced by any valid newcomer, even an older one', async () => {
    const a = await makeIdentity();
    const now = Date.now();
    const holder = await connectAs(a, now);
    await ageSockets(a.id, LIVENESS_MS + 1000);
    const newcomer = await connectAs(a, now - 60_000);
    expect((await holder.closed).code).toBe(CLOSE_REPLACED);
    expect(newcomer.closeInfo).toBeNull();
    newcomer.close();
  });

  it('[SIG-REPL-4] OPEN_IDS: the same token reconnects, a different token gets ID-TAKEN', async () => {
    const open = withEnv(env, { OPEN_IDS: '1' });
    const id = `open-${crypto.randomUUID()}`;
    const first = await openSocket({ id, token: 'tok-1' }, open);
    await first.takeType('OPEN');
    const intruder = await openSocket({ id, token: 'tok-2' }, open);
    await intruder.takeType('ID-TAKEN');
    expect((await intruder.closed).code).toBe(CLOSE_ID_TAKEN);
    expect(first.closeInfo).toBeNull();
    const again = await openSocket({ id, token: 'tok-1' }, open);
    await again.takeType('OPEN');
    await first.takeType('ID-TAKEN');
    expect((await first.closed).code).toBe(CLOSE_REPLACED);
    again.close();
  });
});
