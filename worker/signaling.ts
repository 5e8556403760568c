/**
 * Plume's worker: PeerJS-compatible signaling on Durable Objects, plus the app as static assets.
 * Spec: docs/protocol.md, "Signaling".
 */
import type { Env } from './env';
import { logError } from './log';
import { handleRequest } from './router';

export { AddressGate } from './addressGate';
export { PeerObject } from './peerObject';

export default {
  async fetch(request, env, ctx): Promise<Response> {
    try {
      return await handleRequest(request, env, ctx);
    } catch (err) {
      logError('fetch', err);
      return new Response('Internal error', { status: 500 });
    }
  },
} satisfies ExportedHandler<Env>;
