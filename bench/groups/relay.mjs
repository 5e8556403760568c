// Relay in browsers: six Plume installs (six Chromium contexts) in one group, each able to reach
// at most three of the others, so most members get the author's messages through other members.
//
//   Topology (cut on the network, see links.mjs): a ring 0-1-2-3-4-5-0 with the chords 1-4 and
//   2-5. The author (0) reaches 1 and 5 directly; 2 and 4 are two hops away, 3 is three.
//   Measured: the author types a message and presses Enter in the group chat; the time until it
//   shows in each member's open group chat (epoch clocks of one machine, taken in the pages).
//   "Last member": the slowest of the five for each message. Closed loop, one message at a time.
//   Baseline: one-way delivery of a direct chat between the author and member 1 (friends, a
//   live session), in the same run, same pages, same topology, measured the same way.
//
// The group is made through the UI: the author befriends the five (invite link, "Add friend")
// and creates the group; the others are not friends and meet through the roster. The links are
// cut only after everyone holds the group, then every page reloads so no old session survives.
import { loadavg } from 'node:os';
import { fmt, percentile, ratio, since } from '../chat/stats.mjs';
import { befriend, CHROMIUM_ARGS, newInstall, onboard, waitOnline } from '../chat/ui.mjs';
import { stage } from '../stage.mjs';
import { connectedPeerConnections, LinkCutter, trackPeerConnections } from './links.mjs';

const MEMBERS = 6;
/** Allowed links besides the ring. */
const CHORDS = [
  [1, 4],
  [2, 5],
];
const MESSAGES = Number(process.env.BENCH_GROUPS_MESSAGES ?? 50);
const WARMUP = 5;
const STEP_TIMEOUT_MS = 30_000;
/** The first message after the cut waits for the mesh to form around it. */
const FIRST_TIMEOUT_MS = 120_000;
const NAMES = ['Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay'];
const MESSAGE = '[data-testid="message"]';
const COMPOSER = '[data-testid="composer-input"]';
const TOKEN = /rtt-\d+-[a-z0-9]+/;

/** Set once the browser is up, so a failure can say what each page showed. */
let liveBrowser = null;

/** On failure: each open page's URL and the start of its text. */
export async function describePages() {
  for (const context of liveBrowser?.contexts() ?? []) {
    for (const page of context.pages()) {
      const text = await page
        .evaluate(() => document.body.innerText.replace(/\s+/g, ' ').slice(0, 300))
        .catch(() => '?');
      console.error(`  page ${page.url()}: ${text}`);
    }
  }
}

/** i and j may keep a session. */
function linked(i, j) {
  const d = Math.abs(i - j);
  if (d === 1 || d === MEMBERS - 1) return true;
  return CHORDS.some(([a, b]) => (a === i && b === j) || (a === j && b === i));
}

/** Hops from the author (0) to each member over the allowed links. */
function hops() {
  const dist = Array(MEMBERS).fill(Infinity);
  dist[0] = 0;
  const queue = [0];
  while (queue.length > 0) {
    const i = queue.shift();
    for (let j = 0; j < MEMBERS; j++) {
      if (linked(i, j) && dist[j] === Infinity) {
        dist[j] = dist[i] + 1;
        queue.push(j);
      }
    }
  }
  return dist;
}

// ---------------------------------------------------------------- in the pages

/** In the author's page, once: the epoch time Enter goes down in the composer, by token. */
function armKeydown({ composer, token }) {
  if (window.__benchKeydown) return;
  const at = new Map();
  window.__benchKeydown = at;
  const pattern = new RegExp(token);
  document.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 'Enter' || event.shiftKey) return;
      const target = event.target;
      if (!(target instanceof HTMLTextAreaElement) || !target.matches(composer)) return;
      const found = pattern.exec(target.value)?.[0];
      if (found) at.set(found, performance.timeOrigin + performance.now());
    },
    true,
  );
}

/**
 * In a reader's page, once per document: report (binding __benchSeen) the epoch time each token
 * first shows among the last message rows, without the bench polling the page.
 */
function armSeen({ message, token }) {
  if (window.__benchSeenArmed) return;
  window.__benchSeenArmed = true;
  const pattern = new RegExp(token);
  const seen = new Set();
  const check = () => {
    const rows = document.querySelectorAll(message);
    for (let i = Math.max(0, rows.length - 4); i < rows.length; i++) {
      const found = pattern.exec(rows[i].textContent ?? '')?.[0];
      if (found && !seen.has(found)) {
        seen.add(found);
        void window.__benchSeen(found, performance.timeOrigin + performance.now());
      }
    }
  };
  new MutationObserver(check).observe(document.body, { childList: true, subtree: true });
  check();
}

/** In a page, once per document: keep every `plume:*` mark (epoch ms and detail). */
function armMarks() {
  if (window.__benchMarks) return;
  const marks = [];
  window.__benchMarks = marks;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name.startsWith('plume:')) marks.push(entry);
  }).observe({ type: 'mark' });
}

/** In a page: the marks kept so far, as epoch time, step and detail (and forget them). */
function takeMarks() {
  return (window.__benchMarks ?? []).splice(0).map((entry) => ({
    step: entry.name.slice(6),
    at: performance.timeOrigin + entry.startTime,
    detail: entry.detail ?? null,
  }));
}

/**
 * Where a relayed message's time goes on each member, from the app's marks (src/lib/marks.ts):
 * for each message, the first mark of `step` about the author's events in `conv` between its
 * keydown and the next message's, as ms after the keydown. Null when there is none.
 */
function stepDelays(marks, keydowns, step, author, conv) {
  return keydowns.map((start, i) => {
    const end = keydowns[i + 1] ?? Infinity;
    const hit = marks.find(
      (m) =>
        m.step === step &&
        m.at >= start &&
        m.at < end &&
        m.detail?.conv === conv &&
        m.detail?.author === author,
    );
    return hit ? hit.at - start : null;
  });
}

// ---------------------------------------------------------------- driving the UI

async function createGroup(page, name, friendIds) {
  await page.evaluate(() => {
    location.hash = '#/chats';
  });
  await page.getByTestId('new-group-open').click();
  await page.getByTestId('group-name').fill(name);
  for (const id of friendIds) {
    await page.locator(`[data-testid="group-pick-friend"][data-peer="${id}"]`).click();
  }
  await page.getByTestId('group-create').click();
  await page.locator('[data-testid="chat-screen"][data-conv^="g:"]').waitFor();
  return page.getByTestId('chat-screen').getAttribute('data-conv');
}

/** Open the direct chat with friend `id` from the Friends tab. */
async function openDirectChat(page, id) {
  await page.getByTestId('nav-friends').first().click();
  await page.locator(`[data-testid="friend-row"][data-peer-id="${id}"]`).first().click();
  await page.getByTestId('friend-message').click();
  await page.getByTestId('chat-screen').waitFor();
  return page.getByTestId('chat-screen').getAttribute('data-conv');
}

async function openConv(page, conv) {
  await page.evaluate((hash) => {
    location.hash = hash;
  }, `#/chat/${conv}`);
  await page.locator(`[data-testid="chat-screen"][data-conv="${conv}"]`).waitFor();
}

/**
 * Sends messages from `author` and times them on `readers` (indexes into `pages`). Returns, per
 * message, the keydown epoch and each reader's delay, or throws when a message never arrives.
 */
function makeSender(pages, seenWaiters, keydowns) {
  const tag = Math.random().toString(36).slice(2, 8);
  let n = 0;
  return async function sendOne(author, readers, timeoutMs) {
    const token = `rtt-${n++}-${tag}`;
    const arrivals = readers.map(
      (r) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`${token} not shown on ${NAMES[r]} in ${timeoutMs} ms`)),
            timeoutMs,
          );
          seenWaiters.set(`${r}:${token}`, (at) => {
            clearTimeout(timer);
            resolve(at);
          });
        }),
    );
    const composer = pages[author].locator(COMPOSER);
    await composer.fill(`Relay ${token}, over to you`);
    await composer.press('Enter');
    const seen = await Promise.all(arrivals);
    const keydown = await pages[author].evaluate(
      (t) => window.__benchKeydown.get(t) ?? null,
      token,
    );
    if (keydown === null) throw new Error(`no keydown noted for ${token}`);
    keydowns.push(keydown);
    return seen.map((at) => at - keydown);
  };
}

// ---------------------------------------------------------------- the run

/** The relay bench; `root` is the repository. Prints figures and its BENCH lines. */
export async function runRelay({ root, log = console.log }) {
  const started = Date.now();
  const loadBefore = loadavg();
  const { worker, browser } = await stage(root, 'groups', { site: {}, args: CHROMIUM_ARGS });
  liveBrowser = browser;
  const cutter = new LinkCutter();
  const contexts = [];
  for (let i = 0; i < MEMBERS; i++) {
    const ctx = await newInstall(browser, worker.origin);
    await cutter.install(ctx);
    await ctx.addInitScript(trackPeerConnections);
    contexts.push(ctx);
  }
  const seenWaiters = new Map();
  const pages = [];
  for (let i = 0; i < MEMBERS; i++) {
    const page = await contexts[i].newPage();
    // Survives reloads; arming the observer does not.
    await page.exposeBinding('__benchSeen', (_source, token, at) => {
      const key = `${i}:${token}`;
      seenWaiters.get(key)?.(at);
      seenWaiters.delete(key);
    });
    pages.push(page);
  }
  const ids = await Promise.all(pages.map((page, i) => onboard(page, NAMES[i])));
  log(`${MEMBERS} installs onboarded (${since(started)} s)`);
  for (let i = 1; i < MEMBERS; i++) {
    await befriend({ page: pages[0], id: ids[0] }, { page: pages[i], id: ids[i] });
  }
  log(`${NAMES[0]} befriended the other ${MEMBERS - 1} (${since(started)} s)`);

  const conv = await createGroup(pages[0], 'Relay', ids.slice(1));
  for (let i = 1; i < MEMBERS; i++) {
    await pages[i].evaluate(() => {
      location.hash = '#/chats';
    });
    await pages[i]
      .locator('[data-testid="chat-row"]', { hasText: 'Relay' })
      .first()
      .waitFor({ timeout: 60_000 });
  }
  log(`group ${conv} held by all (${since(started)} s)`);

  // Cut every pair outside the topology, then reload everyone so no old session survives.
  const dist = hops();
  for (let i = 0; i < MEMBERS; i++) {
    for (let j = i + 1; j < MEMBERS; j++) if (!linked(i, j)) cutter.cut(ids[i], ids[j]);
  }
  await Promise.all(
    pages.map(async (page) => {
      await openConv(page, conv);
      // A real reload: a change of hash alone keeps the document and its sessions.
      await page.reload();
      await waitOnline(page);
      await page.locator(`[data-testid="chat-screen"][data-conv="${conv}"]`).waitFor();
      await page.evaluate(armSeen, { message: MESSAGE, token: TOKEN.source });
    }),
  );
  await pages[0].evaluate(armKeydown, { composer: COMPOSER, token: TOKEN.source });
  log(
    `links cut to the topology (hops from ${NAMES[0]}: ${dist.join(', ')}); pages reloaded ` +
      `(${since(started)} s)`,
  );

  const keydowns = [];
  const sendOne = makeSender(pages, seenWaiters, keydowns);
  const readers = [1, 2, 3, 4, 5];
  // The first message waits for the mesh to come up around it; then a few to warm up.
  const first = await sendOne(0, readers, FIRST_TIMEOUT_MS);
  log(`first message after the cut reached all in ${fmt(Math.max(...first), 0)} ms`);
  for (let i = 0; i < WARMUP; i++) await sendOne(0, readers, STEP_TIMEOUT_MS);
  const linksAtStart = await Promise.all(pages.map((p) => p.evaluate(connectedPeerConnections)));
  log(`live peer connections per install: ${linksAtStart.join(', ')}`);

  // ---- group: MESSAGES from the author, timed on every member
  for (const page of pages) {
    await page.evaluate(armMarks);
    await page.evaluate(takeMarks);
  }
  keydowns.length = 0;
  const group = [];
  for (let i = 0; i < MESSAGES; i++) group.push(await sendOne(0, readers, STEP_TIMEOUT_MS));
  const marks = await Promise.all(pages.map((p) => p.evaluate(takeMarks)));
  const groupKeydowns = [...keydowns];
  const linksAtEnd = await Promise.all(pages.map((p) => p.evaluate(connectedPeerConnections)));
  log(`group messages done (${since(started)} s); live peer connections: ${linksAtEnd.join(', ')}`);

  // ---- baseline: the direct chat of the author and member 1, same pages, same run
  await openDirectChat(pages[0], ids[1]);
  const direct = await openDirectChat(pages[1], ids[0]);
  await pages[0].locator(`[data-testid="chat-screen"][data-conv="${direct}"]`).waitFor();
  for (let i = 0; i < WARMUP; i++) await sendOne(0, [1], STEP_TIMEOUT_MS);
  const oneWay = [];
  for (let i = 0; i < MESSAGES; i++) oneWay.push((await sendOne(0, [1], STEP_TIMEOUT_MS))[0]);
  await openConv(pages[1], conv);
  log(`direct messages done (${since(started)} s)`);

  // ---------------------------------------------------------------- report
  const last = group.map((delays) => Math.max(...delays));
  const byMember = (r) => group.map((delays) => delays[readers.indexOf(r)]);
  const lastP50 = percentile(last, 50);
  const lastP99 = percentile(last, 99);
  const directP50 = percentile(oneWay, 50);
  const directP99 = percentile(oneWay, 99);
  const farthest = readers.reduce((a, b) => (dist[b] > dist[a] ? b : a));
  log('');
  log(
    `Relay in browsers: ${MEMBERS} installs, one group, each linked to at most 3 others ` +
      `(live peer connections ${linksAtStart.join(', ')} at start, ${linksAtEnd.join(', ')} at end; ` +
      `${cutter.dropped} signaling frames to cut pairs dropped)`,
  );
  log(
    `  ${MESSAGES} messages from ${NAMES[0]}, keydown of Enter → shown in the member's group chat:`,
  );
  const p50Of = (values) =>
    fmt(
      percentile(
        values.filter((v) => v !== null),
        50,
      ),
      0,
    );
  const stepOf = (r, step) => stepDelays(marks[r], groupKeydowns, step, ids[0], conv);
  for (const r of readers) {
    const d = byMember(r);
    log(
      `  ${NAMES[r]} (${dist[r]} hop${dist[r] === 1 ? '' : 's'}): p50 ${fmt(percentile(d, 50))} ms, ` +
        `p99 ${fmt(percentile(d, 99))} ms; p50 of first frame received ` +
        `${p50Of(stepOf(r, 'events-received'))}, stored ${p50Of(stepOf(r, 'stored'))}, ` +
        `first sent on ${p50Of(stepOf(r, 'events-sent'))} ms`,
    );
  }
  log(`  (${NAMES[0]}: first frame sent p50 ${p50Of(stepOf(0, 'events-sent'))} ms)`);
  log(
    `  shown on the last member: p50 ${fmt(lastP50)} ms, p99 ${fmt(lastP99)} ms, ` +
      `max ${fmt(Math.max(...last))} ms (farthest, ${NAMES[farthest]}: p99 ` +
      `${fmt(percentile(byMember(farthest), 99))} ms)`,
  );
  log(
    `  baseline, direct chat ${NAMES[0]} → ${NAMES[1]} one way (${oneWay.length}): ` +
      `p50 ${fmt(directP50)} ms, p99 ${fmt(directP99)} ms`,
  );
  log(`  ratio p99 last member / direct: ${ratio(lastP99, directP99)}× (target ≤ 2×)`);
  log(
    `machine load (1/5/15-min) ${loadBefore.map((v) => fmt(v, 2)).join(' ')} at start, ` +
      `${loadavg()
        .map((v) => fmt(v, 2))
        .join(' ')} at end; total ${since(started)} s`,
  );
  log('');
  log(`BENCH group_relay_baseline_direct_p50_ms ${fmt(directP50)}`);
  log(`BENCH group_relay_baseline_direct_p99_ms ${fmt(directP99)}`);
  log(`BENCH group_relay_p50_ms ${fmt(lastP50)}`);
  log(`BENCH group_relay_p99_ms ${fmt(lastP99)}`);
  log(`BENCH group_relay_ratio ${ratio(lastP99, directP99)}`);
}
