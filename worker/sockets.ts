/**
 * Small WebSocket helpers that never throw: a peer that vanished mid-send must not take a
 * handler down with it.
 */

/** The longest close reason a close frame can carry is 123 bytes; ours are short ASCII. */
const MAX_CLOSE_REASON_CHARS = 120;

/** Send text; false if the socket refused it (closing, closed, or broken). */
export function safeSend(ws: WebSocket, text: string): boolean {
  try {
    ws.send(text);
    return true;
  } catch {
    return false;
  }
}

/** Close with one of our codes; closing an already closed socket is not an error. */
export function safeClose(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason.slice(0, MAX_CLOSE_REASON_CHARS));
  } catch {
    // Already closed or closing: nothing left to do.
  }
}

/** How long a refused socket may take to finish its close handshake before we let go. */
const REFUSAL_LINGER_MS = 5_000;

/** A refusal: the 101 response to return, and a promise to keep the context alive with. */
export interface Refusal {
  response: Response;
  /** Settles when the client has answered the close (or after {@link REFUSAL_LINGER_MS}). */
  done: Promise<void>;
}

/**
 * Refuse a connect by upgrading, sending one frame, then closing with `code`.
 * An HTTP error status would reach the stock peerjs client as a bare "socket closed" with no
 * message; an ERROR (or ID-TAKEN) frame gives it, and the user, the reason. The caller passes
 * `done` to `waitUntil`, so the frame and the close are flushed before the context ends.
 */
export function refuseWebSocket(frameText: string, code: number, reason: string): Refusal {
  const pair = new WebSocketPair();
  const client = pair[0];
  const server = pair[1];
  server.accept();
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, REFUSAL_LINGER_MS);
    const finish = (): void => {
      clearTimeout(timer);
      resolve();
    };
    server.addEventListener('close', finish);
    server.addEventListener('error', finish);
  });
  safeSend(server, frameText);
  safeClose(server, code, reason);
  return { response: new Response(null, { status: 101, webSocket: client }), done };
}
