// Builds the scan bench harness: a bench-only page whose script draws camera-like frames of
// invite codes and reads them with the app's QR decoder (src/ui/models/qrDecoder.ts, whose wasm
// is imported with `?url`, hence a Vite build) and with html5-qrcode's JavaScript decoder, on
// `window.plumeScan`. Built into the bench's temporary site next to a fresh app build. Never part
// of dist/.
//   BENCH_HARNESS_OUT=<dir> vite build --config bench/harness/scan.vite.config.mjs
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.env.BENCH_HARNESS_OUT;
if (!outDir) throw new Error('set BENCH_HARNESS_OUT to the bench site directory');

export default defineConfig({
  // The repo root, so the page lands at /bench/harness/scan.html in the site.
  root: join(here, '../..'),
  publicDir: false,
  logLevel: 'warn',
  build: {
    target: 'es2022',
    outDir,
    // The app's build is already in outDir: add to it, never wipe it.
    emptyOutDir: false,
    sourcemap: false,
    rollupOptions: {
      input: { scan: join(here, 'scan.html') },
      output: {
        entryFileNames: 'bench-assets/scanHarness.js',
        chunkFileNames: 'bench-assets/scan-[name]-[hash].js',
        assetFileNames: 'bench-assets/scan-[name]-[hash][extname]',
      },
    },
  },
});
