/**
 * Friends by QR, end to end in real Chromium against the local signaling worker.
 *
 * Stable test ids used here (and kept for later tests):
 *   Friends list   friends-search, friends-empty, friends-empty-code, friends-empty-scan,
 *                  friends-code-link, friends-scan-link, friends-no-match,
 *                  friends-incoming / incoming-request (data-peer-id) + request-accept, request-decline,
 *                  friends-outgoing / outgoing-request (data-peer-id, data-state),
 *                  friends-group (data-label), friends-blocked,
 *                  friend-row (data-peer-id, data-state, data-online, data-verified),
 *                  friend-title, friend-presence (data-online), verified-badge, notice-badge
 *   Friend detail  friend-detail, friend-detail-title, friend-detail-name, friend-detail-id,
 *                  security-notice (data-reason), notice-dismiss, friend-request-state (data-state),
 *                  remark-input, remark-save, label-input, label-add, label-chip, label-remove,
 *                  safety-card, safety-busy, safety-number (data-digits), safety-qr, verify-scan,
 *                  friend-block (data-blocked), friend-delete, confirm-dialog, confirm-ok, confirm-cancel
 *   My code        my-code, my-code-qr (data-ready), my-code-link, my-code-expiry (data-expires-at),
 *                  my-code-copy, my-code-share, my-code-new, my-code-error, invite-list,
 *                  invite-item (data-status)
 *   Add a friend   scan-screen, verify-screen, scanner-view (data-state), scanner-status,
 *                  scanner-problem (data-problem), scan-file, scan-paste-input, scan-paste-submit,
 *                  scan-error (data-reason), scan-busy
 *   Opened link    add-screen, add-name, add-confirm, add-cancel, add-error (data-reason), add-known
 *   Me             my-display-name, my-status-line, my-peer-id, profile-edit, profile-name,
 *                  profile-status, profile-avatar-input, profile-save, me-my-code, me-scan,
 *                  backup-card, backup-passphrase, backup-passphrase-confirm, backup-export,
 *                  backup-problem
 *   Onboarding     onboarding-restore, restore-file, restore-passphrase, restore-submit,
 *                  restore-error (data-reason), onboarding-invited
 */
import { chromium, expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import {
  addByLink,
  befriend,
  dismissToasts,
  expectFriendOnline,
  friendRow,
  friendsHeading,
  gotoHash,
  incomingRow,
  newPeer,
  onboard,
  openFriends,
  openMyCode,
  outgoingRow,
  readPeerId,
  waitForServiceWorker,
  waitOnline,
} from '../helpers/app';
import { fakeCameraArgs, writeQrPng, writeQrVideo } from '../helpers/qr';

/** A phone-sized window, for the screenshots in docs/img. */
const PHONE = { viewport: { width: 390, height: 844 } };
const PASSPHRASE = 'correct horse battery staple';
/** A 1×1 white PNG: a picture without a code. */
const BLANK_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII=';

async function openFriendDetail(page: Page, title: string): Promise<void> {
  await openFriends(page);
  await friendRow(page, title).first().click();
  await expect(page.getByTestId('friend-detail-title')).toHaveText(title);
}

test('[E2E-FR-1] B scans A’s code with the camera; both show each other as friends, online', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const a = await newPeer(browser, PHONE);
  await onboard(a.page, 'Alice');
  // A runs with the peers debug log on, kept for the report should A not list Bob.
  const aLog: string[] = [];
  a.page.on('console', (m) => aLog.push(`${Date.now()} ${m.type()} ${m.text()}`));
  a.page.on('pageerror', (e) => aLog.push(`${Date.now()} pageerror ${String(e)}`));
  await a.page.goto('/?debug=peers:*');
  await waitOnline(a.page);
  const link = await openMyCode(a.page);
  await expect(a.page.getByTestId('my-code-expiry')).toBeVisible();
  await a.page.screenshot({ path: 'docs/img/my-code.png' });

  // B's browser has a fake camera that films A's code: one process per camera file.
  const y4m = testInfo.outputPath('a-code.y4m');
  writeQrVideo(link, y4m);
  const camera = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: fakeCameraArgs(y4m),
  });
  try {
    const bContext = await camera.newContext({ baseURL, permissions: ['camera'], locale: 'en-US' });
    const b = await bContext.newPage();
    await onboard(b, 'Bob');
    await openFriends(b);
    await b.getByTestId('friends-empty-scan').click();
    // The camera decodes the code by itself; the app adds Alice and returns to the list.
    // The scanner's 'scanning' state is not awaited: a quick read closes the screen first.
    await expect(b.getByTestId('scan-screen'))
      .toHaveCount(0, { timeout: 20_000 })
      .catch(async (err: unknown) => {
        // B runs in its own browser (the camera's), outside the trace: keep what it showed.
        await testInfo.attach('b-scan-screen.png', {
          body: await b.screenshot(),
          contentType: 'image/png',
        });
        const brief = { timeout: 1_000 };
        const shown = (id: string) =>
          b
            .getByTestId(id)
            .innerText(brief)
            .catch(() => '-');
        const state = await b
          .getByTestId('scanner-view')
          .getAttribute('data-state', brief)
          .catch(() => '-');
        throw new Error(
          `${String(err)}\nB: scanner ${state}; status: ${await shown('scanner-status')}; ` +
            `error: ${await shown('scan-error')}; busy: ${await shown('scan-busy')}`,
        );
      });
    await expect(friendsHeading(b)).toBeVisible();
    await expectFriendOnline(b, 'Alice');
    await expectFriendOnline(a.page, 'Bob').catch(async (err: unknown) => {
      await testInfo.attach('a-console.txt', { body: aLog.join('\n'), contentType: 'text/plain' });
      throw err;
    });

    // The safety number both sides see is the same 60 digits.
    await openFriendDetail(a.page, 'Bob');
    await openFriendDetail(b, 'Alice');
    const digitsA = await a.page.getByTestId('safety-number').getAttribute('data-digits');
    const digitsB = await b.getByTestId('safety-number').getAttribute('data-digits');
    expect(digitsA).toMatch(/^\d{60}$/);
    expect(digitsB).toBe(digitsA);
    await expect(a.page.getByTestId('safety-qr')).toHaveAttribute('data-ready', 'true');
    await a.page.getByTestId('safety-card').scrollIntoViewIfNeeded();
    await a.page.screenshot({ path: testInfo.outputPath('friend-detail.png') });

    // In person, B scans A's code again from Alice's page: the pinned key matches, so verified.
    await expect(b.getByTestId('verified-badge')).toHaveCount(0);
    // As with adding, the read may close the verify screen before a poll could see it: the
    // badge that was absent above is the proof that the scan verified Alice.
    await b.getByTestId('verify-scan').click();
    await expect(b.getByTestId('verified-badge').first()).toBeVisible({ timeout: 20_000 });
    await expect(b.getByTestId('friend-detail')).toBeVisible();
    await openFriends(b);
    await expect(friendRow(b, 'Alice')).toHaveAttribute('data-verified', 'true');
    await bContext.close();
  } finally {
    await camera.close();
  }
  await a.context.close();
});

test('[E2E-FR-2] B opens A’s link while offline; they become friends once B is online', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const a = await newPeer(browser);
  const b = await newPeer(browser);
  await onboard(a.page, 'Alice');
  const link = await openMyCode(a.page);
  await onboard(b.page, 'Bob');
  await waitForServiceWorker(b.page);

  await b.context.setOffline(true);
  await b.page.goto(link);
  await expect(b.page.getByTestId('add-name')).toHaveText('Alice');
  await b.page.getByTestId('add-confirm').click();
  // The request waits in the outbox.
  await expect(outgoingRow(b.page, 'Alice')).toHaveAttribute('data-state', 'outgoing');

  await b.context.setOffline(false);
  await waitOnline(b.page);
  await expectFriendOnline(b.page, 'Alice');
  await expectFriendOnline(a.page, 'Bob');
  // The invite is now used, by Bob.
  await gotoHash(a.page, '#/code');
  await expect(
    a.page.getByTestId('invite-item').filter({ hasText: 'Bob' }).first(),
  ).toHaveAttribute('data-status', 'used');
  await a.context.close();
  await b.context.close();
});

test('[E2E-FR-3] an expired invite leads to a request: accept works, and decline works', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const a = await newPeer(browser);
  // A's clock runs from real time; jumping it 25 h ahead expires the invite it showed.
  // (Installed before the app loads, so every part of the app reads the same clock.)
  await a.page.clock.install();
  await onboard(a.page, 'Alice');
  const link = await openMyCode(a.page);
  await a.page.clock.fastForward('25:00:00');
  // My code notices at once and shows a fresh code; the old one is listed as expired.
  await expect(a.page.getByTestId('invite-item').first()).toHaveAttribute('data-status', 'expired');

  const b = await newPeer(browser);
  await onboard(b.page, 'Bob');
  await addByLink(b.page, link, 'Alice');
  await openFriends(a.page);
  await expect(incomingRow(a.page, 'Bob')).toBeVisible({ timeout: 30_000 });
  await expect(outgoingRow(b.page, 'Alice')).toHaveAttribute('data-state', 'outgoing');
  await incomingRow(a.page, 'Bob').getByTestId('request-accept').click();
  await expectFriendOnline(a.page, 'Bob');
  await expectFriendOnline(b.page, 'Alice');

  // Carol opens the link before she has Plume set up: onboarding first, then the add screen.
  const c = await newPeer(browser);
  await c.page.goto(link);
  await expect(c.page.getByTestId('onboarding-invited')).toBeVisible();
  await c.page.getByTestId('onboarding-name').fill('Carol');
  await c.page.getByTestId('onboarding-submit').click();
  await expect(c.page.getByTestId('add-name')).toHaveText('Alice');
  await waitOnline(c.page);
  await c.page.getByTestId('add-confirm').click();
  await openFriends(a.page);
  await expect(incomingRow(a.page, 'Carol')).toBeVisible({ timeout: 30_000 });
  await incomingRow(a.page, 'Carol').getByTestId('request-decline').click();
  await expect(incomingRow(a.page, 'Carol')).toHaveCount(0);
  await expect(friendRow(a.page, 'Carol')).toHaveCount(0);
  await openFriends(c.page);
  await expect(outgoingRow(c.page, 'Alice')).toHaveAttribute('data-state', 'declined', {
    timeout: 30_000,
  });
  await expect(friendRow(c.page, 'Alice')).toHaveCount(0);
  for (const peer of [a, b, c]) await peer.context.close();
});

test('[E2E-FR-4] remark shown instead of the name; delete tells the other side; block cuts the connection', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const a = await newPeer(browser, PHONE);
  const b = await newPeer(browser);
  const c = await newPeer(browser);
  const idA = await onboard(a.page, 'Alice');
  await onboard(b.page, 'Bob');
  await onboard(c.page, 'Carol');
  await befriend({ page: a.page, name: 'Alice' }, { page: b.page, name: 'Bob' });
  await befriend({ page: a.page, name: 'Alice' }, { page: c.page, name: 'Carol' });

  // Remark: shown instead of the name, in the list and the detail; search finds either.
  await openFriendDetail(a.page, 'Bob');
  await a.page.getByTestId('remark-input').fill('Bobby from the gym');
  await a.page.getByTestId('remark-save').click();
  await expect(a.page.getByTestId('friend-detail-title')).toHaveText('Bobby from the gym');
  await expect(a.page.getByTestId('friend-detail-name')).toContainText('Bob');
  await a.page.getByTestId('label-input').fill('Sport');
  await a.page.getByTestId('label-add').click();
  await expect(a.page.getByTestId('label-chip')).toHaveText(['Sport']);
  await openFriends(a.page);
  await expect(friendRow(a.page, 'Bobby from the gym')).toBeVisible();
  await expect(friendRow(a.page, 'Bob')).toHaveCount(0);
  await expect(a.page.locator('[data-testid="friends-group"][data-label="Sport"]')).toBeVisible();
  await dismissToasts(a.page);
  await a.page.screenshot({ path: 'docs/img/friends.png' });
  await a.page.getByTestId('friends-search').fill('gym');
  await expect(a.page.getByTestId('friend-row')).toHaveCount(1);
  await a.page.getByTestId('friends-search').fill('zzz');
  await expect(a.page.getByTestId('friends-no-match')).toBeVisible();
  await a.page.getByTestId('friends-search').fill('');

  // Delete Carol: asked first; Carol is told and drops Alice too.
  await openFriendDetail(a.page, 'Carol');
  await a.page.getByTestId('friend-delete').click();
  await expect(a.page.getByTestId('confirm-dialog')).toBeVisible();
  await a.page.getByTestId('confirm-ok').click();
  await expect(friendRow(a.page, 'Carol')).toHaveCount(0);
  await openFriends(c.page);
  await expect(friendRow(c.page, 'Alice')).toHaveCount(0, { timeout: 30_000 });

  // Block Bob: the session goes down and stays down, even after Bob reloads.
  await openFriendDetail(a.page, 'Bobby from the gym');
  await a.page.getByTestId('friend-block').click();
  await expect(a.page.getByTestId('friend-block')).toHaveAttribute('data-blocked', 'true');
  await openFriends(b.page);
  await expect(friendRow(b.page, 'Alice')).toHaveAttribute('data-online', 'false', {
    timeout: 30_000,
  });
  // Bob reloads with the session debug log on, so each dial and each session that comes up
  // shows in his console: he keeps dialling (he still counts Alice as a friend), and not one
  // of those dials gets through.
  const dials: string[] = [];
  const sessions: string[] = [];
  b.page.on('console', (msg) => {
    const text = msg.text();
    if (!text.includes(idA)) return;
    if (text.includes('dialling')) dials.push(text);
    if (text.includes('authenticated')) sessions.push(text);
  });
  await b.page.goto('/?debug=peers:*');
  await waitOnline(b.page);
  await openFriends(b.page);
  await expect.poll(() => dials.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
  expect(sessions).toEqual([]);
  await expect(friendRow(b.page, 'Alice')).toHaveAttribute('data-online', 'false');
  await openFriends(a.page);
  await expect(a.page.getByTestId('friends-blocked')).toContainText('Bobby from the gym');
  await expect(friendRow(a.page, 'Bobby from the gym')).toHaveAttribute('data-online', 'false');

  // Unblocking brings the connection back, so it was the block that held it.
  await openFriendDetail(a.page, 'Bobby from the gym');
  await a.page.getByTestId('friend-block').click();
  await expectFriendOnline(a.page, 'Bobby from the gym');
  for (const peer of [a, b, c]) await peer.context.close();
});

test('[E2E-FR-5] a backup restored in a fresh install comes online as the same PeerId, with its friends', async ({
  browser,
}, testInfo) => {
  test.setTimeout(150_000);
  const a = await newPeer(browser);
  const b = await newPeer(browser);
  const idA = await onboard(a.page, 'Alice');
  await onboard(b.page, 'Bob');
  await befriend({ page: a.page, name: 'Alice' }, { page: b.page, name: 'Bob' });

  // A profile edit (picture and status line) reaches the friend.
  await a.page.getByTestId('nav-me').first().click();
  await a.page.getByTestId('profile-edit').click();
  const picture = testInfo.outputPath('avatar.png');
  writeQrPng('a picture', picture);
  await a.page.getByTestId('profile-avatar-input').setInputFiles(picture);
  await expect(a.page.locator('.profile-form img.avatar')).toBeVisible();
  await a.page.getByTestId('profile-status').fill('Back on Monday');
  await a.page.getByTestId('profile-save').click();
  await expect(a.page.getByTestId('my-status-line')).toHaveText('Back on Monday');
  await openFriendDetail(b.page, 'Alice');
  await expect(b.page.getByTestId('friend-detail-status')).toHaveText('Back on Monday', {
    timeout: 30_000,
  });
  await expect(b.page.locator('.profile img.avatar')).toBeVisible();

  await a.page.getByTestId('nav-me').first().click();
  await a.page.getByTestId('backup-passphrase').fill(PASSPHRASE);
  await a.page.getByTestId('backup-passphrase-confirm').fill('not the same');
  await a.page.getByTestId('backup-export').click();
  await expect(a.page.getByTestId('backup-problem')).not.toBeEmpty();
  await a.page.getByTestId('backup-passphrase-confirm').fill(PASSPHRASE);
  const [download] = await Promise.all([
    a.page.waitForEvent('download'),
    a.page.getByTestId('backup-export').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^plume-backup-\d{4}-\d{2}-\d{2}\.plume$/);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  // The old install goes away (a lost phone).
  await a.context.close();

  const fresh = await newPeer(browser);
  await fresh.page.goto('/');
  await fresh.page.getByTestId('onboarding-restore').click();
  const error = fresh.page.getByTestId('restore-error');

  // Not a backup at all, then a wrong passphrase: clear errors, nothing changes.
  const junk = testInfo.outputPath('junk.plume');
  writeFileSync(junk, randomBytes(2048));
  await fresh.page.getByTestId('restore-file').setInputFiles(junk);
  await fresh.page.getByTestId('restore-passphrase').fill(PASSPHRASE);
  await fresh.page.getByTestId('restore-submit').click();
  await expect(error).toHaveAttribute('data-reason', /not-a-backup|corrupt/);
  await expect(error).not.toBeEmpty();
  await fresh.page.getByTestId('restore-file').setInputFiles(file);
  await fresh.page.getByTestId('restore-passphrase').fill('wrong passphrase');
  await fresh.page.getByTestId('restore-submit').click();
  await expect(error).toHaveAttribute('data-reason', 'wrong-passphrase');
  await expect(fresh.page.getByTestId('onboarding-name')).toBeVisible();

  await fresh.page.getByTestId('restore-passphrase').fill(PASSPHRASE);
  await fresh.page.getByTestId('restore-submit').click();
  await waitOnline(fresh.page);
  expect(await readPeerId(fresh.page)).toBe(idA);
  await expect(fresh.page.getByTestId('my-display-name')).toHaveText('Alice');
  await expect(fresh.page.getByTestId('my-status-line')).toHaveText('Back on Monday');
  await expectFriendOnline(fresh.page, 'Bob');
  await expectFriendOnline(b.page, 'Alice');
  await fresh.context.close();
  await b.context.close();
});

test('[E2E-FR-6] a foreign or damaged code gets a clear message and changes nothing', async ({
  browser,
}, testInfo) => {
  const a = await newPeer(browser);
  await onboard(a.page, 'Alice');
  const link = await openMyCode(a.page);
  const b = await newPeer(browser);
  await onboard(b.page, 'Bob');
  await openFriends(b.page);
  await b.page.getByTestId('friends-scan-link').click();
  const error = b.page.getByTestId('scan-error');

  // A picture of someone else's QR code (a web address).
  const png = testInfo.outputPath('foreign.png');
  writeQrPng('https://example.com/menu', png);
  await b.page.getByTestId('scan-file').setInputFiles(png);
  await expect(error).toHaveAttribute('data-reason', 'not-plume');
  await expect(error).toContainText('not a Plume code');

  // A picture with no code at all.
  const blank = testInfo.outputPath('blank.png');
  writeFileSync(blank, Buffer.from(BLANK_PNG, 'base64'));
  await b.page.getByTestId('scan-file').setInputFiles(blank);
  await expect(error).toHaveAttribute('data-reason', 'no-code');

  // A damaged Plume link (cut short).
  await b.page.getByTestId('scan-paste-input').fill(link.split('.').slice(0, 3).join('.'));
  await b.page.getByTestId('scan-paste-submit').click();
  await expect(error).toHaveAttribute('data-reason', 'malformed');

  // A Plume invite with a key that does not belong to its id: forged.
  const forged = link.replace(
    /(#\/add\/)([a-z2-7])/,
    (_m, p: string, c: string) => p + (c === 'a' ? 'b' : 'a'),
  );
  await b.page.getByTestId('scan-paste-input').fill(forged);
  await b.page.getByTestId('scan-paste-submit').click();
  await expect(error).toHaveAttribute('data-reason', 'bad-key-hash');

  // Nothing was added anywhere.
  await openFriends(b.page);
  await expect(b.page.getByTestId('friends-empty')).toBeVisible();
  await openFriends(a.page);
  await expect(a.page.getByTestId('friends-empty')).toBeVisible();
  await a.context.close();
  await b.context.close();
});
