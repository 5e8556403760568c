import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { base64urlEncode } from '../../src/lib/base64url';
import {
  CLOSE_BAD_REQUEST,
  CLOSE_BAD_TOKEN,
  HEARTBEAT_TEXT,
} from '../../src/lib/signalingProtocol';
import { TOKEN_MAX_AGE_MS, TOKEN_MAX_FUTURE_MS } from '../../src/lib/signalToken';
import {
  makeIdentity,
  offer,
  openSocket,
  signalUrl,
  TestClient,
  viaWorker,
  withEnv,
} from './helpers';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The same bytes spelled with non-zero trailing bits: a second, non-canonical form. */
function nonCanonical(text: string): string {
  const last = BASE64URL.indexOf(text.at(-1)!);
  return text.slice(0, -1) + BASE64URL[last | 1]!;
}

/** Expect the refusal sequence: an upgrade, one ERROR with `reason`, then a close with `code`. */
async function expectRefused(client: TestClient, reason: string, code: number): Promise<string> {
  const error = await client.takeType('ERROR');
  expect(error.payload?.reason).toBe(reason);
  expect(typeof error.payload?.msg).toBe('string');
  expect((await client.closed).code).toBe(code);
  expect(client.inbox).toEqual([]);
  return error.payload!.msg!;
}

describe('connect and signed ids', () => {
  it('[SIG-AUTH-1] a valid signed connect gets {"type":"OPEN"} first', async () => {
    const a = await makeIdentity();
    const client = await openSocket({ id: a.id, token: await a.token() });
    const first = await client.take();
    expect(first.raw).toBe('{"type":"OPEN"}');
    client.close();
  });

  it('[SIG-AUTH-2] a wrong key or missing parameters get ERROR and close 4003', async () => {
    const a = await makeIdentity();
    const token = await a.token();
    const wrongKey = await openSocket({ key: 'nope', id: a.id, token });
    expect(await expectRefused(wrongKey, 'badKey', CLOSE_BAD_REQUEST)).toBe('Invalid key provided');
    const noToken = await openSocket({ id: a.id });
    await expectRefused(noToken, 'missingParams', CLOSE_BAD_REQUEST);
    const noId = await openSocket({ token });
    await expectRefused(noId, 'missingParams', CLOSE_BAD_REQUEST);
  });

  it('[SIG-AUTH-3] in signed mode the id must be a PeerId', async () => {
    const a = await makeIdentity();
    const client = await openSocket({ id: 'alice', token: await a.token() });
    await expectRefused(client, 'notPeerId', CLOSE_BAD_REQUEST);
  });

  it('[SIG-AUTH-4] [SIG-AUTH-6] each bad token is refused by upgrade, ERROR with the reason, close 4001', async () => {
    const a = await makeIdentity();
    const b = await makeIdentity();
    const now = Date.now();
    const good = await a.token(now);
    const [ts, pub, sig] = good.split('.') as [string, string, string];
    const cases: [string, string][] = [
      // [SIG-TOKEN-3] key does not hash to the id.
      ['keyMismatch', await b.token(now)],
      // [SIG-TOKEN-4] signature over a different ts.
      ['badSignature', `${Number(ts) + 1}.${pub}.${sig}`],
      // [SIG-TOKEN-5] stale and future.
      ['stale', await a.token(now - TOKEN_MAX_AGE_MS - 60_000)],
      ['future', await a.token(now + TOKEN_MAX_FUTURE_MS + 60_000)],
      // [SIG-TOKEN-2] padding and non-canonical trailing bits.
      ['encoding', `${ts}.${pub}=.${sig}`],
      ['encoding', `${ts}.${nonCanonical(pub)}.${sig}`],
      ['encoding', `${ts}.${pub}.${nonCanonical(sig)}`],
      ['malformed', `${ts}.${pub}`],
      ['malformed', `0${ts}.${pub}.${sig}`],
    ];
    for (const [reason, token] of cases) {
      const res = await viaWorker(
        new Request(signalUrl({ id: a.id, token }), { headers: { Upgrade: 'websocket' } }),
      );
      expect(res.status, reason).toBe(101);
      const msg = await expectRefused(new TestClient(res.webSocket!), reason, CLOSE_BAD_TOKEN);
      expect(msg).toMatch(/^token refused: /);
    }
    // The untouched token still works, so each refusal above was about the one change.
    const ok = await openSocket({ id: a.id, token: good });
    await ok.takeType('OPEN');
    ok.close();
    expect(base64urlEncode(a.pub)).toBe(pub);
  });

  it('[SIG-AUTH-5] OPEN_IDS=1 accepts any sane id and token, still refuses a bad id', async () => {
    const open = withEnv(env, { OPEN_IDS: '1' });
    const alice = await openSocket({ id: 'alice-1_A', token: 'random123' }, open);
    expect((await alice.take()).raw).toBe('{"type":"OPEN"}');
    const bob = await openSocket({ id: 'bob', token: 'x' }, open);
    await bob.takeType('OPEN');
    alice.send(offer('bob'));
    expect(await bob.takeType('OFFER')).toMatchObject({ src: 'alice-1_A', dst: 'bob' });
    const bad = await openSocket({ id: 'has space', token: 'x' }, open);
    await expectRefused(bad, 'badId', CLOSE_BAD_REQUEST);
    const tooLong = await openSocket({ id: 'a'.repeat(65), token: 'x' }, open);
    await expectRefused(tooLong, 'badId', CLOSE_BAD_REQUEST);
    const hugeToken = await openSocket({ id: 'carol', token: 't'.repeat(257) }, open);
    await expectRefused(hugeToken, 'badToken', CLOSE_BAD_REQUEST);
    // The signed-mode worker refuses those same open ids.
    const signed = await openSocket({ id: 'alice-1_A', token: 'random123' });
    await expectRefused(signed, 'notPeerId', CLOSE_BAD_REQUEST);
    alice.send(HEARTBEAT_TEXT);
    expect((await alice.take()).raw).toBe('');
    alice.close();
    bob.close();
  });
});
