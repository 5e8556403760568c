import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS } from '../lib/backoff';
import { SignalingError } from '../lib/errors';
import {
  ATTEMPT_TIMEOUT_MS,
  LIVENESS_PROBE_MS,
  SignalingLifecycle,
  type SignalingDriver,
} from './signalingLifecycle';
import { FakeEnvironment as FakeEnv, flush } from './testing/fakeEnvironment';
import type { ConnectionStatus } from './transport';

class FakeDriver implements SignalingDriver {
  calls: string[] = [];
  session = false;
  /** What `probe` answers. */
  alive = true;
  probes = 0;
  /** Calls that throw, as a library left half torn down would. */
  throwing = new Set<string>();
  #maybeThrow(what: string): void {
    if (this.throwing.has(what)) throw new TypeError(`e.${what} is not a function`);
  }
  create(token: string): void {
    this.calls.push(`create:${token}`);
    this.#maybeThrow('create');
    this.session = true;
  }
  resume(token: string): void {
    this.calls.push(`resume:${token}`);
    this.#maybeThrow('resume');
  }
  canResume(): boolean {
    this.#maybeThrow('canResume');
    return this.session;
  }
  abort(): void {
    this.calls.push('abort');
    this.#maybeThrow('abort');
  }
  destroy(): void {
    this.calls.push('destroy');
    this.#maybeThrow('destroy');
    this.session = false;
  }
  probe(): boolean {
    this.probes++;
    this.#maybeThrow('probe');
    return this.alive;
  }
}

function setup() {
  const env = new FakeEnv();
  const driver = new FakeDriver();
  let n = 0;
  const statuses: ConnectionStatus[] = [];
  const lifecycle = new SignalingLifecycle({
    driver,
    env,
    signToken: () => Promise.resolve(`t${++n}`),
  });
  lifecycle.onStatus((s) => statuses.push(s));
  return { env, driver, lifecycle, statuses, tokens: () => n };
}

describe('SignalingLifecycle', () => {
  it('connects with a signed token and goes online', async () => {
    const { driver, lifecycle, statuses } = setup();
    lifecycle.start();
    expect(lifecycle.status).toBe('connecting');
    await flush();
    expect(driver.calls).toEqual(['create:t1']);
    lifecycle.opened();
    expect(statuses).toEqual(['connecting', 'online']);
    expect(lifecycle.error).toBeNull();
  });

  it('[SIG-AUTH-7] on loss: offline, then resumes the same session with a fresh token after backoff', async () => {
    const { env, driver, lifecycle } = setup();
    lifecycle.start();
    await flush();
    lifecycle.opened();
    lifecycle.lost();
    expect(lifecycle.status).toBe('offline');
    expect(lifecycle.error?.reason).toBe('unreachable');
    const delay = env.nextDelay()!;
    await env.advance(delay);
    expect(driver.calls).toEqual(['create:t1', 'resume:t2']);
    expect(lifecycle.status).toBe('connecting');
    lifecycle.opened();
    expect(lifecycle.status).toBe('online');
    expect(lifecycle.failures).toBe(0);
  });

  it('backoff grows exponentially up to the 30 s cap (random = 1 - ε shows the window)', async () => {
    const { env, lifecycle } = setup();
    env.randomValue = 0.999999;
    lifecycle.start();
    await flush();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      lifecycle.lost();
      const d = env.nextDelay()!;
      delays.push(d);
      await env.advance(d);
    }
    const windows = delays.map((_, i) => Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** i));
    delays.forEach((d, i) => expect(d).toBe(Math.floor(0.999999 * windows[i]!)));
    expect(Math.max(...delays)).toBeLessThanOrEqual(BACKOFF_CAP_MS);
    expect(delays[7]).toBe(Math.floor(0.999999 * BACKOFF_CAP_MS));
  });

  it('jitter keeps every delay within [min, window]', async () => {
    const { env, lifecycle } = setup();
    lifecycle.start();
    await flush();
    for (const r of [0, 0.1, 0.5, 0.9]) {
      env.randomValue = r;
      lifecycle.lost();
      const d = env.nextDelay()!;
      expect(d).toBeGreaterThanOrEqual(100);
      expect(d).toBeLessThanOrEqual(BACKOFF_CAP_MS);
      await env.advance(d);
    }
  });

  it('retries at once on online and on visible, with a new token each time', async () => {
    const { env, driver, lifecycle, tokens } = setup();
    env.randomValue = 0.99;
    lifecycle.start();
    await flush();
    lifecycle.lost();
    env.fireOnline();
    await flush();
    expect(driver.calls.at(-1)).toBe('resume:t2');
    lifecycle.lost();
    env.fireVisible();
    await flush();
    expect(driver.calls.at(-1)).toBe('resume:t3');
    expect(tokens()).toBe(3);
    // While an attempt is in flight or online, the events do nothing.
    env.fireOnline();
    await flush();
    expect(tokens()).toBe(3);
  });

  it('browser offline: drops the session and every channel at once; online creates a new Peer', async () => {
    const { env, driver, lifecycle } = setup();
    env.randomValue = 0.99;
    lifecycle.start();
    await flush();
    lifecycle.opened();
    expect(lifecycle.status).toBe('online');
    env.fireOffline();
    expect(lifecycle.status).toBe('offline');
    expect(driver.calls).toEqual(['create:t1', 'destroy']);
    env.fireOnline();
    await flush();
    // A new Peer, not a resume of the destroyed one, with a fresh token.
    expect(driver.calls).toEqual(['create:t1', 'destroy', 'create:t2']);
    lifecycle.opened();
    expect(lifecycle.status).toBe('online');
    // Offline before start or after stop does nothing.
    lifecycle.stop();
    env.fireOffline();
    expect(driver.calls.at(-1)).toBe('destroy');
  });

  it('server ERROR: status error, and the next attempt creates a new Peer', async () => {
    const { env, driver, lifecycle } = setup();
    lifecycle.start();
    await flush();
    lifecycle.failed('token timestamp is more than 5 min in the future');
    expect(lifecycle.status).toBe('error');
    expect(lifecycle.error?.reason).toBe('rejected');
    expect(lifecycle.error?.message).toContain('future');
    // A 'lost' that follows the ERROR (peerjs disconnects after aborting) is ignored.
    lifecycle.lost();
    expect(lifecycle.status).toBe('error');
    await env.advance(env.nextDelay()!);
    expect(driver.calls).toEqual(['create:t1', 'create:t2']);
    expect(lifecycle.status).toBe('error'); // stays visible while retrying
    lifecycle.opened();
    expect(lifecycle.status).toBe('online');
  });

  it('ID-TAKEN halts: no retries, even on online/visible, until takeOver', async () => {
    const { env, driver, lifecycle } = setup();
    lifecycle.start();
    await flush();
    lifecycle.opened();
    lifecycle.halt(new SignalingError('idTaken'));
    expect(lifecycle.status).toBe('error');
    expect(lifecycle.error?.reason).toBe('idTaken');
    expect(driver.calls).toEqual(['create:t1', 'destroy']);
    expect(env.nextDelay()).toBeNull();
    env.fireOnline();
    env.fireVisible();
    lifecycle.lost();
    await env.advance(60_000);
    expect(driver.calls).toEqual(['create:t1', 'destroy']);
    lifecycle.takeOver();
    expect(lifecycle.status).toBe('connecting');
    await flush();
    expect(driver.calls.at(-1)).toBe('create:t2');
  });

  it('an attempt that hangs is aborted and retried', async () => {
    const { env, driver, lifecycle } = setup();
    lifecycle.start();
    await flush();
    await env.advance(ATTEMPT_TIMEOUT_MS);
    expect(driver.calls).toEqual(['create:t1', 'abort']);
    expect(lifecycle.status).toBe('offline');
    await env.advance(env.nextDelay()!);
    expect(driver.calls.at(-1)).toBe('resume:t2');
  });

  it('a token that cannot be signed is an error, retried with backoff', async () => {
    const env = new FakeEnv();
    const driver = new FakeDriver();
    let fail = true;
    const lifecycle = new SignalingLifecycle({
      driver,
      env,
      signToken: () => (fail ? Promise.reject(new Error('key gone')) : Promise.resolve('ok')),
    });
    lifecycle.start();
    await flush();
    expect(lifecycle.status).toBe('error');
    expect(lifecycle.error?.reason).toBe('token');
    fail = false;
    await env.advance(env.nextDelay()!);
    expect(driver.calls).toEqual(['create:ok']);
  });

  it('stop destroys the session, cancels timers and ignores late results', async () => {
    const { env, driver, lifecycle, statuses } = setup();
    lifecycle.start();
    lifecycle.stop(); // before the token is signed
    await flush();
    expect(driver.calls).toEqual(['destroy']);
    expect(lifecycle.status).toBe('offline');
    lifecycle.opened();
    env.fireOnline();
    await env.advance(60_000);
    expect(driver.calls).toEqual(['destroy']);
    expect(statuses).toEqual(['connecting', 'offline']);
  });
});

describe('SignalingLifecycle when the driver throws [SIG-LIFE-1]', () => {
  async function online() {
    const ctx = setup();
    ctx.lifecycle.start();
    await flush();
    ctx.lifecycle.opened();
    return ctx;
  }

  it('[SIG-LIFE-1] going offline still schedules the reconnect when destroy throws', async () => {
    const { env, driver, lifecycle } = await online();
    driver.throwing.add('destroy');
    env.fireOffline();
    expect(lifecycle.status).toBe('offline');
    expect(driver.calls).toEqual(['create:t1', 'destroy']);
    driver.throwing.clear();
    env.fireOnline();
    await flush();
    // The half-destroyed session is never resumed: a new one is created.
    expect(driver.calls.at(-1)).toBe('create:t2');
    lifecycle.opened();
    expect(lifecycle.status).toBe('online');
  });

  it('[SIG-LIFE-1] the reconnect also comes after the backoff alone, without an online event', async () => {
    const { env, driver, lifecycle } = await online();
    driver.throwing.add('destroy');
    env.fireOffline();
    await env.advance(env.nextDelay()!);
    expect(driver.calls.at(-1)).toBe('create:t2');
    expect(lifecycle.status).toBe('connecting');
  });

  it('[SIG-LIFE-1] a create that throws is a lost attempt, retried with a new session', async () => {
    const { env, driver, lifecycle } = setup();
    driver.throwing.add('create');
    lifecycle.start();
    await flush();
    expect(lifecycle.status).toBe('offline');
    expect(lifecycle.error?.reason).toBe('unreachable');
    driver.throwing.clear();
    await env.advance(env.nextDelay()!);
    expect(driver.calls).toEqual(['create:t1', 'create:t2']);
  });

  it('[SIG-LIFE-1] a resume or canResume that throws falls back to a new session', async () => {
    const { env, driver, lifecycle } = await online();
    driver.throwing.add('resume');
    lifecycle.lost();
    await env.advance(env.nextDelay()!);
    expect(driver.calls.at(-1)).toBe('resume:t2');
    expect(lifecycle.status).toBe('offline');
    await env.advance(env.nextDelay()!);
    expect(driver.calls.at(-1)).toBe('create:t3');
    driver.throwing = new Set(['canResume']);
    lifecycle.opened();
    lifecycle.lost();
    await env.advance(env.nextDelay()!);
    expect(driver.calls.at(-1)).toBe('create:t4');
  });

  it('[SIG-LIFE-1] halt and stop reach their status when destroy throws', async () => {
    const { driver, lifecycle } = await online();
    driver.throwing.add('destroy');
    lifecycle.halt(new SignalingError('idTaken'));
    expect(lifecycle.status).toBe('error');
    lifecycle.stop();
    expect(lifecycle.status).toBe('offline');
  });
});

describe('SignalingLifecycle dead-socket check [SIG-LIFE-2]', () => {
  it('[SIG-LIFE-2] probes once a period while online, and stays online while answered', async () => {
    const { env, driver, lifecycle, statuses } = setup();
    lifecycle.start();
    await flush();
    expect(driver.probes).toBe(0);
    lifecycle.opened();
    await env.advance(LIVENESS_PROBE_MS - 1);
    expect(driver.probes).toBe(0);
    await env.advance(1);
    expect(driver.probes).toBe(1);
    await env.advance(LIVENESS_PROBE_MS * 5);
    expect(driver.probes).toBe(6);
    expect(statuses).toEqual(['connecting', 'online']);
  });

  it('[SIG-LIFE-2] a socket that stopped answering turns offline, closes, and is reopened', async () => {
    const { env, driver, lifecycle } = setup();
    lifecycle.start();
    await flush();
    lifecycle.opened();
    driver.alive = false;
    await env.advance(LIVENESS_PROBE_MS);
    expect(lifecycle.status).toBe('offline');
    expect(lifecycle.error?.reason).toBe('unreachable');
    // The socket is closed; the session and its channels are kept and resumed.
    expect(driver.calls).toEqual(['create:t1', 'abort']);
    await env.advance(env.nextDelay()!);
    expect(driver.calls.at(-1)).toBe('resume:t2');
    driver.alive = true;
    lifecycle.opened();
    expect(lifecycle.status).toBe('online');
  });

  it('[SIG-LIFE-2] a probe that throws counts as a dead socket', async () => {
    const { env, driver, lifecycle } = setup();
    lifecycle.start();
    await flush();
    lifecycle.opened();
    driver.throwing.add('probe');
    await env.advance(LIVENESS_PROBE_MS);
    expect(lifecycle.status).toBe('offline');
  });

  it('[SIG-LIFE-2] no probe while not online', async () => {
    const { env, driver, lifecycle } = setup();
    lifecycle.start();
    await flush();
    lifecycle.opened();
    lifecycle.lost();
    const before = driver.probes;
    // The attempts never open: no probe in all that time.
    await env.advance(LIVENESS_PROBE_MS * 3);
    expect(driver.probes).toBe(before);
  });
});
