#!/usr/bin/env node
// Flood bench: one attacker socket floods a victim's id (and fresh ids nobody ever used) with
// OFFERs that carry no reach token, while a friend who holds the victim's token sends the victim
// 100 OFFERs: 80 while the victim is online, 20 while it is away for a moment (queued,
// [SIG-STORE-3]). The victim registers its token's hash after every OPEN ([SIG-REACH-2]).
// Against the real worker under `wrangler dev` on loopback, with throwaway state that is read back
// after the worker stops.
//
// Prints:
//   BENCH abuse_friend_delivered  share of the friend's 100 the victim got (target 1.0)
//   BENCH abuse_storage_rows      rows the attack left in the peer objects' storage (target 0)
//   BENCH abuse_attacker_frames   frames the attacker sent (1,500 per phase, half to fresh ids)
//   BENCH abuse_fresh_objects     peer objects the attack's fresh ids made: each is one call the
//     attacker's object let through ([SIG-HYG-7]: at most 256 at once, then one a second)
//   BENCH abuse_stranger_offers_delivered  the attacker's OFFERs that reached the victim, live or
//     queued: the trickle ([SIG-REACH-4]), 4 at once and one per 15 s, out of ~1,000 sent to it
//   BENCH abuse_victim_reconnect_ms  the victim's reconnect (OPEN) while the flood is handled;
//     under `wrangler dev` each fresh id's object is a new SQLite file on disk, so this shows the
//     local runtime's backlog more than production's
// Baseline: the same friend traffic with no attacker (`abuse_baseline_friend_delivered`).
// Bounded: fixed counts, per-step timeouts and a global deadline; always cleans up.
import { spawnSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { cleanups, runBench } from './lifecycle.mjs';
import { reachFrame, reachHash, reachToken } from './reachTokens.mjs';
import { startWorker } from './server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FRIEND_ONLINE = 80;
const FRIEND_AWAY = 20;
/** The attacker's flood: half to the victim, half to fresh ids; more than its bucket holds. */
const FLOOD = Number(process.env.ABUSE_FLOOD ?? 3_000);
const STEP_TIMEOUT_MS = 60_000;
const SDP = `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n${'a=x\r\n'.repeat(300)}`;
const { subtle } = webcrypto;

// ---------------------------------------------------------------- identities (as in signaling.bench)

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
function base32(bytes) {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += B32[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32[(buffer << (5 - bits)) & 31];
  return out;
}
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');

async function makeIdentity() {
  const pair = await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const pub = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  const id = base32(new Uint8Array(await subtle.digest('SHA-256', pub)).subarray(0, 20));
  const token = async () => {
    const ts = Date.now();
    const message = new TextEncoder().encode(`plume-signal/1|${id}|${ts}`);
    const sig = new Uint8Array(await subtle.sign({ name: 'Ed25519' }, pair.privateKey, message));
    return `${ts}.${b64url(pub)}.${b64url(sig)}`;
  };
  return { id, token };
}

/** A fresh id that no socket ever held. */
function strangerId() {
  return base32(webcrypto.getRandomValues(new Uint8Array(20)));
}

// ---------------------------------------------------------------- a signaling client

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const within = (promise, what) =>
  Promise.race([
    promise,
    sleep(STEP_TIMEOUT_MS).then(() => {
      throw new Error(`timed out: ${what}`);
    }),
  ]);

/** Connect `who`; resolves once OPEN arrived. `onFrame` sees every later frame. */
async function connect(wsBase, who, onFrame = () => {}) {
  const url = `${wsBase}/peerjs?key=peerjs&id=${who.id}&token=${await who.token()}&version=1.5.5`;
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  await within(
    new Promise((resolve, reject) => {
      ws.on('error', reject);
      ws.on('close', (code) => reject(new Error(`closed ${code} before OPEN`)));
      ws.on('message', (data) => {
        const text = data.toString();
        if (text === '') return;
        const frame = JSON.parse(text);
        if (frame.type === 'OPEN') resolve();
        else if (frame.type === 'ERROR' || frame.type === 'ID-TAKEN') reject(new Error(text));
        else onFrame(frame);
      });
    }),
    `OPEN for ${who.id}`,
  );
  return { ws, closed, send: (frame) => ws.readyState === 1 && ws.send(JSON.stringify(frame)) };
}

function offer(dst, connectionId, metadata) {
  return {
    type: 'OFFER',
    dst,
    payload: {
      sdp: { type: 'offer', sdp: SDP },
      type: 'data',
      connectionId,
      label: connectionId,
      reliable: true,
      serialization: 'raw',
      metadata,
    },
  };
}

// ---------------------------------------------------------------- one run

/** Rows left in every PeerObject's storage (pending messages and KV keys), read after stop. */
function storageRows(persist) {
  const dirs = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.sqlite') && dir.includes('PeerObject')) dirs.push(path);
    }
  };
  if (existsSync(persist)) walk(persist);
  let rows = 0;
  for (const file of dirs) {
    const run = spawnSync(
      'sqlite3',
      [
        file,
        "SELECT (SELECT COUNT(*) FROM sqlite_master WHERE name='pending') AS p, " +
          "(SELECT COUNT(*) FROM sqlite_master WHERE name='_cf_KV') AS k;",
      ],
      { encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(`sqlite3 failed on ${file}: ${run.stderr}`);
    const [p, k] = run.stdout.trim().split('|').map(Number);
    const count = (table) =>
      Number(
        spawnSync('sqlite3', [file, `SELECT COUNT(*) FROM ${table};`], {
          encoding: 'utf8',
        }).stdout.trim(),
      );
    if (p) rows += count('pending');
    if (k) rows += count('_cf_KV');
  }
  return { rows, objects: dirs.length };
}

async function run({ attack }) {
  const persist = mkdtempSync(join(tmpdir(), 'plume-abuse-bench-'));
  cleanups.push(() => rmSync(persist, { recursive: true, force: true }));
  const dist = join(root, 'dist');
  const assets = existsSync(join(dist, 'index.html'))
    ? dist
    : join(root, 'worker/test/fixtures/assets');
  const worker = await startWorker(root, assets, persist);
  cleanups.push(worker.stop);
  const wsBase = worker.origin.replace(/^http/, 'ws');

  const [victim, friend, attacker] = await Promise.all([
    makeIdentity(),
    makeIdentity(),
    makeIdentity(),
  ]);
  const got = new Set();
  let strangerOffers = 0;
  const onVictim = (frame) => {
    const mark = frame.payload?.metadata?.friend;
    if (frame.src === friend.id && typeof mark === 'number') got.add(mark);
    if (frame.src === attacker.id && frame.type === 'OFFER') strangerOffers++;
  };
  // The token the victim gave its friend; the victim registers its hash after every OPEN.
  const friendToken = reachToken();
  const registration = reachFrame([await reachHash(friendToken)]);
  const connectVictim = async () => {
    const c = await connect(wsBase, victim, onVictim);
    c.ws.send(registration);
    return c;
  };
  let v = await connectVictim();
  const f = await connect(wsBase, friend);
  const x = attack ? await connect(wsBase, attacker) : null;

  // Phase 1: the victim is online. The attacker floods as fast as the socket takes it.
  let flooded = 0;
  const flood = async (count) => {
    for (let i = 0; i < count && x.ws.readyState === 1; i++) {
      const dst = i % 2 === 0 ? victim.id : strangerId();
      x.send(offer(dst, `dc_x${flooded}`, { junk: flooded }));
      flooded++;
      if (i % 100 === 99) await sleep(0);
    }
  };
  const attacking = attack ? flood(FLOOD / 2) : Promise.resolve();
  for (let i = 0; i < FRIEND_ONLINE; i++) {
    f.send(offer(victim.id, `dc_f${i}`, { friend: i, reach: friendToken }));
    await sleep(5);
  }
  await attacking;
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (got.size < FRIEND_ONLINE && Date.now() < deadline) await sleep(20);

  // Phase 2: the victim steps away; the flood goes on; the friend's next 20 wait in its queue.
  v.ws.close(1000);
  await v.closed;
  const attacking2 = attack ? flood(FLOOD / 2) : Promise.resolve();
  for (let i = FRIEND_ONLINE; i < FRIEND_ONLINE + FRIEND_AWAY; i++) {
    f.send(offer(victim.id, `dc_f${i}`, { friend: i, reach: friendToken }));
  }
  await attacking2;
  await sleep(200);
  const reconnectStarted = Date.now();
  v = await connectVictim();
  const reconnectMs = Date.now() - reconnectStarted;
  const end = Date.now() + STEP_TIMEOUT_MS;
  while (got.size < FRIEND_ONLINE + FRIEND_AWAY && Date.now() < end) await sleep(20);
  const attackerClosed = x ? await Promise.race([x.closed, sleep(0).then(() => null)]) : null;

  for (const c of [v, f, x]) c?.ws.close(1000);
  // Past the queue TTL, so every alarm has run, then stop the worker and read its storage.
  await sleep(6_000);
  await worker.stop();
  const storage = storageRows(persist);
  // The ids that connected (victim, friend, attacker) keep their `held` mark ([SIG-STORE-1]), and
  // the victim its reach set ([SIG-REACH-2]); anything else is the attack's.
  const attackRows = storage.rows - (attack ? 3 : 2) - 1;
  return {
    delivered: got.size / (FRIEND_ONLINE + FRIEND_AWAY),
    attackRows,
    flooded,
    attackerClosed,
    strangerOffers,
    objects: storage.objects,
    reconnectMs,
  };
}

async function main() {
  if (process.env.ABUSE_ONLY === '1') {
    console.log(JSON.stringify(await run({ attack: true })));
    return;
  }
  const base = await run({ attack: false });
  console.log(
    `baseline (no attacker): friend delivered ${base.delivered}, rows ${base.attackRows}`,
  );
  const hit = await run({ attack: true });
  console.log(
    `attack: friend delivered ${hit.delivered}; attacker sent ${hit.flooded} frames` +
      ` (socket closed: ${hit.attackerClosed ?? 'no'}); ${hit.objects} peer objects on disk`,
  );
  console.log(`BENCH abuse_baseline_friend_delivered ${base.delivered.toFixed(2)}`);
  console.log(`BENCH abuse_attacker_frames ${hit.flooded}`);
  console.log(`BENCH abuse_friend_delivered ${hit.delivered.toFixed(2)}`);
  console.log(`BENCH abuse_storage_rows ${hit.attackRows}`);
  // The victim, the friend and the attacker connected; every other object is a fresh id's.
  console.log(`BENCH abuse_fresh_objects ${hit.objects - 3}`);
  console.log(`BENCH abuse_stranger_offers_delivered ${hit.strangerOffers}`);
  console.log(`BENCH abuse_baseline_victim_reconnect_ms ${base.reconnectMs}`);
  console.log(`BENCH abuse_victim_reconnect_ms ${hit.reconnectMs}`);
}

await runBench(main, { deadlineMs: 8 * 60_000 });
