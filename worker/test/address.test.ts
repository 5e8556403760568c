// Limits per network address ([SIG-ADDR-*]) and the id's own rate limit across reconnects
// ([SIG-HYG-4]), on the real worker, real local Durable Objects and the local Rate Limiting
// binding. Each test uses its own documentation-range address, so tests never share a count.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { CLOSE_RATE_LIMITED } from '../../src/lib/signalingProtocol';
import { addressKey, CLIENT_ADDRESS_HEADER } from '../address';
import { FRAME_BUCKET } from '../rateLimit';
import {
  connectAs,
  makeIdentity,
  sendInOrder,
  signalUrl,
  TestClient,
  viaWorker,
  type TestIdentity,
} from './helpers';

/** The connect limit in wrangler.jsonc (CONNECT_LIMITER). */
const CONNECT_LIMIT = 30;
/** MAX_SOCKETS_PER_ADDRESS as worker/vitest.config.ts sets it. */
const TEST_SOCKET_CAP = 3;

/** Open a socket for `who` as if from `address`; resolves with the first frame's client. */
async function connectFrom(
  address: string,
  who: TestIdentity,
  token?: string,
): Promise<TestClient> {
  const url = signalUrl({ id: who.id, token: token ?? (await who.token()) });
  const response = await viaWorker(
    new Request(url, { headers: { Upgrade: 'websocket', [CLIENT_ADDRESS_HEADER]: address } }),
  );
  if (response.status !== 101 || !response.webSocket) throw new Error(`${response.status}`);
  return new TestClient(response.webSocket);
}

/** The first frame's type and reason. */
async function firstFrame(client: TestClient): Promise<{ type?: string; reason?: string }> {
  const frame = (await client.take()).json;
  return { type: frame?.type, reason: frame?.payload?.reason };
}

describe('address keys (pure)', () => {
  it('[SIG-ADDR-1] IPv4 as is, IPv6 by /64, loopback and no header exempt', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey(' 198.51.100.1 ')).toBe('198.51.100.1');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:DB8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('::ffff:c000:201')).toBe('192.0.2.1');
    expect(addressKey(null)).toBeNull();
    expect(addressKey('')).toBeNull();
    expect(addressKey('127.0.0.1')).toBeNull();
    expect(addressKey('::1')).toBeNull();
    expect(addressKey('::ffff:127.0.0.1')).toBeNull();
    for (const odd of ['256.1.1.1', '1.2.3', 'x', '1::2::3', '1:2:3:4:5:6:7:8:9', 'fe80::1%eth0']) {
      expect(addressKey(odd)).toBe('unparsable');
    }
  });
});

describe('limits per network address', () => {
  it('[SIG-ADDR-2] connects past the per-address limit get ERROR tooManyConnects and 4005', async () => {
    const who = await makeIdentity();
    const address = '198.51.100.20';
    // Refused tokens count too, so a flood of bad tokens is limited as well. The local limiter
    // counts in fixed windows: a window that turns over mid-test only delays the refusal, so
    // the test asks up to twice the limit and checks that at least the limit went through.
    let passed = 0;
    let refused: TestClient | null = null;
    for (let i = 0; i < CONNECT_LIMIT * 2 && !refused; i++) {
      const client = await connectFrom(address, who, 'not-a-token');
      const first = await firstFrame(client);
      if (first.reason === 'tooManyConnects') refused = client;
      else passed++;
    }
    expect(refused, 'no connect was refused').not.toBeNull();
    expect(passed).toBeGreaterThanOrEqual(CONNECT_LIMIT);
    expect((await refused!.closed).code).toBe(CLOSE_RATE_LIMITED);
    // Another address is not affected.
    const other = await connectFrom('198.51.100.21', who);
    expect((await firstFrame(other)).type).toBe('OPEN');
    other.close();
  });

  it('[SIG-ADDR-3] at most the cap of ids hold a socket from one /64; a closed one frees its place', async () => {
    const ids = await Promise.all(
      Array.from({ length: TEST_SOCKET_CAP + 1 }, () => makeIdentity()),
    );
    // Different addresses in one IPv6 /64 are one key.
    const open: TestClient[] = [];
    for (const [i, who] of ids.slice(0, TEST_SOCKET_CAP).entries()) {
      const client = await connectFrom(`2001:db8:aa:bb::${i + 1}`, who);
      expect((await firstFrame(client)).type).toBe('OPEN');
      open.push(client);
    }
    // The same id again (a reload) replaces its own socket and is not counted twice.
    const again = await connectFrom('2001:db8:aa:bb::99', ids[0]!);
    expect((await firstFrame(again)).type).toBe('OPEN');
    expect((await open[0]!.closed).code).toBe(4000);

    const extra = ids[TEST_SOCKET_CAP]!;
    const refused = await connectFrom('2001:db8:aa:bb:1:2:3:4', extra);
    expect(await firstFrame(refused)).toEqual({ type: 'ERROR', reason: 'tooManySockets' });
    expect((await refused.closed).code).toBe(CLOSE_RATE_LIMITED);
    // Another /64 is not affected.
    const elsewhere = await connectFrom('2001:db8:aa:bc::1', extra);
    expect((await firstFrame(elsewhere)).type).toBe('OPEN');
    elsewhere.close();

    // A socket that closes frees its place: wait until the gate has heard of it (a barrier on
    // the count itself, not a sleep), then the newcomer gets in.
    open[1]!.close();
    await open[1]!.closed;
    const gate = env.ADDRESSES.getByName('2001:db8:aa:bb::/64');
    for (let i = 0; (await gate.count()) >= TEST_SOCKET_CAP; i++) {
      if (i > 200) throw new Error('the gate never heard of the close');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const admitted = await connectFrom('2001:db8:aa:bb::7', extra);
    expect((await firstFrame(admitted)).type).toBe('OPEN');
    for (const client of [again, open[2]!, admitted]) client.close();
  });
});

describe('the id owns its rate limit', () => {
  it('[SIG-HYG-4] a reconnect does not refill the frame bucket', async () => {
    const a = await makeIdentity();
    const first = await connectAs(a);
    // Empty the bucket: frames of a dropped type, handed to the object back to back.
    const drain = Array.from({ length: FRAME_BUCKET.capacity * 2 }, () => ({ type: 'NOPE' }));
    await sendInOrder(a.id, drain);
    expect((await first.takeType('ERROR')).payload?.reason).toBe('rateLimited');
    expect((await first.closed).code).toBe(CLOSE_RATE_LIMITED);

    // A fresh socket for the same id finds the bucket where the first one left it: half a
    // bucket more is refused at once. (A per-socket bucket would have taken all of it; the
    // refill during the reconnect is 100 frames a second, far from 1,000.)
    const second = await connectAs(a);
    await sendInOrder(a.id, drain.slice(0, FRAME_BUCKET.capacity / 2));
    expect((await second.takeType('ERROR')).payload?.reason).toBe('rateLimited');
    expect((await second.closed).code).toBe(CLOSE_RATE_LIMITED);
  });
});
