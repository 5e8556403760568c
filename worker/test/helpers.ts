/**
 * Test helpers: identities with signed tokens, and a WebSocket client with an inbox that tests
 * can wait on. Everything runs inside workerd against the real worker and Durable Objects.
 */
import { createExecutionContext, runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { peerIdFromPublicKey, type PeerId } from '../../src/lib/ids';
import { REACH_FRAME_TYPE, reachHash, type ReachHash } from '../../src/lib/reach';
import { signToken } from '../../src/lib/signalToken';
import type { Env } from '../env';
import type {
  AnswerPayload,
  CandidatePayload,
  OfferPayload,
} from '../../src/lib/signalingPayloads';
import { readSocketState } from '../session';
import worker from '../signaling';

/** How long a test waits for a frame before failing. */
export const WAIT_MS = 5_000;

/** A peer identity that can sign tokens. */
export interface TestIdentity {
  id: PeerId;
  pub: Uint8Array;
  pair: CryptoKeyPair;
  /** A token for this id, signed at `ts` (default: now). */
  token(ts?: number): Promise<string>;
}

/** Make a fresh Ed25519 identity. */
export async function makeIdentity(): Promise<TestIdentity> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const pub = new Uint8Array((await crypto.subtle.exportKey('raw', pair.publicKey)) as ArrayBuffer);
  const id = await peerIdFromPublicKey(pub);
  return { id, pub, pair, token: (ts = Date.now()) => signToken(id, pair.privateKey, pub, ts) };
}

/** One frame as received: the raw text and, when it parses, the JSON. */
export interface Received {
  raw: string;
  json: Frame | null;
}

/** The fields tests look at in a server frame. */
export interface Frame {
  type?: string;
  src?: string;
  dst?: string;
  payload?: { msg?: string; reason?: string; [key: string]: unknown };
}

/** The close of a socket, as the client saw it. */
export interface Closed {
  code: number;
  reason: string;
}

interface Waiter {
  match: (r: Received) => boolean;
  resolve: (r: Received) => void;
}

/** The client end of a signaling socket, with an inbox. */
export class TestClient {
  readonly ws: WebSocket;
  /** Frames received and not yet taken. */
  readonly inbox: Received[] = [];
  /** Resolves when the socket closes. */
  readonly closed: Promise<Closed>;
  #waiters: Waiter[] = [];
  #closedValue: Closed | null = null;

  constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => {
      ws.addEventListener('close', (event) => {
        this.#closedValue = { code: event.code, reason: event.reason };
        // Answer the server's close, as a browser does.
        this.close();
        resolve(this.#closedValue);
      });
    });
    ws.addEventListener('message', (event) => {
      const raw = typeof event.data === 'string' ? event.data : '<binary>';
      let json: Frame | null = null;
      try {
        json = JSON.parse(raw) as Frame;
      } catch {
        json = null;
      }
      this.#receive({ raw, json });
    });
    ws.accept();
  }

  /** Null while open; the close code and reason after. */
  get closeInfo(): Closed | null {
    return this.#closedValue;
  }

  /** Send a value as JSON, or a string as is. */
  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** Take the first frame (already received or still to come) that matches. */
  take(match: (r: Received) => boolean = () => true, timeoutMs = WAIT_MS): Promise<Received> {
    const index = this.inbox.findIndex(match);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { match, resolve };
      this.#waiters.push(waiter);
      setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching frame in ${timeoutMs} ms; inbox: ${this.describe()}`));
      }, timeoutMs);
    });
  }

  /** Take the first frame of `type`. */
  async takeType(type: string, timeoutMs = WAIT_MS): Promise<Frame> {
    const r = await this.take((x) => x.json?.type === type, timeoutMs);
    return r.json!;
  }

  /** A short text form of the inbox for failure messages. */
  describe(): string {
    return JSON.stringify(this.inbox.map((r) => r.raw.slice(0, 120)));
  }

  /** Close from the client side. */
  close(): void {
    try {
      this.ws.close(1000, 'test done');
    } catch {
      // Already closed.
    }
  }

  #receive(r: Received): void {
    const waiter = this.#waiters.find((w) => w.match(r));
    if (waiter) {
      this.#waiters = this.#waiters.filter((w) => w !== waiter);
      waiter.resolve(r);
      return;
    }
    this.inbox.push(r);
  }
}

/** The signaling URL the stock client builds: `/peerjs?key=…&id=…&token=…&version=…`. */
export function signalUrl(params: Record<string, string>): string {
  const query = new URLSearchParams({ key: 'peerjs', version: '1.5.5', ...params });
  return `http://plume.test/peerjs?${query.toString()}`;
}

/** Who answers requests: the configured worker, or the same module with other bindings. */
export type Fetch = (request: Request) => Promise<Response>;

/** The worker exactly as configured. */
export const viaWorker: Fetch = (request) => exports.default.fetch(request);

/** The same worker module with some bindings overridden (for example OPEN_IDS). */
export function withEnv(env: Env, overrides: Partial<Env>): Fetch {
  type IncomingRequest = Parameters<typeof worker.fetch>[0];
  const ctx = createExecutionContext();
  return async (request) => worker.fetch(request as IncomingRequest, { ...env, ...overrides }, ctx);
}

/** Open a socket at the signaling URL with `params`. Fails if the upgrade is refused. */
export async function openSocket(
  params: Record<string, string>,
  fetcher: Fetch = viaWorker,
): Promise<TestClient> {
  const response = await fetcher(
    new Request(signalUrl(params), { headers: { Upgrade: 'websocket' } }),
  );
  if (response.status !== 101 || !response.webSocket) {
    throw new Error(`upgrade refused: ${response.status} ${await response.text()}`);
  }
  return new TestClient(response.webSocket);
}

/**
 * The reach token test clients present by default ([SIG-REACH-3]): {@link connectAs} registers
 * its hash for every client and {@link offerPayload} puts it in every OFFER, so test clients are
 * each other's friends unless a test says otherwise (worker/test/reach.test.ts).
 */
export const FRIEND_TOKEN = 'TestFriendReachToken_0';

/** The REACH frame that registers `hashes` ([SIG-REACH-2]). */
export function reachFrame(hashes: unknown): unknown {
  return { type: REACH_FRAME_TYPE, payload: { hashes } };
}

/**
 * Register `hashes` as `id`'s reach set, handed to its object like a frame from its socket, so
 * that the registration is done when this resolves.
 */
export async function register(id: string, hashes: ReachHash[]): Promise<void> {
  await sendInOrder(id, [reachFrame(hashes)]);
}

/**
 * Connect `identity` with a token signed at `ts`, wait for OPEN, and register `reach` (by
 * default the hash of {@link FRIEND_TOKEN}), as the app does after every OPEN.
 */
export async function connectAs(
  identity: TestIdentity,
  ts?: number,
  reach?: ReachHash[],
): Promise<TestClient> {
  const client = await openSocket({ id: identity.id, token: await identity.token(ts) });
  await client.takeType('OPEN');
  await register(identity.id, reach ?? [await reachHash(FRIEND_TOKEN)]);
  return client;
}

/** A CANDIDATE frame as the stock client sends it. */
export function candidate(dst: string, index: number, connectionId = 'dc_test'): unknown {
  const payload: CandidatePayload = {
    candidate: {
      candidate: `candidate:${index} 1 udp 2122260223 192.0.2.1 ${50000 + index} typ host`,
      sdpMid: '0',
      sdpMLineIndex: 0,
    },
    type: 'data',
    connectionId,
  };
  return { type: 'CANDIDATE', dst, payload };
}

/** A minimal SDP body; the worker checks its type and size, never its content. */
export const TEST_SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

/**
 * An OFFER payload as the stock client sends it for a data connection ([SIG-PAY-1]), carrying
 * {@link FRIEND_TOKEN} in `metadata`, with `extra` fields set or replaced (a `metadata` of a
 * test's own carries no token). Only known fields are relayed ([SIG-PAY-7]): tests mark a frame
 * through `metadata` (see {@link marked}).
 */
export function offerPayload(
  extra: Record<string, unknown> = {},
  connectionId = 'dc_test',
): Record<string, unknown> {
  const stock: OfferPayload = {
    sdp: { type: 'offer', sdp: TEST_SDP },
    type: 'data',
    connectionId,
    label: connectionId,
    reliable: true,
    serialization: 'raw',
    metadata: { reach: FRIEND_TOKEN },
  };
  return { ...stock, ...extra };
}

/** An ANSWER payload as the stock client sends it, plus `extra` fields. */
export function answerPayload(
  extra: Record<string, unknown> = {},
  connectionId = 'dc_test',
): Record<string, unknown> {
  const stock: AnswerPayload = {
    sdp: { type: 'answer', sdp: TEST_SDP },
    type: 'data',
    connectionId,
  };
  return { ...stock, ...extra };
}

/** A valid OFFER frame to `dst`; `extra` goes into the payload. */
export function offer(
  dst: string,
  extra: Record<string, unknown> = {},
  connectionId = 'dc_test',
): unknown {
  return { type: 'OFFER', dst, payload: offerPayload(extra, connectionId) };
}

/**
 * A valid OFFER to `dst` whose `metadata` carries `mark`, so a test can find it, and
 * {@link FRIEND_TOKEN}.
 */
export function marked(dst: string, mark: unknown, connectionId = 'dc_test'): unknown {
  return offer(dst, { metadata: { mark, reach: FRIEND_TOKEN } }, connectionId);
}

/** The mark of a frame made by {@link marked}, if any. */
export function markOf(frame: Frame | null): unknown {
  return (frame?.payload?.metadata as { mark?: unknown } | undefined)?.mark;
}

/**
 * `count` CANDIDATEs to `dst`, numbered 0…count-1 from `first`, each group of `perConnection`
 * after the OFFER that opens its connection (`dc_<group>`), as the handshake rule wants
 * ([SIG-HS-1]).
 */
export function handshakes(dst: string, count: number, first = 0, perConnection = 25): unknown[] {
  const frames: unknown[] = [];
  for (let i = first; i < first + count; i++) {
    const connectionId = `dc_${Math.floor(i / perConnection)}`;
    if (i === first || i % perConnection === 0) frames.push(offer(dst, {}, connectionId));
    frames.push(candidate(dst, i, connectionId));
  }
  return frames;
}

/** Connect `identity` once and leave, so that its id has held a socket ([SIG-STORE-1]). */
export async function connectAndLeave(identity: TestIdentity): Promise<void> {
  const client = await connectAs(identity);
  client.close();
  await client.closed;
  await untilAway(identity.id);
}

/**
 * Wait until `id`'s object holds no open socket of a current session: the client's end of a
 * close can settle before the object has seen it, and a frame relayed in between would still be
 * sent to the closing socket instead of queued.
 */
export async function untilAway(id: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const held = await runInDurableObject(env.PEERS.getByName(id), (_instance, state) =>
      state.getWebSockets().some((socket) => {
        const socketState = readSocketState(socket.deserializeAttachment());
        return (
          socket.readyState === WebSocket.READY_STATE_OPEN &&
          socketState !== null &&
          !socketState.retired
        );
      }),
    );
    if (!held) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${id} still holds a socket`);
}

/**
 * Hand `frames` to the sending peer's object exactly as the runtime's per-socket read loop does:
 * one `webSocketMessage` call per frame, in order, each finished before the next.
 *
 * Why not `client.send()` in a loop? Inside this test pool the client end of the socket lives in
 * the same isolate as the objects, and under a burst the pool was seen to hand frames to the
 * object out of order (even with no relaying at all) — an artifact of the harness. workerd's
 * hibernation read loop awaits each event before reading the next frame, and the benchmark
 * checks end-to-end order over real sockets against `wrangler dev`.
 */
export async function sendInOrder(id: string, frames: unknown[]): Promise<void> {
  await runInDurableObject(env.PEERS.getByName(id), (instance, state) => {
    const ws = state.getWebSockets().find((socket) => {
      const socketState = readSocketState(socket.deserializeAttachment());
      return socketState !== null && !socketState.retired;
    });
    if (!ws) throw new Error(`no live socket for ${id}`);
    for (const frame of frames) instance.webSocketMessage(ws, JSON.stringify(frame));
  });
}

/** The index a {@link candidate} frame carries. */
export function candidateIndex(frame: Frame): number {
  const payload = frame.payload as { candidate: { candidate: string } };
  return Number(/^candidate:(\d+) /.exec(payload.candidate.candidate)![1]);
}

/**
 * Make every socket of `id` look silent for `ms`: rewrite `lastSeen` in its attachment. The
 * runtime's auto-response timestamp is left alone, so a recent heartbeat still counts.
 */
export async function ageSockets(id: string, ms: number): Promise<void> {
  await runInDurableObject(env.PEERS.getByName(id), (_instance, state) => {
    for (const socket of state.getWebSockets()) {
      const socketState = readSocketState(socket.deserializeAttachment());
      if (socketState) socket.serializeAttachment({ ...socketState, lastSeen: Date.now() - ms });
    }
  });
}

/** Everything an object keeps: user tables, KV keys, the alarm and the database size. */
export interface StorageDump {
  tables: string[];
  kv: string[];
  alarm: number | null;
  bytes: number;
}

export async function storageOf(id: string): Promise<StorageDump> {
  return runInDurableObject(env.PEERS.getByName(id), async (_instance, state) => {
    const tables = state.storage.sql
      .exec<{ name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`,
      )
      .toArray()
      .map((row) => row.name);
    const kv = [...state.storage.kv.list()].map(([key]) => key);
    return {
      tables,
      kv,
      alarm: await state.storage.getAlarm(),
      bytes: state.storage.sql.databaseSize,
    };
  });
}

/**
 * Connect `identity` and make its socket look open for `ageMs` already ([TURN-9]): rewrite
 * `since` in its attachment, as {@link ageSockets} does for `lastSeen`.
 */
export async function connectAged(identity: TestIdentity, ageMs: number): Promise<TestClient> {
  const client = await connectAs(identity);
  await runInDurableObject(env.PEERS.getByName(identity.id), (_instance, state) => {
    for (const socket of state.getWebSockets()) {
      const socketState = readSocketState(socket.deserializeAttachment());
      if (socketState) socket.serializeAttachment({ ...socketState, since: Date.now() - ageMs });
    }
  });
  return client;
}
