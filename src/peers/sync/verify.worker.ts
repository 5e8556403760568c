/**
 * The verify worker: checks EVENTS frames off the main thread (checkEvents.ts)
 * and answers each request with one verdict per event: null when the event
 * passed, else why it is dropped. Loaded by EventVerifier.ts.
 */
import { checkEvents, KeyCache } from './checkEvents';
import type { WorkerAnswer } from '../../lib/workerClient';
import type { VerifyReply, VerifyRequest } from './EventVerifier';

const keys = new KeyCache();
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<VerifyRequest & WorkerAnswer>) => void) | null;
  postMessage(message: VerifyReply): void;
};

scope.onmessage = (event) => {
  const { id, job } = event.data;
  checkEvents(job, keys).then(
    (results) =>
      scope.postMessage({ id, verdicts: results.map((r) => (typeof r === 'string' ? r : null)) }),
    // The main thread checks this frame itself.
    () => scope.postMessage({ id, verdicts: null }),
  );
};
