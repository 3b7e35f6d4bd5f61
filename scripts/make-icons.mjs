// Draws the app and tray icons (a hub: one node with spokes to six others) and writes them as PNG,
// ICO and ICNS files, with nothing but node:zlib. The outputs are committed; rerun after changing
// the drawing. `--check` writes nothing and fails if a committed file differs from what it draws.
//
//   build/icon.png (1024), build/icons/NxN.png (Linux), build/icon.ico, build/icon.icns
//   resources/icon.png          the window icon on Linux and Windows
//   resources/tray/tray-<state>-<theme>.png (+ @2x)   Windows and Linux; <theme> is the system
//                                theme the icon is for: a dark glyph on light, a light one on dark
//   resources/tray/tray<State>Template.png (+ @2x)    macOS, which recolours template images itself
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

// ---- geometry: signed distances in units of the icon's width (0..1) ----

const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const ring = (cx, cy, r, halfWidth) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - halfWidth;

function capsule(ax, ay, bx, by, r) {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  return (x, y) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / lengthSquared));
    return Math.hypot(x - ax - t * dx, y - ay - t * dy) - r;
  };
}

function roundedSquare(inset, radius) {
  const half = 0.5 - inset - radius;
  return (x, y) => {
    const qx = Math.abs(x - 0.5) - half;
    const qy = Math.abs(y - 0.5) - half;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
  };
}

const union = (...shapes) => (x, y) => Math.min(...shapes.map((shape) => shape(x, y)));

/**
 * The hub glyph centred at (cx, cy) with outer radius `size`. Small icons get thicker strokes and
 * bigger nodes, so the spokes survive at 16 px.
 */
function hubGlyph(cx, cy, size, bold) {
  const [centre, orbit, node, spoke] = bold ? [0.3, 0.74, 0.24, 0.09] : [0.26, 0.72, 0.16, 0.05];
  const shapes = [circle(cx, cy, centre * size)];
  for (let i = 0; i < 6; i++) {
    const angle = -Math.PI / 2 + (i * Math.PI) / 3;
    const nx = cx + Math.cos(angle) * orbit * size;
    const ny = cy + Math.sin(angle) * orbit * size;
    shapes.push(circle(nx, ny, node * size), capsule(cx, cy, nx, ny, spoke * size));
  }
  return union(...shapes);
}

// ---- raster: premultiplied RGBA floats, anti-aliased by distance ----

function canvas(size) {
  return { size, pixels: new Float64Array(size * size * 4) };
}

/** Paints `shape` with `colour` ([r, g, b, a] 0..1, or a function of y for a gradient); `erase` cuts instead. */
function paint(target, shape, colour, { erase = false } = {}) {
  const { size, pixels } = target;
  for (let py = 0; py < size; py++) {
    const y = (py + 0.5) / size;
    const [r, g, b, a] = typeof colour === 'function' ? colour(y) : (colour ?? [0, 0, 0, 1]);
    for (let px = 0; px < size; px++) {
      const coverage = Math.max(0, Math.min(1, 0.5 - shape((px + 0.5) / size, y) * size));
      if (coverage === 0) continue;
      const i = (py * size + px) * 4;
      if (erase) {
        for (let c = 0; c < 4; c++) pixels[i + c] *= 1 - coverage;
        continue;
      }
      const alpha = a * coverage;
      pixels[i] = r * alpha + pixels[i] * (1 - alpha);
      pixels[i + 1] = g * alpha + pixels[i + 1] * (1 - alpha);
      pixels[i + 2] = b * alpha + pixels[i + 2] * (1 - alpha);
      pixels[i + 3] = alpha + pixels[i + 3] * (1 - alpha);
    }
  }
  return target;
}

const rgb = (hex, alpha = 1) => [parseInt(hex.slice(1, 3), 16) / 255, parseInt(hex.slice(3, 5), 16) / 255, parseInt(hex.slice(5, 7), 16) / 255, alpha];
const mix = (a, b, t) => a.map((value, i) => value + (b[i] - value) * t);

// ---- encoders ----

function chunk(type, data) {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), data])), 0);
  return Buffer.concat([header, data, crc]);
}

function png({ size, pixels }) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    // Filter type 0 (none) on every row.
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const alpha = pixels[i + 3];
      const o = y * (size * 4 + 1) + 1 + x * 4;
      // PNG stores straight (not premultiplied) colour.
      for (let c = 0; c < 3; c++) raw[o + c] = alpha === 0 ? 0 : Math.round(Math.min(1, pixels[i + c] / alpha) * 255);
      raw[o + 3] = Math.round(alpha * 255);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter variants, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Windows .ico holding PNG images (Vista and later read them). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const entry = 6 + 16 * i;
    header[entry] = size >= 256 ? 0 : size;
    header[entry + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(data.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map(({ data }) => data)]);
}

/** macOS .icns holding PNG images, keyed by Apple's type codes. */
function icns(entries) {
  const parts = entries.map(([type, data]) => {
    const header = Buffer.alloc(8);
    header.write(type, 0, 'ascii');
    header.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([header, data]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'ascii');
  header.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([header, ...parts]);
}

// ---- the icons ----

const TOP = rgb('#6366f1');
const BOTTOM = rgb('#4338ca');

function appIcon(size) {
  const bold = size <= 48;
  const image = canvas(size);
  // Apple's grid: the body is 824 of 1024 with rounded corners. Tiny sizes (lists, title bars) use
  // the whole square, or the glyph would be a blur.
  const inset = size <= 32 ? 0.02 : 0.0977;
  paint(image, roundedSquare(inset, 0.18 - inset / 2), (y) => mix(TOP, BOTTOM, y));
  return paint(image, hubGlyph(0.5, 0.5, size <= 32 ? 0.4 : bold ? 0.33 : 0.3, bold), rgb('#ffffff'));
}

const BADGE = { x: 0.8, y: 0.8, r: 0.2, gap: 0.08 };
const BADGE_COLOURS = { failing: rgb('#e5484d'), login: rgb('#f5a524') };

function trayIcon(size, state, glyphColour, template) {
  const image = paint(canvas(size), hubGlyph(0.5, 0.5, 0.48, true), glyphColour);
  if (state === 'ok') return image;
  paint(image, circle(BADGE.x, BADGE.y, BADGE.r + BADGE.gap), null, { erase: true });
  // A template image has one colour, so there the two states differ by shape: a dot or a ring.
  const shape = template && state === 'login' ? ring(BADGE.x, BADGE.y, BADGE.r - 0.05, 0.05) : circle(BADGE.x, BADGE.y, BADGE.r);
  return paint(image, shape, template ? glyphColour : BADGE_COLOURS[state]);
}

export function drawAll() {
  const files = new Map();
  const pngs = new Map([16, 24, 32, 48, 64, 128, 256, 512, 1024].map((size) => [size, png(appIcon(size))]));
  files.set('build/icon.png', pngs.get(1024));
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) files.set(`build/icons/${size}x${size}.png`, pngs.get(size));
  files.set('build/icon.ico', ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: pngs.get(size) }))));
  files.set(
    'build/icon.icns',
    icns([
      ['icp4', pngs.get(16)],
      ['icp5', pngs.get(32)],
      ['icp6', pngs.get(64)],
      ['ic07', pngs.get(128)],
      ['ic08', pngs.get(256)],
      ['ic09', pngs.get(512)],
      ['ic10', pngs.get(1024)],
      ['ic11', pngs.get(32)],
      ['ic12', pngs.get(64)],
      ['ic13', pngs.get(256)],
      ['ic14', pngs.get(512)],
    ]),
  );
  files.set('resources/icon.png', pngs.get(256));

  const themes = { light: rgb('#1f1f1f'), dark: rgb('#ffffff') };
  for (const state of ['ok', 'failing', 'login']) {
    for (const [theme, colour] of Object.entries(themes)) {
      files.set(`resources/tray/tray-${state}-${theme}.png`, png(trayIcon(16, state, colour, false)));
      files.set(`resources/tray/tray-${state}-${theme}@2x.png`, png(trayIcon(32, state, colour, false)));
    }
    const name = `tray${state[0].toUpperCase()}${state.slice(1)}Template`;
    files.set(`resources/tray/${name}.png`, png(trayIcon(16, state, rgb('#000000'), true)));
    files.set(`resources/tray/${name}@2x.png`, png(trayIcon(32, state, rgb('#000000'), true)));
  }
  return files;
}

const check = process.argv.includes('--check');
const stale = [];
for (const [path, data] of drawAll()) {
  const file = join(ROOT, path);
  if (check) {
    let current;
    try {
      current = readFileSync(file);
    } catch {
      current = undefined;
    }
    if (!current?.equals(data)) stale.push(path);
    continue;
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, data);
}
if (stale.length > 0) {
  process.stderr.write(`make-icons: these files differ from what scripts/make-icons.mjs draws; run it:\n  ${stale.join('\n  ')}\n`);
  process.exit(1);
}
