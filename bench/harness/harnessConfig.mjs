// The one Vite config shape of the bench harnesses: a bench-only page built into the bench's
// temporary site next to a fresh app build (never part of dist/), served by the real worker from
// the same origin, with its entry script under a fixed name in bench-assets/.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * @param {object} o
 * @param {string} o.page the harness page in bench/harness (e.g. 'scan.html')
 * @param {string} o.entry the entry script's fixed name in bench-assets/
 * @param {string} [o.assetPrefix] prefix of its chunks' and assets' names
 * @param {import('vite').PluginOption[]} [o.plugins]
 * @param {boolean} [o.minify] false keeps readable names in CPU profiles
 */
export function harnessConfig({ page, entry, assetPrefix = '', plugins = [], minify }) {
  const outDir = process.env.BENCH_HARNESS_OUT;
  if (!outDir) throw new Error('set BENCH_HARNESS_OUT to the bench site directory');
  return defineConfig({
    // The repo root, so the page lands at /bench/harness/<page> in the site.
    root: join(here, '../..'),
    publicDir: false,
    logLevel: 'warn',
    plugins,
    build: {
      target: 'es2022',
      outDir,
      // The app's build is already in outDir: add to it, never wipe it.
      emptyOutDir: false,
      sourcemap: false,
      ...(minify === undefined ? {} : { minify }),
      rollupOptions: {
        input: { [page.replace(/\.html$/, '')]: join(here, page) },
        output: {
          entryFileNames: `bench-assets/${entry}`,
          chunkFileNames: `bench-assets/${assetPrefix}[name]-[hash].js`,
          assetFileNames: `bench-assets/${assetPrefix}[name]-[hash][extname]`,
        },
      },
    },
  });
}
