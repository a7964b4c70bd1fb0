// `leskit preview` in Chromium: the module in the simulated LMS, the inspector, live reload, the
// overlay of diagnostics, the buttons, and each warning of the inspector triggered by a
// deliberately misbehaving SCO (tests/browser/preview/misbehaving/leskit.js).
//
//   node --test tests/browser/
//
// Uses $LESKIT_BIN when set, otherwise builds target/debug/leskit. No assertion here is about
// time: the waits poll, with generous timeouts as hang guards only.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO_ROOT } from './lib/leskit.mjs';
import { launchBrowser, WAIT } from './lib/session.mjs';
import { copyProject, startPreview, openPreview, waitForSession, moduleFrame, shownWarnings } from './preview/preview.mjs';

const TEST_TIMEOUT = 180_000; // hang guard
const MISBEHAVING = path.join(REPO_ROOT, 'tests/browser/preview/misbehaving');
const C = createRequire(import.meta.url)('../../src/preview/assets/checks.js');

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** The text of the inspector's value for one element. */
function valueOf(page, element) {
  return page.$eval(`#values tr[data-element="${element}"] td.value`, (td) => td.firstChild ? td.firstChild.textContent : '');
}

describe('the preview of the example module', () => {
  let project, preview, page, context, errors;
  const moduleFile = () => path.join(project.root, 'modules/voorbeeld.yaml');

  before(async () => {
    project = copyProject();
    preview = await startPreview(project.root);
    ({ page, context, errors } = await openPreview(browser, preview.url));
    // Set on the LMS page: still there after the module reloads means nobody reloaded the page.
    await page.evaluate(() => { window.notReloaded = true; });
  });
  after(async () => {
    await context?.close();
    if (preview) assert.equal(await preview.stop(), 0, 'leskit preview did not exit cleanly on Ctrl-C');
    project?.remove();
  });

  test('taking part of the quiz shows the calls, the values and the interactions', { timeout: TEST_TIMEOUT }, async () => {
    const frame = await moduleFrame(page);
    // To the page with the quiz.
    for (let i = 0; i < 5 && !(await frame.locator('.lk-question').first().isVisible()); i++) {
      await frame.click('[data-lk-nav="next"]');
    }
    const form = frame.locator('form.lk-question[data-kind="single"]').first();
    await form.locator('input').first().check();
    await form.locator('.lk-check').click();
    await frame.waitForSelector('form.lk-question[data-kind="single"] .lk-feedback:not([hidden])', WAIT);

    // The calls, as they happened.
    await page.waitForSelector('#calls li[data-name="LMSSetValue"]:has-text("cmi.interactions.0.id")', WAIT);
    const calls = await page.$$eval('#calls li[data-name]', (lis) => lis.map((li) => li.textContent));
    assert.match(calls[0], /^LMSInitialize\(""\) → "true"/);
    assert.ok(calls.some((c) => c.startsWith('LMSCommit("") → "true"')), calls.join('\n'));
    // The values the LMS holds.
    assert.equal(await valueOf(page, 'cmi.core.lesson_location'), 'oefenen');
    assert.equal(await valueOf(page, 'cmi.core.lesson_status'), 'incomplete');
    assert.equal(await valueOf(page, 'cmi.student_data.mastery_score'), '80');
    assert.match(await valueOf(page, 'cmi.suspend_data'), /^\d+ of 4,096 characters$/);
    // The interaction of the answered question.
    const row = await page.$$eval('#interactions tr', (trs) => trs.map((tr) => Array.from(tr.cells, (td) => td.textContent)));
    assert.equal(row.length, 1, JSON.stringify(row));
    assert.match(row[0][1], /^voorbeeld-quiz\./);
    assert.equal(row[0][2], 'choice');
    // leskit's own page shell gives a real LMS nothing to reject.
    assert.deepEqual(await shownWarnings(page), []);
    assert.deepEqual(errors, []);
  });

  test('saving the module updates the page without a reload', { timeout: TEST_TIMEOUT }, async () => {
    const session = await page.evaluate(() => window.leskitPreview.session.n);
    const text = fs.readFileSync(moduleFile(), 'utf8');
    fs.writeFileSync(moduleFile(), text.replace('title: Signalen herkennen (voorbeeld)', 'title: Signalen herkennen (bewerkt)'));
    await waitForSession(page, session + 1);
    const frame = await moduleFrame(page);
    await frame.waitForFunction(() => document.querySelector('.lk-module-title').textContent === 'Signalen herkennen (bewerkt)', null, WAIT);
    assert.equal(await page.evaluate(() => window.notReloaded), true, 'the LMS page was reloaded');
    // Relaunched as an LMS does: with the stored data, on the page the learner was on.
    assert.equal(await valueOf(page, 'cmi.core.entry'), 'resume');
    await frame.waitForFunction(() => !document.querySelector('section[data-page="oefenen"]').hidden, null, WAIT);
  });

  test('a broken file shows its diagnostics over the last good version', { timeout: TEST_TIMEOUT }, async () => {
    const text = fs.readFileSync(moduleFile(), 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('pass_mark:'));
    lines[at] = 'pass_mark: tachtig';
    fs.writeFileSync(moduleFile(), lines.join('\n'));

    await page.waitForSelector('#overlay:not([hidden]) #problems li', WAIT);
    const where = await page.textContent('#problems li .where');
    assert.match(where, new RegExp(`modules/voorbeeld\\.yaml:${at + 1}:\\d+$`));
    const message = await page.textContent('#problems li .message');
    assert.ok(message.length > 5, message);
    assert.match(await page.textContent('#problems li pre'), /tachtig/);
    // The last good version stays usable below.
    await page.click('#overlay-hide');
    const frame = await moduleFrame(page);
    assert.equal(await frame.textContent('.lk-module-title'), 'Signalen herkennen (bewerkt)');
    await page.click('#overlay-show');
    assert.equal(await page.isVisible('#overlay'), true);
    fs.writeFileSync(moduleFile(), text);
  });

  test('fixing the file clears the overlay', { timeout: TEST_TIMEOUT }, async () => {
    await page.waitForSelector('#overlay', { state: 'hidden', ...WAIT });
    assert.equal(await page.isVisible('#overlay-show'), false);
    assert.equal(await page.evaluate(() => window.notReloaded), true);
  });

  test('close and relaunch resumes; restart starts a new attempt', { timeout: TEST_TIMEOUT }, async () => {
    let session = await page.evaluate(() => window.leskitPreview.session.n);
    await page.click('#relaunch');
    session = await waitForSession(page, session + 1);
    assert.equal(await valueOf(page, 'cmi.core.entry'), 'resume');
    assert.equal(await valueOf(page, 'cmi.core.lesson_location'), 'oefenen');
    // The answer given before is still there.
    assert.equal(await page.$$eval('#interactions tr', (trs) => trs.length), 1);

    await page.click('#restart');
    await waitForSession(page, session + 1);
    assert.equal(await valueOf(page, 'cmi.core.entry'), 'ab-initio');
    assert.equal(await page.$$eval('#interactions tr', (trs) => trs.length), 0);
  });

  test('switching standard and language relaunches in the other run-time', { timeout: TEST_TIMEOUT }, async () => {
    let session = await page.evaluate(() => window.leskitPreview.session.n);
    await page.selectOption('#target', 'scorm2004');
    session = await waitForSession(page, session + 1);
    await page.waitForSelector('#calls li[data-name="Initialize"]', WAIT);
    let frame = await moduleFrame(page);
    assert.equal(await frame.getAttribute('body', 'data-standard'), 'scorm2004');
    assert.equal(await valueOf(page, 'cmi.scaled_passing_score'), '0.8');
    assert.match(page.url(), /target=scorm2004/);

    await page.selectOption('#lang', 'en');
    await waitForSession(page, session + 1);
    frame = await moduleFrame(page);
    assert.equal(await frame.getAttribute('html', 'lang'), 'en');
    assert.equal(await frame.textContent('[data-lk-nav="next"]'), 'Next');
    assert.deepEqual(await shownWarnings(page), []);
  });
});

describe('the inspector warns about a misbehaving SCO', () => {
  let project, preview, page, context;

  before(async () => {
    project = copyProject();
    preview = await startPreview(project.root, ['--templates', MISBEHAVING]);
    ({ page, context } = await openPreview(browser, preview.url));
  });
  after(async () => {
    await context?.close();
    await preview?.stop();
    project?.remove();
  });

  /** A new attempt of the SCO, then one misdeed; resolves with the warnings shown. */
  async function misbehave(what, { then, target = 'scorm12' } = {}) {
    if ((await page.inputValue('#target')) !== target) {
      const n = await page.evaluate(() => window.leskitPreview.session.n);
      await page.selectOption('#target', target);
      await waitForSession(page, n + 1);
    }
    const n = await page.evaluate(() => window.leskitPreview.session.n);
    await page.click('#restart');
    await waitForSession(page, n + 1);
    const frame = await moduleFrame(page, { cover: false });
    await frame.waitForFunction(() => window.sco && window.sco.started, null, WAIT);
    assert.deepEqual(await shownWarnings(page), [], 'a new attempt starts without warnings');
    await frame.evaluate((what) => window.sco.misbehave(what), what);
    if (then) await then();
    await page.waitForSelector(`#warnings li[data-warning="${what}"]`, WAIT);
    const li = page.locator(`#warnings li[data-warning="${what}"]`);
    // Each warning says what real LMSs do about it.
    assert.equal(await li.locator('.w-lms').textContent(), C.WARNINGS[what].lms);
    assert.match(await li.locator('.w-doc').textContent(), new RegExp(`docs/preview\\.md#${what}`));
    return { warnings: await shownWarnings(page), detail: await li.locator('.w-detail').textContent() };
  }

  test('suspend_data over the SCORM 1.2 limit', { timeout: TEST_TIMEOUT }, async () => {
    const { warnings, detail } = await misbehave('suspend-data-limit');
    assert.deepEqual(warnings, ['suspend-data-limit']);
    assert.match(detail, /5,000 characters; SCORM 1\.2 allows 4,096/);
  });

  test('a status contradicting the pass mark', { timeout: TEST_TIMEOUT }, async () => {
    const { warnings, detail } = await misbehave('status-contradicts-pass-mark');
    assert.deepEqual(warnings, ['status-contradicts-pass-mark']);
    assert.match(detail, /score 50 with the mastery score 80 means failed, but the status is passed/);
  });

  test('a status contradicting the pass mark, in SCORM 2004', { timeout: TEST_TIMEOUT }, async () => {
    const { warnings } = await misbehave('status-contradicts-pass-mark', { target: 'scorm2004' });
    assert.deepEqual(warnings, ['status-contradicts-pass-mark']);
  });

  test('no completion ever reported', { timeout: TEST_TIMEOUT }, async () => {
    const { warnings, detail } = await misbehave('no-completion');
    assert.deepEqual(warnings, ['no-completion']);
    assert.match(detail, /without ever setting cmi\.core\.lesson_status/);
  });

  test('an element of the other standard', { timeout: TEST_TIMEOUT }, async () => {
    const { warnings, detail } = await misbehave('other-standard');
    assert.deepEqual(warnings, ['other-standard']);
    assert.match(detail, /cmi\.completion_status belongs to SCORM 2004/);
    // scorm-again refused it too, and the call log says so.
    assert.match(await page.textContent('#calls li.error'), /error 401/);
  });

  test('a malformed session_time', { timeout: TEST_TIMEOUT }, async () => {
    const { warnings, detail } = await misbehave('session-time-syntax');
    assert.deepEqual(warnings, ['session-time-syntax']);
    assert.match(detail, /"PT50S" is not HHHH:MM:SS\.SS/);
  });

  test('a malformed session_time, in SCORM 2004', { timeout: TEST_TIMEOUT }, async () => {
    const { warnings, detail } = await misbehave('session-time-syntax', { target: 'scorm2004' });
    assert.deepEqual(warnings, ['session-time-syntax']);
    assert.match(detail, /"PT50S\.21S"/);
  });

  test('a malformed interaction value', { timeout: TEST_TIMEOUT }, async () => {
    const { warnings, detail } = await misbehave('interaction-syntax');
    assert.deepEqual(warnings, ['interaction-syntax']);
    assert.match(detail, /student_response = "abc": a choice response is single characters/);
  });

  test('an interaction description over 250 characters, in SCORM 2004', { timeout: TEST_TIMEOUT }, async () => {
    const { warnings, detail } = await misbehave('interaction-syntax', { target: 'scorm2004' });
    assert.deepEqual(warnings, ['interaction-syntax']);
    assert.match(detail, /at most 250 characters \(it has 301\)/);
  });

  test('score.max missing', { timeout: TEST_TIMEOUT }, async () => {
    const { warnings, detail } = await misbehave('score-max-missing');
    assert.deepEqual(warnings, ['score-max-missing']);
    assert.match(detail, /cmi\.core\.score\.max was never set/);
  });

  test('terminate on tab switch', { timeout: TEST_TIMEOUT }, async () => {
    const { warnings } = await misbehave('terminate-on-tab-switch', { then: () => page.click('#tabswitch') });
    assert.deepEqual(warnings, ['terminate-on-tab-switch']);
  });

  test('work left for unload', { timeout: TEST_TIMEOUT }, async () => {
    const { warnings, detail } = await misbehave('work-left-for-unload', { then: () => page.click('#relaunch') });
    assert.deepEqual(warnings, ['work-left-for-unload']);
    assert.match(detail, /during unload/);
  });
});

test('the syntax checks accept what the specifications allow', () => {
  for (const v of ['0000:00:50.21', '00:01:02', '9999:59:59.9']) assert.ok(C.sessionTime('scorm12', v), v);
  for (const v of ['PT50S', '0:0:50', '00:60:00', '00:00:50.211']) assert.ok(!C.sessionTime('scorm12', v), v);
  for (const v of ['PT1H2M3.45S', 'P1D', 'PT0S', 'P1Y2M3DT4H5M6S']) assert.ok(C.sessionTime('scorm2004', v), v);
  for (const v of ['PT50S.21S', 'P', 'PT', '00:00:50', 'PT1.234S']) assert.ok(!C.sessionTime('scorm2004', v), v);
  assert.equal(C.interactionProblem('scorm12', 'student_response', 'a,c', 'choice'), null);
  assert.equal(C.interactionProblem('scorm12', 'correct_responses.0.pattern', '{a,b}', 'choice'), null);
  assert.notEqual(C.interactionProblem('scorm12', 'student_response', 'optie-a', 'choice'), null);
  assert.equal(C.interactionProblem('scorm12', 'result', 'wrong'), null);
  assert.notEqual(C.interactionProblem('scorm12', 'result', 'incorrect'), null);
  assert.equal(C.interactionProblem('scorm2004', 'learner_response', 'a[,]c', 'choice'), null);
  assert.equal(C.interactionProblem('scorm2004', 'timestamp', '2026-05-01T10:20:30'), null);
  assert.notEqual(C.interactionProblem('scorm2004', 'timestamp', '10:20:30'), null);
  assert.equal(C.standardOf('cmi.core.lesson_status'), 'scorm12');
  assert.equal(C.standardOf('cmi.interactions.3.learner_response'), 'scorm2004');
  assert.equal(C.standardOf('cmi.suspend_data'), null);
});
