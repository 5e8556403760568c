#!/usr/bin/env node
// The bill, written down (`npm run cost`): what one normal user costs the operator a day, and what
// each attack of docs/operations.md "Cost" costs before and after the limits, from the documented
// limits (docs/protocol.md) and Cloudflare's list prices. Prints the Markdown table that
// docs/operations.md carries. Marginal prices only: the monthly allowances of the Workers Paid
// plan ($5/month) are left out, so small figures are upper bounds.

/**
 * Cloudflare list prices, Workers Paid plan, USD. Read 2026-12-07.
 * - Workers requests and CPU: developers.cloudflare.com/workers/platform/pricing/
 * - Durable Objects (requests incl. RPC calls and alarms, 20 incoming WebSocket messages billed
 *   as one request, duration, SQLite rows and storage):
 *   developers.cloudflare.com/durable-objects/platform/pricing/
 * - Workers Logs (per log event beyond 20 M a month):
 *   developers.cloudflare.com/workers/observability/logs/workers-logs/ (pricing section)
 * - Realtime TURN egress (1,000 GB a month free): developers.cloudflare.com/realtime/turn/
 * - Static assets: free and unlimited when the worker does not run first.
 * - The Rate Limiting binding: no separate charge listed.
 */
const PRICE = {
  workerRequest: 0.3 / 1e6,
  workerCpuMs: 0.02 / 1e6,
  doRequest: 0.15 / 1e6,
  doGbS: 12.5 / 1e6,
  rowWritten: 1.0 / 1e6,
  rowRead: 0.001 / 1e6,
  storageGbMonth: 0.2,
  logEvent: 0.6 / 1e6,
  turnGb: 0.05,
};
/** Workers Free plan daily quotas (what locks everyone out when an attack uses them up). */
const FREE_DO_REQUESTS_PER_DAY = 100_000;
const FREE_ROWS_WRITTEN_PER_DAY = 100_000;

/** Modelling assumptions (each is a documented limit or a measured/estimated figure). */
const A = {
  wsMessagesPerDoRequest: 20,
  /** Wall-clock an object is billed per event, at 128 MB (estimate). */
  doGbSPerRequest: 0.01 * 0.125,
  workerCpuMsPerRequest: 1,
  /** SQLite storage an object keeps after one write without deleteAll() (the DO FAQ). */
  emptyDbBytes: 12 * 1024,
  secondsPerDay: 86_400,
  /** [SIG-HYG-4]: frames per id and second, bytes per id and second. */
  framesPerSecond: 100,
  bytesPerSecond: 512 * 1024,
  /** [SIG-ADDR-3], [SIG-ADDR-2], [TURN-9]. */
  socketsPerAddress: 64,
  connectsPerAddressPerMinute: 30,
  turnPerAddressPerMinute: 10,
  turnTtlHoursBefore: 24,
  turnTtlHoursAfter: 2,
  /** What one TURN credential can carry a day at ~93 Mbit/s (the estimate). */
  turnGbPerCredentialDay: 1000,
  /** The relay estimate before: two colluding clients, 64 KiB payloads. */
  relayGbPerDayBefore: 90,
  relayFrameBytesBefore: 64 * 1024,
  /** [SIG-PAY-8]: an OFFER's SDP ≤ 16 KiB. */
  relayFrameBytesAfter: 16 * 1024,
  /** [SIG-HYG-7]: new recipients per id (burst, then per second), known ones, the hold. */
  newRecipientBurst: 256,
  newRecipientsPerSecond: 1,
  knownRecipients: 256,
  absentHoldS: 5 * 60,
  /** [SIG-REACH-4]: OFFERs without a registered token, per recipient: a burst, then one per interval. */
  trickleBurst: 4,
  trickleIntervalS: 15,
  /** [SIG-REACH-7]: strangers' frames per recipient (burst), and new strangers a minute. */
  strangerFrames: 132,
  newStrangersPerMinute: 8,
  /** bench:abuse: the attacker's OFFERs to the victim, and how many reached it. */
  benchVictimOffers: 1500,
  benchStrangerOffersDelivered: 10,
};

/** A day of one normal user: 3 app starts, 20 handshakes (OFFER/ANSWER + ~10 candidates each side). */
const NORMAL = {
  starts: 3,
  handshakes: 20,
  framesPerHandshake: 22,
  rpcsPerHandshake: 8,
  assetRequestsPerStart: 5,
};

function cost({
  workerRequests = 0,
  doRequests = 0,
  wsMessages = 0,
  rowsWritten = 0,
  rowsRead = 0,
  logs = 0,
  storageGbDay = 0,
  turnGb = 0,
}) {
  const doBilled = doRequests + wsMessages / A.wsMessagesPerDoRequest;
  return (
    workerRequests * (PRICE.workerRequest + A.workerCpuMsPerRequest * PRICE.workerCpuMs) +
    doBilled * (PRICE.doRequest + A.doGbSPerRequest * PRICE.doGbS) +
    rowsWritten * PRICE.rowWritten +
    rowsRead * PRICE.rowRead +
    logs * PRICE.logEvent +
    (storageGbDay * PRICE.storageGbMonth) / 30 +
    turnGb * PRICE.turnGb
  );
}

function normalUser(after) {
  // Per start: the connect and one `/turn`. Before, also the app's assets through the worker.
  const workerRequests =
    NORMAL.starts * 2 + (after ? 0 : NORMAL.starts * NORMAL.assetRequestsPerStart);
  // Per start: the connect to the id's object, and `/turn`: before, a TurnLimiter call and its
  // alarm; after, the address gate's acquire and release and one call to the id's own object
  // ([TURN-6]: no TurnLimiter, and no early `/turn` that gets 409, [TURN-7]).
  const doRequests =
    NORMAL.starts * (after ? 1 + 2 + 1 : 1 + 2) + NORMAL.handshakes * NORMAL.rpcsPerHandshake;
  const wsMessages = NORMAL.handshakes * NORMAL.framesPerHandshake;
  // Before: the TurnLimiter's bucket, its alarm, its deleteAll. After: nothing per start.
  const rowsWritten = after ? 0 : NORMAL.starts * 3;
  const logs = after ? 0 : workerRequests + doRequests;
  return cost({ workerRequests, doRequests, wsMessages, rowsWritten, logs });
}

const day = A.framesPerSecond * A.secondsPerDay;

/** One socket at 100 frames/s to a fresh id each time ([SIG-STORE-1]). */
function freshIds(after) {
  if (!after) {
    // Each frame: RPC, table + row + alarm, the alarm, EXPIRE back; 12 KB kept for ever.
    const doRequests = day * 3;
    return {
      perDay: cost({
        doRequests,
        wsMessages: day,
        rowsWritten: day * 3,
        logs: doRequests,
        storageGbDay: (day * A.emptyDbBytes) / 1e9,
      }),
      storedGb: (day * A.emptyDbBytes) / 1e9,
      freeQuotaMinutes: FREE_ROWS_WRITTEN_PER_DAY / (3 * A.framesPerSecond) / 60,
    };
  }
  // The frames still arrive (and are billed as WebSocket messages), but only a frame to a new
  // recipient (one a second) or to a held one whose hold ended (each of the 256 known ones once
  // per 5 min) makes an RPC, which reads the `held` mark and answers EXPIRE; nothing written.
  // The rest get EXPIRE from the sender's own object ([SIG-HYG-7]).
  const rpcs =
    A.newRecipientBurst +
    A.newRecipientsPerSecond * A.secondsPerDay +
    A.knownRecipients * (A.secondsPerDay / A.absentHoldS);
  return {
    perDay: cost({ doRequests: rpcs, wsMessages: day, rowsRead: rpcs }),
    withoutBudget: cost({ doRequests: day, wsMessages: day, rowsRead: day }),
    rpcs,
    storedGb: 0,
    freeQuotaMinutes:
      FREE_DO_REQUESTS_PER_DAY / ((day / A.wsMessagesPerDoRequest + rpcs) / A.secondsPerDay) / 60,
  };
}

/**
 * New ids for new budgets: an address replaces its sockets with new ids at its connect limit,
 * each spending a full burst ([SIG-HYG-7]). Each connect also costs the worker request, the
 * address gate's two calls, the id's object and its `held` mark.
 */
function freshIdRotation() {
  const connects = A.connectsPerAddressPerMinute * 60 * 24;
  const rpcs = connects * A.newRecipientBurst;
  return cost({
    workerRequests: connects,
    doRequests: rpcs + connects * 3,
    rowsRead: rpcs,
    rowsWritten: connects,
  });
}

const money = (v) =>
  v >= 100 ? `$${v.toFixed(0)}` : v >= 1 ? `$${v.toFixed(2)}` : `$${v.toPrecision(2)}`;

const fb = freshIds(false);
const fa = freshIds(true);
const perAddress = (v) => v * A.socketsPerAddress;
const rotation = freshIdRotation();
const relayFramesBefore = (A.relayGbPerDayBefore * 1e9) / A.relayFrameBytesBefore;
const relayGbAfter = (A.bytesPerSecond * A.secondsPerDay) / 1e9;
const relayFramesAfter = (relayGbAfter * 1e9) / A.relayFrameBytesAfter;
const relayCost = (frames, logs) =>
  cost({ doRequests: frames, wsMessages: frames * 2, logs: logs ? frames * 2 : 0 });
const turnPerCredential = (hours) => ((A.turnGbPerCredentialDay * hours) / 24) * PRICE.turnGb;

const rows = [
  [
    'Normal user, per day',
    money(normalUser(false)),
    money(normalUser(true)),
    'after: no asset or log charges; one `/turn` per start, no storage write',
  ],
  [
    'Messages to fresh absent ids, one socket at 100 frames/s',
    `${money(fb.perDay)}/day + ${fb.storedGb.toFixed(0)} GB kept for ever; free plan out in ${fb.freeQuotaMinutes.toFixed(1)} min`,
    `${money(fa.perDay)}/day (${(fa.rpcs / 1e3).toFixed(0)} k calls), 0 GB; free plan out in ${(fa.freeQuotaMinutes / 60).toFixed(1)} h`,
    `one address: ${A.socketsPerAddress} sockets ${money(perAddress(fa.perDay))} + new ids at the connect limit ${money(rotation)} = ${money(perAddress(fa.perDay) + rotation)}/day at most; without the recipient budget ${money(fa.withoutBudget)}/day per socket, ${money(perAddress(fa.withoutBudget))} per address`,
  ],
  [
    'Reconnects refill the bucket',
    `5 reconnects/s ≈ 10,000 frames/s per id: ${money(fb.perDay * 100)}/day per id, sockets unlimited`,
    `100 frames/s per id whatever the sockets: ${money(fa.perDay)}/day per id`,
    `connects 30/min and ${A.socketsPerAddress} sockets per address`,
  ],
  [
    'Free data relay (two colluding ids)',
    `${A.relayGbPerDayBefore} GB/day, ${money(relayCost(relayFramesBefore, true))}/day`,
    `${relayGbAfter.toFixed(0)} GB/day in OFFER SDPs at most (byte bucket), ${money(relayCost(relayFramesAfter, false))}/day`,
    'only OFFER carries bulk (SDP ≤ 16 KiB); ANSWER/CANDIDATE need a real handshake',
  ],
  [
    'A victim’s id',
    '~1.9 GB/h of tab memory per attacker socket; friends get EXPIRE and busy',
    `${A.trickleBurst} token-less OFFERs at once, then ${60 / A.trickleIntervalS} a minute, from all strangers together (bench: ${A.benchStrangerOffersDelivered} of ${A.benchVictimOffers.toLocaleString('en-US')}; friend delivered 1.0); the rest EXPIRE at once, nothing stored; ${money(fa.perDay)}/day per attacker socket`,
    `strangers share ${A.strangerFrames} frames and ${A.newStrangersPerMinute} new senders a minute per recipient; friends never counted; memory only, full again after an eviction`,
  ],
  [
    '`GET /turn` for anyone',
    `any id, 24 h credentials: ${money(turnPerCredential(A.turnTtlHoursBefore))} per credential`,
    `a live socket ≥ 5 s, ${A.turnPerAddressPerMinute}/min per address, 2 h: ${money(turnPerCredential(A.turnTtlHoursAfter))} per credential`,
    'a sustained relay still costs its bandwidth; hence the usage alert',
  ],
  [
    'Logs',
    `one event per invocation: ${money(PRICE.logEvent * 1e6)} per million requests, URLs with tokens`,
    '$0: errors only, redacted',
    'observability.logs.invocation_logs = false',
  ],
  [
    'Assets through the worker',
    `${money(PRICE.workerRequest * 1e6)} per million asset requests`,
    '$0: served without the worker',
    'run_worker_first: /peerjs, /turn only',
  ],
];

console.log('| Attack | Before | After | Note |');
console.log('| --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`\nPrices (USD, Workers Paid, read 2026-12-07): ${JSON.stringify(PRICE)}`);
