/**
 * Helpers for driving one Plume install in Debian's firefox-esr with puppeteer-core
 * over WebDriver BiDi. They mirror the Playwright helpers in app.ts, chat.ts
 * and files.ts and select by the same data-testid attributes. Every wait is on a
 * positive signal (an attribute or text appearing) with a timeout; nothing sleeps.
 */
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** How long one positive signal may take (the Playwright config's expect timeout). */
const WAIT = 15_000;
/** Friends coming online crosses signaling and a WebRTC session (as expectFriendOnline). */
const ONLINE = 30_000;

/**
 * Firefox preferences for a headless profile that does WebRTC on loopback and never
 * shows a prompt nobody would answer.
 */
export const FIREFOX_PREFS: Record<string, unknown> = {
  // ICE: gather loopback candidates and show real host addresses, not mDNS names
  // (both browsers run on one machine, without internet).
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.peerconnection.ice.link_local': true,
  // No permission prompts: fake camera and microphone, persistent storage granted.
  'media.navigator.permission.disabled': true,
  'media.navigator.streams.fake': true,
  'dom.storageManager.prompt.testing': true,
  'dom.storageManager.prompt.testing.allow': true,
  'permissions.default.desktop-notification': 2,
  // Quiet: no first-run pages, no update checks.
  'browser.shell.checkDefaultBrowser': false,
  'app.update.enabled': false,
  'browser.aboutwelcome.enabled': false,
};

/** Launch headless firefox-esr (WebDriver BiDi), one install per browser context. */
export function launchFirefox(): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
  });
}

const consoles = new WeakMap<Page, string[]>();

/** What the page wrote to its console (the app logs warnings and errors), for a failure report. */
export function ffConsole(page: Page): string {
  return (consoles.get(page) ?? []).join('\n');
}

/** A fresh browser context (its own IndexedDB = its own Plume install) with one page. */
export async function ffNewPeer(browser: Browser): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  const lines: string[] = [];
  consoles.set(page, lines);
  page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
  // Saves are caught in the page (see captureSaves) instead of going to a download dialog.
  await page.evaluateOnNewDocument(captureSaves);
  return page;
}

const byTestId = (id: string) => `[data-testid="${id}"]`;

/**
 * Wait until `predicate(arg)` is truthy in the page; returns its value. Polls every
 * 50 ms, and fails with `what` after `timeout`.
 */
async function until<A>(
  page: Page,
  what: string,
  predicate: (arg: A) => unknown,
  arg?: A,
  timeout = WAIT,
): Promise<unknown> {
  try {
    const fn = predicate as (arg: unknown) => unknown;
    const handle = await page.waitForFunction(fn, { polling: 50, timeout }, arg);
    return await handle.jsonValue();
  } catch (err) {
    throw new Error(`Firefox: timed out after ${timeout} ms waiting for ${what}`, { cause: err });
  }
}

/** Wait for an element matching `selector` whose `attr` is `value`. */
export async function ffWaitAttr(
  page: Page,
  selector: string,
  attr: string,
  value: string,
  timeout = WAIT,
): Promise<void> {
  try {
    await until(
      page,
      `${selector}[${attr}="${value}"]`,
      ({ selector, attr, value }) =>
        [...document.querySelectorAll(selector)].some((el) => el.getAttribute(attr) === value),
      { selector, attr, value },
      timeout,
    );
  } catch (err) {
    const seen = await page
      .$$eval(selector, (els, attr) => els.map((el) => el.getAttribute(attr)), attr)
      .catch(() => []);
    throw new Error(`${(err as Error).message} (${attr} seen: ${JSON.stringify(seen)})`, {
      cause: err,
    });
  }
}

/** The text of the first element with `testId`, once it is non-empty. */
async function textOf(page: Page, testId: string): Promise<string> {
  const text = await until(
    page,
    `text of ${testId}`,
    (sel) => document.querySelector(sel)?.textContent?.trim() || false,
    byTestId(testId),
  );
  return String(text);
}

async function click(page: Page, testId: string): Promise<void> {
  await page.locator(byTestId(testId)).click();
}

/** The first element matching `rowSelector` that contains a `titleSelector` reading `title`. */
async function rowWithTitle(
  page: Page,
  rowSelector: string,
  titleSelector: string,
  title: string,
  extra = '',
  timeout = WAIT,
): Promise<ElementHandle<Element>> {
  const handle = await page.waitForFunction(
    ({ rowSelector, titleSelector, title }) =>
      [...document.querySelectorAll(rowSelector)].find(
        (row) => row.querySelector(titleSelector)?.textContent?.trim() === title,
      ),
    { polling: 50, timeout },
    { rowSelector: rowSelector + extra, titleSelector, title },
  );
  const el = handle.asElement();
  if (!el) throw new Error(`Firefox: no ${rowSelector} for ${title}`);
  return el as ElementHandle<Element>;
}

/** Wait for the signaling status indicator to say online. */
export async function ffWaitOnline(page: Page): Promise<void> {
  await ffWaitAttr(page, byTestId('connection-status'), 'data-status', 'online');
}

/** Onboard with `name` at `baseURL` and wait until the app is online. Returns the PeerId. */
export async function ffOnboard(page: Page, baseURL: string, name: string): Promise<string> {
  await page.goto(new URL('/', baseURL).href);
  await page.locator(byTestId('onboarding-name')).fill(name);
  await click(page, 'onboarding-submit');
  await ffWaitOnline(page);
  await click(page, 'nav-me');
  const id = await textOf(page, 'my-peer-id');
  if (!/^[a-z2-7]{32}$/.test(id)) throw new Error(`Firefox: unexpected PeerId ${id}`);
  return id;
}

/** Open the Friends tab. */
export async function ffOpenFriends(page: Page): Promise<void> {
  await click(page, 'nav-friends');
  await until(page, 'the Friends screen', () =>
    /Friends/.test(document.querySelector('h1')?.textContent ?? ''),
  );
}

/** Open an invite link and confirm "Add friend". */
export async function ffAddByLink(page: Page, link: string, inviterName: string): Promise<void> {
  await page.goto(link);
  const shown = await textOf(page, 'add-name');
  if (shown !== inviterName) throw new Error(`Firefox: invite shows ${shown}, not ${inviterName}`);
  await click(page, 'add-confirm');
  await until(page, 'the Friends screen', () =>
    /Friends/.test(document.querySelector('h1')?.textContent ?? ''),
  );
}

/** Wait until `title` is listed as a friend and online (opens the Friends tab). */
export async function ffExpectFriendOnline(page: Page, title: string): Promise<void> {
  await ffOpenFriends(page);
  const row = '[data-testid="friend-row"]';
  const titleSel = byTestId('friend-title');
  await rowWithTitle(page, row, titleSel, title, '[data-state="friend"]', ONLINE);
  await rowWithTitle(
    page,
    row,
    titleSel,
    title,
    '[data-state="friend"][data-online="true"]',
    ONLINE,
  );
}

/** Open the chat with `title` from their friend page ("Message"). */
export async function ffOpenChatFromFriend(page: Page, title: string): Promise<void> {
  await ffOpenFriends(page);
  const row = await rowWithTitle(page, byTestId('friend-row'), byTestId('friend-title'), title);
  await row.click();
  await click(page, 'friend-message');
  await page.locator(byTestId('chat-screen')).wait();
  const shown = await textOf(page, 'chat-title');
  if (shown !== title) throw new Error(`Firefox: chat with ${shown}, not ${title}`);
}

/** Type `text` in the composer, press Enter, and wait for the composer to clear. */
export async function ffSend(page: Page, text: string): Promise<void> {
  await page.locator(byTestId('composer-input')).fill(text);
  await page.keyboard.press('Enter');
  await until(
    page,
    'the composer to clear',
    (sel) => document.querySelector<HTMLTextAreaElement>(sel)?.value === '',
    byTestId('composer-input'),
  );
}

/** Wait for the message whose text is exactly `text` in the open chat. */
export async function ffWaitMessage(page: Page, text: string, timeout = WAIT): Promise<void> {
  await rowWithTitle(page, byTestId('message'), byTestId('message-text'), text, '', timeout);
}

/** The selector of the file message named `name` (as files.ts fileMessage). */
export function ffFileMessage(name: string): string {
  return `[data-testid="file-message"][data-name="${name}"]`;
}

/** Pick files with the composer's attach input. */
export async function ffAttachFiles(page: Page, paths: string[]): Promise<void> {
  await page.locator(byTestId('attach-button')).wait();
  const input = await page.waitForSelector(byTestId('attach-input'));
  const file = await input?.toElement('input');
  if (!file) throw new Error('Firefox: no attach input');
  await file.uploadFile(...paths);
}

/** Wait until the file message `name` has `data-state` = `state`. */
export async function ffWaitFileState(
  page: Page,
  name: string,
  state: string,
  timeout = WAIT,
): Promise<void> {
  await ffWaitAttr(page, ffFileMessage(name), 'data-state', state, timeout);
}

/** Accept the offered file `name` (it must be waiting in state `ask`). */
export async function ffAcceptFile(page: Page, name: string, timeout = WAIT): Promise<void> {
  await ffWaitFileState(page, name, 'ask', timeout);
  // A click on the element itself: a pointer click at coordinates was lost once in ~60
  // transfers (the chat was still scrolling to the new message), leaving it in `ask`.
  const button = await page.waitForSelector(`${ffFileMessage(name)} ${byTestId('file-accept')}`);
  await button?.evaluate((el) => (el as HTMLElement).click());
  // Accepted: the message leaves `ask` (for waiting, active or already ready).
  await until(
    page,
    `${name} to leave ask after Accept`,
    (sel) => {
      const state = document.querySelector(sel)?.getAttribute('data-state');
      return typeof state === 'string' && state !== 'ask';
    },
    ffFileMessage(name),
  );
}

interface Saves {
  blobs: Map<string, Blob>;
  saved: { name: string; url: string }[];
}

/**
 * Runs in the page before the app: remembers every Blob given a URL and turns
 * `<a download>` clicks (Save) into a record of what would have been saved.
 */
function captureSaves(): void {
  const saves: Saves = { blobs: new Map(), saved: [] };
  (window as unknown as { plumeSaves: Saves }).plumeSaves = saves;
  const create = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (obj: Blob | MediaSource) => {
    const url = create(obj);
    if (obj instanceof Blob) saves.blobs.set(url, obj);
    return url;
  };
  document.addEventListener(
    'click',
    (event) => {
      const a = event.target;
      if (!(a instanceof HTMLAnchorElement) || !a.download) return;
      event.preventDefault();
      saves.saved.push({ name: a.download, url: a.href });
    },
    true,
  );
}

/** Click Save on the file message `name` and return the SHA-256 of the bytes saved. */
export async function ffSaveAndHash(page: Page, name: string): Promise<string> {
  const before = await page.evaluate(
    () => (window as unknown as { plumeSaves: Saves }).plumeSaves.saved.length,
  );
  await page.locator(`${ffFileMessage(name)} ${byTestId('file-save')}`).click();
  await until(
    page,
    `a save of ${name}`,
    ({ name, before }) =>
      (window as unknown as { plumeSaves: Saves }).plumeSaves.saved
        .slice(before)
        .some((s) => s.name === name),
    { name, before },
  );
  return page.evaluate(
    async ({ name, before }) => {
      const saves = (window as unknown as { plumeSaves: Saves }).plumeSaves;
      const save = saves.saved.slice(before).find((s) => s.name === name);
      const blob = save && saves.blobs.get(save.url);
      if (!blob) throw new Error(`no blob saved for ${name}`);
      const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
      return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    },
    { name, before },
  );
}
