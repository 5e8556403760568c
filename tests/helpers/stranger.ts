/**
 * A hostile stranger for the end-to-end tests. Ids are free, so the stranger makes
 * valid signed identities of its own (in this Node process, with the app's own modules) and
 * uses them from a page of the worker's origin: a raw WebSocket for frames the stock client
 * would never send, and the unmodified peerjs client for data connections. It may hold a reach
 * token its target registered (a leaked invite's, say: [SIG-REACH-5]) and put it on every OFFER,
 * so the worker's gate lets it through as it would a friend.
 *
 * Also here: a counter of the RTCPeerConnections a page makes, installed before the page's
 * own scripts run.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { base64urlEncode } from '../../src/lib/base64url';
import { generateIdentityKeys } from '../../src/lib/identity';
import { signToken } from '../../src/lib/signalToken';

/** One stranger identity: a PeerId, a fresh signaling token for it, and its raw public key. */
export interface StrangerIdentity {
  id: string;
  token: string;
  /** base64url raw Ed25519 public key, as a HELLO carries it. */
  pub: string;
}

/** A new Ed25519 identity and a token signed for it now (tokens are checked against real time). */
export async function strangerIdentity(): Promise<StrangerIdentity> {
  const keys = await generateIdentityKeys();
  return {
    id: keys.id,
    token: await signToken(keys.id, keys.privateKey, keys.publicKeyRaw),
    pub: base64urlEncode(keys.publicKeyRaw),
  };
}

/** `count` stranger identities. */
export function strangerIdentities(count: number): Promise<StrangerIdentity[]> {
  return Promise.all(Array.from({ length: count }, () => strangerIdentity()));
}

// ---------------------------------------------------------------------------------------------
// Counting a page's RTCPeerConnections
// ---------------------------------------------------------------------------------------------

/** RTCPeerConnections a page made, over every document of its tab (same origin). */
export interface PeerConnectionCounts {
  /** Made since the counter was installed, over all documents. */
  created: number;
  /** Made and neither closed with close() nor seen in a 'closed' state, in this document. */
  live: number;
  /** Highest `live` seen, over all documents. */
  peak: number;
  /** Documents of the app's origin the counter ran in (1 unless the tab navigated). */
  documents: number;
}

interface CounterWindow {
  __plumePeerConnections?: () => PeerConnectionCounts;
}

/**
 * Init script: wrap `window.RTCPeerConnection` in a subclass that counts. Runs before any of the
 * page's scripts, so peerjs (and the WebRTC adapter it bundles) only ever see the subclass.
 * Totals are kept in sessionStorage so that a reload does not reset them.
 */
function peerConnectionCounter(): void {
  const w = window as unknown as CounterWindow & {
    RTCPeerConnection?: typeof RTCPeerConnection;
  };
  const Native = w.RTCPeerConnection;
  if (!Native || window.top !== window || !location.protocol.startsWith('http')) return;
  const KEY = '__plumePeerConnections';
  let before = { created: 0, peak: 0, documents: 0 };
  try {
    const saved = sessionStorage.getItem(KEY);
    if (saved) before = JSON.parse(saved) as typeof before;
  } catch {
    // No storage: count this document only.
  }
  const counts: PeerConnectionCounts = {
    created: before.created,
    live: 0,
    peak: before.peak,
    documents: before.documents + 1,
  };
  const save = () => {
    try {
      sessionStorage.setItem(
        KEY,
        JSON.stringify({ created: counts.created, peak: counts.peak, documents: counts.documents }),
      );
    } catch {
      // Ignored, as above.
    }
  };
  save();
  const ended = new WeakSet<RTCPeerConnection>();
  const end = (pc: RTCPeerConnection) => {
    if (ended.has(pc)) return;
    ended.add(pc);
    counts.live--;
  };
  class CountedPeerConnection extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      counts.created++;
      counts.live++;
      counts.peak = Math.max(counts.peak, counts.live);
      save();
      this.addEventListener('signalingstatechange', () => {
        if (this.signalingState === 'closed') end(this);
      });
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState === 'closed') end(this);
      });
    }
    override close(): void {
      end(this);
      super.close();
    }
  }
  w.RTCPeerConnection = CountedPeerConnection;
  w.__plumePeerConnections = () => ({ ...counts });
}

/** Count the RTCPeerConnections of every page of `context` (call before the pages load). */
export async function countPeerConnections(context: BrowserContext): Promise<void> {
  await context.addInitScript(peerConnectionCounter);
}

/** The counts of `page` (installed by {@link countPeerConnections}). */
export async function readPeerConnections(page: Page): Promise<PeerConnectionCounts> {
  return page.evaluate(() => {
    const read = (window as unknown as CounterWindow).__plumePeerConnections;
    if (!read) throw new Error('the RTCPeerConnection counter is not installed');
    return read();
  });
}

// ---------------------------------------------------------------------------------------------
// The stranger's page and its in-page kit
// ---------------------------------------------------------------------------------------------

/** The parts of a stock peerjs DataConnection the stranger uses. */
interface StockConnection {
  readonly connectionId: string;
  readonly open: boolean;
  readonly peerConnection: RTCPeerConnection | null;
  on(event: 'open' | 'close', listener: () => void): void;
  on(event: 'data', listener: (data: unknown) => void): void;
  on(event: 'error', listener: (err: unknown) => void): void;
  send(data: unknown): void;
  close(): void;
}

/** A frame as the peerjs socket sends it. */
interface SocketMessage {
  type: string;
  payload?: { connectionId?: string };
}

/** The parts of a stock peerjs Peer the stranger uses. */
interface StockPeer {
  readonly open: boolean;
  readonly disconnected: boolean;
  readonly destroyed: boolean;
  readonly socket: { send(message: SocketMessage): void };
  connect(peer: string, options: object): StockConnection | undefined;
  on(event: 'open', listener: () => void): void;
  on(event: 'error', listener: (err: { type?: string; message?: string }) => void): void;
  destroy(): void;
}

type StockPeerConstructor = new (id: string, options: object) => StockPeer;

/** Helpers installed in the stranger's page by {@link installKit}. */
interface Kit {
  /** The reach token every dial presents, or null: tokenless, a plain stranger. */
  reach: string | null;
  /** Open stock Peers by id. */
  peers: Map<string, StockPeer>;
  /** Connection ids whose OFFER the stranger's peerjs handed to its socket. */
  offers: Set<string>;
  /** Errors the stranger's Peers reported (diagnostics). */
  errors: string[];
  openPeer(id: string, token: string): Promise<void>;
  dial(from: string, to: string, label: string): StockConnection | null;
  /** Poll `test` every 10 ms until it holds (true) or `timeoutMs` passed (false). */
  until(test: () => boolean, timeoutMs: number): Promise<boolean>;
  /** Resolve when `conn` fires `event` (true), or false after `timeoutMs`. */
  event(conn: StockConnection, event: 'open' | 'close', timeoutMs: number): Promise<boolean>;
  b64(bytes: Uint8Array): string;
  random(bytes: number): Uint8Array;
}

interface KitWindow {
  __stranger: Kit;
}

/** Runs in the stranger's page: defines `window.__stranger`. */
function installKit({ port, reach }: { port: number; reach: string | null }): void {
  const w = window as unknown as {
    Peer?: StockPeerConstructor;
    peerjs?: { Peer?: StockPeerConstructor };
    __stranger?: Kit;
  };
  const PeerClass = w.peerjs?.Peer ?? w.Peer;
  if (!PeerClass) throw new Error('peerjs is not loaded');
  const until = (test: () => boolean, timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      const end = Date.now() + timeoutMs;
      const tick = () => {
        if (test()) return resolve(true);
        if (Date.now() >= end) return resolve(false);
        setTimeout(tick, 10);
      };
      tick();
    });
  const kit: Kit = {
    reach,
    peers: new Map(),
    offers: new Set(),
    errors: [],
    openPeer: (id, token) =>
      new Promise<void>((resolve, reject) => {
        const peer = new PeerClass(id, {
          host: 'localhost',
          port,
          path: '/',
          key: 'peerjs',
          secure: false,
          token,
          config: { iceServers: [] },
          debug: 0,
        });
        const socket = peer.socket;
        const send = socket.send.bind(socket);
        socket.send = (message) => {
          send(message);
          const connectionId = message.payload?.connectionId;
          if (message.type === 'OFFER' && connectionId) kit.offers.add(connectionId);
        };
        const timer = setTimeout(() => reject(new Error(`peer ${id} did not open`)), 15_000);
        peer.on('open', () => {
          clearTimeout(timer);
          kit.peers.set(id, peer);
          resolve();
        });
        peer.on('error', (err) => {
          kit.errors.push(`${id.slice(0, 6)}: ${err.type ?? ''} ${err.message ?? ''}`);
          if (!peer.open) {
            clearTimeout(timer);
            reject(new Error(`peer ${id}: ${err.type ?? ''} ${err.message ?? ''}`));
          }
        });
      }),
    dial: (from, to, label) => {
      const peer = kit.peers.get(from);
      if (!peer || peer.disconnected || peer.destroyed) return null;
      const metadata = kit.reach ? { reach: kit.reach } : {};
      return peer.connect(to, { label, metadata, serialization: 'raw', reliable: true }) ?? null;
    },
    until,
    event: (conn, event, timeoutMs) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        conn.on(event, () => {
          clearTimeout(timer);
          resolve(true);
        });
      }),
    b64: (bytes) =>
      btoa(String.fromCharCode(...bytes))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, ''),
    random: (bytes) => crypto.getRandomValues(new Uint8Array(bytes)),
  };
  w.__stranger = kit;
}

/** The stranger: its own browser context, on a document of the worker's origin. */
export interface Stranger {
  context: BrowserContext;
  page: Page;
  port: number;
}

const peerjsSource = readFileSync('node_modules/peerjs/dist/peerjs.min.js', 'utf8');

/**
 * A context on `${origin}/peerjs/id` with the stock peerjs client loaded. The page must be a real
 * document of the worker's origin: Chromium's local-network checks block a WebSocket to
 * localhost from a document fulfilled by request interception (see stockPeerjs.spec.ts).
 * With `reach`, every data connection it dials presents that token.
 */
export async function openStranger(
  browser: Browser,
  origin: string,
  reach: string | null = null,
): Promise<Stranger> {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${origin}/peerjs/id`);
  await page.addScriptTag({ content: peerjsSource });
  const port = Number(new URL(origin).port);
  await page.evaluate(installKit, { port, reach });
  return { context, page, port };
}

/**
 * Open a stock Peer for each identity in the stranger's page, one after the other (each waits
 * for OPEN). Not all at once: Chromium lets only one WebSocket per host be in the CONNECTING
 * state at a time (RFC 6455, 4.1), so sockets opened together queue behind each other and the
 * last one's timeout would count the whole queue's wait on a loaded machine. Returns how long
 * each took to open, ms.
 */
export async function openStockPeers(
  stranger: Stranger,
  identities: readonly StrangerIdentity[],
): Promise<number[]> {
  return stranger.page.evaluate(
    async (ids) => {
      const took: number[] = [];
      for (const { id, token } of ids) {
        const start = performance.now();
        await (window as unknown as KitWindow).__stranger.openPeer(id, token);
        took.push(Math.round(performance.now() - start));
      }
      return took;
    },
    identities.map(({ id, token }) => ({ id, token })),
  );
}

/** Errors the stranger's own Peers reported (diagnostics). */
export function strangerErrors(stranger: Stranger): Promise<string[]> {
  return stranger.page.evaluate(() => (window as unknown as KitWindow).__stranger.errors);
}

// ---------------------------------------------------------------------------------------------
// a. Malformed signaling frames through a raw WebSocket
// ---------------------------------------------------------------------------------------------

/** One hand-made signaling frame, and whether the worker must refuse it. */
export interface SignalCase {
  name: string;
  frame: Record<string, unknown>;
  /** True: the worker must answer with ERROR. False: it is a valid shape, relayed to `dst`. */
  refused: boolean;
}

/** What the worker said about one {@link SignalCase}. */
export interface SignalReply {
  name: string;
  refused: boolean;
  /** Every frame the stranger's socket received for this case (before the probe's ERROR). */
  replies: { type?: string; payload?: { reason?: string; msg?: string } }[];
  /** False when the probe's ERROR did not come back in time. */
  answered: boolean;
}

/** A real data-channel offer SDP from the stranger's browser (only its shape matters). */
export function offerSdp(stranger: Stranger): Promise<string> {
  return stranger.page.evaluate(async () => {
    const pc = new RTCPeerConnection();
    pc.createDataChannel('x');
    const offer = await pc.createOffer();
    pc.close();
    return offer.sdp ?? '';
  });
}

/**
 * Every malformed shape of OFFER, ANSWER and CANDIDATE a hostile stranger might send, each sent
 * from the stranger to `dst`, plus one valid-shaped OFFER the worker must relay (a custom
 * serialization name is allowed: the plain-PeerJS mode needs it), which the app must survive.
 * The OFFERs present `reach` when given, so the valid one passes the worker's gate.
 */
export function signalCases(dst: string, sdp: string, reach: string | null = null): SignalCase[] {
  const offer = {
    type: 'data',
    connectionId: 'dc_evil0000',
    sdp: { type: 'offer', sdp },
    metadata: reach ? { reach } : {},
    label: 'plume/1',
    reliable: true,
    serialization: 'raw',
  };
  const answer = { type: 'data', connectionId: 'dc_evil0000', sdp: { type: 'answer', sdp } };
  const candidate = {
    type: 'data',
    connectionId: 'dc_evil0000',
    candidate: {
      candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 40000 typ host generation 0',
      sdpMid: '0',
      sdpMLineIndex: 0,
      usernameFragment: 'abcd',
    },
  };
  const without = <T extends object>(value: T, key: keyof T): Partial<T> => {
    const copy: Partial<T> = { ...value };
    delete copy[key];
    return copy;
  };
  const o = (name: string, payload: unknown, refused = true): SignalCase => ({
    name: `OFFER ${name}`,
    frame: payload === undefined ? { type: 'OFFER', dst } : { type: 'OFFER', dst, payload },
    refused,
  });
  const a = (name: string, payload: unknown): SignalCase => ({
    name: `ANSWER ${name}`,
    frame: payload === undefined ? { type: 'ANSWER', dst } : { type: 'ANSWER', dst, payload },
    refused: true,
  });
  const c = (name: string, payload: unknown): SignalCase => ({
    name: `CANDIDATE ${name}`,
    frame: { type: 'CANDIDATE', dst, payload },
    refused: true,
  });
  return [
    o('sdp a bare string', { ...offer, sdp }),
    o('without payload', undefined),
    o('payload null', null),
    o('payload an array', [offer]),
    o('serialization constructor', { ...offer, serialization: 'constructor' }),
    o('serialization __proto__', { ...offer, serialization: '__proto__' }),
    o('serialization toString', { ...offer, serialization: 'toString' }),
    o('serialization hasOwnProperty', { ...offer, serialization: 'hasOwnProperty' }),
    o('serialization missing', without(offer, 'serialization')),
    o('serialization a number', { ...offer, serialization: 7 }),
    o('type evil', { ...offer, type: 'evil' }),
    o('connectionId missing', without(offer, 'connectionId')),
    o('connectionId too long', { ...offer, connectionId: `dc_${'x'.repeat(70)}` }),
    o('connectionId an object', { ...offer, connectionId: { toString: 'dc_x' } }),
    o('sdp.type answer', { ...offer, sdp: { type: 'answer', sdp } }),
    o('sdp.sdp empty', { ...offer, sdp: { type: 'offer', sdp: '' } }),
    o('sdp.sdp not a string', { ...offer, sdp: { type: 'offer', sdp: 42 } }),
    o('sdp.sdp over 32 KiB', {
      ...offer,
      sdp: { type: 'offer', sdp: sdp + 'a=x:'.padEnd(33 * 1024, 'x') },
    }),
    o('label a number', { ...offer, label: 42 }),
    o('reliable a string', { ...offer, reliable: 'yes' }),
    a('sdp a bare string', { ...answer, sdp }),
    a('sdp.type offer', { ...answer, sdp: { type: 'offer', sdp } }),
    a('connectionId missing', without(answer, 'connectionId')),
    a('without payload', undefined),
    c('candidate a string', { ...candidate, candidate: candidate.candidate.candidate }),
    c('candidate too big', {
      ...candidate,
      candidate: { ...candidate.candidate, candidate: 'candidate:'.padEnd(3000, '1') },
    }),
    c('sdpMLineIndex negative', {
      ...candidate,
      candidate: { ...candidate.candidate, sdpMLineIndex: -1 },
    }),
    c('type evil', { ...candidate, type: 'evil' }),
    // A valid shape: relayed to A, whose copy of peerjs has no 'nope' serializer.
    o('serialization nope (valid shape)', { ...offer, serialization: 'nope' }, false),
  ];
}

/**
 * Send every case from `identity` to the worker on a raw WebSocket, one at a time. After each,
 * a non-JSON probe follows; the worker answers frames of one socket in order, so everything that
 * arrives before the probe's `invalidJson` ERROR belongs to the case. No timing is involved.
 */
export async function sendSignalCases(
  stranger: Stranger,
  identity: StrangerIdentity,
  cases: readonly SignalCase[],
): Promise<SignalReply[]> {
  return stranger.page.evaluate(
    async ({ port, id, token, cases }) => {
      type Reply = SignalReply['replies'][number];
      const ws = new WebSocket(`ws://localhost:${port}/peerjs?key=peerjs&id=${id}&token=${token}`);
      const inbox: Reply[] = [];
      let wake: (() => void) | null = null;
      ws.onmessage = (event: MessageEvent) => {
        if (typeof event.data !== 'string' || event.data === '') return;
        try {
          inbox.push(JSON.parse(event.data) as Reply);
        } catch {
          inbox.push({ type: `unparsable: ${event.data.slice(0, 80)}` });
        }
        wake?.();
      };
      /** Take frames until one matches `stop` (it is consumed, not returned), or time runs out. */
      const takeUntil = async (stop: (r: Reply) => boolean, timeoutMs: number) => {
        const end = Date.now() + timeoutMs;
        const taken: Reply[] = [];
        for (;;) {
          while (inbox.length > 0) {
            const next = inbox.shift()!;
            if (stop(next)) return { taken, found: true };
            taken.push(next);
          }
          const left = end - Date.now();
          if (left <= 0) return { taken, found: false };
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, left);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
        }
      };
      const opened = await takeUntil((r) => r.type === 'OPEN', 10_000);
      if (!opened.found) throw new Error(`no OPEN: ${JSON.stringify(opened.taken)}`);
      const isProbe = (r: Reply) => r.type === 'ERROR' && r.payload?.reason === 'invalidJson';
      const out: SignalReply[] = [];
      for (const c of cases) {
        ws.send(JSON.stringify(c.frame));
        ws.send('probe: not JSON');
        const { taken, found } = await takeUntil(isProbe, 5_000);
        out.push({ name: c.name, refused: c.refused, replies: taken, answered: found });
      }
      ws.close();
      return out;
    },
    { port: stranger.port, id: identity.id, token: identity.token, cases },
  );
}

// ---------------------------------------------------------------------------------------------
// b. and c. Data connections: unknown labels, connect/close churn
// ---------------------------------------------------------------------------------------------

/** What a burst of dials from the stranger did. */
export interface DialTally {
  dialled: number;
  /** OFFERs the stranger's peerjs handed to its socket. */
  offered: number;
  /** Connections that opened before the stranger closed them. */
  opened: number;
}

/**
 * Dial `target` `count` times from `from` with labels `${labelPrefix}${n}`, wait (bounded) until
 * every OFFER is out, give the connections `graceMs` to open (counted, not asserted), then close
 * them all.
 */
export async function dialUnknownLabels(
  stranger: Stranger,
  from: StrangerIdentity,
  target: string,
  count: number,
  graceMs: number,
): Promise<DialTally> {
  return stranger.page.evaluate(
    async ({ from, target, count, graceMs }) => {
      const kit = (window as unknown as KitWindow).__stranger;
      const conns = Array.from({ length: count }, (_, n) => kit.dial(from, target, `evil-${n}`));
      const live = conns.filter((c): c is StockConnection => c !== null);
      await kit.until(() => live.every((c) => kit.offers.has(c.connectionId)), 10_000);
      const offered = live.filter((c) => kit.offers.has(c.connectionId)).length;
      await kit.until(() => live.every((c) => c.open), graceMs);
      const opened = live.filter((c) => c.open).length;
      for (const c of live) c.close();
      return { dialled: live.length, offered, opened };
    },
    { from: from.id, target, count, graceMs },
  );
}

/**
 * From each identity, `perIdentity` times in a row: dial `target` with the session label, and
 * close as soon as the OFFER is out (closing before would mean no OFFER at all). The
 * identities churn in parallel.
 */
export async function churn(
  stranger: Stranger,
  identities: readonly StrangerIdentity[],
  target: string,
  perIdentity: number,
): Promise<DialTally> {
  return stranger.page.evaluate(
    async ({ ids, target, perIdentity }) => {
      const kit = (window as unknown as KitWindow).__stranger;
      const tally = { dialled: 0, offered: 0, opened: 0 };
      await Promise.all(
        ids.map(async (from) => {
          for (let n = 0; n < perIdentity; n++) {
            const conn = kit.dial(from, target, 'plume/1');
            if (!conn) return;
            tally.dialled++;
            if (await kit.until(() => kit.offers.has(conn.connectionId), 5_000)) tally.offered++;
            if (conn.open) tally.opened++;
            conn.close();
          }
        }),
      );
      return tally;
    },
    { ids: identities.map((i) => i.id), target, perIdentity },
  );
}

// ---------------------------------------------------------------------------------------------
// d. Bad HELLO / AUTH on an admitted session channel
// ---------------------------------------------------------------------------------------------

/** Garbage a stranger sends on an open 'plume/1' channel, one kind per channel. */
export const BAD_HANDSHAKES = [
  'not JSON',
  'JSON of the wrong shape',
  'HELLO of the wrong version',
  'HELLO with a key that is not the id',
  'a huge string',
  'binary bytes',
  'good HELLO, then a forged AUTH',
] as const;
export type BadHandshake = (typeof BAD_HANDSHAKES)[number];

/** How one bad handshake went, from the stranger's side. */
export interface HandshakeOutcome {
  kind: BadHandshake;
  opened: boolean;
  /** For the forged AUTH: A answered our good HELLO with its own AUTH. */
  gotAuth: boolean | null;
  /** A closed the channel within the bound. */
  closed: boolean;
  /** From our garbage to the close, ms. */
  closeMs: number | null;
  /** Text frames A sent (types only). */
  received: string[];
}

/**
 * One channel per identity and kind: dial `target` with the session label, wait (bounded) for
 * it to open, send the garbage, and wait (bounded) for A to close the channel.
 */
export async function badHandshakes(
  stranger: Stranger,
  identities: readonly StrangerIdentity[],
  target: string,
): Promise<HandshakeOutcome[]> {
  if (identities.length < BAD_HANDSHAKES.length) throw new Error('one identity per kind');
  const plan = BAD_HANDSHAKES.map((kind, i) => ({ kind, ...identities[i]! }));
  return stranger.page.evaluate(
    async ({ plan, target }) => {
      const kit = (window as unknown as KitWindow).__stranger;
      const hello = (id: string, pub: string, v = 1) =>
        JSON.stringify({ type: 'HELLO', v, id, pub, nonce: kit.b64(kit.random(16)) });
      /** Our own DTLS fingerprint, in the canonical form AUTH carries ('sha-256 AB:…'). */
      const ownFingerprint = (conn: StockConnection) => {
        const sdp = conn.peerConnection?.localDescription?.sdp ?? '';
        const m = /a=fingerprint:(\S+) (\S+)/i.exec(sdp);
        return m ? `${m[1]!.toLowerCase()} ${m[2]!.toUpperCase()}` : 'sha-256 00';
      };
      return Promise.all(
        plan.map(async ({ kind, id, pub }) => {
          const outcome = {
            kind,
            opened: false,
            gotAuth: null as boolean | null,
            closed: false,
            closeMs: null as number | null,
            received: [] as string[],
          };
          const conn = kit.dial(id, target, 'plume/1');
          if (!conn) return outcome;
          const types: string[] = outcome.received;
          conn.on('data', (data) => {
            if (typeof data !== 'string') return types.push('binary');
            try {
              types.push(String((JSON.parse(data) as { type?: unknown }).type));
            } catch {
              types.push('text');
            }
          });
          outcome.opened = conn.open || (await kit.event(conn, 'open', 15_000));
          if (!outcome.opened) {
            conn.close();
            return outcome;
          }
          let sentAt = Date.now();
          switch (kind) {
            case 'not JSON':
              conn.send('HELLO, it is me {');
              break;
            case 'JSON of the wrong shape':
              conn.send(JSON.stringify(['HELLO', 1, id]));
              break;
            case 'HELLO of the wrong version':
              conn.send(hello(id, pub, 2));
              break;
            case 'HELLO with a key that is not the id':
              conn.send(hello(id, kit.b64(kit.random(32))));
              break;
            case 'a huge string':
              conn.send(
                JSON.stringify({ type: 'HELLO', v: 1, id, pub, nonce: 'A'.repeat(100_000) }),
              );
              break;
            case 'binary bytes':
              conn.send(kit.random(4096));
              break;
            case 'good HELLO, then a forged AUTH': {
              conn.send(hello(id, pub));
              outcome.gotAuth = await kit.until(() => types.includes('AUTH'), 10_000);
              sentAt = Date.now();
              const auth = { type: 'AUTH', v: 1, sig: kit.b64(kit.random(64)) };
              conn.send(JSON.stringify({ ...auth, fp: ownFingerprint(conn) }));
              break;
            }
          }
          // peerjs turns `open` false when the data channel closes (its 'close' event).
          outcome.closed = await kit.until(() => !conn.open, 15_000);
          if (outcome.closed) outcome.closeMs = Date.now() - sentAt;
          else conn.close();
          return outcome;
        }),
      );
    },
    { plan: plan.map(({ kind, id, pub }) => ({ kind, id, pub })), target },
  );
}

// ---------------------------------------------------------------------------------------------
// e. Knocking: what the worker's reach gate lets through
// ---------------------------------------------------------------------------------------------

/**
 * What became of one OFFER: it reached the target (the channel opened: a target admits a
 * stranger's session channel), the worker refused it (EXPIRE, which peerjs reports as
 * peer-unavailable), or neither happened in time.
 */
export type Knock = 'open' | 'refused' | 'silent';

/**
 * From `from`, dial `target` with the session label, one OFFER at a time, until the worker
 * refuses one or `max` were tried. Each outcome is a positive sign (an open channel, an
 * EXPIRE); a channel that opened is closed at once.
 */
export async function knockUntilRefused(
  stranger: Stranger,
  from: StrangerIdentity,
  target: string,
  max: number,
  timeoutMs: number,
): Promise<Knock[]> {
  return stranger.page.evaluate(
    async ({ from, target, max, timeoutMs }) => {
      const kit = (window as unknown as KitWindow).__stranger;
      const outcomes: Knock[] = [];
      while (outcomes.length < max) {
        const before = kit.errors.length;
        const refused = () =>
          kit.errors
            .slice(before)
            .some((e) => e.includes('peer-unavailable') && e.includes(target));
        const conn = kit.dial(from, target, 'plume/1');
        if (!conn) throw new Error(`the stranger's peer ${from} is gone`);
        await kit.until(() => conn.open || refused(), timeoutMs);
        const outcome: Knock = conn.open ? 'open' : refused() ? 'refused' : 'silent';
        conn.close();
        outcomes.push(outcome);
        if (outcome === 'refused') break;
      }
      return outcomes;
    },
    { from: from.id, target, max, timeoutMs },
  );
}
