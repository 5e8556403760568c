import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ephemeralStart, freePorts, PORT_FLOOR } from './freePort.mjs';

// The e2e servers and the benches take their ports from here (scripts/freePort.mjs).

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
const close = (server: Server) => new Promise((r) => server.close(r));

describe('freePorts', () => {
  it('[DEV-PORT-1] picks distinct ports below the ephemeral range, each free to bind', async () => {
    const ports = await freePorts(4);
    expect(new Set(ports).size).toBe(4);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(PORT_FLOOR);
      expect(port).toBeLessThan(ephemeralStart());
      await close(await listen(port));
    }
  });

  it('[DEV-PORT-2] skips a port that is in use', async () => {
    const top = ephemeralStart();
    const at = (fraction: number) => PORT_FLOOR + Math.floor(fraction * (top - PORT_FLOOR));
    const busy = await listen(at(0.25)).catch(() => null); // taken already is as good
    try {
      const picks = [0.25, 0.5];
      const [port] = await freePorts(1, () => picks.shift() ?? Math.random());
      expect(port).toBe(at(0.5));
    } finally {
      if (busy) await close(busy);
    }
  });
});
