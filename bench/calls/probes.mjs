// Functions evaluated inside the app's pages for the call bench (serialized by Playwright, so
// each one is self-contained). Times are epoch ms with sub-ms precision
// (performance.timeOrigin + performance.now()), comparable across the two pages of one machine.

/**
 * In the callee's page (B), once: answer every call with video the moment the ring screen shows
 * its "Answer with video" button (a MutationObserver, no round trip through the bench), and note
 * when the ring showed and when it was answered, per call, in window.__benchCallee.
 */
export function armAutoAnswer() {
  if (window.__benchCallee) return;
  const state = { rings: [] };
  window.__benchCallee = state;
  const stamp = () => performance.timeOrigin + performance.now();
  let current = null;
  const check = () => {
    const button = document.querySelector('[data-testid="call-accept-video"]');
    if (!button) {
      current = null;
      return;
    }
    if (current === button) return;
    current = button;
    const ringAt = stamp();
    button.click();
    state.rings.push({ ringAt, acceptAt: stamp() });
  };
  new MutationObserver(check).observe(document.body, { childList: true, subtree: true });
  check();
}

/** In B: the rings so far. */
export function calleeRings() {
  return window.__benchCallee?.rings ?? [];
}

/**
 * In the caller's page (A), before each call: note when the video call button is clicked
 * (capture phase, before the app's handler), then watch for the remote video to play: the first
 * moment a remote <video> has videoWidth > 0 and a currentTime that moved. Resolves
 * { clickAt, playingAt, width, height } or { error } through awaitSetup (armed first, so the
 * click cannot come before the listener).
 */
export function watchSetup({ button, video, timeoutMs, pollMs }) {
  const stamp = () => performance.timeOrigin + performance.now();
  window.__benchSetup = new Promise((resolve) => {
    let clickAt = null;
    const onClick = (event) => {
      if (event.target instanceof Element && event.target.closest(button)) clickAt ??= stamp();
    };
    document.addEventListener('click', onClick, true);
    const done = (result) => {
      clearInterval(timer);
      clearTimeout(deadline);
      document.removeEventListener('click', onClick, true);
      resolve(result);
    };
    const timer = setInterval(() => {
      if (clickAt === null) return;
      const v = document.querySelector(video);
      // A MediaStream plays from currentTime 0: past 0 with a frame size means frames are shown
      // and time advances.
      if (!v || v.videoWidth === 0 || v.paused || v.currentTime <= 0) return;
      done({ clickAt, playingAt: stamp(), width: v.videoWidth, height: v.videoHeight });
    }, pollMs);
    const deadline = setTimeout(
      () => done({ error: `no remote video within ${timeoutMs} ms`, clickAt }),
      timeoutMs,
    );
  });
}

/** In A: the result of the armed watchSetup. */
export function awaitSetup() {
  return window.__benchSetup;
}

/** In A after a measured call: check that the remote video keeps advancing (sanity, ms). */
export async function stillAdvancing({ video, waitMs }) {
  const v = document.querySelector(video);
  if (!v) return false;
  const before = v.currentTime;
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  return v.currentTime > before && v.videoWidth > 0;
}
