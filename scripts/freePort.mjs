#!/usr/bin/env node
// Free loopback TCP ports for servers we start and then reach by URL (e2e, benches).
//
// Listening on port 0 hands out a port from the kernel's ephemeral range, which
// outgoing connections draw from too. Between the probe closing that port and
// wrangler binding it, a connection (Playwright polling the other server, wrangler
// talking to its workerd) can take it, and wrangler exits with "The Workers runtime
// failed to start". A CI run failed that way (2026-11-23). So the ports are picked at
// random below the ephemeral range, where only an explicit bind can land, and each
// is checked free. `node scripts/freePort.mjs [count]` prints them, one per line.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';

/** Lowest port we pick: under it sit well-known and registered service ports. */
export const PORT_FLOOR = 10_000;
const TRIES = 100;

/** The first port of the kernel's ephemeral range (Linux), or the IANA default. */
export function ephemeralStart() {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (low !== undefined && Number.isInteger(low)) return low;
  } catch {
    // not Linux
  }
  return 49_152;
}

/** Listen on `port` (0: any); resolves the server, or null when the port is taken. */
function hold(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, host, () => resolve(server));
  });
}

/** Whether `port` on `host` can be listened on right now. */
export async function isFree(port, host = '127.0.0.1') {
  const server = await hold(port, host);
  if (server) await new Promise((r) => server.close(r));
  return server !== null;
}

/**
 * `count` distinct free ports. All are held until every one is found, so no two
 * are the same. `random` is for tests.
 */
export async function freePorts(count, random = Math.random) {
  const top = ephemeralStart();
  const held = [];
  try {
    for (let tries = 0; held.length < count && tries < TRIES && top - PORT_FLOOR > 0; tries++) {
      const server = await hold(PORT_FLOOR + Math.floor(random() * (top - PORT_FLOOR)));
      if (server) held.push(server);
    }
    // A range too small or too busy: fall back to the kernel's choice.
    while (held.length < count) {
      const server = await hold(0);
      if (!server) throw new Error('no free loopback port');
      held.push(server);
    }
    return held.map((server) => server.address().port);
  } finally {
    await Promise.all(held.map((server) => new Promise((r) => server.close(r))));
  }
}

/** One free port. */
export async function freePort() {
  const [port] = await freePorts(1);
  return port;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const count = Number(process.argv[2] ?? 1);
  for (const port of await freePorts(count)) console.info(port);
}
