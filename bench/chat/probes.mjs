// Functions evaluated inside the app's pages (they are serialized by Playwright, so each one is
// self-contained). Every timestamp is taken in the page: performance.now() for durations inside
// one page, performance.timeOrigin + performance.now() (epoch ms, sub-ms) across pages.

export const MESSAGE = '[data-testid="message"]';
export const MY_MESSAGE = '[data-testid="message"][data-mine="true"]';
export const COMPOSER = '[data-testid="composer-input"]';

/**
 * Context init script: note when the first RTCDataChannel of the page opens (the transport to
 * the friend is up), as an epoch timestamp in window.__benchDcOpen. Bench instrumentation only.
 */
export function instrumentDataChannels() {
  const Native = window.RTCPeerConnection;
  if (!Native || window.__benchDcPatched) return;
  window.__benchDcPatched = true;
  window.__benchDcOpen = null;
  const mark = (channel) => {
    const note = () => {
      window.__benchDcOpen ??= performance.timeOrigin + performance.now();
    };
    if (channel.readyState === 'open') note();
    else channel.addEventListener('open', note, { once: true });
  };
  class BenchPeerConnection extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('datachannel', (event) => mark(event.channel));
    }
    createDataChannel(...args) {
      const channel = super.createDataChannel(...args);
      mark(channel);
      return channel;
    }
  }
  window.RTCPeerConnection = BenchPeerConnection;
}

/**
 * In the sender's page (A), once: remember when Enter goes down in the composer (capture phase,
 * before the app's handler), keyed by the token in the text; and watch my messages for a status.
 */
export function armSender({ composer, myMessage }) {
  if (window.__benchRtt) return;
  const state = { keydown: new Map(), waiters: new Map() };
  window.__benchRtt = state;
  document.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 'Enter' || event.shiftKey) return;
      const target = event.target;
      if (!(target instanceof HTMLTextAreaElement) || !target.matches(composer)) return;
      const token = /rtt-\d+-[a-z0-9]+/.exec(target.value)?.[0];
      if (token) state.keydown.set(token, performance.now());
    },
    true,
  );
  const check = () => {
    if (state.waiters.size === 0) return;
    const mine = document.querySelectorAll(myMessage);
    // The message just sent is among the last few rows.
    for (let i = Math.max(0, mine.length - 4); i < mine.length; i++) {
      const row = mine[i];
      const text = row.textContent ?? '';
      for (const [token, waiter] of state.waiters) {
        if (!text.includes(token)) continue;
        const status = row.getAttribute('data-status');
        const now = performance.now();
        waiter.shownAt ??= now;
        if (status === 'sent' || status === 'delivered' || status === 'read') waiter.sentAt ??= now;
        if (status === 'delivered' || status === 'read') {
          waiter.deliveredAt = now;
          waiter.status = status;
          state.waiters.delete(token);
          waiter.resolve();
          // Tell the bench without it having to run anything in the page meanwhile.
          window.__benchDelivered?.(token);
        }
      }
    }
  };
  new MutationObserver(check).observe(document.body, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-status'],
  });
  state.check = check;
}

/** In A: start waiting for `token` to be delivered (does not block). */
export function expectDelivered(token) {
  const state = window.__benchRtt;
  const waiter = { shownAt: null, sentAt: null, deliveredAt: null, status: null };
  waiter.done = new Promise((resolve) => (waiter.resolve = resolve));
  state.waiters.set(token, waiter);
  state.pending = waiter;
  state.pendingToken = token;
}

/** In A: wait for the armed token; returns page-relative times (ms) or null on timeout. */
export async function awaitDelivered(timeoutMs) {
  const state = window.__benchRtt;
  const waiter = state.pending;
  const token = state.pendingToken;
  state.check();
  const ok = await Promise.race([
    waiter.done.then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), timeoutMs)),
  ]);
  state.waiters.delete(token);
  const keydownAt = state.keydown.get(token) ?? null;
  state.keydown.delete(token);
  if (!ok || keydownAt === null) {
    return { ok: false, keydownAt, shownAt: waiter.shownAt, sentAt: waiter.sentAt };
  }
  return {
    ok: true,
    keydownAt,
    keydownEpoch: performance.timeOrigin + keydownAt,
    shownMs: waiter.shownAt - keydownAt,
    sentMs: (waiter.sentAt ?? waiter.deliveredAt) - keydownAt,
    rttMs: waiter.deliveredAt - keydownAt,
    status: waiter.status,
  };
}

/** In the receiver's page (B), once: note the epoch time each token first shows in the DOM. */
export function armReceiver({ message }) {
  if (window.__benchSeen) return;
  const seen = new Map();
  window.__benchSeen = seen;
  const check = () => {
    const rows = document.querySelectorAll(message);
    for (let i = Math.max(0, rows.length - 4); i < rows.length; i++) {
      const token = /rtt-\d+-[a-z0-9]+/.exec(rows[i].textContent ?? '')?.[0];
      if (token && !seen.has(token)) seen.set(token, performance.timeOrigin + performance.now());
    }
  };
  new MutationObserver(check).observe(document.body, { childList: true, subtree: true });
}

/** In B: the epoch time `token` showed, waiting up to timeoutMs. */
export async function seenAt({ token, timeoutMs }) {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    const at = window.__benchSeen?.get(token);
    if (at !== undefined) return at;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return null;
}

/**
 * Open a chat by its route and time it: from setting location.hash until `want` message rows are
 * in the DOM (MutationObserver), and until the next frame after that (requestAnimationFrame +
 * a task, roughly when it is painted). `screenMs`: when the `screen` element (the history list)
 * appeared, before its messages.
 */
export function timeOpen({ hash, message, screen, want, timeoutMs }) {
  return new Promise((resolve, reject) => {
    let settled = false;
    let screenMs = null;
    const count = () => document.querySelectorAll(message).length;
    const started = performance.now();
    const observer = new MutationObserver(() => check());
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      observer.disconnect();
      reject(new Error(`only ${count()} of ${want} messages after ${timeoutMs} ms`));
    }, timeoutMs);
    function check() {
      if (settled) return;
      if (screenMs === null && document.querySelector(screen)) {
        screenMs = performance.now() - started;
      }
      if (count() < want) return;
      settled = true;
      const domMs = performance.now() - started;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() =>
        setTimeout(() => resolve({ domMs, screenMs, frameMs: performance.now() - started }), 0),
      );
    }
    observer.observe(document.body, { childList: true, subtree: true });
    location.hash = hash;
    check();
  });
}

/**
 * In B's page during sync: poll the app's conversation row with plain IndexedDB (a read-only
 * look at `convs`, schema v3) until vv[author] reaches `target`. Returns epoch times of the first
 * growth and of completion, and the data channel open time noted by instrumentDataChannels.
 */
export async function watchSync({ conv, author, target, timeoutMs, pollMs }) {
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open('plume');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const read = () =>
    new Promise((resolve, reject) => {
      const req = db.transaction('convs', 'readonly').objectStore('convs').get(conv);
      req.onsuccess = () => resolve(req.result?.vv?.[author] ?? 0);
      req.onerror = () => reject(req.error);
    });
  const epoch = () => performance.timeOrigin + performance.now();
  const initial = await read();
  let firstAt = null;
  let last = initial;
  const until = performance.now() + timeoutMs;
  try {
    while (performance.now() < until) {
      last = await read();
      if (firstAt === null && last > initial) firstAt = epoch();
      if (last >= target) {
        return {
          ok: true,
          initial,
          last,
          firstAt,
          doneAt: epoch(),
          dcOpenAt: window.__benchDcOpen,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    return { ok: false, initial, last, firstAt, doneAt: null, dcOpenAt: window.__benchDcOpen };
  } finally {
    db.close();
  }
}

/**
 * Wait until the page's main thread has been quiet for `quietMs` (no 20 ms timer late by more
 * than 10 ms), so a measurement does not start in the middle of boot work. True when quiet.
 */
export async function settle({ quietMs, timeoutMs }) {
  const until = performance.now() + timeoutMs;
  let quietSince = performance.now();
  while (performance.now() < until) {
    const before = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = performance.now();
    if (now - before > 30) quietSince = now;
    else if (now - quietSince >= quietMs) return true;
  }
  return false;
}
