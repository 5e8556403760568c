/**
 * Joining a group by its code, end to end in real Chromium against the local signaling worker:
 * Alice makes a group with her friend Bob and shows its code; Dan, a friend of nobody, films
 * the code with a fake camera, joins, and writes in the group.
 *
 * Stable test ids used here: group-info-open, group-code, group-code-create, group-code-link,
 * group-code-qr, group-code-expiry, group-join, group-join-name, group-join-button,
 * group-join-error (data-reason), friends-empty-scan, and the chat ids of chat.spec.ts.
 */
import { chromium, expect, test } from '@playwright/test';
import { befriend, newPeer, onboard } from '../helpers/app';
import { message, send } from '../helpers/chat';
import { fakeCameraArgs, writeQrVideo } from '../helpers/qr';

/** Group events cross real WebRTC sessions: allow for a dial and a reconnect. */
const SYNC = { timeout: 45_000 };

test('[E2E-GRP-10] Dan, a friend of nobody, scans the group code with the camera, joins, and Alice gets his message; Dan is not shown what was written before he joined', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(240_000);
  const [alice, bob] = await Promise.all([newPeer(browser), newPeer(browser)]);
  await onboard(alice.page, 'Alice');
  await onboard(bob.page, 'Bob');
  await befriend({ page: alice.page, name: 'Alice' }, { page: bob.page, name: 'Bob' });

  // Alice makes the group and, in its info, a group code.
  await alice.page.goto('/#/group/new');
  await alice.page.getByTestId('group-name').fill('Picnic');
  await alice.page.getByTestId('group-pick-friend').first().click();
  await alice.page.getByTestId('group-create').click();
  await expect(alice.page.getByTestId('chat-screen')).toHaveAttribute('data-conv', /^g:/);
  const conv = await alice.page.getByTestId('chat-screen').getAttribute('data-conv');
  // Written before Dan joins: his device will hold it, and never show it.
  await send(alice.page, 'Picnic plan before Dan');
  await alice.page.getByTestId('group-info-open').click();
  await alice.page.getByTestId('group-code-create').click();
  await expect(alice.page.getByTestId('group-code-qr')).toBeVisible();
  await expect(alice.page.getByTestId('group-code-expiry')).toBeVisible();
  const link = await alice.page.getByTestId('group-code-link').textContent();
  expect(link).toContain('/#/join/');

  // Dan's browser films the code.
  const y4m = testInfo.outputPath('group-code.y4m');
  writeQrVideo(link!, y4m);
  const camera = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: fakeCameraArgs(y4m),
  });
  try {
    const danContext = await camera.newContext({
      baseURL,
      permissions: ['camera'],
      locale: 'en-US',
    });
    const dan = await danContext.newPage();
    await onboard(dan, 'Dan');
    await dan.goto('/#/friends');
    await dan.getByTestId('friends-empty-scan').click();
    // The camera reads the code and the scanner opens the join screen.
    await expect(dan.getByTestId('group-join')).toBeVisible({ timeout: 30_000 });
    await expect(dan.getByTestId('group-join-name')).toContainText('Picnic');
    await dan.getByTestId('group-join-button').click();
    await expect(dan.getByTestId('chat-screen'))
      .toHaveAttribute('data-conv', conv!, SYNC)
      .catch(async (err: unknown) => {
        await testInfo.attach('dan-join.png', {
          body: await dan.screenshot(),
          contentType: 'image/png',
        });
        const reason = await dan
          .getByTestId('group-join-error')
          .getAttribute('data-reason', { timeout: 1_000 })
          .catch(() => '-');
        throw new Error(`${String(err)}\nDan's join error: ${reason}`);
      });

    // Dan writes; Alice, who never met him, gets it from him over a session the code opened.
    await send(dan, 'Dan is here');
    await alice.page.goto(`/#/chat/${conv!}`);
    await expect(message(alice.page, 'Dan is here')).toBeVisible(SYNC);
    // [GRP-80] Alice's log reaches Dan gap-free, so once her later message shows, he holds the
    // earlier one too; it was written before his admission and is not shown to him.
    await send(alice.page, 'Welcome Dan');
    await expect(message(dan, 'Welcome Dan')).toBeVisible(SYNC);
    await expect(message(dan, 'Picnic plan before Dan')).toHaveCount(0);
    await danContext.close();
  } finally {
    await camera.close();
  }
  await alice.context.close();
  await bob.context.close();
});
