import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

// The worker in OPEN_IDS mode is a plain PeerJS server for the unmodified
// peerjs client from node_modules/peerjs/dist. The page is a real document from the
// worker's origin (its id endpoint), with the stock client injected as a script, so
// nothing test-only lives in the worker. (A document fulfilled by request
// interception has no address space, and Chromium's local-network checks then
// block its WebSocket to localhost.)

const origin = `http://localhost:${process.env.E2E_OPEN_PORT}`;
const peerjs = readFileSync('node_modules/peerjs/dist/peerjs.min.js', 'utf8');

async function stockPage(browser: Browser): Promise<Page> {
  // The id endpoint's text document has no CSP; bypassCSP keeps this robust if it ever does.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${origin}/peerjs/id`);
  await page.addScriptTag({ content: peerjs });
  return page;
}

/** Open a stock Peer against the worker with the client's default path and key. */
async function openPeer(page: Page, id: string): Promise<void> {
  await page.evaluate(
    ({ id, port }) =>
      new Promise<void>((resolve, reject) => {
        const w = window as unknown as Record<string, unknown>;
        const Peer = w.Peer as new (
          id: string,
          opts: object,
        ) => {
          on(e: string, cb: (x: unknown) => void): void;
        };
        const peer = new Peer(id, {
          host: 'localhost',
          port: Number(port),
          secure: false,
          config: { iceServers: [] },
        });
        w.peer = peer;
        w.received = [] as unknown[];
        peer.on('open', () => resolve());
        peer.on('error', (e) => reject(new Error(String(e))));
        peer.on('connection', (conn) => {
          const c = conn as {
            on(e: string, cb: (d: unknown) => void): void;
            send(d: unknown): void;
          };
          c.on('data', (d) => {
            (w.received as unknown[]).push(d);
            c.send({ echo: d });
          });
        });
      }),
    { id, port: process.env.E2E_OPEN_PORT },
  );
}

test('[E2E-STOCK-1] two stock peerjs clients connect through the worker and exchange data', async ({
  browser,
}) => {
  const a = await stockPage(browser);
  const b = await stockPage(browser);
  const suffix = Math.random().toString(36).slice(2, 8);
  await openPeer(a, `stock-a-${suffix}`);
  await openPeer(b, `stock-b-${suffix}`);
  const reply = await a.evaluate(
    (dst) =>
      new Promise<unknown>((resolve, reject) => {
        const w = window as unknown as Record<string, unknown>;
        const peer = w.peer as {
          connect(id: string): {
            on(e: string, cb: (d: unknown) => void): void;
            send(d: unknown): void;
          };
        };
        const conn = peer.connect(dst);
        conn.on('open', () => conn.send({ hello: 'from a', n: 42 }));
        conn.on('data', (d) => resolve(d));
        conn.on('error', (e) => reject(new Error(String(e))));
      }),
    `stock-b-${suffix}`,
  );
  expect(reply).toEqual({ echo: { hello: 'from a', n: 42 } });
  expect(await b.evaluate(() => (window as unknown as { received: unknown[] }).received)).toEqual([
    { hello: 'from a', n: 42 },
  ]);
  // The id endpoint works with the client's default key, with CORS.
  const res = await a.request.get(`${origin}/peerjs/id`);
  expect(res.ok()).toBe(true);
  expect((await res.text()).length).toBeGreaterThan(0);
  expect(res.headers()['access-control-allow-origin']).toBe('*');
});
