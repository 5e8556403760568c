// Builds the chat bench harness: a bench-only page and script that import the app's own modules
// (src/db, src/lib, src/ui/models) and expose them on `window.plumeBench`. It is built into the
// bench's temporary site next to a fresh app build and served by the real worker from the same
// origin, so it reads and writes the app's IndexedDB. Never part of dist/.
//   BENCH_HARNESS_OUT=<dir> vite build --config bench/harness/vite.config.mjs
import preact from '@preact/preset-vite';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.env.BENCH_HARNESS_OUT;
if (!outDir) throw new Error('set BENCH_HARNESS_OUT to the bench site directory');

export default defineConfig({
  // The repo root, so the page lands at /bench/harness/index.html in the site.
  root: join(here, '../..'),
  publicDir: false,
  logLevel: 'warn',
  plugins: [preact()],
  build: {
    target: 'es2022',
    outDir,
    // The app's build is already in outDir: add to it, never wipe it.
    emptyOutDir: false,
    sourcemap: false,
    rollupOptions: {
      input: { harness: join(here, 'index.html') },
      output: {
        // A fixed name, so the bench can also load the script into an app page.
        entryFileNames: 'bench-assets/chatHarness.js',
        chunkFileNames: 'bench-assets/[name]-[hash].js',
        assetFileNames: 'bench-assets/[name]-[hash][extname]',
      },
    },
  },
});
