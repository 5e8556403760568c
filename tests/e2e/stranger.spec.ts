/**
 * A hostile stranger cannot break Plume. Installs A and B are friends and chat; a
 * third context makes identities of its own (ids are free) and floods A through the signed
 * signaling server: malformed signaling frames on a raw WebSocket, data connections with labels
 * Plume does not use, connect/close churn, and garbage in place of HELLO/AUTH. Then A's network
 * drops and comes back. A must come back online, keep chatting with B, raise no uncaught error,
 * and hold fewer peer connections than its bound.
 *
 * The worker lets a tokenless stranger put only a trickle of OFFERs in front of A
 * ([SIG-REACH-4]; tests/e2e/reach.spec.ts), which would leave A's own defences untested. So this
 * stranger holds a token A registered: that of A's current invite, as anyone who saw A's QR code
 * or got the link forwarded can derive it ([SIG-REACH-5]). The worker treats its OFFERs as a
 * friend's, as an ungated or hostile server would, and the whole flood reaches the app.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { befriend, newPeer, onboard, openMyCode, waitOnline } from '../helpers/app';
import { message, openChatFromFriend, send, type Person } from '../helpers/chat';
import {
  badHandshakes,
  BAD_HANDSHAKES,
  churn,
  countPeerConnections,
  dialUnknownLabels,
  offerSdp,
  openStockPeers,
  openStranger,
  readPeerConnections,
  sendSignalCases,
  signalCases,
  strangerErrors,
  strangerIdentities,
  strangerIdentity,
} from '../helpers/stranger';
import { MAX_PEER_CONNECTIONS, STRANGER_CONNECTIONS_PER_MINUTE } from '../../src/peers/admission';
import { parseInviteLink } from '../../src/lib/invite';
import { inviteReachToken } from '../../src/lib/reach';

/** The reach token of the invite `page` shows on My code: what a leaked link gives away. */
async function leakedInviteToken(page: Page): Promise<string> {
  const parsed = await parseInviteLink(await openMyCode(page));
  if (!parsed.ok) throw new Error(`not an invite: ${parsed.reason}`);
  return inviteReachToken(parsed.invite.secret);
}

/** Messages cross a real WebRTC session, which may have to be re-dialled after the flood. */
const SYNC = { timeout: 30_000 };
/** Peer connections A may make for its friend B during the test (dials, races, reconnects). */
const FRIEND_CONNECTIONS_ALLOWANCE = 20;
const UNKNOWN_LABELS = 30;
const CHURN_IDENTITIES = 5;
const CHURN_PER_IDENTITY = 12;

/** Uncaught errors and console errors of one page. */
function watch(page: Page, name: string): { uncaught: string[]; log: string[] } {
  const seen = { uncaught: [] as string[], log: [] as string[] };
  page.on('pageerror', (err) => {
    seen.uncaught.push(`${err.name}: ${err.message}`);
    seen.log.push(`${Date.now()} ${name} pageerror ${err.stack ?? err.message}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      seen.log.push(`${Date.now()} ${name} ${m.type()} ${m.text()}`);
    }
  });
  return seen;
}

/** The status A's indicator shows. */
function status(page: Page): Promise<string | null> {
  return page.getByTestId('connection-status').first().getAttribute('data-status');
}

/** `from` sends `text` in its open chat; `to` (with the chat open too) shows it as theirs. */
async function say(from: Person, to: Person, text: string): Promise<void> {
  await send(from.page, text);
  await expect(message(to.page, text)).toHaveAttribute('data-mine', 'false', SYNC);
}

test('[E2E-HOSTILE-1] a hostile stranger floods A; A stays up, recovers from a drop, keeps chatting', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const origin = baseURL ?? `http://localhost:${process.env.E2E_PORT}`;
  const contexts: BrowserContext[] = [];
  try {
    // 1. A (counted from its first document on) and B onboard, become friends and chat.
    const pa = await newPeer(browser);
    const pb = await newPeer(browser);
    contexts.push(pa.context, pb.context);
    await countPeerConnections(pa.context);
    const seenA = watch(pa.page, 'A');
    const seenB = watch(pb.page, 'B');
    const [idA, idB] = await Promise.all([onboard(pa.page, 'Alice'), onboard(pb.page, 'Bob')]);
    const a: Person = { ...pa, name: 'Alice', id: idA };
    const b: Person = { ...pb, name: 'Bob', id: idB };
    await befriend(a, b);
    const leaked = await leakedInviteToken(a.page);
    await openChatFromFriend(a.page, 'Bob');
    await openChatFromFriend(b.page, 'Alice');
    await say(a, b, 'before the stranger, from Alice');
    await say(b, a, 'before the stranger, from Bob');

    // 2. The stranger: identities of its own, and a page of the worker's origin.
    const [signaller, labeller, handshakers, churners] = await Promise.all([
      strangerIdentity(),
      strangerIdentity(),
      strangerIdentities(BAD_HANDSHAKES.length),
      strangerIdentities(CHURN_IDENTITIES),
    ]);
    const stranger = await openStranger(browser, origin, leaked);
    contexts.push(stranger.context);
    const openMs = await openStockPeers(stranger, [labeller, ...handshakers, ...churners]);
    const floodStart = Date.now();

    // d. First, while A's stranger budget is untouched: garbage instead of HELLO/AUTH.
    const handshakes = await badHandshakes(stranger, handshakers, a.id);

    // a. Malformed signaling frames on a raw WebSocket: the worker must refuse them.
    const cases = signalCases(a.id, await offerSdp(stranger), leaked);
    const signals = await sendSignalCases(stranger, signaller, cases);

    // b. and c. Unknown labels, then churn; A and B chat meanwhile.
    const flood = (async () => {
      const labels = await dialUnknownLabels(stranger, labeller, a.id, UNKNOWN_LABELS, 2_000);
      const churned = await churn(stranger, churners, a.id, CHURN_PER_IDENTITY);
      return { labels, churned };
    })();
    const chat = (async () => {
      await say(a, b, 'during the flood, from Alice');
      await say(b, a, 'during the flood, from Bob');
    })();
    const [{ labels, churned }] = await Promise.all([flood, chat]);
    const floodMs = Date.now() - floodStart;
    const afterFlood = await readPeerConnections(a.page);
    const ownErrors = await strangerErrors(stranger);
    await stranger.context.close();

    // 4. After the flood, A still chats with B.
    await say(a, b, 'after the flood, from Alice');
    await say(b, a, 'after the flood, from Bob');

    // 5. A's network drops, then comes back: time until A is online again.
    await a.context.setOffline(true);
    await expect.poll(() => status(a.page), SYNC).not.toBe('online');
    await a.context.setOffline(false);
    const back = Date.now();
    await a.page.waitForFunction(
      () =>
        document.querySelector('[data-testid="connection-status"]')?.getAttribute('data-status') ===
        'online',
      null,
      { polling: 50, timeout: 30_000 },
    );
    const backOnlineMs = Date.now() - back;
    await waitOnline(a.page);
    await say(a, b, 'after the drop, from Alice');
    await say(b, a, 'after the drop, from Bob');

    // 6. The figures, then the assertions.
    const pcs = await readPeerConnections(a.page);
    const refusedCases = signals.filter((s) => s.refused);
    const refusedByWorker = refusedCases.filter((s) =>
      s.replies.some((r) => r.type === 'ERROR' && r.payload?.reason === 'badPayload'),
    );
    const closedHandshakes = handshakes.filter((h) => h.closed);
    const closeTimes = closedHandshakes.map((h) => h.closeMs ?? 0);
    const figures =
      `HOSTILE uncaught=${seenA.uncaught.length} uncaughtB=${seenB.uncaught.length} ` +
      `peakPCs=${pcs.peak} createdPCs=${pcs.created} livePCs=${pcs.live} ` +
      `afterFloodPCs=${afterFlood.created}/${afterFlood.live} docs=${pcs.documents} ` +
      `backOnlineMs=${backOnlineMs} malformedRefused=${refusedByWorker.length}/${refusedCases.length} ` +
      `badHandshakesClosed=${closedHandshakes.length}/${handshakes.length} ` +
      `closeMs=${Math.min(...closeTimes)}-${Math.max(...closeTimes)} ` +
      `labels=${labels.offered}/${labels.dialled} offered ${labels.opened} opened ` +
      `churn=${churned.offered}/${churned.dialled} offered ${churned.opened} opened ` +
      `floodMs=${floodMs} stockOpenMs=${Math.min(...openMs)}-${Math.max(...openMs)}`;
    console.log(figures);
    testInfo.annotations.push({ type: 'HOSTILE', description: figures });
    await testInfo.attach('hostile-figures.txt', { body: figures, contentType: 'text/plain' });
    await testInfo.attach('hostile-details.json', {
      body: JSON.stringify({ signals, handshakes, labels, churned, ownErrors, pcs }, null, 2),
      contentType: 'application/json',
    });
    await testInfo.attach('a-b-console.txt', {
      body: [...seenA.log, ...seenB.log].sort().join('\n'),
      contentType: 'text/plain',
    });

    expect(seenA.uncaught, 'uncaught errors in A').toEqual([]);
    expect(seenB.uncaught, 'uncaught errors in B').toEqual([]);
    for (const s of signals) {
      expect(s.answered, `${s.name}: the worker answered the probe after it`).toBe(true);
      const errors = s.replies.filter((r) => r.type === 'ERROR');
      if (s.refused) {
        expect(
          errors.map((r) => r.payload?.reason),
          `${s.name} is refused`,
        ).toEqual(['badPayload']);
      } else {
        expect(errors, `${s.name} is relayed`).toEqual([]);
      }
    }
    for (const h of handshakes) {
      expect(h.opened, `${h.kind}: the channel opened (admitted)`).toBe(true);
      if (h.gotAuth !== null) expect(h.gotAuth, `${h.kind}: A answered the HELLO`).toBe(true);
      expect(h.closed, `${h.kind}: A closed the channel`).toBe(true);
    }
    expect(labels.offered, 'every unknown-label OFFER went out').toBe(UNKNOWN_LABELS);
    expect(churned.offered, 'every churn OFFER went out').toBe(
      CHURN_IDENTITIES * CHURN_PER_IDENTITY,
    );
    expect(pcs.peak).toBeLessThan(MAX_PEER_CONNECTIONS);
    expect(pcs.created).toBeLessThanOrEqual(
      STRANGER_CONNECTIONS_PER_MINUTE + FRIEND_CONNECTIONS_ALLOWANCE,
    );
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
  }
});
