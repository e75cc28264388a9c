// Screenshots of the built site for a person to look at (not run by CI):
//
//   node screenshots.mjs OUTPUT_DIR DEST_DIR [PAGE...]
//
// Writes, for each PAGE (default: index.html, the first unit page and the first KPI page), DEST/<name>-1280.png and
// DEST/<name>-375.png (full page), and DEST/index-print.pdf, the index as Chromium prints it
// (A4 landscape from the stylesheet's @page). `pdftoppm -png -r 80 index-print.pdf page` turns
// the PDF into pictures.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { browser, htmlPages, serve } from './lib.mjs';

const [root, dest, ...wanted] = process.argv.slice(2);
if (!root || !dest) {
  console.error('usage: node screenshots.mjs OUTPUT_DIR DEST_DIR [PAGE...]');
  process.exit(2);
}
mkdirSync(dest, { recursive: true });
const all = htmlPages(root);
const pages = wanted.length > 0
  ? wanted
  : ['index.html', all.find((p) => p.startsWith('units/')), all.find((p) => p.startsWith('indicators/'))].filter(Boolean);
const server = await serve(root);
try {
  for (const width of [1280, 375]) {
    const b = await browser(server.origin, { width, height: 900 });
    try {
      const page = await b.context.newPage();
      for (const path of pages) {
        await page.goto(`${server.origin}/${path}`, { waitUntil: 'load' });
        const file = join(dest, `${path.replace(/\.html$/, '').replace(/\//g, '-')}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        console.log(`${file}${overflow > 0 ? ` (page scrolls sideways by ${overflow}px)` : ''}`);
      }
      if (width === 1280) {
        await page.goto(`${server.origin}/index.html`, { waitUntil: 'load' });
        const pdf = join(dest, 'index-print.pdf');
        await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
        console.log(pdf);
      }
    } finally {
      await b.close();
    }
  }
} finally {
  await server.close();
}
