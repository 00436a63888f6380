// Renders web/public/icons/icon.svg to the PNG sizes the manifest names, in headless Chromium.
// Run by hand after changing the SVG: `vite-node web/scripts/render-icons.ts`; the PNGs are committed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser } from '../../test/helpers/browser.js';

const dir = 'web/public/icons';
const svg = await readFile(path.join(dir, 'icon.svg'), 'utf8');
// the browser tests' Chromium (found where users have it) with a fresh profile
const { context: ctx } = await launchBrowser();
const page = await ctx.newPage();
for (const [file, size, padding] of [
  ['icon-192.png', 192, 0],
  ['icon-512.png', 512, 0],
  // maskable: the safe zone is the inner 80 %, so the artwork shrinks onto a full-bleed background
  ['icon-maskable-512.png', 512, 0.12],
] as const) {
  await page.setViewportSize({ width: size, height: size });
  const inner = Math.round(size * (1 - 2 * padding));
  const bg = padding ? '#1f3a5f' : 'transparent';
  await page.setContent(
    `<html><body style="margin:0;background:${bg};display:grid;place-items:center;width:${size}px;height:${size}px">` +
      `<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`,
  );
  await page.screenshot({ path: path.join(dir, file), omitBackground: !padding });
  console.log(`wrote ${file}`);
}
await ctx.close();
