/**
 * Moments end to end in real Chromium against the local signaling worker: three installs, Alice
 * is friends with Bob and with Carol, who are not friends with each other. One setup, the
 * scenarios in sequence; it also saves the README's moments screenshots in both languages.
 *
 * Stable test ids used here: nav-moments, moments-screen, moments-new, moment-text-input,
 * moment-pick, moment-draft-media, moment-audience-except, moment-audience-friend (data-peer),
 * moment-audience-summary, moment-post, moment (data-key), moment-text, moment-thumb,
 * moment-picture, moment-comment-open, moment-comment-input, moment-comment-send,
 * moment-comment (data-who), moment-comment-text, moment-delete, and confirm-ok.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  befriend,
  friendRow,
  gotoHash,
  newPeer,
  onboard,
  openFriends,
  waitOnline,
} from '../helpers/app';
import type { Person } from '../helpers/chat';
import { makePng, tempDir, writeTestFile } from '../helpers/files';

/** A phone-sized window, for the screenshots in docs/img. */
const PHONE = { viewport: { width: 390, height: 844 }, locale: 'en-US' };
/** Moments cross real WebRTC sessions: allow for reconnects. */
const SYNC = { timeout: 30_000 };

async function openMoments(page: Page): Promise<void> {
  await page.getByTestId('nav-moments').first().click();
  await expect(page.getByTestId('moments-screen')).toBeVisible();
}

/** The moment whose text is `text` on `page`'s current screen. */
function moment(page: Page, text: string): Locator {
  return page
    .getByTestId('moment')
    .filter({ has: page.getByTestId('moment-text').getByText(text, { exact: true }) });
}

/** Post a moment from the composer; `except` leaves those friends out. */
async function post(
  page: Page,
  text: string,
  options: { pictures?: string[]; except?: string[] } = {},
): Promise<void> {
  await openMoments(page);
  await page.getByTestId('moments-new').click();
  await page.getByTestId('moment-text-input').fill(text);
  if (options.pictures) {
    await page.getByTestId('moment-pick').setInputFiles(options.pictures);
    await expect(page.getByTestId('moment-draft-media')).toHaveCount(options.pictures.length);
  }
  if (options.except) {
    await page.getByTestId('moment-audience-except').check();
    for (const id of options.except) {
      await page.locator(`[data-testid="moment-audience-friend"][data-peer="${id}"]`).check();
    }
    await expect(page.getByTestId('moment-audience-summary')).toContainText('will not');
  }
  await page.getByTestId('moment-post').click();
  await expect(page.getByTestId('moments-screen')).toBeVisible();
  await expect(moment(page, text)).toBeVisible();
}

/** Comment on the moment `text`, or reply to the comment `reply` points at. */
async function comment(page: Page, target: Locator, body: string, reply?: Locator): Promise<void> {
  if (reply) await reply.getByRole('button').first().click();
  else await target.getByTestId('moment-comment-open').click();
  await target.getByTestId('moment-comment-input').fill(body);
  await target.getByTestId('moment-comment-send').click();
  await expect(target.getByTestId('moment-comment-text').getByText(body)).toBeVisible();
}

async function setLanguage(page: Page, language: 'en' | 'zh'): Promise<void> {
  await gotoHash(page, '#/me');
  await page.getByTestId('settings-language').selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language === 'zh' ? 'zh-Hans' : 'en');
}

test('[E2E-MOM-1..5] moments among Alice, Bob and Carol: pictures, the mutual-friend rule for comments, an excluded friend, delete, and catching up after offline', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const peers = await Promise.all([
    newPeer(browser, PHONE),
    newPeer(browser, PHONE),
    newPeer(browser, PHONE),
  ]);
  const names = ['Alice', 'Bob', 'Carol'] as const;
  const ids = await Promise.all(peers.map((p, i) => onboard(p.page, names[i]!)));
  const [alice, bob, carol] = peers.map((p, i): Person => ({
    ...p,
    name: names[i]!,
    id: ids[i]!,
  })) as [Person, Person, Person];
  const dir = tempDir();
  const pictures = [0, 1, 2].map(
    (i) => writeTestFile(dir, `lake-${i + 1}.png`, makePng(96 + 16 * i, 72, 40 + i)).path,
  );
  try {
    await befriend(alice, bob);
    await befriend(alice, carol);

    // [E2E-MOM-1] Alice posts with three pictures to all friends; Bob and Carol see it with its
    // pictures, and Bob opens one full size in the chat's viewer.
    await post(alice.page, 'Sunset at the lake', { pictures });
    for (const friend of [bob, carol]) {
      await openMoments(friend.page);
      const sunset = moment(friend.page, 'Sunset at the lake');
      await expect(sunset).toBeVisible(SYNC);
      await expect(sunset.getByTestId('moment-thumb')).toHaveCount(3);
    }
    await moment(bob.page, 'Sunset at the lake').getByTestId('moment-picture').first().click();
    await expect(bob.page.getByTestId('viewer-image')).toBeVisible(SYNC);
    await bob.page.getByTestId('viewer-close').click();

    // [E2E-MOM-2] Bob comments and Alice sees it; Carol comments, Alice replies to her. Carol sees
    // the reply but never Bob's comment: Bob is not her friend. Alice stored Bob's comment
    // before she wrote the reply, so once the reply shows, Bob's comment would have too.
    await comment(bob.page, moment(bob.page, 'Sunset at the lake'), 'Beautiful colours!');
    await comment(carol.page, moment(carol.page, 'Sunset at the lake'), 'Where is this?');
    const onAlice = moment(alice.page, 'Sunset at the lake');
    await expect(onAlice.getByTestId('moment-comment')).toHaveCount(2, SYNC);
    await comment(
      alice.page,
      onAlice,
      'Lake Tahoe, last night',
      onAlice.locator(`[data-testid="moment-comment"][data-who="${carol.id}"]`),
    );
    const onCarol = moment(carol.page, 'Sunset at the lake');
    await expect(
      onCarol.getByTestId('moment-comment-text').getByText('Lake Tahoe, last night'),
    ).toBeVisible(SYNC);
    await expect(onCarol.getByTestId('moment-comment')).toHaveCount(2);
    await expect(onCarol.locator(`[data-who="${bob.id}"]`)).toHaveCount(0);

    // The README's screenshots: Bob's feed, and Alice's moment with its comments.
    await expect(moment(bob.page, 'Sunset at the lake').getByTestId('moment-comment')).toHaveCount(
      2,
      SYNC,
    );
    await bob.page.screenshot({ path: 'docs/img/moments-feed.png' });
    const key = await onAlice.getAttribute('data-key');
    await gotoHash(alice.page, `#/moments/post/${key}`);
    await expect(alice.page.getByTestId('moment-comment')).toHaveCount(3);
    await alice.page.screenshot({ path: 'docs/img/moments-post.png' });

    // [E2E-MOM-3] A moment for all but Carol never reaches her: a later one for all does, and
    // the first is not there (Alice's log to Carol never held it).
    await post(alice.page, 'Only for Bob', { except: [carol.id] });
    await post(alice.page, 'Hello everyone');
    await openMoments(carol.page);
    await expect(moment(carol.page, 'Hello everyone')).toBeVisible(SYNC);
    await expect(moment(carol.page, 'Only for Bob')).toHaveCount(0);
    await openMoments(bob.page);
    await expect(moment(bob.page, 'Hello everyone')).toBeVisible(SYNC);
    await expect(moment(bob.page, 'Only for Bob')).toBeVisible();

    // [E2E-MOM-4] Alice deletes a moment; it goes from Bob's feed.
    await openMoments(alice.page);
    await moment(alice.page, 'Only for Bob').getByTestId('moment-delete').click();
    // Each post keeps its own closed confirm dialog; the open one is the only dialog shown.
    await alice.page.getByRole('dialog').getByTestId('confirm-ok').click();
    await expect(moment(alice.page, 'Only for Bob')).toHaveCount(0);
    await expect(moment(bob.page, 'Only for Bob')).toHaveCount(0, SYNC);

    // [E2E-MOM-5] A moment Alice posts while Bob is offline arrives when he is back.
    await bob.context.setOffline(true);
    await openFriends(alice.page);
    await expect(friendRow(alice.page, 'Bob')).toHaveAttribute('data-online', 'false', SYNC);
    await post(alice.page, 'Posted while Bob was away');
    await bob.context.setOffline(false);
    await waitOnline(bob.page);
    await openMoments(bob.page);
    await expect(moment(bob.page, 'Posted while Bob was away')).toBeVisible(SYNC);

    // The same two screenshots in Chinese.
    await setLanguage(bob.page, 'zh');
    await openMoments(bob.page);
    await expect(moment(bob.page, 'Sunset at the lake')).toBeVisible();
    await bob.page.evaluate(() => document.querySelector('#main')?.scrollTo({ top: 0 }));
    await bob.page.screenshot({ path: 'docs/img/moments-feed-zh.png' });
    await setLanguage(alice.page, 'zh');
    await gotoHash(alice.page, `#/moments/post/${key}`);
    await expect(alice.page.getByTestId('moment-comment')).toHaveCount(3);
    await alice.page.screenshot({ path: 'docs/img/moments-post-zh.png' });
  } finally {
    await Promise.all(peers.map((p) => p.context.close().catch(() => undefined)));
  }
});
