/**
 * Camera-like frames of Plume invite codes for the scan bench (bench only, never in dist/). Every
 * case comes from a seeded PRNG, so a run draws the same pictures each time: an invite link with
 * random keys and a random (often Chinese) name, drawn as the app draws it (`qrcode`, error
 * correction M, a 4-module quiet zone) onto a 640x480 or 1280x720 scene of grey clutter, then
 * distorted by category. Geometry: canvas 2D transforms for scale, position and rotation; a
 * per-pixel homography for perspective. Then a CSS blur filter, additive noise, low contrast or
 * light-on-dark colours.
 */
import { create as createQr } from 'qrcode';
import type { PeerId } from '../../src/lib/ids';
import { formatInviteLink } from '../../src/lib/invite';

export const CATEGORIES = [
  'plain',
  'rotated',
  'perspective',
  'blurred',
  'noisy',
  'low-contrast',
  'light-on-dark',
  'combined',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** One generated picture: what it shows and how it was drawn. */
export interface ScanCase {
  id: number;
  category: Category;
  width: number;
  height: number;
  /** The invite link in the code: what a decoder must return. */
  text: string;
  version: number;
  /** Modules per side, without the quiet zone. */
  modules: number;
  /** Pixels per module in the frame (before perspective). */
  modulePx: number;
  /** Centre of the code in the frame. */
  cx: number;
  cy: number;
  /** Rotation, degrees. */
  angle: number;
  /** Perspective: where the corners of the code (quiet zone included) land, TL TR BR BL. */
  corners: [number, number][] | null;
  /** Grey levels of the code's dark modules and its light ground (0..255). */
  dark: number;
  light: number;
  /** Gaussian blur radius in px (0: sharp); additive noise standard deviation (0: none). */
  blur: number;
  noise: number;
  /** Seed of the scene (clutter, noise). */
  sceneSeed: number;
}

/** A 32-bit seeded PRNG (mulberry32): numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const QUIET = 4;
const ORIGIN = 'http://localhost:8787';
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜叶程苏魏吕丁沈姚卢';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂玉华建国文思雨欣怡子涵浩宇晨阳小';
const LATIN = ['Alice', 'Bob', 'Zoë', 'Jürgen', 'María José', 'Ngọc', 'Sam', 'Oluwaseun', 'Kim'];
const B32 = 'abcdefghijklmnopqrstuvwxyz234567';

const pick = <T>(rand: () => number, items: readonly T[] | string): T =>
  items[Math.floor(rand() * items.length)] as T;
const uniform = (rand: () => number, lo: number, hi: number) => lo + rand() * (hi - lo);
const logUniform = (rand: () => number, lo: number, hi: number) =>
  Math.exp(uniform(rand, Math.log(lo), Math.log(hi)));

function randomName(rand: () => number): string {
  const r = rand();
  const chinese = (n: number) =>
    pick<string>(rand, SURNAMES) +
    Array.from({ length: n - 1 }, () => pick<string>(rand, GIVEN)).join('');
  if (r < 0.45) return chinese(2 + Math.floor(rand() * 3));
  if (r < 0.55) return chinese(6 + Math.floor(rand() * 10)); // a long name: a bigger code
  if (r < 0.85) return `${pick(rand, LATIN)} ${String.fromCharCode(65 + Math.floor(rand() * 26))}.`;
  return `${pick(rand, LATIN)} ${chinese(2)} 🙂`;
}

/** A link shaped like a real invite: random id, key and secret; the app's own formatting. */
export function randomInviteLink(rand: () => number): string {
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
  const id = Array.from({ length: 32 }, () => pick<string>(rand, B32)).join('') as PeerId;
  return formatInviteLink(ORIGIN, {
    id,
    pub: bytes(32),
    secret: bytes(16),
    name: randomName(rand),
  });
}

type Qr = ReturnType<typeof createQr>;

/** The `nth` case of `category` in the set drawn from `seed`; its id is `id`. */
export function makeCase(seed: number, category: Category, nth: number, id: number): ScanCase {
  const rand = prng((seed * 1_000_003 + CATEGORIES.indexOf(category) * 7919 + nth * 31) >>> 0);
  const text = randomInviteLink(rand);
  const qr = createQr(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const hd = nth % 5 === 4; // one in five is a 1280x720 frame
  const width = hd ? 1280 : 640;
  const height = hd ? 720 : 480;
  const short = Math.min(width, height);
  const pxMin = 2;
  const pxMax = (0.95 * short) / n;
  let dark = uniform(rand, 15, 60);
  let light = uniform(rand, 180, 245);
  let angle = 0;
  let blur = 0;
  let noise = 0;
  let modulePx = logUniform(rand, pxMin, pxMax);
  let perspective = 0;
  switch (category) {
    case 'plain':
      // Every fourth plain code nearly fills the frame (the phone held close).
      if (nth % 4 === 0) modulePx = (uniform(rand, 0.85, 0.95) * short) / n;
      break;
    case 'rotated':
      angle = uniform(rand, 3, 30) * (rand() < 0.5 ? -1 : 1);
      break;
    case 'perspective':
      perspective = 0.15;
      angle = uniform(rand, -10, 10);
      break;
    case 'blurred':
      blur = uniform(rand, 1, 2.5);
      modulePx = logUniform(rand, 2.5, pxMax);
      angle = uniform(rand, -8, 8);
      break;
    case 'noisy':
      noise = uniform(rand, 8, 40);
      angle = uniform(rand, -8, 8);
      break;
    case 'low-contrast': {
      const contrast = uniform(rand, 0.25, 0.5);
      light = uniform(rand, 70 + contrast * 255, 245);
      dark = light - contrast * 255;
      angle = uniform(rand, -8, 8);
      break;
    }
    case 'light-on-dark':
      [dark, light] = [uniform(rand, 180, 245), uniform(rand, 15, 60)];
      angle = uniform(rand, -8, 8);
      break;
    case 'combined': {
      angle = uniform(rand, -20, 20);
      perspective = 0.08;
      blur = uniform(rand, 0.8, 1.5);
      noise = uniform(rand, 5, 15);
      const contrast = uniform(rand, 0.4, 0.7);
      light = uniform(rand, 60 + contrast * 255, 245);
      dark = light - contrast * 255;
      modulePx = logUniform(rand, 2.5, pxMax);
      break;
    }
  }
  // The code's data area and one module around it stay in the frame (the quiet zone may not).
  const rad = (angle * Math.PI) / 180;
  const turn = Math.abs(Math.cos(rad)) + Math.abs(Math.sin(rad));
  const grow = 1 + 2 * perspective;
  modulePx = Math.min(modulePx, (0.98 * short) / ((n + 2) * turn * grow));
  const extent = (n + 2) * modulePx * turn * grow;
  const cx = uniform(rand, extent / 2, width - extent / 2);
  const cy = uniform(rand, extent / 2, height - extent / 2);
  let corners: [number, number][] | null = null;
  if (perspective > 0) {
    const side = (n + 2 * QUIET) * modulePx;
    const unit: [number, number][] = [
      [-0.5, -0.5],
      [0.5, -0.5],
      [0.5, 0.5],
      [-0.5, 0.5],
    ];
    corners = unit.map(([ux, uy]) => {
      const x = ux * side + uniform(rand, -perspective, perspective) * side;
      const y = uy * side + uniform(rand, -perspective, perspective) * side;
      return [
        cx + x * Math.cos(rad) - y * Math.sin(rad),
        cy + x * Math.sin(rad) + y * Math.cos(rad),
      ];
    });
  }
  return {
    id,
    category,
    width,
    height,
    text,
    version: qr.version,
    modules: n,
    modulePx,
    cx,
    cy,
    angle,
    corners,
    dark,
    light,
    blur,
    noise,
    sceneSeed: Math.floor(rand() * 2 ** 31),
  };
}

const grey = (v: number) => {
  const g = Math.round(Math.min(255, Math.max(0, v)));
  return `rgb(${g},${g},${g})`;
};

/** The code as the app draws it (quiet zone included), `px` pixels per module. */
function codeImage(qr: Qr, px: number, dark: number, light: number): HTMLCanvasElement {
  const n = qr.modules.size;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = (n + 2 * QUIET) * px;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = grey(light);
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = grey(dark);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) ctx.fillRect((col + QUIET) * px, (row + QUIET) * px, px, px);
    }
  }
  return canvas;
}

/** A room-like background: a lit gradient and grey shapes, within the picture's contrast. */
function drawScene(ctx: CanvasRenderingContext2D, c: ScanCase, rand: () => number): void {
  const lo = Math.min(c.dark, c.light);
  const hi = Math.max(c.dark, c.light);
  const level = (t: number) => lo + t * (hi - lo);
  const gradient = ctx.createLinearGradient(0, 0, c.width * rand(), c.height);
  gradient.addColorStop(0, grey(level(uniform(rand, 0.2, 0.8))));
  gradient.addColorStop(1, grey(level(uniform(rand, 0.2, 0.8))));
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, c.width, c.height);
  const shapes = 6 + Math.floor(rand() * 8);
  for (let i = 0; i < shapes; i++) {
    ctx.save();
    ctx.translate(rand() * c.width, rand() * c.height);
    ctx.rotate(rand() * Math.PI);
    ctx.fillStyle = grey(level(rand()));
    const w = uniform(rand, 0.03, 0.3) * c.width;
    const h = uniform(rand, 0.03, 0.3) * c.height;
    if (rand() < 0.7) ctx.fillRect(-w / 2, -h / 2, w, h);
    else ctx.fillRect(-w / 2, -1.5, w, 3); // a thin edge (a table, a frame)
    ctx.restore();
  }
}

/** Solve A x = b (n x n, partial pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let best = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(m[r]![col]!) > Math.abs(m[best]![col]!)) best = r;
    [m[col], m[best]] = [m[best]!, m[col]!];
    const pivot = m[col]!;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = m[r]!;
      const f = row[col]! / pivot[col]!;
      for (let k = col; k <= n; k++) row[k]! -= f * pivot[k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** The homography taking each `from` point to the `to` point of the same index. */
function homography(from: [number, number][], to: [number, number][]): number[] {
  const a: number[][] = [];
  const b: number[] = [];
  from.forEach(([x, y], i) => {
    const [u, v] = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  });
  return solve(a, b);
}

/** Draw `src` into the quad `corners` of the frame: per pixel, 2x2 samples, bilinear. */
function warp(ctx: CanvasRenderingContext2D, src: HTMLCanvasElement, corners: [number, number][]) {
  const side = src.width;
  const source = src.getContext('2d')!.getImageData(0, 0, side, side).data;
  const h = homography(corners, [
    [0, 0],
    [side, 0],
    [side, side],
    [0, side],
  ]);
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const x1 = Math.min(ctx.canvas.width, Math.ceil(Math.max(...xs)));
  const y1 = Math.min(ctx.canvas.height, Math.ceil(Math.max(...ys)));
  if (x1 <= x0 || y1 <= y0) return;
  const frame = ctx.getImageData(x0, y0, x1 - x0, y1 - y0);
  const out = frame.data;
  const at = (u: number, v: number) => source[(v * side + u) * 4]!;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      let sum = 0;
      let covered = 0;
      for (const [ox, oy] of [
        [0.25, 0.25],
        [0.75, 0.25],
        [0.25, 0.75],
        [0.75, 0.75],
      ] as const) {
        const px = x + ox;
        const py = y + oy;
        const w = h[6]! * px + h[7]! * py + 1;
        const u = (h[0]! * px + h[1]! * py + h[2]!) / w - 0.5;
        const v = (h[3]! * px + h[4]! * py + h[5]!) / w - 0.5;
        if (u < -0.5 || v < -0.5 || u > side - 0.5 || v > side - 0.5) continue;
        const iu = Math.min(side - 2, Math.max(0, Math.floor(u)));
        const iv = Math.min(side - 2, Math.max(0, Math.floor(v)));
        const fu = Math.min(1, Math.max(0, u - iu));
        const fv = Math.min(1, Math.max(0, v - iv));
        const top = at(iu, iv) * (1 - fu) + at(iu + 1, iv) * fu;
        const bottom = at(iu, iv + 1) * (1 - fu) + at(iu + 1, iv + 1) * fu;
        sum += top * (1 - fv) + bottom * fv;
        covered++;
      }
      if (covered === 0) continue;
      const i = ((y - y0) * (x1 - x0) + (x - x0)) * 4;
      const k = covered / 4;
      for (let ch = 0; ch < 3; ch++) out[i + ch] = out[i + ch]! * (1 - k) + (sum / covered) * k;
    }
  }
  ctx.putImageData(frame, x0, y0);
}

/** Additive Gaussian noise, per channel. */
function addNoise(ctx: CanvasRenderingContext2D, sigma: number, rand: () => number): void {
  const image = ctx.getImageData(0, 0, ctx.canvas.width, ctx.canvas.height);
  const data = image.data;
  for (let i = 0; i < data.length; i += 4) {
    for (let ch = 0; ch < 3; ch++) {
      const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
      data[i + ch] = data[i + ch]! + g * sigma; // a Uint8ClampedArray clamps
    }
  }
  ctx.putImageData(image, 0, 0);
}

/** Draw case `c` into a fresh canvas of its frame size (`withCode: false`: the scene only). */
export function renderCase(c: ScanCase, withCode = true): HTMLCanvasElement {
  const rand = prng(c.sceneSeed);
  const canvas = document.createElement('canvas');
  canvas.width = c.width;
  canvas.height = c.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  drawScene(ctx, c, rand);
  if (!withCode) return canvas;
  const qr = createQr(c.text, { errorCorrectionLevel: 'M' });
  const side = (c.modules + 2 * QUIET) * c.modulePx;
  if (c.corners) {
    // A source of about two pixels per frame pixel: the 2x2 samples then see every module.
    const px = Math.min(16, Math.max(2, Math.round(2 * c.modulePx)));
    warp(ctx, codeImage(qr, px, c.dark, c.light), c.corners);
  } else {
    const src = codeImage(
      qr,
      Math.min(16, Math.max(4, Math.ceil(4 * c.modulePx))),
      c.dark,
      c.light,
    );
    ctx.save();
    ctx.translate(c.cx, c.cy);
    ctx.rotate((c.angle * Math.PI) / 180);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(src, -side / 2, -side / 2, side, side);
    ctx.restore();
  }
  if (c.blur > 0) {
    ctx.filter = `blur(${c.blur.toFixed(2)}px)`;
    ctx.drawImage(canvas, 0, 0);
    ctx.filter = 'none';
  }
  if (c.noise > 0) addNoise(ctx, c.noise, rand);
  return canvas;
}
