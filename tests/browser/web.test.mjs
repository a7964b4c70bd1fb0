// The web export (`leskit build --target html`): the folder leskit writes, opened straight from
// disk (file://) in headless Chromium, with no LMS and no server. The whole module is taken over
// two visits, and a course's start page leads to its modules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildProject, unzip, REPO_ROOT, leskitBinary } from './lib/leskit.mjs';
import { launchBrowser, WAIT } from './lib/session.mjs';
import { answer, goToPage, moduleData, noticeText, passCover, questionView, resultText, shownPage } from './lib/learner.mjs';
import { spawnSync } from 'node:child_process';

const TEST_TIMEOUT = 300_000; // hang guard
const QUIZ = 'voorbeeld-quiz';
const QUIZ_PAGE = 2;
const RIGHT = { 'welke-signalen': ['a', 'b'], 'alleen-signaal': 'false', 'wat-doe-je': 'b', gesprek: ['thuis', 'advies'] };

let browser;
let scratch;
let out;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-web-'));
  out = path.join(scratch, 'out');
  fs.mkdirSync(out);
  buildProject('examples/minimal', ['html'], out);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** Every file under `dir`, relative, sorted. */
function files(dir) {
  const found = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else found.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

/** Opens a file of the export from disk; records errors and every request. */
async function open(context, file) {
  const seen = { pageErrors: [], consoleErrors: [], requests: [] };
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT.timeout);
  page.on('pageerror', (e) => seen.pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') seen.consoleErrors.push(m.text()); });
  page.on('request', (r) => seen.requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  return Object.assign(seen, { page });
}

async function openModule(context, dir) {
  const s = await open(context, path.join(dir, 'index.html'));
  await passCover(s.page);
  return s;
}

test('the folder and the zip hold the same files, with no manifest', () => {
  const dir = path.join(out, 'voorbeeld-1.0.0-html');
  assert.ok(fs.existsSync(path.join(out, 'voorbeeld-1.0.0-html.zip')));
  const inFolder = files(dir);
  const unzipped = unzip(path.join(out, 'voorbeeld-1.0.0-html.zip'), path.join(scratch, 'unzipped'));
  assert.deepEqual(files(unzipped), inFolder);
  for (const f of inFolder) {
    assert.ok(fs.readFileSync(path.join(dir, f)).equals(fs.readFileSync(path.join(unzipped, f))), f);
  }
  assert.ok(inFolder.includes('index.html') && inFolder.includes('leskit/leskit.js'), inFolder.join(', '));
  assert.ok(!inFolder.some((f) => f === 'imsmanifest.xml' || f === 'cmi5.xml' || f.endsWith('.xsd')), inFolder.join(', '));
  assert.ok(!inFolder.includes('leskit/cmi5.js'));
  // Classic scripts and inline data only: ES modules and fetch() fail from file://.
  const page = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  assert.ok(!/type="module"/.test(page));
  assert.match(page, /<script id="lk-data" type="application\/json">/);
});

test('from file://: the whole module is taken over two visits, resumed in between, with nothing fetched from elsewhere', { timeout: TEST_TIMEOUT }, async () => {
  const dir = path.join(out, 'voorbeeld-1.0.0-html');
  const context = await browser.newContext();
  try {
    const first = await openModule(context, dir);
    const S = (await moduleData(first.page)).strings;
    const notice = await noticeText(first.page);
    assert.ok(notice && notice.includes(S.web_progress), `the web notice: ${notice}`);
    assert.ok(!notice.includes(S.no_lms), 'no "no LMS found" warning in the web export');
    await goToPage(first.page, QUIZ_PAGE);
    await answer(first.page, QUIZ, 'welke-signalen', RIGHT['welke-signalen']);
    await answer(first.page, QUIZ, 'gesprek', ['thuis']);
    // Progress is kept under a key of the module's id and version.
    const keys = await first.page.evaluate(() => Object.keys(localStorage));
    assert.deepEqual(keys, ['leskit:voorbeeld:1.0.0']);
    await first.page.close({ runBeforeUnload: true });

    const second = await openModule(context, dir);
    assert.equal(await shownPage(second.page), QUIZ_PAGE, 'resumes on the page the learner left');
    assert.deepEqual((await questionView(second.page, QUIZ, 'welke-signalen')).checked, ['a', 'b']);
    assert.deepEqual((await questionView(second.page, QUIZ, 'gesprek')).enabled, ['advies', 'wachten']);
    await answer(second.page, QUIZ, 'gesprek', ['advies']);
    await answer(second.page, QUIZ, 'alleen-signaal', RIGHT['alleen-signaal']);
    await answer(second.page, QUIZ, 'wat-doe-je', RIGHT['wat-doe-je']);
    const result = await resultText(second.page);
    assert.ok(result && result.includes(S.passed) && result.includes('100'), result);

    for (const s of [first, second]) {
      assert.deepEqual(s.pageErrors, [], 'uncaught errors');
      assert.deepEqual(s.consoleErrors, [], 'console errors (a blocked script or style shows here)');
      assert.deepEqual(s.requests.filter((u) => !u.startsWith('file://')), [], 'requests off the disk');
    }
    // Every request was for a file of the export.
    const wanted = new Set(first.requests.concat(second.requests).map((u) => decodeURIComponent(new URL(u).pathname)));
    for (const p of wanted) assert.ok(fs.existsSync(p), `${p} is requested but not in the export`);
  } finally {
    await context.close();
  }
});

test('a course exported for the web starts on a page that links to every module', { timeout: TEST_TIMEOUT }, async () => {
  const courseOut = path.join(scratch, 'course');
  fs.mkdirSync(courseOut);
  const r = spawnSync(leskitBinary(), ['build', 'courses/onboarding-veilig-thuis.yaml', '--target', 'html', '--out', courseOut],
    { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const dir = path.join(courseOut, fs.readdirSync(courseOut).find((f) => !f.endsWith('.zip') && !f.endsWith('.txt') && f !== '.leskit-outputs'));
  const context = await browser.newContext();
  try {
    const home = await open(context, path.join(dir, 'index.html'));
    const links = await home.page.locator('.lk-course-modules a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.length >= 6, `every module and the final test: ${links}`);
    for (const href of links) assert.ok(fs.existsSync(path.join(dir, href)), `${href} is in the export`);
    assert.equal(await home.page.locator('h1').count(), 1);
    // The stylesheet it borrows from the first module loads.
    const styled = await home.page.evaluate(() => getComputedStyle(document.querySelector('.lk-skip')).position);
    assert.equal(styled, 'absolute');
    await Promise.all([home.page.waitForEvent('load', WAIT), home.page.locator('.lk-course-modules a').first().click()]);
    await passCover(home.page);
    assert.deepEqual(home.pageErrors, []);
    assert.deepEqual(home.consoleErrors, []);
  } finally {
    await context.close();
  }
});
