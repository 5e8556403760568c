import { afterEach, describe, expect, it, vi } from 'vitest';
import { signEvent, type ChatEvent } from '../../lib/chatEvent';
import { directConversationId } from '../../lib/convId';
import { generateIdentityKeys, type IdentityKeys } from '../../lib/identity';
import { setLogSink } from '../../lib/log';
import { checkEvents, KeyCache, type CheckJob, type CheckResult } from './checkEvents';
import {
  EventVerifier,
  INLINE_CHECK_MAX,
  type VerifyReply,
  type VerifyRequest,
} from './EventVerifier';

async function fixture() {
  const [a, b, stranger] = await Promise.all([
    generateIdentityKeys(),
    generateIdentityKeys(),
    generateIdentityKeys(),
  ]);
  const conv = directConversationId(a.id, b.id);
  const sign = (k: IdentityKeys, seq: number, text: string, c = conv) =>
    signEvent(
      { conv: c, author: k.id, seq, lamport: seq, ts: 1000, type: 'text', body: { text } },
      k.privateKey,
    );
  const good = await sign(b, 1, 'hello');
  const events: unknown[] = [
    good,
    { ...good, body: { text: 'tampered' } },
    await sign(stranger, 1, 'not a member'),
    await sign(b, 2, 'elsewhere', directConversationId(b.id, stranger.id)),
    { ...good, type: 'poll' },
    { nonsense: true },
    await sign(a, 1, 'mine'),
  ];
  const job: CheckJob = {
    conv,
    events,
    keys: { [a.id]: a.publicKeyRaw, [b.id]: b.publicKeyRaw },
  };
  return { job, good };
}

/** Which events passed, as booleans. */
const passed = (results: CheckResult[]) => results.map((r) => typeof r !== 'string');
const EXPECTED = [true, false, false, false, false, false, true];

/** A stand-in for the browser's Worker that answers with checkEvents, like verify.worker.ts. */
class FakeWorker {
  static made = 0;
  static posted = 0;
  static mode: 'answer' | 'silent' | 'crash' = 'answer';
  onmessage: ((event: MessageEvent<VerifyReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  readonly #keys = new KeyCache();
  constructor() {
    FakeWorker.made++;
  }
  postMessage({ id, job }: VerifyRequest & { id: number }): void {
    FakeWorker.posted++;
    if (FakeWorker.mode === 'silent') return;
    if (FakeWorker.mode === 'crash') {
      setTimeout(() => this.onerror?.({ message: 'boom' } as ErrorEvent), 0);
      return;
    }
    void checkEvents(structuredClone(job), this.#keys).then((results) => {
      const verdicts = results.map((r) => (typeof r === 'string' ? r : null));
      if (!this.terminated)
        this.onmessage?.({ data: { id, verdicts } } as MessageEvent<VerifyReply>);
    });
  }
  terminate(): void {
    this.terminated = true;
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  FakeWorker.made = 0;
  FakeWorker.posted = 0;
  FakeWorker.mode = 'answer';
});

describe('checking EVENTS [CHAT-7]', () => {
  it('[CHAT-7] keeps good events of members, drops forged, foreign and malformed ones', async () => {
    const { job, good } = await fixture();
    const results = await checkEvents(job, new KeyCache());
    expect(passed(results)).toEqual(EXPECTED);
    expect(results[0]).toEqual(good);
  });

  it('[CHAT-7] without a Worker the verifier checks on this thread', async () => {
    vi.stubGlobal('Worker', undefined);
    const { job } = await fixture();
    const verifier = new EventVerifier();
    expect(passed(await verifier.check(job))).toEqual(EXPECTED);
  });

  it('[CHAT-7] in a worker: the same verdicts, the events taken from this side', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const { job, good } = await fixture();
    const verifier = new EventVerifier();
    const results = await verifier.check(job);
    expect(passed(results)).toEqual(EXPECTED);
    expect(results[0]).toEqual(good);
    expect((results[0] as ChatEvent).body).toBe(good.body);
    await verifier.check(job);
    expect(FakeWorker.made).toBe(1);
    verifier.close();
  });

  it('[CHAT-7] a frame of a few events is checked on this thread, every signature still', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const { job } = await fixture();
    const verifier = new EventVerifier();
    verifier.warm();
    // The good event, a tampered copy, a stranger's and one of another chat: four, checked here.
    const small = { ...job, events: job.events.slice(0, INLINE_CHECK_MAX) };
    expect(small.events).toHaveLength(4);
    expect(passed(await verifier.check(small))).toEqual(EXPECTED.slice(0, 4));
    expect(FakeWorker.posted).toBe(0);
    const larger = { ...job, events: job.events.slice(0, INLINE_CHECK_MAX + 1) };
    expect(passed(await verifier.check(larger))).toEqual(EXPECTED.slice(0, 5));
    expect(FakeWorker.posted).toBe(1);
    verifier.close();
  });

  it('[CHAT-7] a worker that fails or never answers is replaced by checks on this thread', async () => {
    const restore = setLogSink(() => undefined);
    try {
      vi.stubGlobal('Worker', FakeWorker);
      const { job } = await fixture();
      FakeWorker.mode = 'crash';
      const crashed = new EventVerifier();
      expect(passed(await crashed.check(job))).toEqual(EXPECTED);
      expect(passed(await crashed.check(job))).toEqual(EXPECTED);
      expect(FakeWorker.made).toBe(1);

      vi.useFakeTimers();
      FakeWorker.mode = 'silent';
      const silent = new EventVerifier();
      const pending = silent.check(job);
      await vi.advanceTimersByTimeAsync(20_000);
      vi.useRealTimers();
      expect(passed(await pending)).toEqual(EXPECTED);
    } finally {
      restore();
    }
  });
});
