/**
 * [CHAT-7] The checks of one EVENTS frame's events: shape, conversation and
 * membership, signature. Pure and self-contained, so it runs the same on the
 * main thread and in the verify worker (verify.worker.ts), which keeps the
 * Ed25519 checks off the main thread: Chromium runs WebCrypto Ed25519
 * verification synchronously on the calling thread.
 */
import { parseWireEvent, verifyEventWithKey, type ChatEvent } from '../../lib/chatEvent';
import { importPublicKeyRaw } from '../../lib/identity';

/** What to check: a frame's raw events, its conversation, and each member's raw public key. */
export interface CheckJob {
  conv: string;
  events: unknown[];
  /** Raw Ed25519 public key per member; an author missing here is not a member. */
  keys: Record<string, Uint8Array>;
}

/** The checked event, or why it is dropped (a log line's words). */
export type CheckResult = ChatEvent | string;

/** Imported keys by raw key, shared by the checks of one thread. */
export class KeyCache {
  readonly #keys = new Map<string, Promise<CryptoKey | null>>();

  /** The imported key of `raw`; a failed import is tried again next time. */
  get(raw: Uint8Array): Promise<CryptoKey | null> {
    const id = Array.from(raw, (b) => b.toString(16).padStart(2, '0')).join('');
    const cached = this.#keys.get(id);
    if (cached) return cached;
    const pending = importPublicKeyRaw(raw);
    this.#keys.set(id, pending);
    pending.then(
      (key) => {
        if (!key) this.#keys.delete(id);
      },
      () => this.#keys.delete(id),
    );
    return pending;
  }
}

/**
 * The event of a raw wire event that passed {@link checkEvents} on another
 * thread (a structured clone of the same value): the fields parseWireEvent
 * keeps, without checking them again.
 */
export function pickChecked(raw: unknown): ChatEvent {
  const { conv, author, seq, lamport, ts, type, body, sig } = raw as ChatEvent;
  return { conv, author, seq, lamport, ts, type, body, sig };
}

/** Check every event of `job`, in frame order. Never rejects. */
export function checkEvents(job: CheckJob, keys: KeyCache): Promise<CheckResult[]> {
  return Promise.all(
    job.events.map(async (raw): Promise<CheckResult> => {
      const event = parseWireEvent(raw);
      if (typeof event === 'string') return `dropping an event: ${event}`;
      const pub = Object.hasOwn(job.keys, event.author) ? job.keys[event.author] : undefined;
      if (event.conv !== job.conv || !pub)
        return 'dropping an event from a non-member or another conversation';
      const key = await keys.get(pub).catch(() => null);
      if (!key || !(await verifyEventWithKey(event, key)))
        return 'dropping an event with a bad signature';
      return event;
    }),
  );
}
