// leskit's cmi5 AU as real LMSs run it (issue #13): the LRS on another origin than the content
// (every xAPI request is cross-origin, with a CORS preflight for its Authorization and
// X-Experience-API-Version headers), the AU in the LMS's iframe or in a window the LMS opens, and
// the LMS ending it by navigating the frame away or closing the window — or the learner closing
// the tab, or leaving with the exit button. Whichever way the learner leaves, what the session
// decided must reach the LRS: completed, passed or failed with the score, then terminated. Also
// with a saved state of more than 40 KiB, which together with the statements sent at the end would
// not fit the browser's 64 KiB budget for requests that outlive the page.
//
// Chromium (156) holds back a keepalive fetch that needs a preflight and carries
// cache: 'no-store' until the browser closes. Many LRSs send no Access-Control-Max-Age, which
// Chromium caches for 5 s: once the learner pauses longer, every request is preflighted. The test
// LMS caches no preflight at all (max-age 0), so that every request here is.
//
//   node --test tests/browser/cmi5-closed.test.mjs
//
// Needs Ralph (scripts/test installs it and sets LESKIT_RALPH), /usr/bin/chromium, unzip and
// node_modules. Uses $LESKIT_BIN when set, otherwise builds target/debug/leskit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, buildProject, unzip } from './lib/leskit.mjs';
import { launchBrowser, WAIT } from './lib/session.mjs';
import { answer, goToPage, passCover, resultText } from './lib/learner.mjs';
import { startLrsAndLms } from './lib/cmi5-lms.mjs';
import { EXT, VERB, checkStatements, describeViolations } from './lib/cmi5-rules.mjs';
import * as core from '../../templates/page/core.mjs';

const TEST_TIMEOUT = 300_000; // hang guard
// How long a statement may take to reach the LMS after the AU was closed. A hang guard: a
// statement the browser holds back never arrives, however long one waits.
const ARRIVAL = { timeout: 30_000 };
const QUIZ = 'voorbeeld-quiz';
const QUIZ_PAGE = 2;
// examples/minimal's quiz: 5 points, pass mark 80.
const RIGHT = { 'welke-signalen': ['a', 'b'], 'alleen-signaal': 'false', 'wat-doe-je': 'b', gesprek: ['thuis', 'advies'] };
const SIXTY = { 'welke-signalen': ['a', 'b'], 'alleen-signaal': 'true', 'wat-doe-je': 'b', gesprek: ['direct'] };
const PROGRESS = 'https://w3id.org/xapi/leskit/state/progress';

let browser;
let scratch;
let lms;
let stop;
let course;
let big;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-cmi5-closed-'));
  const unpack = (project, name) => {
    const out = path.join(scratch, `${name}-out`);
    fs.mkdirSync(out);
    const [zip] = buildProject(project, ['cmi5'], out);
    return unzip(path.join(out, zip), path.join(scratch, name));
  };
  const example = unpack('examples/minimal', 'example');
  const large = unpack(largeModule(path.join(scratch, 'large')), 'large');
  ({ lms, stop } = await startLrsAndLms({ lrsOrigin: 'other' }));
  assert.notEqual(new URL(lms.lrsOrigin).origin, new URL(lms.origin).origin);
  course = lms.importCourse(example);
  big = lms.importCourse(large);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stop?.();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** A module with one quiz of 6,000 true-false questions: answered, its state is over 40 KiB. */
function largeModule(dir) {
  fs.mkdirSync(path.join(dir, 'modules'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'quizzes'));
  fs.cpSync(path.join(REPO_ROOT, 'tests/browser/fixtures/unscored/content'), path.join(dir, 'content'), { recursive: true });
  const lines = ['id: groot', 'title: Veel vragen', 'cases:'];
  for (let c = 0; c < 60; c++) {
    lines.push(`  - id: c${c}`, `    title: Casus ${c}`, '    text: Een casus.', '    questions:');
    for (let q = 0; q < 100; q++) lines.push(`      - id: q${c}-${q}`, '        kind: true-false', '        prompt: Klopt dit?', '        answer: true');
  }
  fs.writeFileSync(path.join(dir, 'quizzes/groot.yaml'), lines.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'modules/groot.yaml'), [
    'id: groot', 'title: Veel vragen', 'language: nl', 'version: 1.0.0', 'source: kis-toolkit-2025', 'pass_mark: 50',
    'pages:', '  - id: begin', '    title: Begin', '    body: De eerste pagina.',
    '  - id: vragen', '    title: Vragen', '    blocks:', '      - quiz: groot', '',
  ].join('\n'));
  return dir;
}

const verbName = (s) => s.verb.id.replace(/^.*\//, '');
const sessionOf = (s) => s.context?.extensions?.[EXT.sessionId];
const only = (statements, verb) => statements.filter((s) => s.verb.id === VERB[verb]);
const judged = (statements) => statements.filter((s) => s.verb.id !== VERB.answered).map(verbName);

/**
 * Opens the LMS's player page for a launch in a fresh context: the AU in its iframe, or in a
 * window it opens. Waits until the AU has started. Returns {context, page (the LMS), au (the
 * AU's Frame or Page), launch, pageErrors}.
 */
async function openInPlayer(launch, { inWindow = false } = {}) {
  const context = await browser.newContext();
  const session = { context, launch, pageErrors: [] };
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    const initialized = lms.waitForStatement(launch.sessionId, VERB.initialized, ARRIVAL);
    const opened = inWindow ? context.waitForEvent('page', WAIT) : null;
    await page.goto(lms.playerUrl(launch, { window: inWindow }));
    const au = inWindow ? await opened : await (await page.$('#au')).contentFrame();
    if (inWindow) au.setDefaultTimeout(WAIT.timeout);
    (inWindow ? au : page).on('pageerror', (e) => session.pageErrors.push(String((e && e.stack) || e)));
    await passCover(au);
    await initialized;
    await au.waitForFunction(() => document.getElementById('lk-notice').hidden, null, WAIT);
    return Object.assign(session, { page, au });
  } catch (e) {
    await context.close();
    throw e;
  }
}

/** Ends the session one way or another; resolves once terminated reached the LMS. */
async function leave(session, how) {
  const terminated = lms.waitForStatement(session.launch.sessionId, VERB.terminated, ARRIVAL);
  if (how === 'lms') await session.page.evaluate(() => window.lmsCloseAu());
  else if (how === 'tab') await session.page.close();
  else if (how === 'exit') await session.au.locator('.lk-exit').click();
  else throw new Error(how);
  await terminated;
  await session.context.close();
}

/** Every statement of the registration, checked against the cmi5 rules; the AU's requests were cross-origin. */
async function assertClean(registration, sessions) {
  const statements = await lms.statements(registration);
  const found = checkStatements(statements, lms.checkContext(registration));
  assert.deepEqual(found, [], `cmi5 rules broken:\n${describeViolations(found)}\nstatements: ${statements.map(verbName).join(', ')}`);
  const mine = new Set(registration.launches.map((l) => l.sessionId));
  assert.deepEqual(lms.protocolViolations.filter((v) => mine.has(v.sessionId)), []);
  for (const s of sessions) assert.deepEqual(s.pageErrors, [], s.pageErrors.join('\n'));
  // The AU's xAPI requests went to the LRS's origin, from the content's, with preflights.
  const xapi = lms.requests.filter((r) => r.path.startsWith('/xapi/'));
  assert.ok(xapi.every((r) => r.server === 'lrs'), 'an xAPI request reached the content\'s origin');
  assert.ok(xapi.some((r) => r.preflight && r.origin === lms.origin), 'no CORS preflight: the LRS is not on another origin');
  // No write asks to bypass the cache: Chromium has been seen holding back a keepalive request
  // that needs a preflight and has cache 'no-store', until the browser is closed.
  const noStore = xapi.filter((r) => mine.has(r.sessionId) && ['POST', 'PUT'].includes(r.method) && r.noStore);
  assert.deepEqual(noStore.map((r) => `${r.method} ${r.path.split('?')[0]}`), [], 'writes with cache \'no-store\'');
  return statements;
}

async function answerAll(au, answers) {
  for (const [id, choice] of Object.entries(answers)) await answer(au, QUIZ, id, choice);
}

for (const [how, inWindow, label] of [
  ['lms', false, 'the LMS navigates its frame away'],
  ['lms', true, 'the LMS closes the AU\'s window'],
  ['tab', false, 'the learner closes the tab'],
]) {
  test(`passed, then ${label}: completed, passed and terminated arrive`, { timeout: TEST_TIMEOUT }, async () => {
    const registration = lms.register(course);
    const launch = await lms.launch(registration);
    const s = await openInPlayer(launch, { inWindow });
    await goToPage(s.au, QUIZ_PAGE);
    await answerAll(s.au, RIGHT);
    assert.match(await resultText(s.au), /100\s*%/);
    await leave(s, how);
    const statements = await assertClean(registration, [s]);
    assert.deepEqual(judged(statements), ['launched', 'initialized', 'completed', 'passed', 'terminated']);
    assert.equal(only(statements, 'passed')[0].result.score.scaled, 1);
  });

  test(`failed, then ${label}: failed with the score, and terminated, arrive`, { timeout: TEST_TIMEOUT }, async () => {
    const registration = lms.register(course);
    const launch = await lms.launch(registration);
    const s = await openInPlayer(launch, { inWindow });
    await goToPage(s.au, QUIZ_PAGE);
    await answerAll(s.au, SIXTY);
    assert.match(await resultText(s.au), /60\s*%/);
    // Reported as soon as the attempt fails, not held back for the end of the session.
    await lms.waitForStatement(launch.sessionId, VERB.failed, ARRIVAL);
    await leave(s, how);
    const statements = await assertClean(registration, [s]);
    assert.deepEqual(judged(statements), ['launched', 'initialized', 'completed', 'failed', 'terminated']);
    const [failed] = only(statements, 'failed');
    assert.equal(failed.result.success, false);
    assert.equal(failed.result.score.scaled, 0.6);
    assert.equal(failed.context.extensions[EXT.masteryScore], 0.8);
  });
}

test('failed, then the exit button: failed with the score, and terminated, arrive', { timeout: TEST_TIMEOUT }, async () => {
  const registration = lms.register(course);
  const launch = await lms.launch(registration, { returnURL: '/lms/returned' });
  const s = await openInPlayer(launch);
  await goToPage(s.au, QUIZ_PAGE);
  await answerAll(s.au, SIXTY);
  await lms.waitForStatement(launch.sessionId, VERB.failed, ARRIVAL);
  await leave(s, 'exit');
  const statements = await assertClean(registration, [s]);
  assert.deepEqual(judged(statements), ['launched', 'initialized', 'completed', 'failed', 'terminated']);
  assert.equal(only(statements, 'failed')[0].result.score.scaled, 0.6);
});

/** The page shell's core (templates/page/core.mjs), to write the state an earlier session leaves. */
function pageCore() {
  return core;
}

test('a saved state of over 40 KiB: passed and terminated still arrive when the LMS closes the AU', { timeout: TEST_TIMEOUT }, async () => {
  // The state an earlier session of this registration left: every page seen, every question
  // answered right, not yet reported (the LMS closed that session before it could).
  const html = fs.readFileSync(path.join(big.dir, 'index.html'), 'utf8');
  const data = JSON.parse(/<script id="lk-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html)[1]);
  const questions = [];
  for (const [quiz, list] of Object.entries(data.quizzes)) for (const q of list) questions.push({ quiz, q, key: `${quiz}.${q.id}` });
  const pages = data.pages.map((p) => p.id);
  const answers = Object.fromEntries(questions.map((i) => [i.key, i.q.answer]));
  const suspend = pageCore().encodeState({ attempt: 1, lastPage: true, seen: Object.fromEntries(pages.map((p) => [p, true])), answers }, questions, pages);
  assert.ok(suspend.length > 40 * 1024, `the suspend data is ${suspend.length} bytes`);

  const registration = lms.register(big);
  const launch = await lms.launch(registration);
  lms.putStateDocument(registration, PROGRESS, { v: 1, location: pages[1], suspend, completed: false, passed: false, spent: 60000 });
  const written = lms.waitForState(PROGRESS, { timeout: WAIT.timeout });
  const s = await openInPlayer(launch);
  await s.au.locator('#lk-result').waitFor({ state: 'visible', ...WAIT });
  assert.match(await resultText(s.au), /100\s*%/);
  await written;
  await leave(s, 'lms');
  const statements = await assertClean(registration, [s]);
  assert.deepEqual(judged(statements), ['launched', 'initialized', 'completed', 'passed', 'terminated']);
  assert.equal(sessionOf(only(statements, 'terminated')[0]), launch.sessionId);
  // Kept whole: every answer and every page seen is still in the state the page wrote last
  // (its flags and interaction counter may have moved on: the module is completed now).
  const core = pageCore();
  const kept = core.decodeState(lms.stateDocuments(registration)[PROGRESS].suspend, questions, pages);
  const seeded = core.decodeState(suspend, questions, pages);
  assert.equal(Object.keys(kept.answers).length, questions.length, 'every answer is kept');
  assert.deepEqual(kept.answers, seeded.answers, 'the answers are kept whole');
  assert.deepEqual(kept.seen, seeded.seen, 'the pages seen are kept whole');
});
