import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

describe('npm start', () => {
  it('[DEV-START-1] a port in use is named in a clear error, before wrangler starts', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const address = busy.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const run = spawnSync(process.execPath, ['scripts/start.mjs'], {
        env: { ...process.env, PORT: String(port), SKIP_BUILD: '1' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`Port ${port} on localhost is in use`);
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });
});
