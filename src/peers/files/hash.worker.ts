/**
 * The whole-file hash worker: keeps one hash-wasm SHA-256 per file being
 * received and applies the messages of wholeHash.ts strictly in the order they
 * came, so a `save` answers the state after exactly the chunks sent before it.
 */
import { createSHA256, type IHasher } from 'hash-wasm';
import type { HashReply, HashRequest } from './wholeHash';

const hashers = new Map<number, IHasher>();
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<HashRequest>) => void) | null;
  postMessage(message: HashReply): void;
};

/** Messages run one after another: `open` awaits the WebAssembly start-up. */
let chain: Promise<void> = Promise.resolve();

scope.onmessage = (event) => {
  const request = event.data;
  chain = chain
    .then(() => handle(request))
    .catch((err: unknown) => {
      // The main thread takes every hash over from its own copies.
      scope.postMessage({ h: request.h, fatal: err instanceof Error ? err.message : String(err) });
    });
};

async function handle(request: HashRequest): Promise<void> {
  if (request.op === 'open') {
    const hasher = await createSHA256();
    hasher.load(request.state);
    hashers.set(request.h, hasher);
    return;
  }
  if (request.op === 'drop') {
    hashers.delete(request.h);
    return;
  }
  const hasher = hashers.get(request.h);
  if (!hasher) throw new Error(`no hasher ${request.h}`);
  if (request.op === 'update') {
    hasher.update(request.bytes);
    return;
  }
  const bytes = request.op === 'save' ? hasher.save() : hasher.digest('binary');
  if (request.op === 'digest') hashers.delete(request.h);
  // A few dozen bytes: copied, not transferred (they may be a view of the hasher's memory).
  scope.postMessage({ h: request.h, bytes });
}
