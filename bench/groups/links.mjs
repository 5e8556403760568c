// Which installs may open sessions to each other, decided on the network and nowhere in the app:
// every context's signaling socket goes through Playwright's WebSocket route, and an OFFER (or
// any relayed frame) to a peer on the other side of a cut pair is dropped before the worker sees
// it. To the app it is a peer that never answers, as behind a firewall; it keeps dialling, fails,
// and its group events must travel through the members it can reach.

/** Relayed client frames (docs/protocol.md, SIG-RELAY): the only ones that name a `dst`. */
const RELAYED = new Set(['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE']);

const pairKey = (a, b) => (a < b ? `${a}|${b}` : `${b}|${a}`);

export class LinkCutter {
  #cut = new Set();
  /** Frames dropped so far, for the report. */
  dropped = 0;

  /** From now on `a` and `b` cannot signal each other (sessions already up stay up). */
  cut(a, b) {
    this.#cut.add(pairKey(a, b));
  }

  /** Route `context`'s signaling sockets through the cutter; call before any page opens. */
  async install(context) {
    await context.routeWebSocket(
      (url) => url.pathname.startsWith('/peerjs'),
      (ws) => {
        const self = new URL(ws.url()).searchParams.get('id') ?? '';
        const server = ws.connectToServer();
        // Only the page → worker direction is filtered: both ends of a cut pair drop their own
        // frames, so nothing needs stopping on the way back.
        ws.onMessage((message) => {
          if (typeof message === 'string' && this.#blocks(self, message)) {
            this.dropped++;
            return;
          }
          server.send(message);
        });
      },
    );
  }

  #blocks(self, text) {
    if (this.#cut.size === 0) return false;
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return false;
    }
    return (
      RELAYED.has(frame?.type) &&
      typeof frame.dst === 'string' &&
      this.#cut.has(pairKey(self, frame.dst))
    );
  }
}

/**
 * Context init script: keep every RTCPeerConnection of the page, so the bench can count the
 * connected ones (the live links of that install). Bench instrumentation only.
 */
export function trackPeerConnections() {
  const Native = window.RTCPeerConnection;
  if (!Native || window.__benchPcs) return;
  const pcs = [];
  window.__benchPcs = pcs;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      pcs.push(this);
    }
  };
}

/** In a page: how many of its peer connections are connected now. */
export function connectedPeerConnections() {
  return (window.__benchPcs ?? []).filter((pc) => pc.connectionState === 'connected').length;
}
