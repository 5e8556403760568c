/**
 * The checks of the Transport contract suite (runners in transportContract.ts).
 * Plain async functions over a fixture; no test framework, so they also run
 * in a browser page.
 */
import { TransportError } from '../lib/errors';
import type { PeerId } from '../lib/ids';
import {
  check,
  checkEqual,
  closed,
  collect,
  drained,
  nextChannel,
  pattern,
  pause,
  sameBytes,
  untilStatus,
  within,
} from './contractHelpers';
import { MAX_MESSAGE_BYTES, type Channel, type Transport } from './transport';

/** Two live sessions that can reach each other, plus an id nobody uses. */
export interface TransportFixture {
  a: Transport;
  b: Transport;
  /** A well-formed PeerId with no session behind it. */
  absent: PeerId;
  /** Tear everything down. */
  teardown(): Promise<void> | void;
}

/** One named check. */
export interface TransportCheck {
  name: string;
  run(fx: TransportFixture, timeoutMs: number): Promise<void>;
}

/** The label every contract check dials and listens for. */
export const CONTRACT_LABEL = 'contract/1';
const LABEL = CONTRACT_LABEL;

/** Dial a→b and return both ends once open. */
async function openPair(fx: TransportFixture, ms: number): Promise<[Channel, Channel]> {
  await untilStatus(fx.a, 'online', ms);
  await untilStatus(fx.b, 'online', ms);
  const inbound = nextChannel(fx.b, LABEL, ms);
  const out = fx.a.connect(fx.b.id, { label: LABEL, metadata: { purpose: 'contract', n: 1 } });
  const inc = await inbound;
  await within(Promise.all([out.opened, inc.opened]), ms, 'both ends open');
  return [out, inc];
}

/** The checks, in order. */
export const transportChecks: readonly TransportCheck[] = [
  {
    name: 'both sessions come online with their own ids',
    async run(fx, ms) {
      await untilStatus(fx.a, 'online', ms);
      await untilStatus(fx.b, 'online', ms);
      check(fx.a.id !== fx.b.id, 'distinct ids');
      checkEqual(fx.a.error, null, 'a.error when online');
    },
  },
  {
    name: 'connect is accepted with peer, label, metadata and direction',
    async run(fx, ms) {
      const [out, inc] = await openPair(fx, ms);
      checkEqual(out.peer, fx.b.id, 'outbound peer');
      checkEqual(inc.peer, fx.a.id, 'inbound peer');
      checkEqual(inc.label, LABEL, 'label');
      checkEqual(inc.metadata.purpose, 'contract', 'metadata');
      checkEqual(out.id, inc.id, 'shared channel id');
      check(out.outbound && !inc.outbound, 'direction');
      checkEqual(out.state, 'open', 'outbound state');
      checkEqual(inc.state, 'open', 'inbound state');
      out.close();
    },
  },
  {
    name: 'messages arrive in order both ways',
    async run(fx, ms) {
      const [out, inc] = await openPair(fx, ms);
      const n = 200;
      const atB = collect(inc, n, ms);
      const atA = collect(out, n, ms);
      for (let i = 0; i < n; i++) {
        out.send(`a${i}`);
        inc.send(`b${i}`);
      }
      const [gotB, gotA] = await Promise.all([atB, atA]);
      for (let i = 0; i < n; i++) {
        checkEqual(gotB[i], `a${i}`, `message ${i} at b`);
        checkEqual(gotA[i], `b${i}`, `message ${i} at a`);
      }
      out.close();
    },
  },
  {
    name: 'binary frames arrive as exact ArrayBuffers, text stays text',
    async run(fx, ms) {
      const [out, inc] = await openPair(fx, ms);
      const big = pattern(MAX_MESSAGE_BYTES);
      const backing = pattern(64, 7);
      const view = backing.subarray(10, 20); // a view: only these 10 bytes may travel
      const got = collect(inc, 4, ms);
      out.send(big.buffer);
      out.send(view);
      out.send('héllo 你好');
      out.send(new Uint8Array(0));
      const [m0, m1, m2, m3] = await got;
      check(m0 instanceof ArrayBuffer && sameBytes(m0, big), 'max-size ArrayBuffer intact');
      check(
        m1 instanceof ArrayBuffer && sameBytes(m1, view),
        'Uint8Array view sends only its bytes',
      );
      checkEqual(m2, 'héllo 你好', 'unicode text');
      check(m3 instanceof ArrayBuffer && m3.byteLength === 0, 'empty binary frame');
      out.close();
    },
  },
  {
    name: 'send() takes a copy: the caller may reuse its buffer at once',
    async run(fx, ms) {
      const [out, inc] = await openPair(fx, ms);
      const buffer = pattern(256, 3);
      const first = buffer.slice();
      const got = collect(inc, 2, ms);
      out.send(buffer.subarray(0, 128));
      buffer.fill(0xee);
      out.send(buffer.subarray(0, 128));
      const [m0, m1] = await got;
      check(m0 instanceof ArrayBuffer && sameBytes(m0, first.subarray(0, 128)), 'first as sent');
      check(m1 instanceof ArrayBuffer && sameBytes(m1, buffer.subarray(0, 128)), 'second as sent');
      out.close();
    },
  },
  {
    name: 'oversized messages are refused before the wire',
    async run(fx, ms) {
      const [out] = await openPair(fx, ms);
      let reason: string | null = null;
      try {
        out.send(new Uint8Array(MAX_MESSAGE_BYTES + 1));
      } catch (err) {
        reason = err instanceof TransportError ? err.reason : 'other';
      }
      checkEqual(reason, 'tooLarge', 'send() error reason');
      checkEqual(out.state, 'open', 'channel still open');
      out.close();
    },
  },
  {
    name: 'close propagates to the other end and send afterwards throws',
    async run(fx, ms) {
      const [out, inc] = await openPair(fx, ms);
      const got = collect(inc, 1, ms);
      const remoteClosed = closed(inc, ms);
      out.send('last words');
      out.close();
      checkEqual(out.state, 'closed', 'local state');
      checkEqual((await got)[0], 'last words', 'data sent before close is delivered');
      checkEqual(await remoteClosed, null, 'remote close has no error');
      checkEqual(inc.state, 'closed', 'remote state');
      let reason: string | null = null;
      try {
        out.send('too late');
      } catch (err) {
        reason = err instanceof TransportError ? err.reason : 'other';
      }
      checkEqual(reason, 'notOpen', 'send after close');
      out.close(); // idempotent
    },
  },
  {
    name: 'dialling an absent peer fails: opened rejects, close carries the error',
    async run(fx, ms) {
      await untilStatus(fx.a, 'online', ms);
      const channel = fx.a.connect(fx.absent, { label: LABEL });
      const closing = closed(channel, ms);
      let failure: unknown = null;
      await within(
        channel.opened.catch((err: unknown) => {
          failure = err;
        }),
        ms,
        'opened settles',
      );
      check(failure instanceof TransportError, 'opened rejects with TransportError');
      check((await closing) instanceof TransportError, 'close event carries the error');
      checkEqual(channel.state, 'closed', 'state');
    },
  },
  {
    name: 'unsubscribed listeners are not called',
    async run(fx, ms) {
      await untilStatus(fx.b, 'online', ms);
      let removedCalls = 0;
      const off = fx.b.onChannel(LABEL, () => removedCalls++);
      off();
      const [out, inc] = await openPair(fx, ms);
      checkEqual(removedCalls, 0, 'removed onChannel listener calls');
      let messageCalls = 0;
      const offMessage = inc.on('message', () => messageCalls++);
      offMessage();
      const got = collect(inc, 1, ms);
      out.send('ping');
      await got;
      await pause(20);
      checkEqual(messageCalls, 0, 'removed message listener calls');
      let statusCalls = 0;
      fx.a.onStatus(() => statusCalls++)();
      out.close();
      await pause(20);
      checkEqual(statusCalls, 0, 'removed status listener calls');
    },
  },
  {
    name: 'bufferedAmount rises on send and drain fires at the low-water mark',
    async run(fx, ms) {
      const [out, inc] = await openPair(fx, ms);
      const chunk = pattern(64 * 1024);
      out.bufferedAmountLowThreshold = 256 * 1024;
      checkEqual(out.bufferedAmountLowThreshold, 256 * 1024, 'threshold reads back');
      let sent = 0;
      // Fill past the threshold synchronously: nothing can drain within one task.
      while (out.bufferedAmount <= out.bufferedAmountLowThreshold && sent < 64) {
        out.send(chunk);
        sent++;
      }
      check(out.bufferedAmount > out.bufferedAmountLowThreshold, 'buffer rose above threshold');
      const got = collect(inc, sent, ms);
      await drained(out, ms);
      check(out.bufferedAmount <= out.bufferedAmountLowThreshold, 'buffer at or below threshold');
      const all = await got;
      check(
        all.every((m) => m instanceof ArrayBuffer && sameBytes(m, chunk)),
        'all chunks intact',
      );
      out.close();
    },
  },
  {
    name: 'fingerprints are available and mirror each other',
    async run(fx, ms) {
      const [out, inc] = await openPair(fx, ms);
      const both = Promise.all([out.fingerprints(), inc.fingerprints()]);
      const [fa, fb] = await within(both, ms, 'fingerprints');
      check(fa && fb, 'both ends report fingerprints');
      check(/^sha-(256|384|512) [0-9A-F]{2}(:[0-9A-F]{2})+$/.test(fa.local), 'canonical form');
      checkEqual(fa.local, fb.remote, "a's local is b's remote");
      checkEqual(fa.remote, fb.local, "a's remote is b's local");
      check(fa.local !== fa.remote, 'two distinct certificates');
      out.close();
      checkEqual(await within(out.fingerprints(), ms, 'fingerprints'), null, 'none once closed');
    },
  },
  {
    name: 'destroy closes open channels at both ends',
    async run(fx, ms) {
      const [out, inc] = await openPair(fx, ms);
      const remoteClosed = closed(inc, ms);
      fx.a.destroy();
      checkEqual(out.state, 'closed', 'local channel closed by destroy');
      await remoteClosed;
      checkEqual(inc.state, 'closed', 'remote channel closed');
    },
  },
];
