/**
 * Reach tokens in the browser ([SIG-REACH-3], [SIG-REACH-4], [FR-8]). A stranger knows Alice's
 * and Bob's ids but holds no token: the worker lets a trickle of its OFFERs through, then answers
 * EXPIRE. While no tokenless OFFER can get through, Bob reloads, and the friends meet again: the
 * OFFERs between them carried the tokens they exchanged.
 */
import { expect, test, type BrowserContext } from '@playwright/test';
import { befriend, expectFriendOnline, newPeer, onboard, waitOnline } from '../helpers/app';
import {
  knockUntilRefused,
  openStockPeers,
  openStranger,
  strangerIdentity,
} from '../helpers/stranger';
import { TRICKLE_BURST, TRICKLE_INTERVAL_MS } from '../../worker/reach';

/** Tries per friend: the trickle's burst, one refill should the knocking be slow, one refused. */
const MAX_KNOCKS = TRICKLE_BURST + 2;
/** How long one OFFER may take to open a channel or come back refused. */
const KNOCK_MS = 10_000;

test('[E2E-REACH-1] friends meet again through their tokens while the worker lets no tokenless OFFER through', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const origin = baseURL ?? `http://localhost:${process.env.E2E_PORT}`;
  const contexts: BrowserContext[] = [];
  try {
    const [pa, pb] = await Promise.all([newPeer(browser), newPeer(browser)]);
    contexts.push(pa.context, pb.context);
    const [idA, idB] = await Promise.all([onboard(pa.page, 'Alice'), onboard(pb.page, 'Bob')]);
    await befriend({ page: pa.page, name: 'Alice' }, { page: pb.page, name: 'Bob' });

    // The stranger drains the trickle of both friends, each until the worker refuses.
    const identity = await strangerIdentity();
    const stranger = await openStranger(browser, origin);
    contexts.push(stranger.context);
    await openStockPeers(stranger, [identity]);
    const start = Date.now();
    const [toAlice, toBob] = await Promise.all([
      knockUntilRefused(stranger, identity, idA, MAX_KNOCKS, KNOCK_MS),
      knockUntilRefused(stranger, identity, idB, MAX_KNOCKS, KNOCK_MS),
    ]);

    // Bob reloads: his new session with Alice needs an OFFER between them to get through.
    await pb.page.reload();
    await waitOnline(pb.page);
    await expectFriendOnline(pb.page, 'Alice');
    const elapsed = Date.now() - start;

    const figures = `REACH toAlice=${toAlice.join(',')} toBob=${toBob.join(',')} elapsedMs=${elapsed}`;
    console.log(figures);
    testInfo.annotations.push({ type: 'REACH', description: figures });
    for (const knocks of [toAlice, toBob]) {
      expect(knocks.at(-1), 'the worker refused a tokenless OFFER').toBe('refused');
      // From the first knock on, the trickle could let through at most its burst plus one OFFER
      // per interval: the stranger took all of them, so none was left for a tokenless friend.
      const opened = knocks.filter((k) => k === 'open').length;
      expect(opened).toBeGreaterThanOrEqual(
        Math.floor(TRICKLE_BURST + elapsed / TRICKLE_INTERVAL_MS),
      );
    }
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
  }
});
