#!/usr/bin/env node
// Signaling benchmark: simulated peers (Node `ws` clients speaking what the stock peerjs client
// speaks) against the real worker under `wrangler dev` (local Durable Objects, loopback only).
//
// Measures, at 100, 500 and 1,000 concurrent peers:
//   - connect time: new WebSocket → {"type":"OPEN"} (signed token verified, object created);
//   - relay latency: OFFER (3 KB payload) sender → recipient, one-way, same process clock. Each
//     peer registers the hash of its own reach token after OPEN and every OFFER presents the
//     recipient's token, so this is the gated path ([SIG-REACH-3]).
// Baseline: the same measurements against a minimal PeerJS-style relay written with `ws` in this
// process (JSON parse, stamp src, forward), so the ratio shows what the Durable Object path costs.
// Also checks that a burst of 200 CANDIDATEs arrives in order over real sockets, and measures
// wake ([WAKE-*], bench/wake.mjs): a friend's POST /wake to the push request leaving the worker,
// at 100 wakes a second to distinct objects, on a worker of its own with a stand-in push service.
//
// Starts and stops wrangler itself (no build needed: it serves dist/ if present, else the worker
// test fixture), or set BENCH_URL=http://127.0.0.1:8787 to measure an already running `npm start`.
// Bounded: fixed rounds, per-step timeouts and a global deadline; always cleans up.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import { cleanups, runBench } from './lifecycle.mjs';
import { reachFrame, reachHash, reachToken, signedIdentity } from './signalingIds.mjs';
import { startWorker } from './server.mjs';
import { measureWake, WAKES_PER_SECOND } from './wake.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LEVELS = [100, 500, 1000];
/** Relay rounds per level; in each round every sender sends one OFFER at a random moment. */
const ROUNDS = 10;
const ROUND_MS = 200;
/** Connects in flight at once, like many browsers arriving together but not all in one tick. */
const CONNECT_CONCURRENCY = 50;
/** What the stock client sends every 5 s. */
const HEARTBEAT_TEXT = '{"type":"HEARTBEAT"}';
const HEARTBEAT_MS = 5_000;
/** A realistic SDP offer is a few KB. */
const SDP_PAD = 'a=x'.repeat(1000);
const BURST = 200;
/** Peers connected strictly one after another, for the unloaded connect time. */
const SOLO_CONNECTS = 20;
const STEP_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------- identities and tokens

/** An identity with a signed token, and the reach token its friends present (with its hash). */
async function makeIdentity() {
  const { id, token } = await signedIdentity();
  const reach = reachToken();
  return { id, token: await token(), reach, reachHash: await reachHash(reach) };
}

// ---------------------------------------------------------------- simulated peer

class Peer {
  constructor(identity) {
    this.id = identity.id;
    this.token = identity.token;
    this.reach = identity.reach;
    this.reachHash = identity.reachHash;
    this.ws = null;
    this.onOffer = null;
    this.onCandidate = null;
    this.errors = [];
    this.heartbeat = null;
    /** Resolves once the object holds our reach hash (see {@link Peer#register}). */
    this.registered = null;
  }

  /**
   * Register our reach hash after OPEN, as the app does, then echo an OFFER to ourselves that
   * presents our token: it comes back once the REACH was handled and its one write persisted
   * (an object's outgoing frames wait for its writes), so relay rounds measure the registered
   * steady state, not the first write.
   */
  register() {
    this.send(reachFrame([this.reachHash]));
    this.registered = new Promise((resolve) => (this.onRegistered = resolve));
    this.send(
      JSON.stringify({
        type: 'OFFER',
        dst: this.id,
        payload: {
          sdp: { type: 'offer', sdp: 'v=0' },
          type: 'data',
          connectionId: 'dc_reach',
          serialization: 'raw',
          metadata: { reach: this.reach, registered: true },
        },
      }),
    );
  }

  /** Connect and resolve with ms until OPEN; then register the reach hash. */
  connect(wsBase) {
    const started = performance.now();
    const url = `${wsBase}/peerjs?key=peerjs&id=${this.id}&token=${this.token}&version=1.5.5`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      this.ws = ws;
      const timer = setTimeout(
        () => reject(new Error(`connect timeout for ${this.id}`)),
        STEP_TIMEOUT_MS,
      );
      ws.on('message', (data) => {
        const text = data.toString();
        if (text === '') return; // heartbeat auto-response
        let frame;
        try {
          frame = JSON.parse(text);
        } catch {
          return; // the stock client ignores unparsable frames too
        }
        if (frame.type === 'OPEN') {
          clearTimeout(timer);
          this.register();
          this.heartbeat = setInterval(() => this.send(HEARTBEAT_TEXT), HEARTBEAT_MS);
          resolve(performance.now() - started);
        } else if (frame.type === 'OFFER' && frame.payload?.metadata?.registered) {
          this.onRegistered?.();
        } else if (frame.type === 'OFFER') {
          this.onOffer?.(frame);
        } else if (frame.type === 'CANDIDATE') {
          this.onCandidate?.(frame);
        } else if (frame.type === 'ERROR' || frame.type === 'ID-TAKEN') {
          this.errors.push(text);
        }
      });
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.on('close', (code) => {
        clearInterval(this.heartbeat);
        if (code !== 1000 && code !== 1005) this.errors.push(`closed ${code}`);
      });
    });
  }

  send(text) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(text);
  }

  close() {
    clearInterval(this.heartbeat);
    this.ws?.close(1000);
  }

  get open() {
    return this.ws?.readyState === WebSocket.OPEN;
  }
}

// ---------------------------------------------------------------- measurements

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const fmt = (ms) => (Number.isFinite(ms) ? ms.toFixed(2) : 'n/a');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connect `peers` with bounded concurrency; returns connect times in ms. */
async function connectAll(peers, wsBase, concurrency = CONNECT_CONCURRENCY) {
  const times = [];
  let next = 0;
  async function lane() {
    while (next < peers.length) {
      const peer = peers[next++];
      times.push(await peer.connect(wsBase));
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  await Promise.all(peers.map((peer) => peer.registered));
  return times;
}

/**
 * Relay latency among `peers`: the first half sends to the second half, one OFFER per sender per
 * round at a random moment within the round. Returns one-way latencies in ms.
 */
async function measureRelay(peers) {
  const half = Math.floor(peers.length / 2);
  const latencies = [];
  for (let round = 0; round < ROUNDS; round++) {
    let pending = half;
    let done;
    const allIn = new Promise((resolve) => (done = resolve));
    for (let k = 0; k < half; k++) {
      peers[half + k].onOffer = (frame) => {
        // The worker relays known fields only ([SIG-PAY-7]): the bench's marks ride in metadata.
        const mark = frame.payload?.metadata;
        if (mark?.round !== round) return;
        latencies.push(performance.now() - mark.sentAt);
        if (--pending === 0) done();
      };
    }
    for (let k = 0; k < half; k++) {
      const sender = peers[k];
      const { id: dst, reach } = peers[half + k];
      setTimeout(() => {
        const offer = {
          type: 'OFFER',
          dst,
          payload: {
            type: 'data',
            connectionId: `dc_${k}`,
            serialization: 'raw',
            // A stock-shaped OFFER: the worker refuses any other shape ([SIG-PAY-3]).
            sdp: { type: 'offer', sdp: SDP_PAD },
            metadata: { round, sentAt: performance.now(), reach },
          },
        };
        sender.send(JSON.stringify(offer));
      }, Math.random() * ROUND_MS);
    }
    const timedOut = await Promise.race([
      allIn.then(() => false),
      sleep(STEP_TIMEOUT_MS).then(() => true),
    ]);
    if (timedOut) console.error(`round ${round}: ${pending} offers did not arrive`);
    await sleep(ROUND_MS / 2);
  }
  for (const peer of peers) peer.onOffer = null;
  return latencies;
}

/** CANDIDATEs per connection in the burst: within the worker's cap of 32 a side ([SIG-HS-3]). */
const BURST_PER_CONNECTION = 25;

/**
 * Send BURST CANDIDATEs in one go, each group after the OFFER that opens its connection
 * ([SIG-HS-1]); returns how many arrived out of order.
 */
async function burstInversions(sender, receiver) {
  const seen = [];
  let done;
  const allIn = new Promise((resolve) => (done = resolve));
  receiver.onCandidate = (frame) => {
    seen.push(Number(/^candidate:(\d+) /.exec(frame.payload.candidate.candidate)?.[1]));
    if (seen.length === BURST) done();
  };
  for (let n = 0; n < BURST; n++) {
    const connectionId = `dc_b${Math.floor(n / BURST_PER_CONNECTION)}`;
    if (n % BURST_PER_CONNECTION === 0) {
      sender.send(
        JSON.stringify({
          type: 'OFFER',
          dst: receiver.id,
          payload: {
            sdp: { type: 'offer', sdp: SDP_PAD },
            type: 'data',
            connectionId,
            serialization: 'raw',
            metadata: { reach: receiver.reach },
          },
        }),
      );
    }
    sender.send(
      JSON.stringify({
        type: 'CANDIDATE',
        dst: receiver.id,
        payload: {
          type: 'data',
          connectionId,
          candidate: { candidate: `candidate:${n} 1 udp 1 127.0.0.1 9 typ host`, sdpMid: '0' },
        },
      }),
    );
  }
  await Promise.race([allIn, sleep(STEP_TIMEOUT_MS)]);
  receiver.onCandidate = null;
  let inversions = BURST - seen.length;
  for (let i = 1; i < seen.length; i++) if (seen[i] < seen[i - 1]) inversions++;
  return inversions;
}

// ---------------------------------------------------------------- servers

/** The real worker (`npm start`) on a free loopback port with throwaway state; its base URL. */
async function startWrangler() {
  const persist = mkdtempSync(join(tmpdir(), 'plume-bench-'));
  cleanups.push(() => rmSync(persist, { recursive: true, force: true }));
  const dist = join(root, 'dist');
  const assets = existsSync(join(dist, 'index.html'))
    ? dist
    : join(root, 'worker/test/fixtures/assets');
  const worker = await startWorker(root, assets, persist);
  cleanups.push(worker.stop);
  return worker;
}

/** A minimal PeerJS-style relay in this process: the baseline. */
async function startBaselineRelay() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((resolve) => server.once('listening', resolve));
  const clients = new Map();
  server.on('connection', (ws, request) => {
    const id = new URL(request.url, 'http://x').searchParams.get('id');
    clients.set(id, ws);
    ws.send('{"type":"OPEN"}');
    ws.on('message', (data) => {
      const text = data.toString();
      if (text === HEARTBEAT_TEXT) return ws.send('');
      let frame;
      try {
        frame = JSON.parse(text);
      } catch {
        return;
      }
      const target = clients.get(frame.dst);
      if (target)
        target.send(
          JSON.stringify({ type: frame.type, src: id, dst: frame.dst, payload: frame.payload }),
        );
    });
    ws.on('close', () => clients.get(id) === ws && clients.delete(id));
  });
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `ws://127.0.0.1:${server.address().port}`;
}

// ---------------------------------------------------------------- main

async function main() {
  const external = process.env.BENCH_URL?.replace(/\/$/, '');
  const relayWorker = external ? null : await startWrangler();
  const httpBase = external ?? relayWorker.origin;
  const wsBase = httpBase.replace(/^http/, 'ws');
  console.log(
    `worker: ${httpBase}${external ? ' (external)' : ' (wrangler dev, started by the bench)'}`,
  );

  const identities = await Promise.all(Array.from({ length: Math.max(...LEVELS) }, makeIdentity));
  const peers = identities.map((identity) => new Peer(identity));
  cleanups.push(() => peers.forEach((peer) => peer.close()));

  // Warm up (the first object, token check and module compile are not the figure), then the
  // unloaded connect time: peers connecting strictly one after another.
  const warm = (await Promise.all(Array.from({ length: SOLO_CONNECTS + 1 }, makeIdentity))).map(
    (identity) => new Peer(identity),
  );
  cleanups.push(() => warm.forEach((peer) => peer.close()));
  await connectAll(warm.slice(0, 1), wsBase, 1);
  const soloConnect = await connectAll(warm.slice(1), wsBase, 1);
  await measureRelay(warm.slice(0, 2));

  const results = [];
  let connected = 0;
  let inversions = NaN;
  for (const level of LEVELS) {
    const connectTimes = await connectAll(peers.slice(connected, level), wsBase);
    connected = level;
    const relay = await measureRelay(peers.slice(0, level));
    results.push({
      level,
      connectTimes,
      relay,
      open: peers.slice(0, level).filter((p) => p.open).length,
    });
    if (level === LEVELS[0]) inversions = await burstInversions(peers[0], peers[1]);
  }

  // Baseline: the same 100-peer run against the in-process relay.
  const baseUrl = await startBaselineRelay();
  const basePeers = (await Promise.all(Array.from({ length: LEVELS[0] }, makeIdentity))).map(
    (i) => new Peer(i),
  );
  cleanups.push(() => basePeers.forEach((peer) => peer.close()));
  const baseConnect = await connectAll(basePeers, baseUrl);
  const baseRelay = await measureRelay(basePeers);

  const errors = peers.flatMap((peer) => peer.errors);
  // The relay is measured: stop its peers and its worker, so they do not load the wake figure.
  for (const peer of [...peers, ...warm, ...basePeers]) peer.close();
  await relayWorker?.stop();
  const wake = await measureWake(root);
  const wakeLatencies = wake.latencies.filter((ms) => ms !== null);
  const wakeStatuses = Object.entries(
    wake.statuses.reduce(
      (counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }),
      {},
    ),
  )
    .map(([status, count]) => `${count}× ${status}`)
    .join(', ');
  console.log('');
  console.log('peers | connect p50 / p99 ms | relay p50 / p99 ms | samples | open');
  for (const r of results) {
    console.log(
      `${String(r.level).padStart(5)} | ${fmt(percentile(r.connectTimes, 50)).padStart(8)} / ${fmt(percentile(r.connectTimes, 99)).padStart(8)}` +
        ` | ${fmt(percentile(r.relay, 50)).padStart(7)} / ${fmt(percentile(r.relay, 99)).padStart(7)} | ${String(r.relay.length).padStart(7)} | ${r.open}`,
    );
  }
  const baseRelayP50 = percentile(baseRelay, 50);
  const baseRelayP99 = percentile(baseRelay, 99);
  console.log(
    `baseline (in-process ws relay, ${LEVELS[0]} peers): connect p50 ${fmt(percentile(baseConnect, 50))} ms, relay p50 ${fmt(baseRelayP50)} / p99 ${fmt(baseRelayP99)} ms`,
  );
  console.log(
    `connect one at a time (${SOLO_CONNECTS} peers): p50 ${fmt(percentile(soloConnect, 50))} / p99 ${fmt(percentile(soloConnect, 99))} ms`,
  );
  console.log(
    `unexpected errors/closes: ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ''}`,
  );
  console.log(
    `wake (${WAKES_PER_SECOND}/s, each to its own object, app closed): request → push request leaving the worker p50 ${fmt(percentile(wakeLatencies, 50))} / p99 ${fmt(percentile(wakeLatencies, 99))} ms; ${wakeLatencies.length} of ${wake.latencies.length} pushes arrived; answers: ${wakeStatuses}`,
  );
  console.log('');

  const first = results[0];
  console.log(`BENCH connect_solo_p50_ms ${fmt(percentile(soloConnect, 50))}`);
  for (const r of results) {
    console.log(`BENCH connect_p50_ms_${r.level} ${fmt(percentile(r.connectTimes, 50))}`);
    console.log(`BENCH connect_p99_ms_${r.level} ${fmt(percentile(r.connectTimes, 99))}`);
    console.log(`BENCH relay_p50_ms_${r.level} ${fmt(percentile(r.relay, 50))}`);
    // relay_p99_ms_100 is the headline figure: it is printed last, once.
    if (r !== first) console.log(`BENCH relay_p99_ms_${r.level} ${fmt(percentile(r.relay, 99))}`);
  }
  console.log(`BENCH baseline_relay_p50_ms ${fmt(baseRelayP50)}`);
  console.log(`BENCH baseline_relay_p99_ms ${fmt(baseRelayP99)}`);
  console.log(
    `BENCH relay_p50_ratio_vs_baseline_100 ${(percentile(first.relay, 50) / baseRelayP50).toFixed(2)}`,
  );
  console.log(
    `BENCH relay_p99_ratio_vs_baseline_100 ${(percentile(first.relay, 99) / baseRelayP99).toFixed(2)}`,
  );
  console.log(`BENCH burst_${BURST}_order_inversions ${inversions}`);
  console.log(`BENCH peers_connected ${results.at(-1).open}`);
  console.log(`BENCH wake_p50_ms ${fmt(percentile(wakeLatencies, 50))}`);
  console.log(`BENCH wake_p99_ms ${fmt(percentile(wakeLatencies, 99))}`);
  console.log(`BENCH relay_p99_ms_100 ${fmt(percentile(first.relay, 99))}`);
}

await runBench(main, { deadlineMs: 10 * 60_000 });
