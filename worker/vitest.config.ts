// Worker tests: the real worker and real local Durable Objects in workerd, through
// @cloudflare/vitest-pool-workers. Bindings come from wrangler.jsonc; the app's dist/ is replaced
// by a tiny fixture so these tests never need a build.
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.jsonc' },
      // Nothing in this worker is remote; never try to start a remote proxy session.
      remoteBindings: false,
      miniflare: {
        assets: {
          directory: './worker/test/fixtures/assets',
          binding: 'ASSETS',
          assetConfig: { not_found_handling: 'single-page-application' },
          routerConfig: { invoke_user_worker_ahead_of_assets: true },
        },
        // Shortened so the EXPIRE tests take about a second (the default is 5 s, and a
        // separate test checks that default). Liveness keeps its real 90 s: tests age a socket
        // by rewriting its attachment instead.
        // The socket cap per address is 3 here, so its test needs four sockets, not 65.
        bindings: { QUEUE_TTL_MS: '1000', MAX_SOCKETS_PER_ADDRESS: '3' },
      },
    }),
  ],
  test: {
    include: ['worker/test/**/*.test.ts'],
    testTimeout: 15_000,
  },
});
