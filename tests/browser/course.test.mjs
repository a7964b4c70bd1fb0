// Runs a course package (several SCOs) in a test LMS (scorm-again) in Chromium.
//
//   node --test tests/browser/course.test.mjs
//
// The course is tests/fixtures/course/courses/testcursus.yaml:
//   modules lezen (no quiz), oefenen (one question, pass mark 100, opens after lezen),
//   extra (no quiz, open from the start); final test toets (two questions, course pass mark 75,
//   opens once every module is done).
// A module is done once completed and, with a quiz, passed. The expected outcome of every step
// below is written by hand from these rules, never computed by leskit's code.
//
// SCORM 2004: tests/browser/lms/course.html builds scorm-again's sequencing settings from the
// manifest and launches whatever the sequencer delivers. SCORM 1.2: it launches the SCOs one by
// one, honouring adlcp:prerequisites the way many 1.2 LMSs do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, buildProject, unzip } from './lib/leskit.mjs';
import { launchBrowser, WAIT } from './lib/session.mjs';
import { startServer } from './lib/server.mjs';
import { passCover } from './lib/learner.mjs';

const COURSE = 'tests/fixtures/course/courses/testcursus.yaml';
const TEST_TIMEOUT = 300_000; // hang guard
const item = (id) => `testcursus-${id}-item`;

let browser;
let scratch;
let built;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-course-'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

function packageDir(std) {
  built ??= (() => {
    try {
      const out = path.join(scratch, 'out');
      fs.mkdirSync(out);
      return { out, zips: buildProject(COURSE, ['scorm12', 'scorm2004'], out) };
    } catch (error) {
      return { error };
    }
  })();
  if (built.error) throw built.error;
  const zip = `testcursus-2.0.0-${std}.zip`;
  assert.ok(built.zips.includes(zip), `leskit build ${COURSE} wrote ${built.zips.join(', ')}, not ${zip}`);
  return unzip(path.join(built.out, zip), path.join(scratch, std));
}

/** Opens the course LMS on the unpacked package; returns {page, frame, lms, close}. */
async function openCourse(std, dir = packageDir(std)) {
  const server = await startServer({
    '/pkg/': dir,
    '/lms/': path.join(REPO_ROOT, 'tests/browser/lms'),
    '/shared/': path.join(REPO_ROOT, 'src/preview/assets'),
    '/scorm-again/': path.join(REPO_ROOT, 'node_modules/scorm-again/dist'),
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT.timeout);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e && e.stack || e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${server.origin}/lms/course.html?std=${std}&pkg=/pkg/`);
  await page.waitForFunction(() => window.lkTest && (window.lkTest.ready || window.lkTest.setupError), null, WAIT);
  assert.equal(await page.evaluate(() => window.lkTest.setupError), null, 'the course LMS failed to start');
  const frame = await (await page.$('#sco')).contentFrame();
  const lms = (fn, arg) => page.evaluate(fn, arg);
  return {
    page, frame, lms, errors,
    notFound: () => server.requests.filter((r) => r.status >= 400),
    close: async () => { await context.close(); await server.close(); },
  };
}

/** Waits until `id`'s SCO runs in the iframe and shows its first page. */
async function arrive(c, id) {
  await c.page.waitForFunction((want) => {
    const t = window.lkTest;
    return t.current === want && t.live === t.launches;
  }, item(id), WAIT).catch(async () => {
    throw new Error(`${item(id)} did not start; deliveries ${JSON.stringify(await c.lms(() => window.lkTest.deliveries))}`);
  });
  await passCover(c.frame);
}

/** The SCO's API answer to GetValue (2004), as the SCO would ask it. */
function getValue(c, element) {
  return c.frame.evaluate((e) => window.parent.API_1484_11.GetValue(e), element);
}

const visiblePage = (c) => c.frame.evaluate(() =>
  Array.from(document.querySelectorAll('section.lk-page')).findIndex((s) => !s.hidden));
const pageCount = (c) => c.frame.evaluate(() => document.querySelectorAll('section.lk-page').length);
const button = (c, dir) => c.frame.locator(`[data-lk-nav="${dir}"]`);

/** Clicks next until the last page shows. */
async function toLastPage(c) {
  const count = await pageCount(c);
  for (let i = await visiblePage(c); i < count - 1; i++) {
    await button(c, 'next').click();
    await c.frame.waitForFunction((want) =>
      Array.from(document.querySelectorAll('section.lk-page')).findIndex((s) => !s.hidden) === want, i + 1, WAIT);
  }
}

/** Answers a single-choice question and checks it. */
async function answer(c, quiz, question, option) {
  await c.frame.locator(`#q-${quiz}-${question}-${option}`).check();
  await c.frame.locator(`#q-${quiz}-${question} .lk-check`).click();
  await c.frame.locator(`#q-${quiz}-${question} .lk-feedback:not([hidden])`).waitFor(WAIT);
}

/** What the LMS recorded about navigation, for failure messages. */
async function story(c) {
  return JSON.stringify(await c.lms(() => ({
    deliveries: window.lkTest.deliveries,
    navigation: window.lkTest.navigation,
    sequencing: window.lkTest.logs.filter((l) => /equenc|avigation|elivery/.test(l.message)).slice(-12).map((l) => l.message),
  })), null, 1);
}

/** Asks the LMS's menu for `id`; returns whether it was delivered. */
async function choose(c, id) {
  return c.lms((t) => window.lkCourse.choose(t), item(id));
}

/** Closes the SCO as a learner would, and waits for its session to end. */
async function leave(c, std) {
  const finish = std === 'scorm12' ? 'LMSFinish' : 'Terminate';
  const sco = await c.lms(() => window.lkTest.current);
  await c.lms(() => window.lkCourse.unload());
  await c.page.waitForFunction(({ sco, finish }) =>
    window.lkTest.calls.some((x) => x.sco === sco && x.name === finish) &&
    window.lkTest.frameLoads.at(-1) === 'about:blank', { sco, finish }, WAIT);
}

/** Number of Terminate calls so far (2004). */
const terminations = (c) => c.lms(() => window.lkTest.calls.filter((x) => x.name === 'Terminate').length);

function assertClean(c, calls) {
  assert.deepEqual(c.errors, [], 'errors in the pages');
  assert.deepEqual(c.notFound(), [], 'requests for files the package does not contain');
  const failed = calls.filter((x) => /^(Initialize|Terminate|SetValue|Commit|LMSInitialize|LMSFinish|LMSSetValue|LMSCommit)$/.test(x.name) && x.ret !== 'true');
  assert.deepEqual(failed, [], 'API calls that failed');
}

test('scorm2004: the sequencer keeps to the course rules, follows the modules\' navigation requests and rolls up status and score', { timeout: TEST_TIMEOUT }, async () => {
  const c = await openCourse('scorm2004');
  try {
    // The course starts with its first module.
    await arrive(c, 'lezen');
    assert.deepEqual(await c.lms(() => window.lkTest.deliveries), [item('lezen')]);

    // What the LMS says is possible from here: no previous (first module), continue (flow);
    // choice of extra (waits for nothing) yes, of oefenen (waits for lezen) and the final test
    // (waits for everything) no.
    assert.equal(await getValue(c, 'adl.nav.request_valid.previous'), 'false');
    assert.equal(await getValue(c, 'adl.nav.request_valid.continue'), 'true');
    assert.equal(await getValue(c, `adl.nav.request_valid.choice.{target=${item('extra')}}`), 'true');
    assert.equal(await getValue(c, `adl.nav.request_valid.choice.{target=${item('oefenen')}}`), 'false');
    assert.equal(await getValue(c, `adl.nav.request_valid.choice.{target=${item('toets')}}`), 'false');
    // So the module's own previous button stays off on its first page.
    assert.equal(await button(c, 'prev').isDisabled(), true);

    // Leaving lezen unread for the LMS's menu: oefenen stays closed, extra opens.
    await leave(c, 'scorm2004');
    assert.equal(await choose(c, 'oefenen'), false, `oefenen must wait for lezen: ${await story(c)}`);
    assert.equal(await choose(c, 'toets'), false, `the final test must wait: ${await story(c)}`);
    assert.equal(await choose(c, 'lezen'), true, await story(c));
    await arrive(c, 'lezen');

    // Read lezen to its last page; its next button now asks for the next module: oefenen opens.
    await toLastPage(c);
    assert.equal(await button(c, 'next').isDisabled(), false, 'next on the last page leads to the next module');
    await button(c, 'next').click();
    await arrive(c, 'oefenen');

    // oefenen: its previous button on the first page leads back (valid: lezen is before it).
    assert.equal(await getValue(c, 'adl.nav.request_valid.previous'), 'true');
    assert.equal(await button(c, 'prev').isDisabled(), false);
    // Answer wrong: failed (0 < 100). extra does not wait for oefenen, so next goes on.
    await toLastPage(c);
    await answer(c, 'oefenen-quiz', 'kleur', 'fout');
    await button(c, 'next').click();
    await arrive(c, 'extra');

    // The final test waits for oefenen, which is not passed.
    assert.equal(await getValue(c, `adl.nav.request_valid.choice.{target=${item('toets')}}`), 'false');
    // Read extra; its next (the final test waits for it, and it is done) asks to continue, and
    // the sequencer refuses: the session ends and nothing is delivered.
    await toLastPage(c);
    const ended = await terminations(c);
    await button(c, 'next').click();
    await c.page.waitForFunction((n) => window.lkTest.calls.filter((x) => x.name === 'Terminate').length > n, ended, WAIT);
    const continueCall = await c.lms(() => window.lkTest.calls.filter((x) => x.name === 'SetValue' && x.args[0] === 'adl.nav.request').at(-1));
    assert.deepEqual(continueCall.args, ['adl.nav.request', 'continue']);
    await c.page.waitForTimeout(300);
    assert.deepEqual(await c.lms(() => window.lkTest.deliveries),
      [item('lezen'), item('lezen'), item('oefenen'), item('extra')], 'continue to the closed final test delivers nothing');

    // The learner opens extra again from the LMS's menu, and goes back to oefenen with extra's
    // previous button on its first page: the module asks for `previous`, the LMS delivers it.
    await c.lms(() => window.lkCourse.unload());
    assert.equal(await choose(c, 'extra'), true, await story(c));
    await arrive(c, 'extra');
    assert.equal(await button(c, 'prev').isDisabled(), false);
    await button(c, 'prev').click();
    await arrive(c, 'oefenen');
    const previousCall = await c.lms(() => window.lkTest.calls.filter((x) => x.name === 'SetValue' && x.args[0] === 'adl.nav.request').at(-1));
    assert.deepEqual(previousCall.args, ['adl.nav.request', 'previous']);
    // This time oefenen is passed; continue leads to extra, and from there to the final test,
    // which is open now.
    await toLastPage(c);
    await answer(c, 'oefenen-quiz', 'kleur', 'goed');
    await button(c, 'next').click();
    await arrive(c, 'extra');
    await toLastPage(c);
    await button(c, 'next').click();
    await arrive(c, 'toets');
    assert.deepEqual(await c.lms(() => window.lkTest.deliveries), [
      item('lezen'), item('lezen'), item('oefenen'), item('extra'), item('extra'), item('oefenen'), item('extra'), item('toets'),
    ]);

    // Before the final test counts, the course is not yet completed and its success unknown.
    let state = await c.lms(() => window.lkCourse.state());
    assert.equal(state['testcursus-org'].completion, 'incomplete', JSON.stringify(state));

    // Final test: one of two right = 50 %, below the course's 75: failed. Close it.
    await answer(c, 'toets', 'eerste', 'goed');
    await answer(c, 'toets', 'tweede', 'fout');
    await leave(c, 'scorm2004');
    state = await c.lms(() => window.lkCourse.state());
    const course = state['testcursus-org'];
    // Every SCO completed (reached its last page): the course is completed; only the final test
    // counts for success and score: failed, 0.5.
    assert.equal(course.completion, 'completed', JSON.stringify(state));
    assert.equal(course.satisfied, false, JSON.stringify(state));
    assert.equal(course.measure, 0.5, JSON.stringify(state));

    // A new attempt at the final test from the menu: both right, 100 %: the course is passed.
    assert.equal(await choose(c, 'toets'), true, await story(c));
    await arrive(c, 'toets');
    await answer(c, 'toets', 'eerste', 'goed');
    await answer(c, 'toets', 'tweede', 'goed');
    await leave(c, 'scorm2004');
    state = await c.lms(() => window.lkCourse.state());
    assert.equal(state['testcursus-org'].completion, 'completed', JSON.stringify(state));
    assert.equal(state['testcursus-org'].satisfied, true, JSON.stringify(state));
    assert.equal(state['testcursus-org'].measure, 1, JSON.stringify(state));

    assertClean(c, await c.lms(() => window.lkTest.calls));
  } finally {
    await c.close();
  }
});

test('scorm12: the LMS launches each SCO in turn and each reports its own status', { timeout: TEST_TIMEOUT }, async () => {
  const c = await openCourse('scorm12');
  try {
    assert.deepEqual(await c.lms(() => window.lkTest.items.map((i) => [i.id, i.prerequisites, i.masteryscore])), [
      [item('lezen'), null, null],
      [item('oefenen'), item('lezen'), '100'],
      [item('extra'), null, null],
      [item('toets'), `${item('oefenen')}&${item('extra')}`, '75'],
    ]);
    const launch = (id) => c.lms((t) => window.lkCourse.launch(t), item(id));
    const status = () => c.lms(() => window.lkTest.status12);

    // oefenen waits for lezen.
    assert.equal(await launch('oefenen'), false);
    assert.equal(await launch('lezen'), true);
    await arrive(c, 'lezen');
    await toLastPage(c);
    // 1.2 has no navigation requests: next stays off on the last page.
    assert.equal(await button(c, 'next').isDisabled(), true);
    await leave(c, 'scorm12');

    assert.equal(await launch('oefenen'), true);
    await arrive(c, 'oefenen');
    await toLastPage(c);
    await answer(c, 'oefenen-quiz', 'kleur', 'fout');
    await leave(c, 'scorm12');

    assert.equal(await launch('extra'), true);
    await arrive(c, 'extra');
    await toLastPage(c);
    await leave(c, 'scorm12');
    assert.deepEqual(await status(), {
      [item('lezen')]: { status: 'completed', score: '' },
      [item('oefenen')]: { status: 'failed', score: '0' },
      [item('extra')]: { status: 'completed', score: '' },
    });

    // The final test waits for oefenen, failed.
    assert.equal(await launch('toets'), false);
    assert.equal(await launch('oefenen'), true);
    await arrive(c, 'oefenen');
    await toLastPage(c);
    await answer(c, 'oefenen-quiz', 'kleur', 'goed');
    await leave(c, 'scorm12');
    assert.equal(await launch('toets'), true);
    await arrive(c, 'toets');
    await answer(c, 'toets', 'eerste', 'goed');
    await answer(c, 'toets', 'tweede', 'goed');
    await leave(c, 'scorm12');
    assert.deepEqual(await status(), {
      [item('lezen')]: { status: 'completed', score: '' },
      [item('oefenen')]: { status: 'passed', score: '100' },
      [item('extra')]: { status: 'completed', score: '' },
      [item('toets')]: { status: 'passed', score: '100' },
    });

    const calls = await c.lms(() => window.lkTest.calls);
    assert.deepEqual(calls.filter((x) => String(x.args[0] ?? '').startsWith('adl.')), [], '1.2 knows no adl.nav');
    assertClean(c, calls);
  } finally {
    await c.close();
  }
});

test('scorm2004: the bundled course starts at its first module, with the others closed', { timeout: TEST_TIMEOUT }, async () => {
  const out = path.join(scratch, 'bundled');
  fs.mkdirSync(out);
  const zips = buildProject('courses/onboarding-veilig-thuis.yaml', ['scorm2004'], out);
  assert.deepEqual(zips, ['onboarding-veilig-thuis-1.0.0-scorm2004.zip']);
  const c = await openCourse('scorm2004', unzip(path.join(out, zips[0]), path.join(scratch, 'bundled-pkg')));
  const at = (id) => `onboarding-veilig-thuis-${id}-item`;
  try {
    await c.page.waitForFunction((want) => window.lkTest.current === want && window.lkTest.live === window.lkTest.launches,
      at('wat-is-achterlating'), WAIT);
    await passCover(c.frame);
    // Each module waits for the one before it, the final test for all of them.
    for (const [id, open] of [['wat-is-achterlating', 'true'], ['wettelijk-kader', 'false'], ['handelen-en-verwijzen', 'false'], ['eindtoets', 'false']]) {
      assert.equal(await getValue(c, `adl.nav.request_valid.choice.{target=${at(id)}}`), open, id);
    }
    await leave(c, 'scorm2004');
    assert.deepEqual(c.errors, []);
    assert.deepEqual(c.notFound(), []);
  } finally {
    await c.close();
  }
});
