// Quiet, safe logs ([SIG-LOG-1]): errors only, and no token or query string in any line.
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { redact } from '../log';
import {
  connectAs,
  makeIdentity,
  openSocket,
  signalUrl,
  viaWorker,
  withEnv,
  type TestClient,
} from './helpers';

const LEVELS = ['error', 'warn', 'log', 'info', 'debug'] as const;
let spies: MockInstance[] = [];

/** Every line written to the console since the test began. */
function lines(): string[] {
  return spies.flatMap((spy) => spy.mock.calls.map((args) => args.map(String).join(' ')));
}

beforeEach(() => {
  spies = LEVELS.map((level) => vi.spyOn(console, level).mockImplementation(() => undefined));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('logs', () => {
  it('[SIG-LOG-1] redact() strips tokens, bearer values, query strings and token= parameters', () => {
    const token = `1765000000000.${'A'.repeat(43)}.${'b'.repeat(86)}`;
    const line = redact(
      `failed: https://x.test/peerjs?key=peerjs&id=abc&token=${token} ` +
        `Authorization: Bearer sk-secret-1 token=${token} body token=t0p`,
    );
    expect(line).not.toContain(token);
    expect(line).not.toContain('sk-secret-1');
    expect(line).not.toContain('t0p');
    expect(line).not.toContain('id=abc');
    expect(line).toBe(
      'failed: https://x.test/peerjs?<query> Authorization: Bearer <redacted> token=<redacted> ' +
        'body token=<redacted>',
    );
    expect(redact('[plume:signaling] relay: delivery to abc failed')).toBe(
      '[plume:signaling] relay: delivery to abc failed',
    );
  });

  it('[SIG-LOG-1] no token or query string reaches any log line, even from a failure quoting the URL', async () => {
    const [a, b] = await Promise.all([makeIdentity(), makeIdentity()]);
    const tokens = [await a.token(), await b.token()];
    // A normal session: connect, relay, bad frames, a refused token, a /turn with a token.
    const alice: TestClient = await connectAs(a);
    const bob: TestClient = await connectAs(b);
    alice.send('not json');
    alice.send({ type: 'OFFER', dst: b.id, payload: { sdp: 42 } });
    const refused = await openSocket({ id: a.id, token: tokens[1]! });
    await refused.closed;
    await viaWorker(
      new Request(`http://plume.test/turn?id=${a.id}&token=${tokens[0]!}`, {
        headers: { Authorization: `Bearer ${tokens[0]!}` },
      }),
    );
    // A fault whose message quotes the whole request URL, token and all.
    const broken = withEnv(env, {
      PEERS: {
        getByName: () => {
          throw new Error(`cannot route ${signalUrl({ id: a.id, token: tokens[0]! })}`);
        },
      } as unknown as typeof env.PEERS,
    });
    const res = await broken(
      new Request(signalUrl({ id: a.id, token: tokens[0]! }), {
        headers: { Upgrade: 'websocket' },
      }),
    );
    expect(res.status).toBe(500);
    alice.close();
    bob.close();

    const logged = lines();
    // The fault was logged (so the capture works), and only as an error.
    expect(logged.some((line) => line.includes('cannot route'))).toBe(true);
    expect(spies[0]!.mock.calls.length).toBe(logged.length);
    for (const line of logged) {
      for (const token of tokens) expect(line).not.toContain(token);
      expect(line).not.toMatch(/token=(?!<redacted>)/);
      expect(line).not.toMatch(/\?(?!<query>)\S/);
    }
  });
});
