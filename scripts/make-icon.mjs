// Draws the extension icon (media/icon.png, 128x128 RGBA): a blue shield holding three connected
// network nodes. Written by hand with node's zlib so that the icon can be rebuilt without any
// image tool or download: `node scripts/make-icon.mjs`.
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4; // 4x4 samples per pixel for smooth edges

/** Half-width of the shield at height y (0 top, 1 bottom), in units of half the icon; 0 outside. */
function shieldHalfWidth(y) {
  if (y < 0.06 || y > 0.96) return 0;
  if (y < 0.56) return 0.84 - 0.06 * Math.max(0, (0.2 - y) / 0.14);
  const t = (y - 0.56) / 0.4;
  return 0.84 * (1 - t * t);
}

const NODES = [
  [0, 0.3],
  [-0.36, 0.62],
  [0.36, 0.62],
];
const EDGES = [
  [0, 1],
  [0, 2],
  [1, 2],
];

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The colour at a point (x in -1..1, y in 0..1), or undefined for transparent. */
function colour(x, y) {
  const w = shieldHalfWidth(y);
  if (Math.abs(x) > w) return undefined;
  // the y axis spans half as much as x, so scale it to make circles round
  const near = (n) => Math.hypot(x - n[0], (y - n[1]) * 2) < 0.17;
  const onEdge = EDGES.some(([a, b]) => distanceToSegment(x, y * 2, [NODES[a][0], NODES[a][1] * 2], [NODES[b][0], NODES[b][1] * 2]) < 0.045);
  if (NODES.some(near) || onEdge) return [255, 255, 255];
  const inner = shieldHalfWidth(y - 0.035) - 0.07;
  if (Math.abs(x) > inner || y < 0.1 || shieldHalfWidth(y + 0.045) === 0) return [29, 64, 150]; // border
  return [50, 108, 229]; // Kubernetes blue
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  const row = py * (SIZE * 4 + 1);
  raw[row] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let covered = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const x = ((px + (sx + 0.5) / SAMPLES) / SIZE) * 2 - 1;
        const y = (py + (sy + 0.5) / SAMPLES) / SIZE;
        const c = colour(x, y);
        if (!c) continue;
        r += c[0];
        g += c[1];
        b += c[2];
        covered++;
      }
    }
    const o = row + 1 + px * 4;
    if (covered > 0) {
      raw[o] = Math.round(r / covered);
      raw[o + 1] = Math.round(g / covered);
      raw[o + 2] = Math.round(b / covered);
    }
    raw[o + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
  }
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
console.log(`media/icon.png: ${png.length} bytes`);
