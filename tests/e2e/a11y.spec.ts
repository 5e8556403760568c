import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { friendRow, gotoHash } from '../helpers/app';
import { chatPair, openChatFromFriend, send } from '../helpers/chat';

/**
 * Accessibility, checked: axe-core runs on every main screen, in both themes
 * and both languages. A serious or critical violation fails the test; the
 * message lists each one with the screen and the elements it was found on.
 * Screens behind the camera (scan, verify) and the invite screen (needs a
 * fresh link) are left out.
 */

const FAILING_IMPACTS = new Set(['serious', 'critical']);
const THEMES = ['light', 'dark'] as const;
const LANGUAGES = ['en', 'zh'] as const;

interface Screen {
  name: string;
  open: (page: Page) => Promise<void>;
}

/** Run axe on what the page shows now; the serious and critical violations, one line each. */
async function violations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => FAILING_IMPACTS.has(v.impact ?? ''))
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.help} on ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

test('[E2E-A11Y-1] every main screen passes axe in both themes and both languages', async ({
  browser,
}) => {
  test.setTimeout(360_000);
  const [a, b] = await chatPair(browser);
  // A chat with messages on both sides, so the history list and its day label show.
  await openChatFromFriend(b.page, a.name);
  await send(b.page, 'Hello from Bob');
  await openChatFromFriend(a.page, b.name);
  await send(a.page, 'Hi Bob');
  const page = a.page;

  const screens: Screen[] = [
    {
      name: 'chats',
      open: async (p) => {
        await gotoHash(p, '#/chats');
        await expect(p.getByTestId('chat-row').first()).toBeVisible();
      },
    },
    {
      name: 'chat',
      open: async (p) => {
        await gotoHash(p, '#/chats');
        await p.getByTestId('chat-row').first().getByRole('link').click();
        await expect(p.getByTestId('chat-screen')).toBeVisible();
        await expect(p.getByTestId('day-separator').first()).toBeVisible();
      },
    },
    {
      name: 'friends',
      open: async (p) => {
        await gotoHash(p, '#/friends');
        await expect(p.getByTestId('friend-row').first()).toBeVisible();
      },
    },
    {
      name: 'friend',
      open: async (p) => {
        await gotoHash(p, '#/friends');
        await friendRow(p, b.name).first().click();
        await expect(p.getByTestId('friend-detail')).toBeVisible();
        await expect(p.getByTestId('safety-number')).toBeVisible();
      },
    },
    {
      name: 'my code',
      open: async (p) => {
        await gotoHash(p, '#/code');
        await expect(p.getByTestId('my-code-qr')).toHaveAttribute('data-ready', 'true');
      },
    },
    {
      name: 'storage',
      open: async (p) => {
        await gotoHash(p, '#/storage');
        await expect(p.getByTestId('storage-total')).toBeVisible();
      },
    },
    {
      name: 'me and settings',
      open: async (p) => {
        await gotoHash(p, '#/me');
        await expect(p.getByTestId('my-display-name')).toBeVisible();
        await expect(p.getByTestId('settings-theme')).toBeVisible();
      },
    },
  ];

  const found: string[] = [];
  for (const theme of THEMES) {
    for (const language of LANGUAGES) {
      await gotoHash(page, '#/me');
      await page.getByTestId('settings-language').selectOption(language);
      await page.getByTestId('settings-theme').selectOption(theme);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expect(page.locator('html')).toHaveAttribute(
        'lang',
        language === 'zh' ? 'zh-Hans' : 'en',
      );
      for (const screen of screens) {
        await screen.open(page);
        found.push(...(await violations(page, `${screen.name} [${theme}, ${language}]`)));
      }
    }
  }
  expect(found, found.join('\n')).toEqual([]);
  await a.context.close();
  await b.context.close();
});
