/**
 * One-to-one chat, offline-first, end to end in real Chromium against
 * the local signaling worker. Two browser contexts = two installs.
 *
 * Stable test ids used here (and kept for later tests):
 *   Chats list     chats-screen, chats-list, chats-empty, chats-search, search-results,
 *                  search-hit (data-conv, data-msg-id), search-hit-snippet, search-empty,
 *                  chat-row (data-conv, data-peer-id, data-unread, data-pinned, data-muted,
 *                  data-online), chat-row-title, chat-row-preview, chat-row-unread,
 *                  chat-row-menu, chat-menu, chat-pin, chat-mute, nav-chats-badge
 *   Chat view      chat-screen (data-conv), chat-not-found, chat-back, chat-title,
 *                  chat-presence (data-online), chat-typing, chat-search-toggle, chat-search,
 *                  chat-search-input, chat-history (data-has-older, data-loading),
 *                  history-loading, history-start, day-separator,
 *                  message (data-msg-id, data-mine, data-status, data-edited, data-recalled),
 *                  message-text, message-status (data-status), message-edited,
 *                  message-recalled, message-reply-quote (data-target), reaction (data-emoji,
 *                  data-mine, data-count), message-actions, message-menu, action-react
 *                  (data-emoji), action-reply, action-edit, action-copy, action-recall,
 *                  action-delete, confirm-dialog, confirm-ok
 *   Composer       composer, composer-input, composer-send, composer-problem, composer-counter,
 *                  composer-mode (data-mode), composer-cancel, composer-offline, emoji-toggle,
 *                  emoji-picker, emoji-option (data-emoji)
 *   Elsewhere      friend-message, settings-read-receipts, settings-notifications,
 *                  notify-prompt, notify-allow, notify-dismiss
 */
import { expect, test, type Page } from '@playwright/test';
import { dismissToasts, waitForServiceWorker, waitOnline } from '../helpers/app';
import {
  chatPair,
  chatRow,
  message,
  messageAction,
  messages,
  messageTexts,
  openChatFromFriend,
  openChatFromList,
  openChats,
  send,
} from '../helpers/chat';

/** A phone-sized window, for the screenshots in docs/img. */
const PHONE = { viewport: { width: 390, height: 844 } };
/** Delivery and read receipts cross two real WebRTC sessions: allow for reconnects. */
const SYNC = { timeout: 45_000 };

async function expectPeerOnline(page: Page, online: boolean): Promise<void> {
  await expect(page.getByTestId('chat-screen').locator('[data-online]').first()).toHaveAttribute(
    'data-online',
    String(online),
    SYNC,
  );
}

test('[E2E-CHAT-1] A and B chat both ways; statuses reach delivered, then read', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const [a, b] = await chatPair(browser);

  await openChatFromFriend(a.page, 'Bob');
  await send(a.page, 'Hello Bob');
  const hello = message(a.page, 'Hello Bob');
  await expect(hello).toHaveAttribute('data-mine', 'true');
  // Bob's app is open but not on this chat: delivered, not read.
  await expect(hello).toHaveAttribute('data-status', 'delivered', SYNC);
  await expect(hello.getByTestId('message-status')).toContainText('Delivered');

  // Bob sees it in his list, unread, then opens the chat: Alice sees it read.
  await openChats(b.page);
  const row = chatRow(b.page, 'Alice');
  await expect(row).toHaveAttribute('data-unread', '1', SYNC);
  await expect(row.getByTestId('chat-row-preview')).toHaveText('Hello Bob');
  await expect(b.page.getByTestId('nav-chats-badge').first()).toHaveText('1');
  await openChatFromList(b.page, 'Alice');
  await expect(message(b.page, 'Hello Bob')).toHaveAttribute('data-mine', 'false');
  await expect(hello).toHaveAttribute('data-status', 'read', SYNC);
  await expect(hello.getByTestId('message-status')).toContainText('Read');

  // And back: Alice has the chat open, so Bob's reply is read at once.
  await send(b.page, 'Hi Alice');
  const reply = message(b.page, 'Hi Alice');
  await expect(message(a.page, 'Hi Alice')).toHaveAttribute('data-mine', 'false', SYNC);
  await expect(reply).toHaveAttribute('data-status', 'read', SYNC);
  await openChats(b.page);
  await expect(chatRow(b.page, 'Alice')).toHaveAttribute('data-unread', '0');
  await expect(chatRow(b.page, 'Alice').getByTestId('chat-row-preview')).toHaveText(
    'You: Hi Alice',
  );
  await a.context.close();
  await b.context.close();
});

test('[E2E-CHAT-2] B is offline while A sends 20; B gets all 20 in order; delivered, then read', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const [a, b] = await chatPair(browser);
  await waitForServiceWorker(b.page);
  await openChatFromFriend(a.page, 'Bob');
  await openChatFromFriend(b.page, 'Alice');
  await send(a.page, 'before');
  await expect(message(b.page, 'before')).toBeVisible(SYNC);
  // Bob leaves the chat, then loses the network.
  await openChats(b.page);
  await b.context.setOffline(true);
  await expectPeerOnline(a.page, false);

  const texts = Array.from({ length: 20 }, (_, i) => `offline message ${i + 1}`);
  for (const text of texts) await send(a.page, text);
  await expect(messages(a.page)).toHaveCount(21);
  // Nothing can be delivered while Bob is away.
  for (const text of texts) {
    await expect(message(a.page, text)).not.toHaveAttribute('data-status', /delivered|read/);
  }

  await b.context.setOffline(false);
  await waitOnline(b.page);
  await expect(chatRow(b.page, 'Alice')).toHaveAttribute('data-unread', '20', SYNC);
  // On Alice's side every message turns delivered (Bob is not looking yet).
  for (const text of texts) {
    await expect(message(a.page, text)).toHaveAttribute('data-status', 'delivered', SYNC);
  }
  await openChatFromList(b.page, 'Alice');
  await expect(messages(b.page)).toHaveCount(21, SYNC);
  expect(await messageTexts(b.page)).toEqual(['before', ...texts]);
  for (const text of texts) {
    await expect(message(a.page, text)).toHaveAttribute('data-status', 'read', SYNC);
  }
  await a.context.close();
  await b.context.close();
});

test('[E2E-CHAT-3] edit, recall, a reply and a reaction reach the other side', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const [a, b] = await chatPair(browser, ['Alice', 'Bob'], PHONE);
  await openChatFromFriend(a.page, 'Bob');
  await openChatFromFriend(b.page, 'Alice');

  await send(a.page, 'Dinner at 7? See https://example.com/menu');
  await send(a.page, 'This one is a mistake');
  await send(a.page, 'Pizza or noodles?');
  await expect(message(b.page, 'Pizza or noodles?')).toBeVisible(SYNC);
  await expect(
    message(b.page, 'Dinner at 7? See https://example.com/menu').getByRole('link'),
  ).toHaveAttribute('href', 'https://example.com/menu');

  // Edit: Alice changes her question; Bob sees the new text marked edited.
  await messageAction(a.page, message(a.page, 'Pizza or noodles?'), 'action-edit');
  await expect(a.page.getByTestId('composer-mode')).toHaveAttribute('data-mode', 'edit');
  const input = a.page.getByTestId('composer-input');
  await expect(input).toHaveValue('Pizza or noodles?');
  await input.fill('Pizza or dumplings?');
  await input.press('Enter');
  await expect(a.page.getByTestId('composer-mode')).toHaveCount(0);
  const edited = message(b.page, 'Pizza or dumplings?');
  await expect(edited).toHaveAttribute('data-edited', 'true', SYNC);
  await expect(edited.getByTestId('message-edited')).toBeVisible();

  // Recall: gone for both, a placeholder instead.
  const mistakeId = await message(a.page, 'This one is a mistake').getAttribute('data-msg-id');
  await messageAction(a.page, message(a.page, 'This one is a mistake'), 'action-recall');
  await a.page.getByTestId('confirm-ok').click();
  const recalledOnB = b.page.locator(`[data-testid="message"][data-msg-id="${mistakeId}"]`);
  await expect(recalledOnB).toHaveAttribute('data-recalled', 'true', SYNC);
  await expect(recalledOnB.getByTestId('message-recalled')).toHaveText('Alice recalled a message');
  await expect(b.page.getByText('This one is a mistake')).toHaveCount(0);

  // Reaction and reply from Alice: Bob sees both.
  await messageAction(
    a.page,
    message(a.page, 'Dinner at 7? See https://example.com/menu'),
    'action-react',
    '❤️',
  );
  await messageAction(a.page, message(a.page, 'Pizza or dumplings?'), 'action-reply');
  await expect(a.page.getByTestId('composer-mode')).toHaveAttribute('data-mode', 'reply');
  await send(a.page, 'Or both, it is Friday');
  const dinnerOnB = message(b.page, 'Dinner at 7? See https://example.com/menu');
  await expect(dinnerOnB.getByTestId('reaction')).toHaveAttribute('data-emoji', '❤️', SYNC);
  await expect(dinnerOnB.getByTestId('reaction')).toHaveAttribute('data-mine', 'false');
  const replyOnB = message(b.page, 'Or both, it is Friday');
  await expect(replyOnB.getByTestId('message-reply-quote')).toContainText(
    'Pizza or dumplings?',
    SYNC,
  );

  // Bob's phone, with a reply and reactions (docs/img/chat.png).
  const notNow = b.page.getByTestId('notify-dismiss');
  if (await notNow.isVisible()) await notNow.click();
  await dismissToasts(b.page);
  await b.page.mouse.move(1, 400);
  await b.page.screenshot({ path: 'docs/img/chat.png' });

  // Reaction and reply from Bob: Alice sees both; the quote jumps to the quoted message.
  await messageAction(b.page, edited, 'action-react', '😂');
  const reactionOnA = message(a.page, 'Pizza or dumplings?').getByTestId('reaction');
  await expect(reactionOnA).toHaveAttribute('data-emoji', '😂', SYNC);
  await expect(reactionOnA).toHaveAttribute('data-mine', 'false');
  await reactionOnA.click();
  await expect(reactionOnA).toHaveAttribute('data-count', '2');
  await expect(edited.getByTestId('reaction')).toHaveAttribute('data-count', '2', SYNC);
  await messageAction(b.page, replyOnB, 'action-reply');
  await send(b.page, 'Deal 😂');
  const dealOnA = message(a.page, 'Deal 😂');
  await expect(dealOnA.getByTestId('message-reply-quote')).toContainText(
    'Or both, it is Friday',
    SYNC,
  );
  await message(a.page, 'Dinner at 7? See https://example.com/menu').scrollIntoViewIfNeeded();
  await dealOnA.getByTestId('message-reply-quote').click();
  await expect(message(a.page, 'Or both, it is Friday')).toHaveClass(/msg--highlight/);

  await a.context.close();
  await b.context.close();
});

test('[E2E-CHAT-4] a message written while A is offline is sent when A reconnects', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const [a, b] = await chatPair(browser);
  await waitForServiceWorker(a.page);
  await openChatFromFriend(a.page, 'Bob');
  await openChatFromFriend(b.page, 'Alice');

  await a.context.setOffline(true);
  await expectPeerOnline(a.page, false);
  await send(a.page, 'Written on the train');
  const mine = message(a.page, 'Written on the train');
  // Saved on the device at once, shown as pending, and survives a reload while offline.
  await expect(mine).toHaveAttribute('data-status', 'pending');
  await a.page.reload();
  await expect(message(a.page, 'Written on the train')).toHaveAttribute('data-status', 'pending');

  await a.context.setOffline(false);
  await waitOnline(a.page);
  await expect(message(b.page, 'Written on the train')).toBeVisible(SYNC);
  await expect(mine).toHaveAttribute('data-status', /delivered|read/, SYNC);
  await a.context.close();
  await b.context.close();
});

test('[E2E-CHAT-5] search finds an English word and a Chinese phrase; jump to the message', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const [a, b] = await chatPair(browser);
  await openChatFromFriend(a.page, 'Bob');
  await send(a.page, '我们明天去北京');
  await send(a.page, 'The quick brown fox jumps');
  // More than a page of later messages, so the jump must load older history.
  for (let i = 1; i <= 55; i++) await send(a.page, `filler ${i}`);
  await expect(message(a.page, 'filler 55')).toHaveAttribute('data-status', /delivered|read/, SYNC);

  await openChats(b.page);
  await expect(chatRow(b.page, 'Alice')).toHaveAttribute('data-unread', '57', SYNC);
  const search = b.page.getByTestId('chats-search');
  await search.fill('brown');
  const hit = b.page.getByTestId('search-hit');
  await expect(hit).toHaveCount(1);
  await expect(hit.locator('mark')).toHaveText('brown');

  await search.fill('明天去');
  await expect(hit).toHaveCount(1);
  await expect(hit.getByTestId('search-hit-snippet')).toContainText('我们明天去北京');
  await expect(hit.locator('mark')).toHaveText('明天去');
  await search.fill('后天');
  await expect(b.page.getByTestId('search-empty')).toBeVisible();

  await search.fill('明天去');
  await hit.click();
  const target = message(b.page, '我们明天去北京');
  await expect(target).toBeInViewport();
  await expect(target).toHaveClass(/msg--highlight/);

  // Search within the chat finds the English word too.
  await b.page.getByTestId('chat-search-toggle').click();
  await b.page.getByTestId('chat-search-input').fill('quick');
  await expect(b.page.getByTestId('search-hit')).toHaveCount(1);
  await b.page.getByTestId('search-hit').click();
  await expect(message(b.page, 'The quick brown fox jumps')).toBeInViewport();
  await a.context.close();
  await b.context.close();
});

test('[E2E-CHAT-6] Enter sends, Shift+Enter breaks the line, drafts stay, over-long is refused', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const [a, b] = await chatPair(browser);
  await openChatFromFriend(a.page, 'Bob');
  const input = a.page.getByTestId('composer-input');

  await input.click();
  await input.pressSequentially('line one');
  await input.press('Shift+Enter');
  await input.pressSequentially('line two');
  await expect(messages(a.page)).toHaveCount(0);
  await input.press('Enter');
  await expect(messages(a.page)).toHaveCount(1);
  await expect(a.page.getByTestId('message-text')).toHaveText('line one\nline two');
  await expect(input).toHaveValue('');

  // The emoji picker (a lazy chunk) inserts at the caret.
  await input.fill('ab');
  await input.press('ArrowLeft');
  await a.page.getByTestId('emoji-toggle').click();
  await a.page.getByTestId('emoji-picker').getByTestId('emoji-option').first().click();
  await expect(input).toHaveValue('a😀b');

  // A draft survives leaving the chat and coming back.
  await input.fill('half a thought');
  await openChats(a.page);
  await expect(chatRow(a.page, 'Bob')).toBeVisible();
  await openChatFromList(a.page, 'Bob');
  await expect(a.page.getByTestId('composer-input')).toHaveValue('half a thought');

  // Over the limit: a clear message, the send button is off and Enter does nothing.
  const long = 'x'.repeat(4001);
  await input.fill(long);
  await expect(a.page.getByTestId('composer-problem')).toContainText('too long');
  await expect(a.page.getByTestId('composer-problem')).toContainText('4001');
  await expect(a.page.getByTestId('composer-counter')).toHaveText('4001 / 4000');
  await expect(a.page.getByTestId('composer-send')).toBeDisabled();
  await input.press('Enter');
  await expect(messages(a.page)).toHaveCount(1);
  await expect(input).toHaveValue(long);
  // Back under the limit, it sends.
  await input.fill('x'.repeat(4000));
  await expect(a.page.getByTestId('composer-problem')).toHaveCount(0);
  await input.press('Enter');
  await expect(messages(a.page)).toHaveCount(2);
  await expect(message(b.page, 'line one\nline two')).toHaveCount(0);
  await a.context.close();
  await b.context.close();
});
