/**
 * The whole-file hash worker: keeps one hash-wasm SHA-256 per file being
 * received, and the chunks hashed since the last cut, and applies the messages
 * of wholeHash.ts strictly in the order they came, so a `cut` answers the state
 * after exactly the chunks sent before it, with one Blob of the chunks since
 * the previous cut (the receiver stores it as is).
 */
import { createSHA256 } from 'hash-wasm';
import { BatchHash } from './batchHash';
import type { WorkerAnswer, WorkerFatal } from '../../lib/workerClient';
import type { HashReply, HashRequest } from './wholeHash';
import { SerialQueue } from '../../lib/serialQueue';

/** A request as it arrives: a cut or a digest carries the id its answer names. */
type Asked = HashRequest & Partial<WorkerAnswer>;

const files = new Map<number, BatchHash>();
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<Asked>) => void) | null;
  postMessage(message: HashReply | WorkerFatal): void;
};

/** Messages run one after another: `open` awaits the WebAssembly start-up. */
const queue = new SerialQueue();

scope.onmessage = (event) => {
  const request = event.data;
  void queue.push(
    () => handle(request),
    (err) => {
      // The files hashed here pull again from their stored prefix.
      scope.postMessage({ fatal: err instanceof Error ? err.message : String(err) });
    },
  );
};

async function handle(request: Asked): Promise<void> {
  if (request.op === 'open') {
    const hasher = await createSHA256();
    hasher.load(request.state);
    files.set(request.h, new BatchHash(hasher));
    return;
  }
  if (request.op === 'drop') {
    files.delete(request.h);
    return;
  }
  const file = files.get(request.h);
  if (!file) throw new Error(`no hasher ${request.h}`);
  if (request.op === 'update') return file.update(request.bytes);
  if (request.op === 'digest') {
    files.delete(request.h);
    // A few dozen bytes: copied, not transferred (a view of the hasher's memory).
    scope.postMessage({ id: request.id ?? 0, digest: file.digest() });
    return;
  }
  scope.postMessage({ id: request.id ?? 0, ...file.cut() });
}
