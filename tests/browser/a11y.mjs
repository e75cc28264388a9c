// Audits every page of a built site with axe-core (WCAG 2.1 A and AA rules) in Debian's
// Chromium: every page at a desktop viewport (1280 px) and at a phone viewport (375 px).
//
//   node a11y.mjs OUTPUT_DIR
//
// Also checks the contrast of the inline SVG charts' text and data marks (see chartContrast).
// Prints each violation (rule, impact, target, page, viewport), then exactly
// `axe: N pages audited, M violations` (M counts failing elements, each page/rule/element
// once) and exits 1 when M > 0, or when a page fails to load or asks for anything outside
// the site.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { browser, htmlPages, serve } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  // An ordinary phone; every page, not only the index, since tables and charts reflow there.
  { name: 'phone', width: 375, height: 812 },
];

// axe cannot tell the colour behind SVG text, so it leaves chart text as "needs review"; this
// checks the charts itself (WCAG 1.4.3 and 1.4.11): every text against the bar or background
// it sits on (4.5:1, or 3:1 from 24px, 18.66px bold), and every data mark (bars, markers,
// lines of 2px or more) against the chart's white background (3:1). One-pixel grid and axis
// lines are reading aids, not data, and are left out. Runs in the page.
function chartContrast() {
  const rgb = (c) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(c || '');
    return m && (m[4] === undefined || Number(m[4]) > 0) ? [m[1], m[2], m[3]].map(Number) : null;
  };
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const hex = (c) => '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
  const out = [];
  const seen = { charts: 0, texts: 0, marks: 0 };
  document.querySelectorAll('svg.chart').forEach((svg, n) => {
    seen.charts++;
    const name = svg.getAttribute('aria-labelledby')?.split(' ')[0] || `chart ${n + 1}`;
    const shapes = [...svg.querySelectorAll('*')];
    const box = svg.viewBox.baseVal;
    const white = [255, 255, 255];
    shapes.forEach((el, i) => {
      const style = getComputedStyle(el);
      const target = `svg.chart[aria-labelledby^="${name}"] > ${el.tagName}:nth-child(${[...el.parentNode.children].indexOf(el) + 1})`;
      if (el.tagName === 'text') {
        const fg = rgb(style.fill);
        if (!fg || !el.textContent.trim()) return;
        seen.texts++;
        const t = el.getBBox();
        const [cx, cy] = [t.x + t.width / 2, t.y + t.height / 2];
        // The last rectangle painted before the text that covers its centre, else white.
        let bg = white;
        for (const r of shapes.slice(0, i)) {
          if (r.tagName !== 'rect') continue;
          const b = r.getBBox();
          const fill = rgb(getComputedStyle(r).fill);
          if (fill && cx >= b.x && cx <= b.x + b.width && cy >= b.y && cy <= b.y + b.height) bg = fill;
        }
        const size = parseFloat(style.fontSize);
        const bold = parseInt(style.fontWeight, 10) >= 700;
        const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
        const r = ratio(fg, bg);
        if (r < need) {
          out.push({
            rule: 'chart-text-contrast',
            target,
            help: `Chart text must have ${need}:1 contrast`,
            summary: `${r.toFixed(2)}:1, ${hex(fg)} on ${hex(bg)}, "${el.textContent.trim()}"`,
            html: el.outerHTML.slice(0, 157),
          });
        }
        return;
      }
      if (!['rect', 'polygon', 'polyline', 'path', 'line', 'circle'].includes(el.tagName)) return;
      if (el.tagName === 'rect') {
        const b = el.getBBox();
        if (b.width >= box.width && b.height >= box.height) return; // the background
      }
      const isWhite = (c) => c && c[0] === 255 && c[1] === 255 && c[2] === 255;
      const filled = !['line', 'polyline'].includes(el.tagName);
      let fill = filled ? rgb(style.fill) : null;
      let stroke = parseFloat(style.strokeWidth) >= 2 && style.stroke !== 'none' ? rgb(style.stroke) : null;
      if (isWhite(fill)) fill = null;
      if (isWhite(stroke)) stroke = null;
      if (!fill && !stroke) return;
      seen.marks++;
      for (const [what, c] of [['fill', fill], ['stroke', stroke]]) {
        if (!c) continue;
        const r = ratio(c, white);
        if (r < 3) {
          out.push({
            rule: 'chart-graphics-contrast',
            target,
            help: 'Chart marks must have 3:1 contrast against the background',
            summary: `${r.toFixed(2)}:1, ${what} ${hex(c)} on #ffffff`,
            html: el.outerHTML.slice(0, 157),
          });
        }
      }
    });
  });
  return { seen, failures: out };
}

const root = process.argv[2];
if (!root) {
  console.error('usage: node a11y.mjs OUTPUT_DIR');
  process.exit(2);
}
const pages = htmlPages(root);
if (pages.length === 0) {
  console.error(`axe: no .html files under ${root}`);
  process.exit(2);
}

const server = await serve(root);
const violations = new Map(); // page|rule|target -> { ..., viewports: [] }
const incomplete = new Map(); // rule -> count of elements axe could not decide
const loadErrors = [];
let externals = [];
let axeVersion = '';
const chartsSeen = { charts: 0, texts: 0, marks: 0 };

try {
  for (const vp of VIEWPORTS) {
    const b = await browser(server.origin, { width: vp.width, height: vp.height });
    try {
      const page = await b.context.newPage();
      for (const path of pages) {
        const response = await page.goto(`${server.origin}/${path}`, { waitUntil: 'load' });
        if (!response || response.status() !== 200) {
          loadErrors.push(`${path}: HTTP ${response ? response.status() : 'no response'}`);
          continue;
        }
        await page.evaluate(AXE_SOURCE);
        const result = await page.evaluate(
          (tags) =>
            window.axe.run(document, {
              runOnly: { type: 'tag', values: tags },
              resultTypes: ['violations', 'incomplete'],
            }),
          TAGS,
        );
        axeVersion = result.testEngine.version;
        for (const v of result.violations) {
          for (const node of v.nodes) {
            const target = node.target.join(' ');
            const key = `${path}|${v.id}|${target}`;
            const seen = violations.get(key);
            if (seen) {
              seen.viewports.push(vp.name);
              continue;
            }
            violations.set(key, {
              page: path,
              rule: v.id,
              impact: node.impact || v.impact,
              target,
              help: v.help,
              summary: (node.failureSummary || '')
                .split('\n')
                .slice(1)
                .map((l) => l.trim())
                .filter(Boolean)
                .join('; '),
              html: node.html.length > 160 ? node.html.slice(0, 157) + '...' : node.html,
              viewports: [vp.name],
            });
          }
        }
        const charts = await page.evaluate(chartContrast);
        for (const k of Object.keys(chartsSeen)) chartsSeen[k] += charts.seen[k];
        for (const v of charts.failures) {
          const key = `${path}|${v.rule}|${v.target}`;
          const seen = violations.get(key);
          if (seen) seen.viewports.push(vp.name);
          else violations.set(key, { page: path, impact: 'serious', summary: '', viewports: [vp.name], ...v });
        }
        for (const v of result.incomplete) {
          incomplete.set(v.id, (incomplete.get(v.id) || 0) + v.nodes.length);
        }
      }
      externals = externals.concat(b.external);
    } finally {
      await b.close();
    }
  }
} finally {
  await server.close();
}

for (const v of violations.values()) {
  console.log(`${v.rule} [${v.impact}] ${v.page} (${v.viewports.join(', ')})`);
  console.log(`  target: ${v.target}`);
  console.log(`  ${v.help}${v.summary ? ': ' + v.summary : ''}`);
  console.log(`  html: ${v.html}`);
}
for (const e of loadErrors) console.log(`load error: ${e}`);
for (const url of new Set(externals)) console.log(`request outside the site (blocked): ${url}`);
if (incomplete.size > 0) {
  // Not failures: elements axe cannot judge automatically. Here: SVG chart text (checked by
  // the chart check instead), cells of row-spanning columns, and symbol-only text (◎ ○ △).
  const list = [...incomplete].map(([rule, n]) => `${rule} ×${n}`).join(', ');
  console.log(`axe: needs review (not counted): ${list}`);
}
console.log(
  `axe ${axeVersion}, rules tagged ${TAGS.join(' ')}, viewports ${VIEWPORTS.map((v) => v.width + 'px').join(' and ')}`,
);
console.log(
  `charts: ${chartsSeen.charts} chart views checked (${chartsSeen.texts} texts, ${chartsSeen.marks} marks)`,
);
console.log(`axe: ${pages.length} pages audited, ${violations.size} violations`);
process.exit(violations.size > 0 || loadErrors.length > 0 || externals.length > 0 ? 1 : 0);
