/**
 * Files, images and voice messages, end to end in real Chromium:
 * two browser contexts (two installs) against the local signaling worker,
 * the real file engine, bytes over WebRTC. Nothing is mocked.
 *
 * Stable test ids used here:
 *   Composer   attach-button, attach-input, outgoing, outgoing-item (data-state),
 *              voice-record, voice-recording (data-state), voice-elapsed, voice-send,
 *              voice-cancel, voice-problem, drop-overlay
 *   Message    file-message (data-name, data-kind, data-state, data-direction, data-bytes,
 *              data-ready), file-thumb, file-image, file-open (data-loaded), file-card,
 *              file-name, file-meta, file-save, file-transfer (data-state), file-progress,
 *              file-progress-text, file-status, file-accept, file-cancel, file-retry,
 *              file-fetch, voice-player (data-playing), voice-play, voice-progress
 *              (data-position), voice-time
 *   Viewer     image-viewer, viewer-image, viewer-zoom, viewer-zoom-in, viewer-zoom-out,
 *              viewer-fit, viewer-save, viewer-close
 *   Storage    settings-storage, storage-screen, storage-auto-limit, storage-total,
 *              storage-device, storage-list, storage-chat (data-conv, data-bytes),
 *              storage-free, storage-empty, storage-offline
 */
import { expect, test, type Page } from '@playwright/test';
import { gotoHash, waitOnline } from '../helpers/app';
import { chatPair, openChatFromFriend, openChatFromList, openChats } from '../helpers/chat';
import {
  attachFiles,
  dropFile,
  fileMessage,
  makePng,
  MB,
  pseudoRandomBytes,
  saveAndHash,
  sha256,
  tempDir,
  writeTestFile,
} from '../helpers/files';

/** Events cross two real WebRTC sessions: allow for reconnects. */
const SYNC = { timeout: 45_000 };
/** 50 MB over loopback WebRTC, chunked, hashed and stored: seconds, with room for a slow CI. */
const TRANSFER = { timeout: 120_000 };

async function expectPeerOnline(page: Page, online: boolean): Promise<void> {
  await expect(page.getByTestId('chat-screen').locator('[data-online]').first()).toHaveAttribute(
    'data-online',
    String(online),
    SYNC,
  );
}

test('[E2E-FILES-1] a 50 MB file arrives byte for byte (SHA-256 of the saved copy)', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const [a, b] = await chatPair(browser);
  const file = writeTestFile(tempDir(), 'big.bin', pseudoRandomBytes(50 * MB, 0x5eed));
  await openChatFromFriend(a.page, 'Bob');
  await openChatFromFriend(b.page, 'Alice');

  await attachFiles(a.page, [file.path]);
  const mine = fileMessage(a.page, 'big.bin');
  await expect(mine).toHaveAttribute('data-direction', 'send', TRANSFER);
  await expect(a.page.getByTestId('outgoing-item')).toHaveCount(0);

  // Larger than the auto-download limit: Bob is asked first.
  const theirs = fileMessage(b.page, 'big.bin');
  await expect(theirs).toHaveAttribute('data-state', 'ask', SYNC);
  await expect(theirs.getByTestId('file-meta')).toHaveText('50 MB · application/octet-stream');
  await theirs.getByTestId('file-accept').click();
  await expect(theirs).toHaveAttribute('data-state', 'ready', TRANSFER);
  await expect(theirs).toHaveAttribute('data-bytes', String(50 * MB));

  expect(await saveAndHash(b.page, theirs.getByTestId('file-save'))).toBe(file.sha256);
  // The sender's copy opens too.
  expect(await saveAndHash(a.page, mine.getByTestId('file-save'))).toBe(file.sha256);
  await a.context.close();
  await b.context.close();
});

test('[E2E-FILES-2] B closes the tab mid-transfer; on reopening it resumes, not restarts', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const [a, b] = await chatPair(browser);
  const file = writeTestFile(tempDir(), 'resume.bin', pseudoRandomBytes(50 * MB, 0xbeef));
  await openChatFromFriend(a.page, 'Bob');
  await openChatFromFriend(b.page, 'Alice');

  await attachFiles(a.page, [file.path]);
  const theirs = fileMessage(b.page, 'resume.bin');
  await expect(theirs).toHaveAttribute('data-state', 'ask', SYNC);
  await theirs.getByTestId('file-accept').click();

  // Close Bob's tab as soon as a few MB are stored (watched in the page, on every change).
  const selector = '[data-testid="file-message"][data-name="resume.bin"]';
  await b.page.evaluate(
    ({ selector, min }) =>
      new Promise<void>((resolve) => {
        const check = () => {
          const el = document.querySelector<HTMLElement>(selector);
          if (el?.dataset.state !== 'active' || Number(el.dataset.bytes) < min) return;
          observer.disconnect();
          resolve();
        };
        const observer = new MutationObserver(check);
        observer.observe(document, { subtree: true, childList: true, attributes: true });
        check();
      }),
    { selector, min: 2 * MB },
  );
  const before = Number(await theirs.getAttribute('data-bytes'));
  await b.page.close();
  expect(before).toBeGreaterThan(0);
  expect(before).toBeLessThan(50 * MB);

  // Reopen: record every byte count the message shows from the first moment.
  const page = await b.context.newPage();
  await page.addInitScript((sel: string) => {
    const seen: number[] = [];
    (window as unknown as { seenBytes: number[] }).seenBytes = seen;
    new MutationObserver(() => {
      const value = document.querySelector<HTMLElement>(sel)?.dataset.bytes;
      if (value !== undefined && seen.at(-1) !== Number(value)) seen.push(Number(value));
    }).observe(document, { subtree: true, childList: true, attributes: true });
  }, selector);
  await page.goto('/');
  await waitOnline(page);
  await openChatFromList(page, 'Alice');
  const again = fileMessage(page, 'resume.bin');
  await expect(again).toHaveAttribute('data-state', 'ready', TRANSFER);

  const seen = await page.evaluate(() => (window as unknown as { seenBytes: number[] }).seenBytes);
  // It picked up where it was: never back to 0, never below what was stored before closing.
  expect(seen.length).toBeGreaterThan(0);
  expect(seen[0]).toBeGreaterThanOrEqual(before);
  expect(Math.min(...seen)).toBeGreaterThanOrEqual(before);
  expect(seen.at(-1)).toBe(50 * MB);
  expect(await saveAndHash(page, again.getByTestId('file-save'))).toBe(file.sha256);
  await a.context.close();
  await b.context.close();
});

test('[E2E-FILES-3] an image arrives with its thumbnail, opens with zoom, is found by name, and its space can be freed', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const [a, b] = await chatPair(browser);
  const png = makePng(1200, 900, 7);
  const image = writeTestFile(tempDir(), 'photo.png', png);

  // Bob turns auto-download off in Storage, so the thumbnail is all he has until he accepts.
  await b.page.getByTestId('nav-me').first().click();
  await b.page.getByTestId('settings-storage').click();
  await expect(b.page.getByTestId('storage-screen')).toBeVisible();
  await b.page.getByTestId('storage-auto-limit').selectOption('0');

  await openChatFromFriend(a.page, 'Bob');
  await openChatFromFriend(b.page, 'Alice');
  await attachFiles(a.page, [image.path]);

  const theirs = fileMessage(b.page, 'photo.png');
  await expect(theirs).toHaveAttribute('data-kind', 'image', SYNC);
  await expect(theirs).toHaveAttribute('data-state', 'ask', SYNC);
  const thumb = theirs.getByTestId('file-thumb');
  await expect(thumb).toHaveAttribute('src', /^data:image\/(webp|jpeg);base64,/);
  // The thumbnail is a real picture, made on Alice's device, and the full image is not here yet.
  await expect
    .poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0);
  await expect(theirs.getByTestId('file-image')).toHaveCount(0);

  await theirs.getByTestId('file-accept').click();
  await expect(theirs).toHaveAttribute('data-state', 'ready', TRANSFER);
  const full = theirs.getByTestId('file-image');
  await expect(theirs.getByTestId('file-open')).toHaveAttribute('data-loaded', 'true');
  expect(await full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1200);
  // The chat with the received photo (docs/img/files.png, shown in the README).
  await b.page.screenshot({ path: 'docs/img/files.png' });

  // Full size, zoom in and out, save, and Esc closes.
  await theirs.getByTestId('file-open').click();
  const viewer = b.page.getByTestId('image-viewer');
  await expect(viewer).toBeVisible();
  await expect(b.page.getByTestId('viewer-zoom')).toHaveText('100%');
  await b.page.getByTestId('viewer-zoom-in').click();
  await expect(b.page.getByTestId('viewer-zoom')).toHaveText('150%');
  await b.page.keyboard.press('+');
  await expect(b.page.getByTestId('viewer-zoom')).toHaveText('225%');
  await b.page.getByTestId('viewer-fit').click();
  await expect(b.page.getByTestId('viewer-zoom')).toHaveText('100%');
  expect(await saveAndHash(b.page, b.page.getByTestId('viewer-save'))).toBe(image.sha256);
  await b.page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);

  // Storage lists the chat; freeing it keeps the message and removes the bytes.
  await gotoHash(b.page, '#/storage');
  const row = b.page.getByTestId('storage-chat');
  await expect(row).toHaveCount(1);
  expect(Number(await row.getAttribute('data-bytes'))).toBeGreaterThanOrEqual(png.length);
  await row.getByTestId('storage-free').click();
  await b.page.getByTestId('confirm-ok').click();
  await expect(b.page.getByTestId('storage-empty')).toBeVisible();
  await openChatFromList(b.page, 'Alice');
  await expect(theirs).toHaveAttribute('data-state', 'freed');
  await expect(theirs.getByTestId('file-thumb')).toBeVisible();

  // Search finds the file by its name ([CHAT-SEARCH-1]).
  await b.page.getByTestId('chat-search-toggle').click();
  await b.page.getByTestId('chat-search-input').fill('photo');
  await expect(b.page.getByTestId('search-hit')).toHaveCount(1);
  await expect(b.page.getByTestId('search-hit-snippet')).toContainText('photo.png');
  await a.context.close();
  await b.context.close();
});

test('[E2E-FILES-4] a voice message recorded with the fake microphone arrives and plays', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const [a, b] = await chatPair(browser);
  await openChatFromFriend(a.page, 'Bob');
  await openChatFromFriend(b.page, 'Alice');

  await a.page.getByTestId('voice-record').click();
  const bar = a.page.getByTestId('voice-recording');
  await expect(bar).toHaveAttribute('data-state', 'recording');
  await expect(a.page.getByTestId('voice-elapsed')).toHaveText('0:02', { timeout: 10_000 });
  await a.page.getByTestId('voice-send').click();
  await expect(bar).toHaveCount(0);

  const mine = a.page.locator('[data-testid="file-message"][data-kind="voice"]');
  await expect(mine).toHaveCount(1, SYNC);
  const theirs = b.page.locator('[data-testid="file-message"][data-kind="voice"]');
  await expect(theirs).toHaveCount(1, SYNC);
  // Voice messages download by themselves.
  await expect(theirs).toHaveAttribute('data-state', 'ready', TRANSFER);
  await expect(theirs.getByTestId('voice-time')).toHaveText(/^0:0[2-3]$/);

  await theirs.getByTestId('voice-play').click();
  await expect(theirs.getByTestId('voice-player')).toHaveAttribute('data-playing', 'true');
  await expect
    .poll(async () =>
      Number(await theirs.getByTestId('voice-progress').getAttribute('data-position')),
    )
    .toBeGreaterThan(0);
  // It plays to the end by itself.
  await expect(theirs.getByTestId('voice-player')).toHaveAttribute('data-playing', 'false', {
    timeout: 15_000,
  });
  await a.context.close();
  await b.context.close();
});

test('[E2E-FILES-5] a file sent while B is offline transfers when B comes back', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const [a, b] = await chatPair(browser);
  await openChatFromFriend(a.page, 'Bob');
  await openChats(b.page);
  await b.context.setOffline(true);
  await expectPeerOnline(a.page, false);

  // Dropped on the chat while Bob is away: it is stored on Alice's device and waits.
  const png = makePng(640, 480, 11);
  await dropFile(a.page, 'away.png', 'image/png', png);
  const mine = fileMessage(a.page, 'away.png');
  await expect(mine).toHaveAttribute('data-direction', 'send', TRANSFER);
  await expect(mine.getByTestId('file-thumb')).toBeVisible();

  await b.context.setOffline(false);
  await waitOnline(b.page);
  await openChatFromList(b.page, 'Alice');
  const theirs = fileMessage(b.page, 'away.png');
  // A photo under the limit: it comes by itself once both are online.
  await expect(theirs).toHaveAttribute('data-state', 'ready', TRANSFER);
  await theirs.getByTestId('file-open').click();
  expect(await saveAndHash(b.page, b.page.getByTestId('viewer-save'))).toBe(sha256(png));
  await b.page.getByTestId('viewer-close').click();
  await expect(b.page.getByTestId('image-viewer')).toHaveCount(0);
  await a.context.close();
  await b.context.close();
});
