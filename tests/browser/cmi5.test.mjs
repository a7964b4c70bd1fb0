// leskit's cmi5 AU end to end (issue #8): examples/minimal built with --target cmi5, imported
// into the test cmi5 LMS (lib/cmi5-lms.mjs) in front of a real LRS (Ralph, lib/lrs.mjs), run in
// headless Chromium as a learner does (lib/learner.mjs). After every session every statement of
// the registration is read back from the LRS and held against the cmi5 rules
// (lib/cmi5-rules.mjs): none may be broken. Then what the session must show in particular.
//
//   node --test tests/browser/cmi5.test.mjs
//
// Needs Ralph (scripts/test installs it and sets LESKIT_RALPH), /usr/bin/chromium, unzip and
// node_modules. Uses $LESKIT_BIN when set, otherwise builds target/debug/leskit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProject, unzip } from './lib/leskit.mjs';
import { launchBrowser, WAIT } from './lib/session.mjs';
import { answer, goToPage, moduleData, passCover, questionView, resultText, shownPage } from './lib/learner.mjs';
import { LAUNCH_DATA, startLrsAndLms } from './lib/cmi5-lms.mjs';
import { CATEGORY, EXT, INTERACTION_TYPE, VERB, checkStatements, describeViolations } from './lib/cmi5-rules.mjs';

const TEST_TIMEOUT = 300_000; // hang guard
const QUIZ = 'voorbeeld-quiz';
const QUIZ_PAGE = 2; // examples/minimal: welkom, signalen, oefenen
// The example's quiz: 5 points (multiple 1, true-false 1, single 1, scenario 2); pass mark 80.
const RIGHT = { 'welke-signalen': ['a', 'b'], 'alleen-signaal': 'false', 'wat-doe-je': 'b', gesprek: ['thuis', 'advies'] };
// 3 of 5 points: 60 %.
const SIXTY = { 'welke-signalen': ['a', 'b'], 'alleen-signaal': 'true', 'wat-doe-je': 'b', gesprek: ['direct'] };
// One answered statement per question, one per decision in the scenario.
const BRANCHING = new Set(['gesprek']);
// One answered per question, and for a scenario one per decision besides the one for the whole question.
const answeredCount = (answers) => Object.entries(answers).reduce((n, [id, a]) => n + (BRANCHING.has(id) ? a.length + 1 : 1), 0);

let browser;
let scratch;
let lms;
let stop;
let course;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-cmi5-'));
  const out = path.join(scratch, 'out');
  fs.mkdirSync(out);
  // Built and started once for every test in this file.
  const zips = buildProject('examples/minimal', ['cmi5'], out);
  const zip = zips.find((z) => z.endsWith('-cmi5.zip'));
  assert.ok(zip, `no *-cmi5.zip among ${zips.join(', ') || 'nothing'}`);
  const dir = unzip(path.join(out, zip), path.join(scratch, 'cmi5'));
  ({ lms, stop } = await startLrsAndLms());
  course = lms.importCourse(dir);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stop?.();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

const verbName = (s) => s.verb.id.replace(/^.*\//, '');
const sessionOf = (s) => s.context?.extensions?.[EXT.sessionId];

/**
 * Opens a launch in a fresh browser context (the LMS redirects the window to the AU) and waits
 * until the AU has started: the page shell shows its first page and initialized reached the LMS.
 */
async function open(launch) {
  const context = await browser.newContext();
  const session = { context, pageErrors: [], consoleErrors: [], launch };
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    page.on('pageerror', (e) => session.pageErrors.push(String((e && e.stack) || e)));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      // Chromium logs every 404, also those the xAPI gives for a document that does not exist
      // yet: the learner preferences (§11) and the AU's progress before the first save.
      const where = new URL(m.location().url || 'about:blank', lms.origin);
      if (/status of 404/.test(m.text()) && ['/xapi/agents/profile', '/xapi/activities/state'].includes(where.pathname)) return;
      session.consoleErrors.push(`${m.text()} (${m.location().url})`);
    });
    const initialized = lms.waitForStatement(launch.sessionId, VERB.initialized);
    await page.goto(launch.url);
    await initialized;
    await passCover(page);
    await page.waitForFunction(() => document.getElementById('lk-notice').hidden, null, WAIT);
    session.page = page;
    return session;
  } catch (e) {
    await context.close();
    throw e;
  }
}

/** The learner closes the page (no exit button); resolves once terminated reached the LMS. */
async function closePage(session) {
  const terminated = lms.waitForStatement(session.launch.sessionId, VERB.terminated);
  await session.page.close();
  await terminated;
  await session.context.close();
}

/** The learner leaves with the exit button the AU shows when the LMS gave a returnURL. */
async function exitToLms(session) {
  const terminated = lms.waitForStatement(session.launch.sessionId, VERB.terminated);
  await session.page.locator('.lk-exit').click();
  await session.page.waitForURL((url) => url.pathname === '/lms/returned', WAIT);
  await terminated;
  await session.context.close();
}

async function answerAll(page, answers) {
  for (const [id, choice] of Object.entries(answers)) await answer(page, QUIZ, id, choice);
}

/**
 * Reads back every statement of the registration, runs the checker (no violation allowed),
 * and checks the session went cleanly. Returns the statements.
 */
async function assertCleanRegistration(registration, sessions) {
  const statements = await lms.statements(registration);
  const found = checkStatements(statements, lms.checkContext(registration));
  assert.deepEqual(found, [], `cmi5 rules broken by the statements of the registration:\n${describeViolations(found)}\n` +
    `statements: ${statements.map((s) => `${verbName(s)}@${s.timestamp}`).join(', ')}`);
  const mine = new Set(registration.launches.map((l) => l.sessionId));
  assert.deepEqual(lms.protocolViolations.filter((v) => mine.has(v.sessionId)), [], 'the AU broke the launch or xAPI protocol');
  assert.deepEqual(lms.requests.filter((r) => r.status >= 400 && r.path.startsWith(`/courses/${registration.course.key}/`)), [],
    'the AU asked for files its package does not contain');
  for (const s of sessions) {
    assert.deepEqual(s.pageErrors, [], `uncaught errors in the page:\n${s.pageErrors.join('\n')}`);
    assert.deepEqual(s.consoleErrors, [], `console errors:\n${s.consoleErrors.join('\n')}`);
  }
  return statements;
}

function only(statements, verb) {
  return statements.filter((s) => s.verb.id === VERB[verb]);
}

function assertAnswered(statements, expected, launch, { distinct = expected } = {}) {
  const answered = only(statements, 'answered');
  assert.equal(answered.length, expected, `expected ${expected} answered statements (one per question, one per decision), got ${answered.length}`);
  for (const s of answered) {
    assert.ok(!s.context.contextActivities?.category?.some((a) => a.id === CATEGORY), 'answered is a cmi5 allowed statement: no cmi5 category');
    assert.equal(s.object.definition.type, INTERACTION_TYPE);
    assert.ok(s.object.id.startsWith(launch.activityId + '/'), `answered object ${s.object.id} should sit under the AU's activity`);
    assert.equal(sessionOf(s), launch.sessionId);
  }
  assert.equal(new Set(answered.map((s) => s.object.id)).size, distinct, 'every question and decision has its own activity id');
  return answered;
}

test('a passed attempt: every question right, left with the exit button', { timeout: TEST_TIMEOUT }, async () => {
  const registration = lms.register(course);
  const launch = await lms.launch(registration, { returnURL: '/lms/returned' });
  assert.equal(launch.launchData.masteryScore, 0.8, 'cmi5.xml carries the module\'s pass mark as masteryScore');
  const s = await open(launch);
  await goToPage(s.page, QUIZ_PAGE);
  await answerAll(s.page, RIGHT);
  assert.match(await resultText(s.page), /100\s*%/);
  await lms.waitForStatement(launch.sessionId, VERB.passed);
  await exitToLms(s);

  const statements = await assertCleanRegistration(registration, [s]);
  assert.deepEqual(statements.filter((x) => x.verb.id !== VERB.answered).map(verbName), ['launched', 'initialized', 'completed', 'passed', 'terminated']);
  const [passed] = only(statements, 'passed');
  assert.equal(passed.result.success, true);
  assert.equal(passed.result.score.scaled, 1);
  assert.equal(passed.context.extensions[EXT.masteryScore], 0.8);
  assert.equal(only(statements, 'completed')[0].result.completion, true);
  assert.ok(only(statements, 'terminated')[0].result.duration);
  const answered = assertAnswered(statements, answeredCount(RIGHT), launch);
  // The scenario reports itself as a whole: the ending reached, with the question's points.
  const whole = answered.filter((x) => x.object.id === `${launch.activityId}/${QUIZ}/gesprek`);
  assert.equal(whole.length, 1, 'one answered for the whole scenario');
  assert.equal(whole[0].object.definition.interactionType, 'choice');
  assert.deepEqual(whole[0].result.score, { scaled: 1, raw: 2, min: 0, max: 2 });
  assert.equal(whole[0].result.success, true);
  const points = answered.reduce((n, x) => n + (x.result.score?.max ?? 0), 0);
  assert.equal(points, 5, 'the answered statements\' points add up to the module\'s 5');
});

test('a failed attempt: 60 % under the pass mark of 80 %', { timeout: TEST_TIMEOUT }, async () => {
  const registration = lms.register(course);
  const launch = await lms.launch(registration, { returnURL: '/lms/returned' });
  const s = await open(launch);
  await goToPage(s.page, QUIZ_PAGE);
  await answerAll(s.page, SIXTY);
  assert.match(await resultText(s.page), /60\s*%/);
  await exitToLms(s);

  const statements = await assertCleanRegistration(registration, [s]);
  assert.deepEqual(only(statements, 'passed'), []);
  const failed = only(statements, 'failed');
  assert.equal(failed.length, 1, `one failed statement, got: ${statements.map(verbName).join(', ')}`);
  assert.equal(failed[0].result.success, false);
  assert.equal(failed[0].result.score.scaled, 0.6);
  assert.equal(failed[0].context.extensions[EXT.masteryScore], 0.8);
  assertAnswered(statements, answeredCount(SIXTY), launch);
});

test('the LMS\'s masteryScore decides: 60 % passes against 0.5', { timeout: TEST_TIMEOUT }, async () => {
  const registration = lms.register(course);
  const launch = await lms.launch(registration, { masteryScore: 0.5, returnURL: '/lms/returned' });
  const s = await open(launch);
  await goToPage(s.page, QUIZ_PAGE);
  await answerAll(s.page, SIXTY);
  await lms.waitForStatement(launch.sessionId, VERB.passed);
  await exitToLms(s);
  const statements = await assertCleanRegistration(registration, [s]);
  const [passed] = only(statements, 'passed');
  assert.equal(passed.result.score.scaled, 0.6);
  assert.equal(passed.context.extensions[EXT.masteryScore], 0.5);
  assert.deepEqual(only(statements, 'failed'), []);
});

test('a session ended by closing the page, halfway through the quiz', { timeout: TEST_TIMEOUT }, async () => {
  const registration = lms.register(course);
  const launch = await lms.launch(registration);
  const s = await open(launch);
  assert.equal(await s.page.locator('.lk-exit').count(), 0, 'no returnURL, no exit button');
  await goToPage(s.page, QUIZ_PAGE);
  await answer(s.page, QUIZ, 'welke-signalen', ['a', 'b']);
  await closePage(s);

  const statements = await assertCleanRegistration(registration, [s]);
  assert.deepEqual(statements.filter((x) => x.verb.id !== VERB.answered).map(verbName), ['launched', 'initialized', 'terminated'],
    'the last page was read, but with the quiz unfinished the module is not completed (nor passed or failed)');
  assertAnswered(statements, 1, launch);
  assert.equal(verbName(statements[statements.length - 1]), 'terminated');
});

test('a record store that fails for a while: the learner is told, and nothing is lost or sent twice', { timeout: TEST_TIMEOUT }, async () => {
  const registration = lms.register(course);
  const launch = await lms.launch(registration, { returnURL: '/lms/returned' });
  const s = await open(launch);
  const S = (await moduleData(s.page)).strings;
  await goToPage(s.page, QUIZ_PAGE);
  // Statements cannot be sent: the network fails them before they reach the LMS.
  const refuse = (route) => (route.request().method() === 'POST' ? route.abort('failed') : route.continue());
  await s.page.route('**/xapi/statements', refuse);
  await answer(s.page, QUIZ, 'welke-signalen', RIGHT['welke-signalen']);
  await s.page.waitForFunction((text) => {
    const n = document.getElementById('lk-notice');
    return !n.hidden && n.textContent.includes(text);
  }, S.lms_error, WAIT);
  // The network is back: the page tries again by itself, and the notice goes.
  await s.page.unroute('**/xapi/statements', refuse);
  await s.page.waitForFunction(() => document.getElementById('lk-notice').hidden, null, WAIT);
  const { 'welke-signalen': _, ...rest } = RIGHT;
  await answerAll(s.page, rest);
  await lms.waitForStatement(launch.sessionId, VERB.passed);
  await exitToLms(s);
  // What the outage itself logged is expected; anything else is not.
  s.consoleErrors = s.consoleErrors.filter((e) => !/ERR_FAILED|Failed to fetch/.test(e));

  const statements = await assertCleanRegistration(registration, [s]);
  assertAnswered(statements, answeredCount(RIGHT), launch);
  assert.equal(only(statements, 'passed').length, 1);
});

for (const launchMode of ['Browse', 'Review']) {
  test(`${launchMode} mode: initialized and terminated, answered, but no completed, passed or failed`, { timeout: TEST_TIMEOUT }, async () => {
    const registration = lms.register(course);
    const launch = await lms.launch(registration, { launchMode });
    const s = await open(launch);
    await goToPage(s.page, QUIZ_PAGE);
    await answerAll(s.page, RIGHT);
    await closePage(s);
    const statements = await assertCleanRegistration(registration, [s]);
    assert.deepEqual(statements.filter((x) => x.verb.id !== VERB.answered).map(verbName), ['launched', 'initialized', 'terminated']);
  });
}

test('resume: a second session of the registration restores the answers and the page', { timeout: TEST_TIMEOUT }, async () => {
  const registration = lms.register(course);
  const first = await lms.launch(registration);
  const s1 = await open(first);
  await goToPage(s1.page, QUIZ_PAGE);
  await answer(s1.page, QUIZ, 'welke-signalen', ['a', 'b']);
  await answer(s1.page, QUIZ, 'alleen-signaal', 'false');
  const before = {
    'welke-signalen': await questionView(s1.page, QUIZ, 'welke-signalen'),
    'alleen-signaal': await questionView(s1.page, QUIZ, 'alleen-signaal'),
  };
  await closePage(s1);
  const states = lms.stateDocuments(registration);
  assert.deepEqual(Object.keys(states).filter((k) => k !== LAUNCH_DATA).length, 1, `the AU keeps its progress in one State document: ${Object.keys(states).join(', ')}`);

  const second = await lms.launch(registration);
  assert.notEqual(second.sessionId, first.sessionId);
  assert.equal(second.activityId, first.activityId, 'the same activityId on every launch of the registration (§8.1)');
  const s2 = await open(second);
  assert.equal(await shownPage(s2.page), QUIZ_PAGE, 'the second session opens where the first ended');
  for (const [id, view] of Object.entries(before)) {
    assert.deepEqual(await questionView(s2.page, QUIZ, id), view, `${id} is shown as answered in the first session`);
  }
  await answer(s2.page, QUIZ, 'wat-doe-je', 'b');
  await answer(s2.page, QUIZ, 'gesprek', ['thuis', 'advies']);
  assert.match(await resultText(s2.page), /100\s*%/);
  await lms.waitForStatement(second.sessionId, VERB.passed);
  await closePage(s2);

  const statements = await assertCleanRegistration(registration, [s1, s2]);
  const bySession = (id) => statements.filter((x) => sessionOf(x) === id && x.verb.id !== VERB.answered).map(verbName);
  assert.deepEqual(bySession(first.sessionId), ['launched', 'initialized', 'terminated'], 'questions open: not completed yet');
  assert.deepEqual(bySession(second.sessionId), ['launched', 'initialized', 'completed', 'passed', 'terminated'],
    'completed once every question is answered on the last page');
  assert.equal(only(statements, 'answered').filter((x) => sessionOf(x) === first.sessionId).length, 2);
  assert.equal(only(statements, 'answered').filter((x) => sessionOf(x) === second.sessionId).length, 4);
});

test('a failed attempt: failed goes out at once, and the retry waits for a new session', { timeout: TEST_TIMEOUT }, async () => {
  const registration = lms.register(course);
  const launch = await lms.launch(registration);
  const s = await open(launch);
  const S = (await moduleData(s.page)).strings;
  await goToPage(s.page, QUIZ_PAGE);
  await answerAll(s.page, SIXTY);
  assert.match(await resultText(s.page), /60\s*%/);
  // Reported while the learner is still there: leaving in any way cannot lose it.
  await lms.waitForStatement(launch.sessionId, VERB.failed);
  // cmi5 allows one of passed and failed per session (§9.3): no retry in this one.
  assert.equal(await s.page.locator('#lk-retry').count(), 0, 'a retry is offered although no pass could be reported in this session');
  assert.equal((await s.page.locator('#lk-result .lk-retry-later').textContent()).trim(), S.retry_new_session);
  await closePage(s);

  const again = await lms.launch(registration);
  const s2 = await open(again);
  assert.match(await resultText(s2.page), /60\s*%/, 'the new session shows the failed attempt');
  await s2.page.locator('#lk-retry').click();
  await answerAll(s2.page, RIGHT);
  assert.match(await resultText(s2.page), /100\s*%/);
  await lms.waitForStatement(again.sessionId, VERB.passed);
  await closePage(s2);
  const statements = await assertCleanRegistration(registration, [s, s2]);
  const bySession = (id) => statements.filter((x) => sessionOf(x) === id && x.verb.id !== VERB.answered).map(verbName);
  assert.deepEqual(bySession(launch.sessionId), ['launched', 'initialized', 'completed', 'failed', 'terminated']);
  assert.deepEqual(bySession(again.sessionId), ['launched', 'initialized', 'passed', 'terminated'],
    'the failed attempt shown again in the new session is not reported twice');
  assert.equal(only(statements, 'failed')[0].result.score.scaled, 0.6);
  // The retry answers the same questions again: the same activities, marked as attempt 2.
  const answered = only(statements, 'answered');
  const attempt = (x) => x.context.extensions?.['https://w3id.org/xapi/leskit/extensions/attempt'] ?? 1;
  assert.deepEqual(answered.map((x) => [sessionOf(x) === launch.sessionId ? 1 : 2, attempt(x)]),
    [...Array(answeredCount(SIXTY)).fill([1, 1]), ...Array(answeredCount(RIGHT)).fill([2, 2])]);
  assert.equal(new Set(answered.map((x) => x.object.id)).size, 6);
});

test('a state of the earlier version: its failed attempt is not reported again', { timeout: TEST_TIMEOUT }, async () => {
  const registration = lms.register(course);
  const first = await lms.launch(registration);
  const s1 = await open(first);
  await goToPage(s1.page, QUIZ_PAGE);
  await answerAll(s1.page, SIXTY);
  await lms.waitForStatement(first.sessionId, VERB.failed);
  await closePage(s1);
  // What the earlier version kept: no failedAttempt (it sent failed when the session ended).
  const PROGRESS = 'https://w3id.org/xapi/leskit/state/progress';
  const { failedAttempt, ...old } = lms.stateDocuments(registration)[PROGRESS];
  assert.equal(failedAttempt, 1);
  lms.putStateDocument(registration, PROGRESS, { ...old, v: 1 });
  const second = await lms.launch(registration);
  const s2 = await open(second);
  assert.match(await resultText(s2.page), /60\s*%/);
  assert.equal(await s2.page.locator('#lk-retry').count(), 1, 'the new session offers the retry');
  await closePage(s2);
  const statements = await assertCleanRegistration(registration, [s1, s2]);
  assert.equal(only(statements, 'failed').length, 1, `failed once: ${statements.map(verbName).join(', ')}`);
});

test('failed in one session, passed after a retry in the next', { timeout: TEST_TIMEOUT }, async () => {
  const registration = lms.register(course);
  const first = await lms.launch(registration);
  const s1 = await open(first);
  await goToPage(s1.page, QUIZ_PAGE);
  await answerAll(s1.page, SIXTY);
  // Failed goes out at once; a close in the same instant can store terminated first (their
  // timestamps keep the order): see docs/reporting.md.
  await lms.waitForStatement(first.sessionId, VERB.failed);
  await closePage(s1);
  const second = await lms.launch(registration);
  const s2 = await open(second);
  assert.match(await resultText(s2.page), /60\s*%/, 'the second session shows the first one\'s result');
  await s2.page.locator('#lk-retry').click();
  await answerAll(s2.page, RIGHT);
  await lms.waitForStatement(second.sessionId, VERB.passed);
  await closePage(s2);
  const statements = await assertCleanRegistration(registration, [s1, s2]);
  const bySession = (id) => statements.filter((x) => sessionOf(x) === id && x.verb.id !== VERB.answered).map(verbName);
  assert.deepEqual(bySession(first.sessionId), ['launched', 'initialized', 'completed', 'failed', 'terminated']);
  assert.deepEqual(bySession(second.sessionId), ['launched', 'initialized', 'passed', 'terminated']);
});

test('a module without a quiz: moveOn Completed, no masteryScore, completed on the last page', { timeout: TEST_TIMEOUT }, async () => {
  const out = path.join(scratch, 'unscored-out');
  fs.mkdirSync(out);
  const [zip] = buildProject('tests/browser/fixtures/unscored', ['cmi5'], out);
  const unscored = lms.importCourse(unzip(path.join(out, zip), path.join(scratch, 'unscored')));
  assert.equal(unscored.aus[0].moveOn, 'Completed');
  assert.equal(unscored.aus[0].masteryScore, undefined);
  const registration = lms.register(unscored);
  const launch = await lms.launch(registration);
  const s = await open(launch);
  await goToPage(s.page, 1);
  await closePage(s);
  const again = await lms.launch(registration);
  const s2 = await open(again);
  assert.equal(await shownPage(s2.page), 1);
  await goToPage(s2.page, 2);
  await lms.waitForStatement(again.sessionId, VERB.completed);
  await closePage(s2);
  const statements = await assertCleanRegistration(registration, [s, s2]);
  assert.deepEqual(statements.map(verbName), ['launched', 'initialized', 'terminated', 'launched', 'initialized', 'completed', 'terminated'],
    'completed once the last page is shown, in the second session');
});
