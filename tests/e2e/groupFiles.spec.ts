/**
 * Group files end to end in real Chromium against the local signaling worker: a file of a
 * group is fetched from a member who holds it, not only from its sender. Alice is friends with
 * Bob and with Carol, who are not friends with each other: Carol gets the file from Bob over
 * their roster-keyed session. An install goes offline by closing its only page (its context,
 * so its IndexedDB and identity, stays), as in groupRelay.spec.ts.
 *
 * Stable test ids used here: those of groupRelay.spec.ts and files.spec.ts.
 */
import { expect, test } from '@playwright/test';
import { waitOnline } from '../helpers/app';
import { openChatFromList } from '../helpers/chat';
import {
  attachFiles,
  fileMessage,
  MB,
  pseudoRandomBytes,
  saveAndHash,
  tempDir,
  writeTestFile,
} from '../helpers/files';
import { makeGroup, RETURN, SYNC, trio } from '../helpers/groups';

/** 20 MB over loopback WebRTC, chunked, checked and stored: seconds, with room for a slow CI. */
const TRANSFER = { timeout: 90_000 };

test('[E2E-GFILE-1] Carol is offline while Alice sends 20 MB and Bob downloads it; Alice goes offline; Carol gets the file from Bob', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const [alice, bob, carol] = await trio(browser);
  try {
    await makeGroup(alice, [bob, carol], 'Files', 'Files here');
    await carol.page.close();

    const file = writeTestFile(tempDir(), 'club.bin', pseudoRandomBytes(20 * MB, 0x6f11e));
    await attachFiles(alice.page, [file.path]);
    await expect(fileMessage(alice.page, 'club.bin')).toHaveAttribute(
      'data-direction',
      'send',
      TRANSFER,
    );
    // Larger than the auto-download limit: Bob is asked, and fetches it.
    const bobs = fileMessage(bob.page, 'club.bin');
    await expect(bobs).toHaveAttribute('data-state', 'ask', SYNC);
    await bobs.getByTestId('file-accept').click();
    await expect(bobs).toHaveAttribute('data-state', 'ready', TRANSFER);

    // Alice goes offline: only Bob holds the file now.
    await alice.page.close();
    carol.page = await carol.context.newPage();
    await carol.page.goto('/');
    await waitOnline(carol.page);
    await openChatFromList(carol.page, 'Files');
    const carols = fileMessage(carol.page, 'club.bin');
    await expect(carols).toHaveAttribute('data-state', 'ask', RETURN);
    await carols.getByTestId('file-accept').click();
    await expect(carols).toHaveAttribute('data-state', 'ready', TRANSFER);
    expect(await saveAndHash(carol.page, carols.getByTestId('file-save'))).toBe(file.sha256);
  } finally {
    await Promise.all([alice, bob, carol].map((p) => p.context.close().catch(() => undefined)));
  }
});
