import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Manifest colours: the light bar and background from src/ui/shell/styles/tokens.css
 * (THEME_COLORS.light in src/ui/shell/models/theme.ts), so the installed app's title
 * bar does not flash another colour before the page sets theme-color itself.
 */
const THEME_COLOR = '#ffffff';
const BACKGROUND_COLOR = '#f4f5f9';

export default defineConfig({
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      // Registered by src/ui/shell/models/pwa.ts through workbox-window (update prompt).
      injectRegister: false,
      injectManifest: {
        // A classic script: registered without { type: 'module' }, works in every browser.
        rollupFormat: 'iife',
        // The app shell; the manifest and its icons are added by the plugin.
        globPatterns: ['**/*.{js,css,html}'],
        // Hashed assets are already unique; skip Workbox's ?__WB_REVISION__ for them.
        dontCacheBustURLsMatching: /^assets\//,
      },
      // The manifest lives here, one source of truth; the plugin writes
      // dist/manifest.webmanifest, links it from index.html and precaches it.
      includeManifestIcons: true,
      manifest: {
        id: '/',
        name: 'Plume',
        short_name: 'Plume',
        description: 'A private peer-to-peer messenger that lives in your browser.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: THEME_COLOR,
        background_color: BACKGROUND_COLOR,
        categories: ['social', 'communication'],
        // Invite links (`/#/add/...`) open in the installed app where the browser supports
        // link capturing, reusing the open window, which then routes by its new hash.
        handle_links: 'preferred',
        launch_handler: { client_mode: ['navigate-existing', 'auto'] },
        // [SHARE-1] Sharing into Plume: the service worker stores what arrives, then the app
        // asks which chat it is for (src/sw/shareTarget.ts). Field names: src/lib/share.ts.
        share_target: {
          action: '/share',
          method: 'POST',
          enctype: 'multipart/form-data',
          params: {
            title: 'title',
            text: 'text',
            url: 'url',
            files: [
              {
                name: 'files',
                accept: ['image/*', 'video/*', 'audio/*', 'text/*', 'application/*'],
              },
            ],
          },
        },
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
          { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  resolve: {
    alias: {
      // PeerJS reads only the browser's name and version from webrtc-adapter; the adapter's
      // patches for old browsers weigh ~12 KB gzip of the first visit (docs/performance.md).
      'webrtc-adapter': fileURLToPath(
        new URL('./src/peers/peerjs/browserDetails.ts', import.meta.url),
      ),
    },
  },
  server: {
    // `npm run dev`: signaling, TURN and wake come from a `wrangler dev` running alongside.
    proxy: {
      '/peerjs': { target: 'http://localhost:8787', ws: true },
      '/turn': { target: 'http://localhost:8787' },
      '/wake': { target: 'http://localhost:8787' },
    },
  },
  build: {
    // WebCrypto Ed25519 and WebRTC already require a current browser; no legacy syntax.
    target: 'es2022',
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Everything the entry loads statically stays in one chunk. Without this, every lazy
        // chunk that shares a module with the entry splits the entry into small shared chunks,
        // and the first visit pays for their wrappers and extra requests (about 3 KB gzip).
        codeSplitting: { groups: [{ name: 'app', test: /src[\\/]main\.tsx$/ }] },
      },
    },
  },
});
