/**
 * Forwarding (转发) end to end in real Chromium against the local signaling worker: Alice is
 * friends with Bob and Carol and the three share a group. From her chat with Bob she selects a
 * text and a picture and forwards both, with her name, to the group and to Carol.
 *
 * Stable test ids used here: action-select, message-select, select-bar, select-forward,
 * forward-sheet, chat-pick-row (data-conv, data-group), chat-pick-search, forward-include-name,
 * forward-send, message-forwarded (data-from), and those of chat, files and groups specs.
 */
import { expect, test } from '@playwright/test';
import { befriend, newPeer, onboard } from '../helpers/app';
import {
  chatRow,
  message,
  messageAction,
  messages,
  openChatFromFriend,
  openChatFromList,
  openChats,
  send,
  type Person,
} from '../helpers/chat';
import {
  attachFiles,
  fileMessage,
  makePng,
  saveAndHash,
  tempDir,
  writeTestFile,
} from '../helpers/files';

/** Events and files cross real WebRTC sessions: allow for reconnects. */
const SYNC = { timeout: 45_000 };

test('[E2E-FWD-1] Forward a text and a picture from a direct chat to a group', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const peers = await Promise.all([newPeer(browser), newPeer(browser), newPeer(browser)]);
  const names = ['Alice', 'Bob', 'Carol'] as const;
  const ids = await Promise.all(peers.map((p, i) => onboard(p.page, names[i]!)));
  const [alice, bob, carol] = peers.map((p, i): Person => ({
    ...p,
    name: names[i]!,
    id: ids[i]!,
  })) as [Person, Person, Person];
  try {
    await befriend(alice, bob);
    await befriend(alice, carol);

    // The group of the three.
    await openChats(alice.page);
    await alice.page.getByTestId('new-group-open').click();
    await alice.page.getByTestId('group-name').fill('Trip');
    for (const friend of [bob, carol]) {
      await alice.page
        .locator(`[data-testid="group-pick-friend"][data-peer="${friend.id}"]`)
        .click();
    }
    await alice.page.getByTestId('group-create').click();
    await expect(alice.page.getByTestId('chat-screen')).toHaveAttribute('data-conv', /^g:/);
    await send(alice.page, 'Trip plans here');

    // Carol's chat with Alice exists on Alice's side once Carol writes.
    await openChatFromFriend(carol.page, 'Alice');
    await send(carol.page, 'Hi Alice');

    // Alice's chat with Bob: a text and a picture, both stored on her device.
    const png = makePng(320, 240, 5);
    const picture = writeTestFile(tempDir(), 'view.png', png);
    await openChatFromFriend(alice.page, 'Bob');
    await send(alice.page, 'Look at this view');
    await attachFiles(alice.page, [picture.path]);
    await expect(fileMessage(alice.page, 'view.png')).toHaveAttribute(
      'data-direction',
      'send',
      SYNC,
    );

    // Select both, forward to the group and to Carol, with the sender's name.
    await messageAction(alice.page, message(alice.page, 'Look at this view'), 'action-select');
    await expect(alice.page.getByTestId('select-bar')).toBeVisible();
    await messages(alice.page)
      .filter({ has: fileMessage(alice.page, 'view.png') })
      .getByTestId('message-select')
      .check();
    await alice.page.getByTestId('select-forward').click();
    const sheet = alice.page.getByTestId('forward-sheet');
    await expect(sheet).toBeVisible();
    await sheet.locator('[data-testid="chat-pick-row"][data-group="true"]').click();
    await sheet.getByTestId('chat-pick-search').fill('caro');
    await expect(sheet.getByTestId('chat-pick-row')).toHaveCount(1);
    await sheet.getByTestId('chat-pick-row').click();
    await sheet.getByTestId('forward-include-name').check();
    await sheet.getByTestId('forward-send').click();
    await expect(sheet).toBeHidden();
    await expect(alice.page.getByTestId('select-bar')).toHaveCount(0);

    // Carol, in the group: the text, marked forwarded from Alice.
    await openChats(carol.page);
    await expect(chatRow(carol.page, 'Trip')).toBeVisible(SYNC);
    await openChatFromList(carol.page, 'Trip');
    const inGroup = message(carol.page, 'Look at this view');
    await expect(inGroup).toBeVisible(SYNC);
    await expect(inGroup.getByTestId('message-forwarded')).toHaveAttribute('data-from', 'Alice');
    // ... and the picture: a group carries files too ([GFILE-1]).
    await expect(fileMessage(carol.page, 'view.png')).toHaveAttribute('data-state', 'ready', SYNC);

    // Carol, in her chat with Alice: the text and the picture, both marked, the same bytes.
    await openChatFromList(carol.page, 'Alice');
    await expect(message(carol.page, 'Look at this view')).toHaveAttribute(
      'data-forwarded',
      'true',
      SYNC,
    );
    const theirs = fileMessage(carol.page, 'view.png');
    await expect(theirs).toHaveAttribute('data-state', 'ready', SYNC);
    await expect(
      messages(carol.page).filter({ has: theirs }).getByTestId('message-forwarded'),
    ).toHaveAttribute('data-from', 'Alice');
    await theirs.getByTestId('file-open').click();
    expect(await saveAndHash(carol.page, carol.page.getByTestId('viewer-save'))).toBe(
      picture.sha256,
    );
  } finally {
    await Promise.all(peers.map((p) => p.context.close().catch(() => undefined)));
  }
});
