// Draws the app's icons into resources/ (committed; run again after changing a shape):
//   node scripts/make-icons.mjs
// Tray icons per fleet state, for light and dark panels (16 px + @2x for Windows, 32 px + @2x
// for Linux), macOS template images (black + alpha, tinted by the system), a 512 px PNG and a
// multi-size ICO for the installers. Shapes are simple and differ per state, so the state reads
// without colour too. Pure Node: PNGs are written with node:zlib; the ICO embeds PNGs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'resources');

// ---- PNG

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method, no interlace
  const rows = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function encodeIco(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header[entry] = size >= 256 ? 0 : size; // 0 means 256
    header[entry + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, entry + 4); // planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

// ---- shapes in a unit square (x right, y down); a layer paints or erases where `inside`

const disc = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r, width) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= r && d >= r - width;
};
const both = (a, b) => (x, y) => a(x, y) && b(x, y);
const either =
  (...shapes) =>
  (x, y) =>
    shapes.some((shape) => shape(x, y));
const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
};
const segment = (ax, ay, bx, by, width) => (x, y) => {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(x - (ax + t * vx), y - (ay + t * vy)) <= width / 2;
};
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const side = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = side(ax, ay, bx, by);
  const d2 = side(bx, by, cx, cy);
  const d3 = side(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
/** The shape grown by `by` (for outlines), sampled on a small circle around the point. */
const grown = (shape, by) => (x, y) =>
  shape(x, y) ||
  Array.from({ length: 12 }, (_, k) => (k * Math.PI) / 6).some((a) =>
    shape(x + by * Math.cos(a), y + by * Math.sin(a)),
  );

function render(size, layers) {
  const rgba = Buffer.alloc(size * size * 4);
  const samples = size >= 256 ? 3 : 5;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const layer of layers) {
        let hits = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            if (layer.inside((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits++;
          }
        }
        const coverage = hits / (samples * samples);
        if (coverage === 0) continue;
        if (layer.erase) {
          a *= 1 - coverage;
          continue;
        }
        const [lr, lg, lb, la = 1] = layer.color;
        const src = la * coverage;
        const outA = src + a * (1 - src);
        if (outA > 0) {
          r = (lr * src + r * a * (1 - src)) / outA;
          g = (lg * src + g * a * (1 - src)) / outA;
          b = (lb * src + b * a * (1 - src)) / outA;
        }
        a = outA;
      }
      const i = (py * size + px) * 4;
      rgba[i] = Math.round(r);
      rgba[i + 1] = Math.round(g);
      rgba[i + 2] = Math.round(b);
      rgba[i + 3] = Math.round(a * 255);
    }
  }
  return rgba;
}

// ---- the glyphs per state: shapes and the parts to cut out

const bars = either(roundedRect(0.26, 0.18, 0.42, 0.82, 0.05), roundedRect(0.58, 0.18, 0.74, 0.82, 0.05));
const GLYPHS = {
  ok: { shape: disc(0.5, 0.5, 0.4) },
  checking: { shape: ring(0.5, 0.5, 0.4, 0.14), neutral: true },
  'some-down': {
    shape: triangle(0.5, 0.08, 0.96, 0.9, 0.04, 0.9),
    cut: either(roundedRect(0.44, 0.34, 0.56, 0.64, 0.04), disc(0.5, 0.76, 0.065)),
  },
  'best-busy': {
    shape: either(
      ring(0.5, 0.5, 0.4, 0.12),
      both(disc(0.5, 0.5, 0.4), (x) => x <= 0.5),
    ),
  },
  'all-down': {
    shape: disc(0.5, 0.5, 0.42),
    cut: either(segment(0.33, 0.33, 0.67, 0.67, 0.12), segment(0.67, 0.33, 0.33, 0.67, 0.12)),
  },
  paused: { shape: bars, neutral: true },
};

const rgb = (hex, alpha = 1) => [
  Number.parseInt(hex.slice(1, 3), 16),
  Number.parseInt(hex.slice(3, 5), 16),
  Number.parseInt(hex.slice(5, 7), 16),
  alpha,
];

const COLOURS = {
  light: {
    ok: rgb('#1a7f37'),
    'some-down': rgb('#bf8700'),
    'best-busy': rgb('#d4700a'),
    'all-down': rgb('#cf222e'),
    neutral: rgb('#57606a'),
    outline: rgb('#ffffff', 0.85),
  },
  dark: {
    ok: rgb('#3fb950'),
    'some-down': rgb('#d29922'),
    'best-busy': rgb('#f0883e'),
    'all-down': rgb('#f85149'),
    neutral: rgb('#c9d1d9'),
    outline: rgb('#0d1117', 0.7),
  },
};

function trayLayers(state, theme, size) {
  const glyph = GLYPHS[state];
  const colours = COLOURS[theme];
  const colour = glyph.neutral ? colours.neutral : colours[state];
  const layers = [
    // A thin halo in the panel's own tone keeps the glyph's edge clear whatever lies behind it.
    { inside: grown(glyph.shape, 1 / size), color: colours.outline },
    { inside: glyph.shape, color: colour },
  ];
  if (glyph.cut) layers.push({ inside: glyph.cut, erase: true });
  return layers;
}

function templateLayers(state) {
  const glyph = GLYPHS[state];
  const layers = [{ inside: glyph.shape, color: [0, 0, 0, 1] }];
  if (glyph.cut) layers.push({ inside: glyph.cut, erase: true });
  return layers;
}

function appIconLayers() {
  return [
    { inside: roundedRect(0.04, 0.04, 0.96, 0.96, 0.2), color: rgb('#1b2430') },
    { inside: ring(0.5, 0.5, 0.36, 0.05), color: rgb('#3fb950', 0.45) },
    { inside: ring(0.5, 0.5, 0.27, 0.05), color: rgb('#3fb950', 0.7) },
    { inside: disc(0.5, 0.5, 0.17), color: rgb('#3fb950') },
  ];
}

// ---- files

function write(relative, data) {
  const file = path.join(out, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
}

const png = (size, layers) => encodePng(size, render(size, layers));

for (const state of Object.keys(GLYPHS)) {
  for (const theme of ['light', 'dark']) {
    for (const [suffix, size] of [
      ['', 16],
      ['@2x', 32],
      ['-32', 32],
      ['-32@2x', 64],
    ]) {
      write(`tray/${state}-${theme}${suffix}.png`, png(size, trayLayers(state, theme, size)));
    }
  }
  write(`tray/${state}Template.png`, png(16, templateLayers(state)));
  write(`tray/${state}Template@2x.png`, png(32, templateLayers(state)));
}

write('icon.png', png(512, appIconLayers()));
write(
  'icon.ico',
  encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: png(size, appIconLayers()) }))),
);
console.log(`icons written to ${path.relative(process.cwd(), out) || '.'}`);
