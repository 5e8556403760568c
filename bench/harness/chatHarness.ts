/**
 * Chat bench harness (bench only, never in dist/): the app's own store, signing and search code,
 * exposed on `window.plumeBench` for bench/chat.bench.mjs. It runs in a page of the same origin
 * as the app, so it reads and writes the app's IndexedDB through the app's schema (real indexes,
 * real derived tables). Used while no app page of that install is open, so the app's engine
 * never races these writes.
 *
 * Seeding writes signed events with the app's `storeEvents` (the transaction the engine uses for
 * every stored event: log, folded message, search postings, conversation row). Events of the
 * other author are signed in the other install's context and only their signatures cross over.
 */
import type { ChatEvent, UnsignedEvent } from '../../src/lib/chatEvent';
import { signEvent } from '../../src/lib/chatEvent';
import { directConversationId } from '../../src/lib/convId';
import type { ConversationId, PeerId } from '../../src/lib/ids';
import { foldText } from '../../src/lib/search/tokenize';
import { storeEvents } from '../../src/db/chatStore';
import { ensureConv as ensureConvRow } from '../../src/db/convsRepo';
import { getDb } from '../../src/db/db';
import { getIdentity, type StoredIdentity } from '../../src/db/identityRepo';
import { generateIdentityKeys } from '../../src/lib/identity';
import { checkEvents, KeyCache, type CheckJob } from '../../src/peers/sync/checkEvents';
import { EventVerifier } from '../../src/peers/sync/EventVerifier';
import { rawBulkPut, type RawRecord } from './rawIdb';
import { EN_MARKER, MARKER_EVERY, messageText, prng, ZH_MARKER } from './texts';

/** Events per storeEvents call while seeding (one IndexedDB transaction each). */
const STORE_CHUNK = 500;
/** Signatures in flight at once. */
const SIGN_CONCURRENCY = 256;

let identity: StoredIdentity | null = null;

async function me(): Promise<StoredIdentity> {
  identity ??= await getIdentity();
  if (!identity) throw new Error('no identity in this install');
  return identity;
}

/** The deterministic text of message `n` of the bench stream. */
function textOf(n: number): string {
  return messageText(n, prng(0x9e3779b1 ^ n));
}

/**
 * What to seed into one conversation: `count` text messages, alternating between the two
 * authors in runs of 1–4 messages (only `me` when `onlyMe`), lamports right after the current
 * state, timestamps `stepMs` apart ending at `endTs`. Both installs compute the same plan.
 */
export interface SeedPlan {
  conv: ConversationId;
  a: PeerId;
  b: PeerId;
  count: number;
  /** Highest lamport already in the conversation. */
  lamport: number;
  /** Highest seq already held per author. */
  seqA: number;
  seqB: number;
  endTs: number;
  stepMs: number;
  /** Message number of the first event (text stream offset). */
  firstText: number;
  /** All events by `a` (no run pattern). */
  onlyA: boolean;
  seed: number;
}

function planEvents(plan: SeedPlan): UnsignedEvent<'text'>[] {
  const rand = prng(plan.seed);
  const out: UnsignedEvent<'text'>[] = [];
  let seqA = plan.seqA;
  let seqB = plan.seqB;
  let author = plan.a;
  let run = 0;
  for (let i = 0; i < plan.count; i++) {
    if (!plan.onlyA && run <= 0) {
      author = rand() < 0.5 ? plan.a : plan.b;
      run = 1 + Math.floor(rand() * 4);
    }
    run--;
    const seq = author === plan.a ? ++seqA : ++seqB;
    out.push({
      conv: plan.conv,
      author,
      seq,
      lamport: plan.lamport + i + 1,
      ts: plan.endTs - (plan.count - 1 - i) * plan.stepMs,
      type: 'text',
      body: { text: textOf(plan.firstText + i) },
    });
  }
  return out;
}

async function signAll(events: UnsignedEvent<'text'>[], key: CryptoKey): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for (let i = 0; i < events.length; i += SIGN_CONCURRENCY) {
    const batch = events.slice(i, i + SIGN_CONCURRENCY);
    out.push(...(await Promise.all(batch.map((e) => signEvent(e, key)))));
  }
  return out;
}

/**
 * Sign this install's share of `plan`. Returns one entry per planned event, in plan order: the
 * signature for mine, '' for the other author's.
 */
async function signMine(plan: SeedPlan): Promise<{ sigs: string[]; ms: number }> {
  const self = await me();
  const started = performance.now();
  const events = planEvents(plan);
  const signed = await signAll(
    events.filter((e) => e.author === self.id),
    self.privateKey,
  );
  let m = 0;
  const sigs = events.map((e) => (e.author === self.id ? signed[m++]!.sig : ''));
  return { sigs, ms: performance.now() - started };
}

/**
 * Seed events `[from, to)` of `plan` into this install's database: sign my events here, take the
 * other author's signatures from `foreignSigs` (what {@link signMine} returned in the other
 * install, sliced to `[from, to)`), and store all in lamport order with the app's storeEvents.
 * Called slice by slice, in order, so the bench can show progress.
 */
async function seed(
  plan: SeedPlan,
  foreignSigs: string[],
  from: number,
  to: number,
): Promise<{ signMs: number; storeMs: number; stored: number; gaps: number; dups: number }> {
  const self = await me();
  const peer = self.id === plan.a ? plan.b : plan.a;
  const events = planEvents(plan).slice(from, to);
  let started = performance.now();
  const mine = await signAll(
    events.filter((e) => e.author === self.id),
    self.privateKey,
  );
  const signMs = performance.now() - started;
  let m = 0;
  const all: ChatEvent[] = events.map((e, i) => {
    if (e.author === self.id) return mine[m++]!;
    const sig = foreignSigs[i];
    if (!sig) throw new Error('missing signature of the other author');
    return { ...e, sig };
  });
  const who = { conv: plan.conv, peer, members: [self.id, peer].sort() };
  let stored = 0;
  let gaps = 0;
  let dups = 0;
  started = performance.now();
  for (let i = 0; i < all.length; i += STORE_CHUNK) {
    const result = await storeEvents(
      getDb(),
      who,
      all.slice(i, i + STORE_CHUNK),
      self.id,
      Date.now(),
    );
    stored += result.stored.length;
    gaps += result.gaps;
    dups += result.duplicates;
  }
  return { signMs, storeMs: performance.now() - started, stored, gaps, dups };
}

/** Rows in the search index (all chats) and messages: how much one message costs in postings. */
async function indexSize(): Promise<{ postings: number; messages: number; events: number }> {
  const db = getDb();
  const [postings, messages, events] = await Promise.all([
    db.postings.count(),
    db.messages.count(),
    db.events.count(),
  ]);
  return { postings, messages, events };
}

/** Create the direct conversation row with `peer` (what openDirectChat does), if missing. */
async function ensureConv(peer: PeerId): Promise<ConversationId> {
  const self = await me();
  const conv = directConversationId(self.id, peer);
  await ensureConvRow(getDb(), { conv, peer, members: [self.id, peer] }, Date.now());
  return conv;
}

/** The conversation row's sync state, or null. */
async function convState(
  conv: ConversationId,
): Promise<{ vv: Record<string, number>; maxLamport: number; messages: number } | null> {
  const db = getDb();
  const row = await db.convs.get(conv);
  if (!row) return null;
  const messages = await db.messages
    .where('[conv+lamport+author]')
    .between([conv, 0, ''], [conv, Number.MAX_SAFE_INTEGER, '\uffff'])
    .count();
  return { vv: { ...row.vv }, maxLamport: row.maxLamport, messages };
}

/** Baseline for sync: `count` event-shaped records through plain IndexedDB, one transaction. */
async function rawPut(count: number): Promise<{ ms: number }> {
  const self = await me();
  const sig = 'x'.repeat(86);
  const records: RawRecord[] = [];
  for (let i = 0; i < count; i++) {
    records.push({
      conv: 'd:benchbaselinebenchbaseline',
      author: self.id,
      seq: i + 1,
      lamport: i + 1,
      ts: Date.now(),
      type: 'text',
      body: { text: textOf(i) },
      sig,
    });
  }
  return { ms: await rawBulkPut(records) };
}

/**
 * Checking received events ([CHAT-7]) in frames of 100: on this thread, in the verify worker one
 * frame at a time, and in the worker with `inFlight` frames at once. A throwaway key signs
 * `count` bench texts first (not timed).
 */
async function verifyBench(
  count: number,
  inFlight: number,
): Promise<{ mainMs: number; workerMs: number; workerInFlightMs: number; passed: number }> {
  const [author, peer] = [await generateIdentityKeys(), await generateIdentityKeys()];
  const conv = directConversationId(author.id, peer.id);
  const plan = { conv, a: author.id, b: peer.id, count, lamport: 0, seqA: 0, seqB: 0 };
  const unsigned = planEvents({
    ...plan,
    endTs: Date.now(),
    stepMs: 1,
    firstText: 0,
    onlyA: true,
    seed: 3,
  });
  // As they arrive: plain JSON.
  const events = JSON.parse(
    JSON.stringify(await signAll(unsigned, author.privateKey)),
  ) as unknown[];
  const jobs: CheckJob[] = [];
  for (let i = 0; i < events.length; i += 100) {
    jobs.push({
      conv,
      events: events.slice(i, i + 100),
      keys: { [author.id]: author.publicKeyRaw },
    });
  }
  let passed = 0;
  const keys = new KeyCache();
  let started = performance.now();
  for (const job of jobs)
    passed += (await checkEvents(job, keys)).filter((r) => typeof r !== 'string').length;
  const mainMs = performance.now() - started;
  const verifier = new EventVerifier();
  await verifier.check(jobs[0]!);
  started = performance.now();
  for (const job of jobs) await verifier.check(job);
  const workerMs = performance.now() - started;
  started = performance.now();
  for (let i = 0; i < jobs.length; i += inFlight) {
    await Promise.all(jobs.slice(i, i + inFlight).map((job) => verifier.check(job)));
  }
  const workerInFlightMs = performance.now() - started;
  verifier.close();
  return { mainMs, workerMs, workerInFlightMs, passed };
}

/**
 * Storing received events as the sync engine does (storeEvents with deferred indexing) in groups
 * of `group`, into a new conversation of this install: ms in total, and per group. A throwaway
 * key signs `count` bench texts first (not timed).
 */
async function storeBench(count: number, group: number): Promise<{ ms: number; groups: number[] }> {
  const self = await me();
  const peer = await generateIdentityKeys();
  const conv = directConversationId(self.id, peer.id);
  const plan = { conv, a: peer.id, b: self.id, count, lamport: 0, seqA: 0, seqB: 0 };
  const unsigned = planEvents({
    ...plan,
    endTs: Date.now(),
    stepMs: 1,
    firstText: 0,
    onlyA: true,
    seed: 4,
  });
  const events = JSON.parse(
    JSON.stringify(await signAll(unsigned, peer.privateKey)),
  ) as ChatEvent[];
  const who = { conv, peer: peer.id, members: [self.id, peer.id] };
  const groups: number[] = [];
  const started = performance.now();
  for (let i = 0; i < events.length; i += group) {
    const t = performance.now();
    await storeEvents(getDb(), who, events.slice(i, i + group), self.id, Date.now(), {
      deferIndex: true,
    });
    groups.push(performance.now() - t);
  }
  return { ms: performance.now() - started, groups };
}

interface Timed<T> {
  ms: number;
  result: T;
}

async function timed<T>(fn: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

/** The app's searchMessages, timed (loaded on first use: it pulls in the chat model). */
async function search(
  query: string,
  conv: ConversationId | undefined,
  limit: number | undefined,
): Promise<{ ms: number; hits: number; firstSnippet: string | null }> {
  const { searchMessages } = await import('../../src/ui/chat/models/messages');
  const { ms, result } = await timed(() => searchMessages(query, conv, limit));
  return { ms, hits: result.length, firstSnippet: result[0]?.snippet ?? null };
}

/**
 * Baseline for search: no index. Walk the chat's messages newest first (the app's paging index)
 * and test each folded text for the query, until `limit` hits, or through all when limit is 0.
 */
async function naiveSearch(
  query: string,
  conv: ConversationId,
  limit: number,
): Promise<{ ms: number; hits: number; scanned: number }> {
  const term = foldText(query);
  const db = getDb();
  let hits = 0;
  let scanned = 0;
  const started = performance.now();
  await db.messages
    .where('[conv+lamport+author]')
    .between([conv, 0, ''], [conv, Number.MAX_SAFE_INTEGER, '\uffff'])
    .reverse()
    .until(() => limit > 0 && hits >= limit)
    .each((message) => {
      scanned++;
      if (!message.hidden && !message.recalled && foldText(message.text).includes(term)) hits++;
    });
  return { ms: performance.now() - started, hits, scanned };
}

const api = {
  ready: true,
  markers: { en: EN_MARKER, zh: ZH_MARKER, every: MARKER_EVERY },
  async whoAmI(): Promise<PeerId> {
    return (await me()).id;
  },
  directConversationId,
  ensureConv,
  convState,
  signMine,
  seed,
  rawPut,
  verifyBench,
  storeBench,
  indexSize,
  search,
  naiveSearch,
};

export type PlumeBench = typeof api;

declare global {
  interface Window {
    plumeBench?: PlumeBench;
  }
}

window.plumeBench = api;
