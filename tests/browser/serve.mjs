// `shinchoku serve` in a real browser: an edit reloads the open page by itself, a page the edit
// does not touch stays as it is, a broken save shows the error over the page (from the event
// stream, without a reload), and the next good save clears it. No console errors throughout.
//
//   node serve.mjs SHINCHOKU_BINARY PROJECT_DIR      (PROJECT_DIR is edited: pass a copy)

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { browser } from './lib.mjs';

const [bin, project] = process.argv.slice(2);
const server = spawn(bin, ['serve', project, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
// serve reports the deliberately broken save on stderr: shown only if something fails.
let serveErrors = '';
server.stderr.on('data', (d) => { serveErrors += d; });
const origin = await new Promise((ok, fail) => {
  const lines = createInterface({ input: server.stdout });
  lines.on('line', (line) => {
    const m = line.match(/http:\/\/127\.0\.0\.1:\d+/);
    if (m) ok(m[0]);
  });
  server.on('exit', (code) => fail(new Error(`serve exited with ${code}`)));
});

const unitFile = join(project, 'content/units/I-1-1-1.yaml');
const original = readFileSync(unitFile, 'utf8');
const edit = (text) => writeFileSync(unitFile, text);
const problems = [];
const b = await browser(origin, { width: 1280, height: 900 });
try {
  const page = await b.context.newPage();
  const other = await b.context.newPage();
  for (const p of [page, other]) {
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    p.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  }
  await page.goto(`${origin}/units/i-1-1-1.html`);
  await other.goto(`${origin}/units/iii-2-3-1.html`);
  // Marks that survive only as long as the page is not reloaded.
  await page.evaluate(() => { window.__notReloaded = true; });
  await other.evaluate(() => { window.__notReloaded = true; });
  await page.waitForTimeout(300); // the event stream connects

  edit(original.replace('name: 事業者の経営課題解決と経営基盤の安定', 'name: 事業者の経営課題の解決（編集後）'));
  await page.waitForFunction(() => document.querySelector('h1').textContent.includes('（編集後）'), null, { timeout: 10000 });
  if (await page.evaluate(() => window.__notReloaded)) problems.push('the edited page changed without a reload?');
  if (!(await other.evaluate(() => window.__notReloaded === true))) problems.push('a page the edit does not touch was reloaded');

  await page.evaluate(() => { window.__notReloaded = true; });
  edit('id: I-1-(1)-①\nname: [壊れた\n');
  const box = await page.waitForSelector('#shinchoku-error', { state: 'visible', timeout: 10000 });
  const text = await box.textContent();
  if (!text.includes('content/units/I-1-1-1.yaml:')) problems.push(`overlay without the file and line: ${text}`);
  if (!(await page.evaluate(() => window.__notReloaded === true))) problems.push('a broken save reloaded the page');
  if (!(await page.textContent('h1')).includes('（編集後）')) problems.push('the last good page is not shown under the overlay');

  edit(original);
  await page.waitForFunction(
    () => !document.getElementById('shinchoku-error') && document.querySelector('h1').textContent.includes('経営基盤の安定'),
    null,
    { timeout: 10000 },
  );
} catch (e) {
  problems.push(String(e));
} finally {
  await b.close();
  server.kill();
  edit(original);
}
for (const p of problems) console.log(`serve: ${p}`);
if (problems.length) console.log(`serve's own messages:\n${serveErrors}`);
console.log(`serve: live reload, untouched pages, error overlay and recovery in Chromium: ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
