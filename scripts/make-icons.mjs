#!/usr/bin/env node
// Render the PWA icons from the SVG sources in public/icons/ with sharp
// (a dependency of wrangler's toolchain). Run after editing an SVG:
//   node scripts/make-icons.mjs
// The PNGs are committed, so a build never needs sharp.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

const icons = join(dirname(new URL(import.meta.url).pathname), '..', 'public', 'icons');

/** [source svg, output png, size in px] */
const outputs = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['icon-maskable.svg', 'icon-maskable-512.png', 512],
  // iOS rounds the corners itself, so it gets the full-bleed art.
  ['icon-maskable.svg', 'apple-touch-icon-180.png', 180],
];

for (const [source, output, size] of outputs) {
  const svg = await readFile(join(icons, source));
  await sharp(svg, { density: Math.ceil((72 * size) / 512) * 2 })
    .resize(size, size)
    .png({ compressionLevel: 9, palette: false })
    .toFile(join(icons, output));
  console.log(`public/icons/${output} (${size}×${size})`);
}
