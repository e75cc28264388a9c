// Layout checks of a built site in Debian's Chromium, for the two ways a report is read
// besides a desktop screen:
//
//   node layout.mjs OUTPUT_DIR
//
// - Phone (375 px): on every page with an overview table, each figure cell, once scrolled into
//   view, is visible (not covered by the sticky columns) together with its KPI's No. and its
//   row's label (目標, 実績, …), so no figure is read without its row.
// - Phone: the text of every chart on the KPI pages is at least 12 CSS px.
// - Print: Chromium's PDF of those pages (A4 landscape from the stylesheet) holds at least 10
//   KPI rows on every page that is all table (every page but the first and the last), counted
//   by the links to KPI pages that pdfinfo -url lists per page (Debian's poppler-utils); and
//   every unit policy page prints on one A4 page.
// Exit 1 on any failure, naming the page and the cell.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browser, htmlPages, serve } from './lib.mjs';

const MIN_ROWS_PER_PAGE = 10;
const MIN_CHART_TEXT_PX = 12;
let chartPages = 0;
const [root] = process.argv.slice(2);
if (!root) {
  console.error('usage: node layout.mjs OUTPUT_DIR');
  process.exit(2);
}
const pages = htmlPages(root).filter((p) => readFileSync(join(root, p), 'utf8').includes('class="overview-table"'));
const failures = [];
const server = await serve(root);
const scratch = mkdtempSync(join(tmpdir(), 'shinchoku-layout-'));
try {
  const phone = await browser(server.origin, { width: 375, height: 740 });
  try {
    const page = await phone.context.newPage();
    for (const path of pages) {
      await page.goto(`${server.origin}/${path}`, { waitUntil: 'load' });
      const problems = await page.evaluate(() => {
        // Whether the cell's text is in view and on top at both of its ends (not under a
        // sticky cell); an empty cell counts by its own box.
        const visibleAt = (cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const text = range.getBoundingClientRect();
          const r = text.width > 0 ? text : cell.getBoundingClientRect();
          const y = r.top + r.height / 2;
          return [r.left + 1, r.right - 1].every((x) => {
            if (x < 0 || x > innerWidth || y < 0 || y > innerHeight) return false;
            const hit = document.elementFromPoint(x, y);
            return hit !== null && (hit === cell || cell.contains(hit));
          });
        };
        const out = [];
        for (const tbody of document.querySelectorAll('.overview-table tbody.kpi-row')) {
          const no = tbody.querySelector('th.kpi-no');
          for (const tr of tbody.rows) {
            const label = tr.querySelector('th[scope="row"]');
            for (const cell of tr.querySelectorAll('td.num, td:has(.status)')) {
              if (cell.textContent.trim() === '') continue; // nothing to read
              cell.scrollIntoView({ block: 'center', inline: 'start' });
              const where = `KPI ${no.textContent.trim()}, ${label.textContent.trim()}, column ${cell.cellIndex}`;
              if (!visibleAt(cell)) out.push(`${where}: figure hidden`);
              if (!visibleAt(label)) out.push(`${where}: row label not in view beside it`);
              if (!visibleAt(no)) out.push(`${where}: KPI No. not in view beside it`);
              const text = cell.getBoundingClientRect();
              if (text.right > innerWidth + 1) out.push(`${where}: wider than the screen`);
            }
          }
        }
        return out;
      });
      for (const p of problems.slice(0, 5)) failures.push(`375px ${path}: ${p}`);
      if (problems.length > 5) failures.push(`375px ${path}: … and ${problems.length - 5} more`);
      console.log(`375px ${path}: ${problems.length === 0 ? 'every figure visible in its row' : `${problems.length} problems`}`);
    }
    // Chart text at 375 px: the SVG's font sizes scaled to the width it is shown at.
    for (const path of htmlPages(root).filter((p) => p.startsWith('indicators/'))) {
      await page.goto(`${server.origin}/${path}`, { waitUntil: 'load' });
      const smallest = await page.evaluate(() => {
        let min = Infinity;
        for (const svg of document.querySelectorAll('svg.chart')) {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          for (const t of svg.querySelectorAll('text')) {
            min = Math.min(min, parseFloat(getComputedStyle(t).fontSize) * scale);
          }
        }
        return min;
      });
      if (smallest < MIN_CHART_TEXT_PX) failures.push(`375px ${path}: chart text ${smallest.toFixed(1)}px, under ${MIN_CHART_TEXT_PX}px`);
      else chartPages += 1;
    }
    console.log(`375px: chart text at least ${MIN_CHART_TEXT_PX}px on ${chartPages} KPI pages`);
  } finally {
    await phone.close();
  }

  const desk = await browser(server.origin, { width: 1280, height: 900 });
  try {
    const page = await desk.context.newPage();
    for (const path of pages) {
      await page.goto(`${server.origin}/${path}`, { waitUntil: 'load' });
      // Each KPI row links to its KPI page from its No.; the PDF keeps links as annotations,
      // which pdfinfo lists with their page. A row is counted on the page its link is on.
      const hrefs = await page.$$eval('.overview-table tbody.kpi-row th.kpi-no a', (links) => links.map((a) => a.href));
      const pdf = join(scratch, 'page.pdf');
      writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
      const listing = execFileSync('pdfinfo', ['-url', pdf], { encoding: 'utf8' });
      const rowsOnPage = new Map();
      for (const line of listing.split('\n').slice(1)) {
        const [pageNo, , url] = line.trim().split(/\s+/);
        if (!hrefs.includes(url)) continue;
        if (!rowsOnPage.has(pageNo)) rowsOnPage.set(pageNo, new Set());
        rowsOnPage.get(pageNo).add(url);
      }
      const perPage = [...rowsOnPage.keys()].sort((a, b) => a - b).map((k) => rowsOnPage.get(k).size);
      const total = new Set(hrefs).size;
      const full = perPage.slice(1, -1);
      const thin = full.filter((n) => n < MIN_ROWS_PER_PAGE);
      if (thin.length > 0) failures.push(`print ${path}: KPI rows per page ${perPage.join(', ')} (under ${MIN_ROWS_PER_PAGE} on a page of table)`);
      if (perPage.reduce((a, b) => a + b, 0) !== total) failures.push(`print ${path}: counted ${perPage.join('+')} KPI rows in the PDF, the page has ${total}`);
      console.log(`print ${path}: ${perPage.length} A4 pages, KPI rows per page ${perPage.join(', ')}`);
    }
    // Each unit policy page prints on one A4 sheet.
    let unitPages = 0;
    for (const path of htmlPages(root).filter((p) => p.startsWith('units/'))) {
      await page.goto(`${server.origin}/${path}`, { waitUntil: 'load' });
      const pdf = join(scratch, 'unit.pdf');
      writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      const sheets = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
      if (sheets !== 1) failures.push(`print ${path}: ${sheets} A4 pages, not one`);
      else unitPages += 1;
    }
    console.log(`print: ${unitPages} unit policy pages on one A4 page each`);
  } finally {
    await desk.close();
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
  await server.close();
}
for (const f of failures) console.error(`FAIL ${f}`);
console.log(`layout: ${pages.length} pages with an overview table, ${failures.length} failures`);
process.exit(failures.length > 0 ? 1 : 0);
