/**
 * The cap on concurrent signaling sockets per network address ([SIG-ADDR-3]): one small Durable
 * Object per address key (worker/address.ts), holding in memory the set of ids that have a socket
 * from that address. The worker asks it before handing a connect to the id's object; the id's
 * object tells it when that socket is gone.
 *
 * Memory only, on purpose: a connect and a close cost one short RPC each and never a storage
 * write. The price is that the count is lost when the runtime evicts the object, which it may do
 * after about ten seconds with no call, since the sockets live in the peers' objects, not here.
 * That fails open, by at most one cap's worth of sockets per eviction, and the connect rate limit
 * ([SIG-ADDR-2]) still bounds how fast an address can open them. Ids, not sockets, are counted,
 * so a reconnect that replaces an id's own socket is not a second one.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from './env';

/**
 * At most this many ids hold a socket from one address key at once. A household or an office
 * behind one NAT has a handful of people with a tab or two each; carrier-grade NAT shares one
 * IPv4 address among more, which is why this is not lower.
 */
export const MAX_SOCKETS_PER_ADDRESS = 64;

/** The outcome of asking for a socket: `counted` is false when the id was already counted. */
export type GateAnswer = { ok: true; counted: boolean } | { ok: false };

function positiveInt(text: string | undefined, fallback: number): number {
  if (text === undefined || !/^[1-9][0-9]{0,5}$/.test(text)) return fallback;
  return Number(text);
}

/** One per address key (`env.ADDRESSES.getByName(key)`). */
export class AddressGate extends DurableObject<Env> {
  readonly #ids = new Set<string>();
  readonly #cap: number;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#cap = positiveInt(env.MAX_SOCKETS_PER_ADDRESS, MAX_SOCKETS_PER_ADDRESS);
  }

  /** RPC: may `id` hold a socket from this address? */
  acquire(id: string): GateAnswer {
    if (this.#ids.has(id)) return { ok: true, counted: false };
    if (this.#ids.size >= this.#cap) return { ok: false };
    this.#ids.add(id);
    return { ok: true, counted: true };
  }

  /** RPC: `id` no longer holds a socket from this address. Idempotent. */
  release(id: string): void {
    this.#ids.delete(id);
  }

  /** RPC, for tests: how many ids are counted. */
  count(): number {
    return this.#ids.size;
  }
}
