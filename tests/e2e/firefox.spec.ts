/**
 * A smoke test across browsers. One install in Chromium (Playwright, as the
 * other specs), one in Debian's firefox-esr (puppeteer-core over WebDriver BiDi,
 * tests/helpers/firefox.ts), both against the same local signaling worker: they become
 * friends by invite link, chat both ways and send small files both ways, checked byte
 * for byte (SHA-256 of what Save gives).
 *
 * FF_TRANSFERS (default 2) is the number of files per direction; each transfer's time
 * (Accept on the receiving side to `ready` there) is printed, with the count over 5 s.
 * `FF_TRANSFERS=50 npx playwright test tests/e2e/firefox.spec.ts` does 100 transfers.
 */
import { expect, test } from '@playwright/test';
import type { Browser as FfBrowser, Page as FfPage } from 'puppeteer-core';
import { expectFriendOnline, newPeer, onboard, openMyCode } from '../helpers/app';
import { message, openChatFromFriend, send } from '../helpers/chat';
import {
  attachFiles,
  fileMessage,
  pseudoRandomBytes,
  saveAndHash,
  tempDir,
  writeTestFile,
} from '../helpers/files';
import {
  ffAcceptFile,
  ffAddByLink,
  ffAttachFiles,
  ffConsole,
  ffExpectFriendOnline,
  ffNewPeer,
  ffOnboard,
  ffOpenChatFromFriend,
  ffSaveAndHash,
  ffSend,
  ffWaitFileState,
  ffWaitMessage,
  launchFirefox,
} from '../helpers/firefox';

const TRANSFERS = Math.max(1, Number(process.env.FF_TRANSFERS ?? 2) || 2);
/** A chat event crossing the WebRTC session. */
const SYNC_MS = 15_000;
/** A small file over loopback takes well under a second; this leaves room for a slow CI. */
const TRANSFER_MS = 30_000;
/** Transfers slower than this are counted as stalls. */
const STALL_MS = 5_000;
/** A small file (one 248 KB chunk holds it). */
const SIZE = 16 * 1024;

test.describe.configure({ mode: 'serial' });

let firefox: FfBrowser | undefined;
let fox: FfPage | undefined;
test.afterEach(async () => {
  const testInfo = test.info();
  // On failure, keep what the Firefox side showed and logged (the Chromium side has its trace).
  if (fox && testInfo.status !== testInfo.expectedStatus) {
    const png = await fox.screenshot().catch(() => undefined);
    if (png)
      await testInfo.attach('firefox.png', { body: Buffer.from(png), contentType: 'image/png' });
    await testInfo.attach('firefox-console.txt', {
      body: ffConsole(fox),
      contentType: 'text/plain',
    });
  }
  fox = undefined;
  await firefox?.close();
  firefox = undefined;
});

test('[E2E-FF-1] Chromium and Firefox become friends, chat both ways and send files both ways', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000 + 2 * TRANSFERS * TRANSFER_MS);
  if (!baseURL) throw new Error('no baseURL');
  firefox = await launchFirefox();
  const chrome = await newPeer(browser);
  fox = await ffNewPeer(firefox);

  await Promise.all([onboard(chrome.page, 'Alice'), ffOnboard(fox, baseURL, 'Bob')]);

  // Bob (Firefox) opens Alice's (Chromium) invite link.
  const link = await openMyCode(chrome.page);
  await ffAddByLink(fox, link, 'Alice');
  await Promise.all([ffExpectFriendOnline(fox, 'Alice'), expectFriendOnline(chrome.page, 'Bob')]);

  await Promise.all([openChatFromFriend(chrome.page, 'Bob'), ffOpenChatFromFriend(fox, 'Alice')]);

  // Chat both ways.
  await send(chrome.page, 'Hello from Chromium');
  await ffWaitMessage(fox, 'Hello from Chromium');
  await ffSend(fox, 'Hello from Firefox');
  await expect(message(chrome.page, 'Hello from Firefox')).toBeVisible();

  // Files both ways, one at a time, each checked byte for byte on the receiving side.
  // Not photos, so the receiver is asked first; a transfer's time runs from Accept to ready.
  const dir = tempDir();
  const times: { name: string; ms: number }[] = [];
  for (let i = 0; i < TRANSFERS; i++) {
    const toFox = writeTestFile(dir, `c2f-${i}.bin`, pseudoRandomBytes(SIZE, 0xc0 + i));
    await attachFiles(chrome.page, [toFox.path]);
    await ffAcceptFile(fox, `c2f-${i}.bin`, SYNC_MS);
    let start = performance.now();
    await ffWaitFileState(fox, `c2f-${i}.bin`, 'ready', TRANSFER_MS);
    lap(times, `Chromium → Firefox #${i}`, start);
    expect(await ffSaveAndHash(fox, `c2f-${i}.bin`)).toBe(toFox.sha256);

    const toChrome = writeTestFile(dir, `f2c-${i}.bin`, pseudoRandomBytes(SIZE, 0xf0 + i));
    await ffAttachFiles(fox, [toChrome.path]);
    const theirs = fileMessage(chrome.page, `f2c-${i}.bin`);
    await expect(theirs).toHaveAttribute('data-state', 'ask', { timeout: SYNC_MS });
    await theirs.getByTestId('file-accept').click();
    start = performance.now();
    await expect(theirs).toHaveAttribute('data-state', 'ready', { timeout: TRANSFER_MS });
    lap(times, `Firefox → Chromium #${i}`, start);
    expect(await saveAndHash(chrome.page, theirs.getByTestId('file-save'))).toBe(toChrome.sha256);
  }
  report(times);

  await chrome.context.close();
});

/** Record and print one transfer's time (as it happens, so a failed run still shows them). */
function lap(times: { name: string; ms: number }[], name: string, start: number): void {
  const ms = performance.now() - start;
  times.push({ name, ms });
  console.info(`[E2E-FF-1] ${name}: ${Math.round(ms)} ms`);
}

/** Print how many transfers were over STALL_MS. */
function report(times: { name: string; ms: number }[]): void {
  const slow = times.filter((t) => t.ms > STALL_MS).length;
  const max = Math.max(...times.map((t) => t.ms));
  console.info(
    `[E2E-FF-1] ${times.length} transfers, ${slow} over ${STALL_MS / 1000} s, slowest ${Math.round(max)} ms`,
  );
}
