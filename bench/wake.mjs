// Wake latency for bench:signaling ([WAKE-*]): from a friend's `POST /wake` leaving this process
// to the worker's push request reaching the push service, at 100 wakes a second, each to a
// different peer (a different Durable Object) whose app is closed.
//
// The worker runs in Miniflare (the simulator `wrangler dev` runs on: local Durable Objects,
// loopback only) with wrangler.jsonc's bindings, fresh VAPID keys, and an outbound service that
// stands in for the push service: it records when each push arrives and answers 201, so the
// figure is the worker's part only (token check, limits, encryption, VAPID signature), never a
// real push service's. Miniflare directly, because `wrangler dev` has no outbound hook (its
// `dev.outboundService` option is declared but unused in wrangler 4.86); esbuild bundles the
// worker as wrangler would. Both come with wrangler.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { webcrypto } from 'node:crypto';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { WebSocket } from 'ws';
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from 'wrangler';
import { makeVapidKeys } from '../scripts/vapidKeys.mjs';
import { cleanups } from './lifecycle.mjs';
import { reachFrame, reachHash, reachToken, signedIdentity } from './signalingIds.mjs';

/** Wakes a second, as the issue sets it. */
export const WAKES_PER_SECOND = 100;
/** Measured wakes (5 s at that rate), each to its own peer. */
const WAKES = 500;
/** Unmeasured wakes first: the first object, module compile and key import are not the figure. */
const WARM_WAKES = 20;
/** Peers set up at once (connect, register, leave). */
const SETUP_CONCURRENCY = 25;
const STEP_TIMEOUT_MS = 30_000;

/** A subscription key every simulated browser shares: only its shape matters to the worker. */
async function subscriptionKeys() {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
    'deriveBits',
  ]);
  const raw = new Uint8Array(await webcrypto.subtle.exportKey('raw', pair.publicKey));
  return {
    p256dh: Buffer.from(raw).toString('base64url'),
    auth: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('base64url'),
  };
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer in ${STEP_TIMEOUT_MS} ms`)),
      STEP_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One peer as the app leaves it when closed: it connected, registered its reach hash and its push
 * subscription, and went away. Returns what its friend needs to wake it.
 */
async function setUpPeer(base, keys) {
  const { id, token } = await signedIdentity();
  const reach = reachToken();
  const ws = new WebSocket(
    `${base.replace(/^http/, 'ws')}/peerjs?key=peerjs&id=${id}&token=${encodeURIComponent(await token())}&version=1.5.5`,
  );
  await withTimeout(
    new Promise((resolve, reject) => {
      ws.on('message', (data) => {
        if (String(data).includes('"OPEN"')) resolve();
      });
      ws.on('error', reject);
    }),
    'connect',
  );
  ws.send(reachFrame([await reachHash(reach)]));
  const endpoint = `https://fcm.googleapis.com/fcm/send/bench-${id}`;
  const res = await fetch(`${base}/wake/subscription?id=${id}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${await token()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ endpoint, expirationTime: null, keys }),
  });
  if (res.status !== 204) throw new Error(`register: HTTP ${res.status} ${await res.text()}`);
  ws.close();
  return { id, reach, endpoint };
}

async function setUpPeers(base, count) {
  const keys = await subscriptionKeys();
  const peers = [];
  for (let i = 0; i < count; i += SETUP_CONCURRENCY) {
    const batch = Math.min(SETUP_CONCURRENCY, count - i);
    peers.push(...(await Promise.all(Array.from({ length: batch }, () => setUpPeer(base, keys)))));
  }
  return peers;
}

function wake(base, peer) {
  return fetch(`${base}/wake`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: peer.id, token: peer.reach, kind: 'message' }),
  }).then(
    async (res) => {
      await res.arrayBuffer();
      return res.status;
    },
    // A connection the local runtime reset under load is one failed wake among the rest: it is
    // counted in the answers, not allowed to end the bench.
    (error) => `failed (${error.cause?.code ?? error.message})`,
  );
}

/**
 * Fire one wake per peer at `rate` a second; resolves with each one's latency to the push
 * service (ms, or null when no push arrived) and each answer's status.
 */
async function fire(base, peers, arrivals, rate) {
  const sentAt = new Map();
  const answers = [];
  const start = performance.now();
  for (let i = 0; i < peers.length; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sentAt.set(peers[i].endpoint, performance.now());
    answers.push(wake(base, peers[i]));
  }
  const statuses = await withTimeout(Promise.all(answers), 'wakes');
  const latencies = peers.map((peer) => {
    const arrived = arrivals.get(peer.endpoint);
    return arrived === undefined ? null : arrived - sentAt.get(peer.endpoint);
  });
  return { latencies, statuses };
}

/** The worker in Miniflare with VAPID keys; `outbound` is its push service. */
async function startWorker(root, persist, outbound) {
  const vapid = await makeVapidKeys();
  const bundle = await build({
    entryPoints: [join(root, 'worker/signaling.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external: ['cloudflare:*'],
    write: false,
    logLevel: 'error',
  });
  const config = unstable_readConfig({ config: join(root, 'wrangler.jsonc') });
  // Only the /wake routes are measured: the tiny fixture stands in for dist/.
  config.assets = { ...config.assets, directory: join(root, 'worker/test/fixtures/assets') };
  const { workerOptions } = unstable_getMiniflareWorkerOptions(config);
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    durableObjectsPersist: persist,
    workers: [
      {
        ...workerOptions,
        name: 'plume',
        modules: [{ type: 'ESModule', path: 'signaling.js', contents: bundle.outputFiles[0].text }],
        bindings: {
          ...workerOptions.bindings,
          VAPID_PUBLIC_KEY: vapid.publicKey,
          VAPID_PRIVATE_KEY: vapid.privateKey,
          VAPID_SUBJECT: 'mailto:bench@plume.invalid',
        },
        outboundService: outbound,
      },
    ],
  });
  cleanups.push(() => mf.dispose());
  return (await mf.ready).href.replace(/\/$/, '');
}

/** Run the wake measurement; resolves with `{ latencies, statuses }` of the measured wakes. */
export async function measureWake(root) {
  const arrivals = new Map();
  const persist = mkdtempSync(join(tmpdir(), 'plume-bench-wake-'));
  cleanups.push(() => rmSync(persist, { recursive: true, force: true }));
  // The push service: note the arrival, take the push.
  const base = await startWorker(root, persist, (request) => {
    arrivals.set(request.url, performance.now());
    return new Response(null, { status: 201 });
  });
  const peers = await setUpPeers(base, WARM_WAKES + WAKES);
  await fire(base, peers.slice(0, WARM_WAKES), arrivals, WAKES_PER_SECOND);
  return fire(base, peers.slice(WARM_WAKES), arrivals, WAKES_PER_SECOND);
}
