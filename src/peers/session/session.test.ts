import { afterEach, describe, expect, it } from 'vitest';
import { base64urlEncode } from '../../lib/base64url';
import { generateIdentityKeys } from '../../lib/identity';
import type { PeerId } from '../../lib/ids';
import { setLogSink } from '../../lib/log';
import { MemoryHub } from '../memory/MemoryHub';
import { FakeEnvironment } from '../testing/fakeEnvironment';
import { MAX_HANDSHAKE_FRAME_BYTES, SESSION_LABEL } from './constants';
import { authFrame, helloFrame, newNonce } from './handshake';
import { makeNode, makeRawPeer, waitFor, type FrameLog, type TestNode } from './testing';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup) fn();
  cleanup = [];
});

function quiet(): void {
  cleanup.push(setLogSink(() => undefined));
}

async function nodes(hub: MemoryHub, count: number, timeoutMs?: number): Promise<TestNode[]> {
  const made = await Promise.all(
    Array.from({ length: count }, () => makeNode(hub, { handshakeTimeoutMs: timeoutMs })),
  );
  for (const node of made) cleanup.push(() => node.stop());
  return made;
}

function failureOf(node: TestNode, peer: PeerId) {
  return node.failures.find((f) => f.peer === peer)?.reason;
}

/** A raw peer that completes HELLO honestly and returns its nonce and frame log. */
async function rawHello(hub: MemoryHub, target: TestNode, nonce = newNonce()) {
  const raw = await makeRawPeer(hub);
  cleanup.push(() => raw.transport.destroy());
  const log = await raw.dial(target.id);
  log.send(helloFrame(raw.keys.id, raw.keys.publicKeyRaw, nonce));
  return { raw, log, nonce };
}

async function rawAuth(log: FrameLog, privateKey: CryptoKey, nonce: string) {
  const theirHello = await log.next('HELLO');
  const fps = (await log.channel.fingerprints())!;
  return authFrame(privateKey, nonce, theirHello.nonce as string, fps);
}

describe('session handshake', () => {
  it('[SES-1][SES-3][SES-5] two honest peers authenticate each other', async () => {
    const hub = new MemoryHub();
    const [a, b] = await nodes(hub, 2);
    const session = a!.manager.dial(b!.id)!;
    await waitFor(() => a!.ups.length === 1 && b!.ups.length === 1);
    expect(a!.ups).toEqual([b!.id]);
    expect(b!.ups).toEqual([a!.id]);
    expect(session.authenticated).toBe(true);
    expect(session.known).toBe(false);
    expect(b!.manager.session(a!.id)?.pub).toEqual(a!.keys.publicKeyRaw);
  });

  it('[SES-2] a pinned, matching key marks the peer known', async () => {
    const hub = new MemoryHub();
    const [a, b] = await nodes(hub, 2);
    b!.pins.set(a!.id, { pub: a!.keys.publicKeyRaw, blocked: false });
    a!.manager.dial(b!.id);
    await waitFor(() => b!.ups.length === 1);
    expect(b!.manager.session(a!.id)!.known).toBe(true);
  });

  it('[SES-2][SES-9] a key that does not hash to the id closes with key-hash', async () => {
    quiet();
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1);
    const raw = await makeRawPeer(hub);
    cleanup.push(() => raw.transport.destroy());
    const other = await generateIdentityKeys();
    const log = await raw.dial(target!.id);
    log.send(helloFrame(raw.keys.id, other.publicKeyRaw, newNonce()));
    await waitFor(() => log.closed);
    expect(failureOf(target!, raw.keys.id)).toBe('key-hash');
  });

  it('[SES-2] a HELLO claiming another id than signaling reports closes with key-hash', async () => {
    quiet();
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1);
    const raw = await makeRawPeer(hub);
    cleanup.push(() => raw.transport.destroy());
    const other = await generateIdentityKeys();
    const log = await raw.dial(target!.id);
    // Self-consistent id and key, but not the id this channel comes from.
    log.send(helloFrame(other.id, other.publicKeyRaw, newNonce()));
    await waitFor(() => log.closed);
    expect(failureOf(target!, raw.keys.id)).toBe('key-hash');
  });

  it('[SES-2][SAFE-7] a key other than the pinned one closes with key-changed', async () => {
    quiet();
    const hub = new MemoryHub();
    const [a, b] = await nodes(hub, 2);
    const impostor = await generateIdentityKeys();
    b!.pins.set(a!.id, { pub: impostor.publicKeyRaw, blocked: false });
    a!.manager.dial(b!.id);
    await waitFor(() => failureOf(b!, a!.id) !== undefined);
    expect(failureOf(b!, a!.id)).toBe('key-changed');
    expect(b!.ups).toEqual([]);
    await waitFor(() => a!.failures.length === 1);
    expect(a!.ups).toEqual([]);
  });

  it('[SES-2] a blocked peer gets no HELLO and its channel is closed', async () => {
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1);
    const raw = await makeRawPeer(hub);
    cleanup.push(() => raw.transport.destroy());
    target!.pins.set(raw.keys.id, { pub: raw.keys.publicKeyRaw, blocked: true });
    const log = await raw.dial(target!.id);
    await waitFor(() => log.closed);
    expect(log.frames).toEqual([]);
    expect(failureOf(target!, raw.keys.id)).toBe('blocked');
  });

  it('[SES-4][SES-5] a relay that swaps DTLS sessions is caught: fingerprint', async () => {
    quiet();
    const hub = new MemoryHub();
    const [a, b] = await nodes(hub, 2);
    hub.setMitm(true);
    a!.manager.dial(b!.id);
    await waitFor(() => a!.failures.length === 1 && b!.failures.length === 1);
    // Whoever checks first closes; the other side may see the channel close first.
    const reasons = [failureOf(a!, b!.id), failureOf(b!, a!.id)];
    expect(reasons).toContain('fingerprint');
    expect(reasons.every((r) => r === 'fingerprint' || r === null)).toBe(true);
    expect(a!.ups).toEqual([]);
    expect(b!.ups).toEqual([]);
  });

  it('[SES-4] without fingerprints the handshake closes with fingerprint and sends no AUTH', async () => {
    quiet();
    const hub = new MemoryHub();
    const [a, b] = await nodes(hub, 2);
    hub.setMissingFingerprints(true);
    a!.manager.dial(b!.id);
    await waitFor(() => a!.failures.length === 1 && b!.failures.length === 1);
    const reasons = [failureOf(a!, b!.id), failureOf(b!, a!.id)];
    expect(reasons).toContain('fingerprint');
    expect(reasons.every((r) => r === 'fingerprint' || r === null)).toBe(true);
    // A raw peer's HELLO is answered by the close, never by an AUTH.
    const { raw, log } = await rawHello(hub, a!);
    await waitFor(() => log.closed);
    expect(log.frames.map((f) => f.type)).toEqual(['HELLO']);
    expect(failureOf(a!, raw.keys.id)).toBe('fingerprint');
  });

  it('[SES-5] a bad signature closes with signature', async () => {
    quiet();
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1);
    const { raw, log, nonce } = await rawHello(hub, target!);
    const auth = await rawAuth(log, raw.keys.privateKey, nonce);
    const sig = base64urlEncode(crypto.getRandomValues(new Uint8Array(64)));
    log.send({ ...auth, sig });
    await waitFor(() => log.closed);
    expect(failureOf(target!, raw.keys.id)).toBe('signature');
  });

  it('[SES-5] a signature by another key closes with signature', async () => {
    quiet();
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1);
    const { log, nonce } = await rawHello(hub, target!);
    const other = await generateIdentityKeys();
    log.send(await rawAuth(log, other.privateKey, nonce));
    await waitFor(() => log.closed);
    expect(target!.failures.map((f) => f.reason)).toEqual(['signature']);
  });

  it('[SES-5] an honest raw peer passes, proving the test peer is right', async () => {
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1);
    const { raw, log, nonce } = await rawHello(hub, target!);
    log.send(await rawAuth(log, raw.keys.privateKey, nonce));
    await waitFor(() => target!.ups.length === 1);
    expect(target!.ups).toEqual([raw.keys.id]);
  });

  it('[SES-7] a replayed nonce closes with replay', async () => {
    quiet();
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1);
    const first = await rawHello(hub, target!);
    first.log.send(await rawAuth(first.log, first.raw.keys.privateKey, first.nonce));
    await waitFor(() => target!.ups.length === 1);
    first.log.channel.close();
    await waitFor(() => target!.downs.length === 1);
    const again = await first.raw.dial(target!.id);
    again.send(helloFrame(first.raw.keys.id, first.raw.keys.publicKeyRaw, first.nonce));
    await waitFor(() => again.closed);
    expect(failureOf(target!, first.raw.keys.id)).toBe('replay');
  });

  it('[SES-7] a reflected nonce (our own sent back) closes with replay', async () => {
    quiet();
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1);
    const raw = await makeRawPeer(hub);
    cleanup.push(() => raw.transport.destroy());
    const log = await raw.dial(target!.id);
    const theirs = await log.next('HELLO');
    log.send(helloFrame(raw.keys.id, raw.keys.publicKeyRaw, theirs.nonce as string));
    await waitFor(() => log.closed);
    expect(failureOf(target!, raw.keys.id)).toBe('replay');
  });

  it('[SES-8] a silent peer is closed with timeout', async () => {
    quiet();
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1, 60);
    const raw = await makeRawPeer(hub);
    cleanup.push(() => raw.transport.destroy());
    const log = await raw.dial(target!.id);
    await waitFor(() => log.closed, 1000);
    expect(failureOf(target!, raw.keys.id)).toBe('timeout');
  });

  it('[SES-8] a peer that stops after HELLO is closed with timeout', async () => {
    quiet();
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1, 60);
    const { log } = await rawHello(hub, target!);
    await waitFor(() => log.closed, 1000);
    expect(target!.failures.map((f) => f.reason)).toEqual(['timeout']);
  });

  it('[SES-6] a friend frame before AUTH closes with protocol', async () => {
    quiet();
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1);
    const { log } = await rawHello(hub, target!);
    await log.next('HELLO');
    log.send({ type: 'PROFILE_HAVE', v: 1, version: 0 });
    await waitFor(() => log.closed);
    expect(target!.failures.map((f) => f.reason)).toEqual(['protocol']);
    expect(target!.ups).toEqual([]);
  });

  it('[SES-6] anything before HELLO closes: AUTH first, non-JSON, binary, oversized', async () => {
    quiet();
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1);
    const raw = await makeRawPeer(hub);
    cleanup.push(() => raw.transport.destroy());
    const sends: ((log: FrameLog) => void)[] = [
      (log) => log.send({ type: 'AUTH', v: 1, sig: 'x', fp: 'y' }),
      (log) => log.channel.send('not json'),
      (log) => log.channel.send(new Uint8Array([1, 2, 3])),
      // A HELLO that would be valid but for its size (over MAX_HANDSHAKE_FRAME_BYTES).
      (log) =>
        log.send({
          ...helloFrame(raw.keys.id, raw.keys.publicKeyRaw, newNonce()),
          pad: 'x'.repeat(MAX_HANDSHAKE_FRAME_BYTES),
        }),
    ];
    for (const send of sends) {
      const log = await raw.dial(target!.id);
      send(log);
      await waitFor(() => log.closed);
    }
    expect(target!.failures.map((f) => f.reason)).toEqual([
      'protocol',
      'protocol',
      'protocol',
      'protocol',
    ]);
  });

  it('[SES-6] a second HELLO closes with protocol', async () => {
    quiet();
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1);
    const { raw, log } = await rawHello(hub, target!);
    await log.next('HELLO');
    log.send(helloFrame(raw.keys.id, raw.keys.publicKeyRaw, newNonce()));
    await waitFor(() => log.closed);
    expect(target!.failures.map((f) => f.reason)).toEqual(['protocol']);
    expect(log.frames.map((f) => f.type)).toContain('AUTH');
  });

  it('[SES-2] a HELLO of another protocol version closes with version', async () => {
    quiet();
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1);
    const raw = await makeRawPeer(hub);
    cleanup.push(() => raw.transport.destroy());
    const log = await raw.dial(target!.id);
    log.send({ ...helloFrame(raw.keys.id, raw.keys.publicKeyRaw, newNonce()), v: 2 });
    await waitFor(() => log.closed);
    expect(failureOf(target!, raw.keys.id)).toBe('version');
  });

  it('[SES-6] after AUTH, invalid frames are dropped and the session stays', async () => {
    quiet();
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1);
    const { raw, log, nonce } = await rawHello(hub, target!);
    log.send(await rawAuth(log, raw.keys.privateKey, nonce));
    await waitFor(() => target!.ups.length === 1);
    const got: string[] = [];
    target!.manager.session(raw.keys.id)!.on('frame', (f) => got.push(f.type));
    log.channel.send('not json');
    log.channel.send(new Uint8Array([1]));
    log.send({ type: 'HELLO', v: 1 });
    log.send({ type: 'X', v: 'one' });
    log.send({ type: 'NOTE', v: 1 });
    await waitFor(() => got.length === 1);
    expect(got).toEqual(['NOTE']);
    expect(target!.manager.session(raw.keys.id)?.authenticated).toBe(true);
  });

  it('[SES-12] keepalive: an honest pair stays up past the idle timeout; a silent peer is closed', async () => {
    quiet();
    const hub = new MemoryHub();
    const keepalive = { keepaliveMs: 15, idleTimeoutMs: 45 };
    // The sessions' timers run on a fake clock, moved in small steps; after each step the
    // memory network (real, next task) delivers whatever the timers sent.
    const env = new FakeEnvironment();
    const step = async () => {
      await env.advance(5);
      await new Promise((resolve) => setTimeout(resolve, 0));
    };
    const a = await makeNode(hub, { keepalive, timers: env });
    const b = await makeNode(hub, { keepalive, timers: env });
    cleanup.push(
      () => a.stop(),
      () => b.stop(),
    );
    a.manager.dial(b.id);
    await waitFor(() => a.ups.length === 1 && b.ups.length === 1);
    // Ten idle timeouts go by.
    while (env.now < 450) await step();
    expect(a.manager.session(b.id)?.authenticated).toBe(true);
    expect(a.downs).toEqual([]);
    expect(b.downs).toEqual([]);
    // A raw peer that authenticates and then says nothing more.
    const { raw, log, nonce } = await rawHello(hub, a);
    log.send(await rawAuth(log, raw.keys.privateKey, nonce));
    await waitFor(() => a.ups.includes(raw.keys.id));
    const since = env.now;
    while (!log.closed && env.now - since < 1_000) await step();
    expect(log.closed).toBe(true);
    // Closed on the idle timeout: after about 45 ms of silence, not at once and not much later.
    expect(env.now - since).toBeGreaterThanOrEqual(45);
    expect(env.now - since).toBeLessThanOrEqual(60);
    expect(a.downs).toEqual([raw.keys.id]);
    expect(log.frames.some((f) => f.type === 'PING')).toBe(true);
  });

  it('[ADM-1] a channel with a label nobody listens for is refused and never reaches the manager', async () => {
    const hub = new MemoryHub();
    const [target] = await nodes(hub, 1);
    const raw = await makeRawPeer(hub);
    cleanup.push(() => raw.transport.destroy());
    const other = raw.transport.connect(target!.id, { label: 'plume-file/1' });
    await expect(other.opened).rejects.toMatchObject({ reason: 'closed' });
    expect(target!.manager.isPending(raw.keys.id)).toBe(false);
    // The same peer on a session channel, by contrast, is taken up.
    const session = await raw.dial(target!.id);
    await session.next('HELLO');
    expect(target!.manager.isPending(raw.keys.id)).toBe(true);
    expect(SESSION_LABEL).toBe('plume/1');
  });
});
