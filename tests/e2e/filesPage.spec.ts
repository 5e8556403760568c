/**
 * A chat's Files page, end to end in real Chromium: two installs, files sent over WebRTC,
 * then listed newest first with their sender, narrowed by type and by name.
 *
 * Stable test ids used here:
 *   Chat        chat-files-open
 *   Files page  files-page, files-page-list, files-page-row (data-name), files-page-search,
 *               files-filter-<all|pictures|videos|documents|voice>, files-page-empty,
 *               files-page-open, files-page-more
 */
import { expect, test, type Page } from '@playwright/test';
import { chatPair, openChatFromFriend } from '../helpers/chat';
import { attachFiles, fileMessage, makePng, tempDir, writeTestFile } from '../helpers/files';

/** Events cross two real WebRTC sessions: allow for reconnects. */
const SYNC = { timeout: 45_000 };

/** The names the Files page lists, top to bottom. */
function listed(page: Page) {
  return page.getByTestId('files-page-row');
}

async function expectListed(page: Page, names: string[]): Promise<void> {
  if (names.length === 0) {
    await expect(listed(page)).toHaveCount(0);
    await expect(page.getByTestId('files-page-empty')).toBeVisible();
    return;
  }
  await expect(listed(page)).toHaveCount(names.length);
  expect(
    await listed(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name'))),
  ).toEqual(names);
}

test('[E2E-FPAGE-1] the Files page lists a picture and a document newest first; filter and search narrow it', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const [a, b] = await chatPair(browser);
  const dir = tempDir();
  const photo = writeTestFile(dir, 'holiday.png', makePng(320, 240, 3));
  const doc = writeTestFile(dir, 'notes.txt', Buffer.from('minutes of the meeting\n'.repeat(50)));
  await openChatFromFriend(a.page, 'Bob');
  await openChatFromFriend(b.page, 'Alice');

  // Empty before anything is sent.
  await a.page.getByTestId('chat-files-open').click();
  await expect(a.page.getByTestId('files-page')).toBeVisible();
  await expectListed(a.page, []);
  await a.page.goBack();

  await attachFiles(a.page, [photo.path]);
  await expect(fileMessage(a.page, 'holiday.png')).toHaveAttribute('data-direction', 'send', SYNC);
  await attachFiles(a.page, [doc.path]);
  await expect(fileMessage(a.page, 'notes.txt')).toHaveAttribute('data-direction', 'send', SYNC);
  await expect(fileMessage(b.page, 'notes.txt')).toBeVisible(SYNC);

  // The sender's page: newest first, "You" as the sender.
  await a.page.getByTestId('chat-files-open').click();
  await expectListed(a.page, ['notes.txt', 'holiday.png']);
  await expect(listed(a.page).first()).toContainText('You');

  // The receiver's page names the sender.
  await b.page.getByTestId('chat-files-open').click();
  await expectListed(b.page, ['notes.txt', 'holiday.png']);
  await expect(listed(b.page).last()).toContainText('Alice');

  // Type chips.
  await a.page.getByTestId('files-filter-pictures').click();
  await expect(a.page.getByTestId('files-filter-pictures')).toHaveAttribute('aria-pressed', 'true');
  await expectListed(a.page, ['holiday.png']);
  await a.page.getByTestId('files-filter-documents').click();
  await expectListed(a.page, ['notes.txt']);
  await a.page.getByTestId('files-filter-voice').click();
  await expectListed(a.page, []);

  // Search by name, across all types and within one.
  await a.page.getByTestId('files-filter-all').click();
  await a.page.getByTestId('files-page-search').fill('HOLI');
  await expectListed(a.page, ['holiday.png']);
  await a.page.getByTestId('files-filter-documents').click();
  await expectListed(a.page, []);
  await a.page.getByTestId('files-page-search').fill('');
  await expectListed(a.page, ['notes.txt']);

  await a.context.close();
  await b.context.close();
});
