/**
 * Framework-free helpers for the transport contract suite: assertions that
 * throw plain Errors and waits with timeouts, so the suite also runs inside a
 * browser page (Playwright) where no test runner exists.
 */
import type { Channel, ChannelMessage, ConnectionStatus, Transport } from './transport';
import { withTimeout } from '../lib/timeout';

/** Throw unless `condition`. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`contract: ${message}`);
}

/** Throw unless `actual === expected`. */
export function checkEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) {
    throw new Error(`contract: ${what}: expected ${String(expected)}, got ${String(actual)}`);
  }
}

/** Race a promise against a timeout; `what` may be a function, read when the time is up. */
export function within<T>(
  promise: Promise<T>,
  ms: number,
  what: string | (() => string),
): Promise<T> {
  const describe = () => (typeof what === 'string' ? what : what());
  return withTimeout(promise, ms, () => new Error(`contract: timed out: ${describe()}`));
}

/** Resolve when `transport.status === status`. */
export function untilStatus(
  transport: Transport,
  status: ConnectionStatus,
  ms: number,
): Promise<void> {
  if (transport.status === status) return Promise.resolve();
  return within(
    new Promise<void>((resolve) => {
      const off = transport.onStatus((s) => {
        if (s !== status) return;
        off();
        resolve();
      });
    }),
    ms,
    `status ${status}`,
  );
}

/** Resolve with the next inbound channel with `label` on `transport`. */
export function nextChannel(transport: Transport, label: string, ms: number): Promise<Channel> {
  return within(
    new Promise<Channel>((resolve) => {
      const off = transport.onChannel(label, (channel) => {
        off();
        resolve(channel);
      });
    }),
    ms,
    'inbound channel',
  );
}

/** Collect `count` messages from a channel. */
export function collect(channel: Channel, count: number, ms: number): Promise<ChannelMessage[]> {
  const got: ChannelMessage[] = [];
  return within(
    new Promise<ChannelMessage[]>((resolve) => {
      if (count === 0) return resolve(got);
      const off = channel.on('message', (data) => {
        got.push(data);
        if (got.length < count) return;
        off();
        resolve(got);
      });
    }),
    ms,
    () => `${count} messages (got ${got.length})`,
  );
}

/** Resolve on the channel's 'closed' with its error (or null). */
export function closed(channel: Channel, ms: number): Promise<Error | null> {
  if (channel.state === 'closed') return Promise.resolve(null);
  return within(
    new Promise<Error | null>((resolve) => {
      channel.on('closed', (error) => resolve(error));
    }),
    ms,
    'channel close',
  );
}

/** Resolve on the next 'drain'. */
export function drained(channel: Channel, ms: number): Promise<void> {
  return within(
    new Promise<void>((resolve) => {
      const off = channel.on('drain', () => {
        off();
        resolve();
      });
    }),
    ms,
    'drain',
  );
}

/** Wait `ms` (lets stray events arrive before asserting that none did). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Bytes 0..n-1 mod 251 (a prime, so patterns do not line up with chunk sizes). */
export function pattern(n: number, seed = 0): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i + seed) % 251;
  return out;
}

/** Byte-for-byte equality. */
export function sameBytes(a: ArrayBuffer | Uint8Array, b: ArrayBuffer | Uint8Array): boolean {
  const x = a instanceof Uint8Array ? a : new Uint8Array(a);
  const y = b instanceof Uint8Array ? b : new Uint8Array(b);
  if (x.byteLength !== y.byteLength) return false;
  for (let i = 0; i < x.byteLength; i++) if (x[i] !== y[i]) return false;
  return true;
}
