/**
 * Sharing into Plume (the manifest's share_target), end to end in real Chromium: a multipart
 * POST to the share route reaches the service worker, which stores it and redirects to the
 * chat picker; picking the friend's chat attaches the picture to the composer; Send delivers
 * it, byte for byte.
 *
 * Stable test ids used here:
 *   Share   share-screen, share-tray, share-file, share-dismiss, share-refused, share-nothing
 *   Picker  chat-pick, chat-pick-search, chat-pick-row (data-conv)
 */
import { expect, test, type Page } from '@playwright/test';
import { waitForServiceWorker } from '../helpers/app';
import { chatPair, openChatFromFriend } from '../helpers/chat';
import { fileMessage, makePng, saveAndHash, sha256 } from '../helpers/files';

/** Events cross two real WebRTC sessions: allow for reconnects. */
const SYNC = { timeout: 45_000 };

/** Post a share to the share route from the page, through its service worker. */
async function postShare(
  page: Page,
  share: { text: string; file?: { name: string; type: string; b64: string } },
): Promise<{ status: number; redirected: boolean; viaWorker: boolean }> {
  return page.evaluate(async ({ text, file }) => {
    const form = new FormData();
    form.append('text', text);
    if (file) {
      const bytes = Uint8Array.from(atob(file.b64), (c) => c.charCodeAt(0));
      form.append('files', new File([bytes], file.name, { type: file.type }));
    }
    const response = await fetch('/share', { method: 'POST', body: form });
    return {
      status: response.status,
      redirected: response.redirected,
      viaWorker: navigator.serviceWorker.controller !== null,
    };
  }, share);
}

test('[E2E-SHARE-1] a picture shared into Plume goes to the chosen chat and arrives byte for byte', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const [a, b] = await chatPair(browser);
  await waitForServiceWorker(a.page);
  await openChatFromFriend(b.page, 'Alice');
  const png = makePng(400, 300, 21);

  const answer = await postShare(a.page, {
    text: 'Look at this',
    file: { name: 'shared.png', type: 'image/png', b64: png.toString('base64') },
  });
  // The worker stored it and sent the app to its share route (the app shell).
  expect(answer).toEqual({ status: 200, redirected: true, viaWorker: true });

  // Where the share lands; opened afresh, so what was shared survives a closed app.
  await a.page.goto('/#/share');
  await expect(a.page.getByTestId('share-screen')).toBeVisible();
  await expect(a.page.getByTestId('share-file')).toContainText('shared.png');
  await a.page.getByTestId('chat-pick-search').fill('bo');
  await a.page.getByTestId('chat-pick-row').filter({ hasText: 'Bob' }).click();

  // The composer of Bob's chat, with the text in and the picture attached; it survives a reload.
  await expect(a.page.getByTestId('chat-title')).toHaveText('Bob');
  await expect(a.page.getByTestId('share-tray')).toContainText('shared.png');
  await expect(a.page.getByTestId('composer-input')).toHaveValue('Look at this');
  await a.page.reload();
  await expect(a.page.getByTestId('share-tray')).toContainText('shared.png');
  await expect(a.page.getByTestId('composer-input')).toHaveValue('Look at this');
  await a.page.getByTestId('composer-send').click();
  await expect(a.page.getByTestId('share-tray')).toHaveCount(0);

  const theirs = fileMessage(b.page, 'shared.png');
  await expect(theirs).toHaveAttribute('data-kind', 'image', SYNC);
  // The message itself: beside it, in the two-pane layout, the chats list previews the same text.
  await expect(
    b.page.getByTestId('message-text').getByText('Look at this', { exact: true }),
  ).toBeVisible(SYNC);
  await theirs.getByTestId('file-accept').or(theirs.getByTestId('file-open')).first().waitFor();
  if ((await theirs.getAttribute('data-state')) === 'ask')
    await theirs.getByTestId('file-accept').click();
  await expect(theirs).toHaveAttribute('data-state', 'ready', SYNC);
  await theirs.getByTestId('file-open').click();
  expect(await saveAndHash(b.page, b.page.getByTestId('viewer-save'))).toBe(sha256(png));

  // Nothing waits any more.
  await a.page.goto('/#/share');
  await expect(a.page.getByTestId('share-nothing')).toBeVisible();

  await a.context.close();
  await b.context.close();
});
