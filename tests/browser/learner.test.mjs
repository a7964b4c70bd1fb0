// The learner's experience of a leskit package (issue #3), in the test LMS
// (scorm-again, SCORM 1.2 and 2004) and standalone, in headless Chromium:
// passing, failing and retrying, resuming, a failing LMS, switching tabs and
// closing, the LMS's own pass mark, and the 4,096-character bound of SCORM 1.2
// suspend_data in a real session. Every value the package writes is held
// against the specifications' syntax (lib/spec.mjs), since scorm-again is
// lenient.
//
//   node --test tests/browser/learner.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, buildProject, buildUnpacked, unzip } from './lib/leskit.mjs';
import { launchBrowser, WAIT } from './lib/session.mjs';
import { API_NAMES, assertNoApiErrors, describeCalls } from './lib/assertions.mjs';
import {
  answer, goToPage, moduleData, noticeText, openInLms, openStandalone, pageCount, questionView,
  passCover, resultText, resumeSeed, servePackage, shownPage, step,
} from './lib/learner.mjs';
import { assertFinishedOnce, assertValuesValid, lastSet, setValues, storedInteractions } from './lib/spec.mjs';
import { writeBoundProject } from './lib/bound-project.mjs';

const STANDARDS = ['scorm12', 'scorm2004'];
const TEST_TIMEOUT = 300_000; // hang guard
const QUIZ = 'voorbeeld-quiz';
const QUIZ_PAGE = 2; // examples/minimal: welkom, signalen, oefenen

// The example's quiz: 5 points (multiple 1, true-false 1, single 1, scenario 2).
const RIGHT = { 'welke-signalen': ['a', 'b'], 'alleen-signaal': 'false', 'wat-doe-je': 'b', gesprek: ['thuis', 'advies'] };
const WRONG = { 'welke-signalen': ['a', 'c'], 'alleen-signaal': 'true', 'wat-doe-je': 'a', gesprek: ['thuis', 'wachten'] };
// 3 of 5 points: 60 %, under the module's pass mark of 80.
const SIXTY = { 'welke-signalen': ['a', 'b'], 'alleen-signaal': 'true', 'wat-doe-je': 'b', gesprek: ['direct'] };

let browser;
let scratch;
const packages = {};

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-learner-'));
  Object.assign(packages, buildUnpacked('examples/minimal', STANDARDS, scratch));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

const statusOf = (std) => API_NAMES[std].status;
const is12 = (std) => std === 'scorm12';
const el = (std, v12, v2004) => (is12(std) ? v12 : v2004);

async function answerAll(sco, answers) {
  for (const [id, choice] of Object.entries(answers)) await answer(sco, QUIZ, id, choice);
}

/** What any session must show: valid values, one Terminate, no errors anywhere. */
async function assertCleanSession(s) {
  const calls = await s.calls();
  assertValuesValid(calls, s.std);
  assertFinishedOnce(calls, s.std);
  const logs = await s.page.evaluate(() => window.lkTest.logs);
  assertNoApiErrors(logs, calls);
  assert.deepEqual(s.pageErrors, [], 'uncaught errors in the page');
  assert.deepEqual(s.consoleErrors, [], 'console errors');
  assert.deepEqual(s.server.requests.filter((r) => r.status >= 400), [], 'requests for files the package lacks');
  return calls;
}

/** Interaction fields by id, as stored. */
function byId(cmi) {
  return Object.fromEntries(storedInteractions(cmi).map((i) => [i.id, i]));
}

for (const std of STANDARDS) {
  test(`${std}: a learner who answers well passes, with every value reported in the standard's syntax`, { timeout: TEST_TIMEOUT }, async () => {
    const s = await openInLms(browser, { std, packageDir: packages[std] });
    try {
      const pages = await pageCount(s.sco);
      await goToPage(s.sco, QUIZ_PAGE);
      const beforeQuiz = (await s.calls()).length;
      await answerAll(s.sco, RIGHT);
      assert.match(await resultText(s.sco), /100 %/);
      const cmi = await s.cmi();
      await s.leave();
      const calls = await assertCleanSession(s);

      // Status: incomplete while anything is open, then passed (1.2) / completed + passed (2004).
      const statuses = setValues(calls, std, statusOf(std));
      if (is12(std)) {
        assert.deepEqual([...new Set(statuses.slice(0, -1))], ['incomplete'], `1.2 status while in progress: ${statuses}`);
        assert.equal(statuses[statuses.length - 1], 'passed');
      } else {
        const before = setValues(calls.slice(0, beforeQuiz), std, 'cmi.completion_status');
        // Completed once every question is answered (and the last page reached), not before.
        assert.deepEqual([...new Set(before)], ['incomplete'], `not completed before the questions are answered: ${before}`);
        assert.equal(lastSet(calls, std, 'cmi.completion_status'), 'completed');
        const success = setValues(calls, std, 'cmi.success_status');
        assert.deepEqual([...new Set(success.slice(0, -1))], ['unknown'], `success while questions are open: ${success}`);
        assert.equal(success[success.length - 1], 'passed');
        assert.equal(lastSet(calls, std, 'cmi.score.scaled'), '1');
        const progress = setValues(calls, std, 'cmi.progress_measure').map(Number);
        assert.deepEqual(progress, [...progress].sort((a, b) => a - b), `progress_measure only grows: ${progress}`);
        assert.equal(progress[progress.length - 1], 1);
      }
      assert.equal(lastSet(calls, std, el(std, 'cmi.core.score.raw', 'cmi.score.raw')), '100');
      assert.equal(lastSet(calls, std, el(std, 'cmi.core.score.min', 'cmi.score.min')), '0');
      assert.equal(lastSet(calls, std, el(std, 'cmi.core.score.max', 'cmi.score.max')), '100');
      assert.deepEqual(setValues(calls, std, el(std, 'cmi.core.lesson_location', 'cmi.location')).slice(0, pages),
        ['welkom', 'signalen', 'oefenen'], 'location follows the pages');
      assert.equal(lastSet(calls, std, el(std, 'cmi.core.exit', 'cmi.exit')), el(std, '', 'normal'), 'exit after a pass');
      // exit and the running session time go with every commit, not only at pagehide.
      const commits = calls.filter((c) => c.name === API_NAMES[std].commit).length;
      const times = setValues(calls, std, el(std, 'cmi.core.session_time', 'cmi.session_time'));
      assert.ok(times.length >= commits - 1 && times.length > 2, `session time with every commit (${times.length} for ${commits} commits)`);
      const exits = setValues(calls, std, el(std, 'cmi.core.exit', 'cmi.exit'));
      assert.equal(exits[0], 'suspend', 'exit is suspend from the first commit on');

      // One interaction per question and per decision, with the right responses.
      const got = byId(cmi);
      const want12 = {
        'voorbeeld-quiz.welke-signalen': ['choice', 'a,b', 'a,b', 'correct', '1'],
        'voorbeeld-quiz.alleen-signaal': ['true-false', 'f', 'f', 'correct', '1'],
        'voorbeeld-quiz.wat-doe-je': ['choice', 'b', 'b', 'correct', '1'],
        'voorbeeld-quiz.gesprek.begin': ['choice', 'a', 'a', 'correct', '0'],
        'voorbeeld-quiz.gesprek.vervolg': ['choice', 'a', 'a', 'correct', '0'],
        // The scenario as a whole: its ending (goed is the second ending in id order: dicht, goed, te-laat).
        'voorbeeld-quiz.gesprek': ['choice', 'b', 'b', 'correct', '2'],
      };
      const want2004 = {
        'voorbeeld-quiz.welke-signalen': ['choice', 'a[,]b', 'a[,]b', 'correct', '1'],
        'voorbeeld-quiz.alleen-signaal': ['true-false', 'false', 'false', 'correct', '1'],
        'voorbeeld-quiz.wat-doe-je': ['choice', 'b', 'b', 'correct', '1'],
        'voorbeeld-quiz.gesprek.begin': ['choice', 'thuis', 'thuis', 'correct', '0'],
        'voorbeeld-quiz.gesprek.vervolg': ['choice', 'advies', 'advies', 'correct', '0'],
        'voorbeeld-quiz.gesprek': ['choice', 'goed', 'goed', 'correct', '2'],
      };
      const want = el(std, want12, want2004);
      assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), 'one interaction per question and decision');
      for (const [id, [type, response, pattern, result, weighting]] of Object.entries(want)) {
        const i = got[id];
        assert.deepEqual(
          [i.type, i[el(std, 'student_response', 'learner_response')], i['correct_responses.0.pattern'], i.result, Number(i.weighting)],
          [type, response, pattern, result, Number(weighting)], `interaction ${id}`);
        assert.ok(i.latency, `interaction ${id} has a latency`);
        if (!is12(std)) assert.ok(i.description && i.description.length <= 250, `interaction ${id} has a description`);
      }
    } finally {
      await s.close();
    }
  });

  test(`${std}: a learner who answers badly fails, sees what to review, retries later and passes`, { timeout: TEST_TIMEOUT }, async () => {
    const first = await openInLms(browser, { std, packageDir: packages[std] });
    let seed;
    let firstCount;
    try {
      await goToPage(first.sco, QUIZ_PAGE);
      await answerAll(first.sco, WRONG);
      const data = await moduleData(first.sco);
      const S = data.strings;
      const result = await resultText(first.sco);
      assert.ok(result.includes(S.failed), `the result says the learner failed: ${result}`);
      assert.ok(result.includes(S.review), `the result says what to review: ${result}`);
      // The signals the missed questions train, each linking to the page that explains it.
      const review = await first.sco.locator('#lk-result li a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
      assert.deepEqual(review.map((r) => r[1]), ['#p-signalen', '#p-signalen'], `review links: ${JSON.stringify(review)}`);
      assert.equal(await first.sco.locator('#lk-retry').count(), 1, 'a retry is offered');
      const cmi = await first.cmi();
      await first.leave();
      const calls = await assertCleanSession(first);
      assert.equal(lastSet(calls, std, el(std, 'cmi.core.score.raw', 'cmi.score.raw')), '0');
      if (is12(std)) {
        assert.equal(lastSet(calls, std, 'cmi.core.lesson_status'), 'failed');
      } else {
        assert.equal(lastSet(calls, std, 'cmi.completion_status'), 'completed');
        assert.equal(lastSet(calls, std, 'cmi.success_status'), 'failed');
      }
      assert.equal(lastSet(calls, std, el(std, 'cmi.core.exit', 'cmi.exit')), 'suspend', 'a failed learner with a retry left suspends');
      for (const i of storedInteractions(cmi)) {
        assert.ok(['wrong', 'incorrect'].includes(i.result) || i.id.endsWith('.begin'), `interaction ${i.id}: ${i.result}`);
      }
      firstCount = storedInteractions(cmi).length;
      seed = resumeSeed(std, cmi, calls);
    } finally {
      await first.close();
    }

    // Back the next day, in a fresh browser: the result and the review are there.
    const again = await openInLms(browser, { std, packageDir: packages[std], seed });
    try {
      assert.equal(await shownPage(again.sco), QUIZ_PAGE, 'resumes on the quiz page');
      const S = (await moduleData(again.sco)).strings;
      assert.ok((await resultText(again.sco)).includes(S.failed));
      // Following a review link opens the page and puts focus on its heading.
      await again.sco.locator('#lk-result li a').first().click();
      await again.sco.waitForFunction(() => document.activeElement && document.activeElement.id === 'p-signalen-title', null, WAIT);
      assert.equal(await shownPage(again.sco), 1);
      await goToPage(again.sco, QUIZ_PAGE);
      await again.sco.locator('#lk-retry').click();
      await again.sco.waitForFunction(() => document.activeElement && document.activeElement.id === 'p-oefenen-title', null, WAIT);
      for (const id of Object.keys(RIGHT)) {
        const view = await questionView(again.sco, QUIZ, id);
        assert.equal(view.feedback, null, `${id} is open again after the retry`);
        assert.deepEqual(view.checked, [], `${id} has no answer after the retry`);
      }
      await answerAll(again.sco, RIGHT);
      assert.ok((await resultText(again.sco)).includes(S.passed));
      const cmi = await again.cmi();
      await again.leave();
      const calls = await assertCleanSession(again);
      assert.equal(lastSet(calls, std, el(std, 'cmi.core.lesson_status', 'cmi.success_status')), 'passed');
      assert.equal(lastSet(calls, std, el(std, 'cmi.core.score.raw', 'cmi.score.raw')), '100');
      assert.equal(lastSet(calls, std, el(std, 'cmi.core.exit', 'cmi.exit')), el(std, '', 'normal'));
      // The retry adds records with .r2 after the first attempt's, which stay.
      const all = storedInteractions(cmi);
      assert.equal(all.length, firstCount * 2);
      assert.ok(all.slice(0, firstCount).every((i) => !/\.r\d+$/.test(i.id)));
      assert.ok(all.slice(firstCount).every((i) => i.id.endsWith('.r2')), all.slice(firstCount).map((i) => i.id).join(', '));
      assert.ok(all.slice(firstCount).every((i) => i.result === 'correct'));
    } finally {
      await again.close();
    }
  });

  test(`${std}: a learner who leaves halfway resumes in a fresh browser on the same page, answers shown`, { timeout: TEST_TIMEOUT }, async () => {
    const first = await openInLms(browser, { std, packageDir: packages[std] });
    let seed;
    try {
      await goToPage(first.sco, QUIZ_PAGE);
      await answer(first.sco, QUIZ, 'welke-signalen', ['a', 'b']);
      await answer(first.sco, QUIZ, 'alleen-signaal', 'false');
      await answer(first.sco, QUIZ, 'gesprek', ['thuis']);
      const cmi = await first.cmi();
      await first.leave();
      const calls = await assertCleanSession(first);
      assert.equal(lastSet(calls, std, el(std, 'cmi.core.exit', 'cmi.exit')), 'suspend');
      if (is12(std)) assert.equal(lastSet(calls, std, 'cmi.core.lesson_status'), 'incomplete');
      else assert.equal(lastSet(calls, std, 'cmi.success_status'), 'unknown');
      seed = resumeSeed(std, cmi, calls);
    } finally {
      await first.close();
    }

    const again = await openInLms(browser, { std, packageDir: packages[std], seed });
    try {
      assert.equal(await shownPage(again.sco), QUIZ_PAGE, 'opens on the page the learner left');
      const welke = await questionView(again.sco, QUIZ, 'welke-signalen');
      assert.deepEqual(welke.checked, ['a', 'b']);
      assert.deepEqual(welke.enabled, []);
      assert.ok(welke.feedback, 'feedback of an earlier answer is shown');
      const stelling = await questionView(again.sco, QUIZ, 'alleen-signaal');
      assert.deepEqual(stelling.checked, ['false']);
      assert.ok(stelling.feedback);
      const open = await questionView(again.sco, QUIZ, 'wat-doe-je');
      assert.deepEqual(open.checked, []);
      assert.equal(open.feedback, null);
      assert.deepEqual(open.enabled, ['a', 'b'], 'an unanswered question is open');
      const scenario = await questionView(again.sco, QUIZ, 'gesprek');
      assert.deepEqual(scenario.checked, ['thuis'], 'the decision taken is shown');
      assert.deepEqual(scenario.enabled, ['advies', 'wachten'], 'the scenario continues at the next step');

      await answer(again.sco, QUIZ, 'wat-doe-je', 'b');
      await answer(again.sco, QUIZ, 'gesprek', ['advies']);
      assert.match(await resultText(again.sco), /100 %/);
      const cmi = await again.cmi();
      await again.leave();
      const calls = await assertCleanSession(again);
      assert.equal(lastSet(calls, std, el(std, 'cmi.core.lesson_status', 'cmi.success_status')), 'passed');
      // The new records follow the stored ones: the same attempt, so no suffix.
      assert.deepEqual(storedInteractions(cmi).map((i) => i.id), [
        'voorbeeld-quiz.welke-signalen', 'voorbeeld-quiz.alleen-signaal', 'voorbeeld-quiz.gesprek.begin',
        'voorbeeld-quiz.wat-doe-je', 'voorbeeld-quiz.gesprek.vervolg', 'voorbeeld-quiz.gesprek',
      ]);
    } finally {
      await again.close();
    }
  });

  test(`${std}: the LMS's pass mark decides pass or fail`, { timeout: TEST_TIMEOUT }, async () => {
    const mastery = el(std, { 'cmi.student_data.mastery_score': '50' }, { 'cmi.scaled_passing_score': '0.5' });
    for (const [seed, passes, mark] of [[undefined, false, '80 %'], [mastery, true, '50 %']]) {
      const s = await openInLms(browser, { std, packageDir: packages[std], seed });
      try {
        await goToPage(s.sco, QUIZ_PAGE);
        await answerAll(s.sco, SIXTY);
        const S = (await moduleData(s.sco)).strings;
        const result = await resultText(s.sco);
        assert.ok(result.includes('60 %') && result.includes(mark), `score 60 %, pass mark ${mark}: ${result}`);
        assert.ok(result.includes(passes ? S.passed : S.failed), result);
        await s.leave();
        const calls = await assertCleanSession(s);
        assert.equal(lastSet(calls, std, el(std, 'cmi.core.lesson_status', 'cmi.success_status')), passes ? 'passed' : 'failed',
          `with ${seed ? JSON.stringify(seed) : 'no pass mark from the LMS'}`);
      } finally {
        await s.close();
      }
    }
  });

  test(`${std}: an LMS that refuses to save for a while loses nothing`, { timeout: TEST_TIMEOUT }, async () => {
    const s = await openInLms(browser, { std, packageDir: packages[std] });
    try {
      const S = (await moduleData(s.sco)).strings;
      await s.setFailing(true);
      await goToPage(s.sco, QUIZ_PAGE);
      await answerAll(s.sco, RIGHT);
      await s.sco.waitForFunction((text) => {
        const n = document.getElementById('lk-notice');
        return !n.hidden && n.textContent.includes(text);
      }, S.lms_error, WAIT);
      assert.equal(await s.sco.locator('#lk-notice').getAttribute('role'), 'status', 'the notice is announced politely');
      const failed = (await s.calls()).filter((c) => c.failed);
      assert.ok(failed.some((c) => c.name === API_NAMES[std].commit), 'the SCO tried to commit while the LMS failed');
      // Nothing the learner did reached the LMS yet.
      assert.equal(storedInteractions(await s.cmi()).length, 0);

      const recoveredAt = (await s.calls()).length;
      await s.setFailing(false);
      // The shell retries by itself, without the learner doing anything.
      await s.page.waitForFunction(({ from, commit }) => window.lkTest.calls.slice(from).some((c) => c.name === commit && c.ret === 'true'),
        { from: recoveredAt, commit: API_NAMES[std].commit }, WAIT);
      await s.sco.waitForFunction(() => document.getElementById('lk-notice').hidden, null, WAIT);

      const cmi = await s.cmi();
      const calls = await s.calls();
      const ids = storedInteractions(cmi).map((i) => i.id);
      assert.deepEqual(ids, ['welke-signalen', 'alleen-signaal', 'wat-doe-je', 'gesprek.begin', 'gesprek.vervolg', 'gesprek'].map((i) => `${QUIZ}.${i}`),
        `every answer reached the LMS, in order\n${describeCalls(calls)}`);
      assert.equal(cmi[el(std, 'cmi.core.lesson_status', 'cmi.success_status')], 'passed');
      assert.equal(cmi[el(std, 'cmi.core.score.raw', 'cmi.score.raw')], '100');
      assert.equal(cmi[el(std, 'cmi.core.lesson_location', 'cmi.location')], 'oefenen');
      const tried = setValues(calls.map((c) => ({ ...c, ret: 'true' })), std, 'cmi.suspend_data');
      assert.equal(cmi['cmi.suspend_data'], tried[tried.length - 1], 'the latest resume state is stored');
      await s.leave();
      await assertCleanSession(s);
    } finally {
      await s.close();
    }
  });

  test(`${std}: switching tabs keeps the session; closing the window commits and terminates once`, { timeout: TEST_TIMEOUT }, async () => {
    // The SCO in a window of its own (the LMS opened it), so that the learner can really close it.
    const s = await openInLms(browser, { std, packageDir: packages[std], popup: true });
    try {
      const n = API_NAMES[std];
      await step(s.sco, 'next');
      for (const state of ['hidden', 'visible', 'hidden', 'visible']) {
        const from = (await s.calls()).length;
        await s.sco.evaluate((state) => {
          Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
          Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
          document.dispatchEvent(new Event('visibilitychange'));
        }, state);
        const after = (await s.calls()).slice(from);
        if (state === 'hidden') assert.ok(after.some((c) => c.name === n.commit && c.ret === 'true'), 'hiding the page commits');
        assert.ok(!after.some((c) => c.name === n.finish), `no ${n.finish} on visibilitychange`);
      }
      await s.sco.evaluate(() => { delete document.visibilityState; delete document.hidden; });
      // Still alive: the learner goes on, and the LMS accepts it.
      await step(s.sco, 'next');
      const live = await s.calls();
      assert.equal(lastSet(live, std, el(std, 'cmi.core.lesson_location', 'cmi.location')), 'oefenen');
      assert.ok(!live.some((c) => c.name === n.finish));

      await s.leave(); // closes the SCO's window: pagehide
      const calls = await assertCleanSession(s);
      assert.equal(lastSet(calls, std, el(std, 'cmi.core.exit', 'cmi.exit')), 'suspend');
    } finally {
      await s.close();
    }
  });
}

for (const std of STANDARDS) {
  test(`${std}: the last attempt offers no retry and says why; its records fit the LMS's ids`, { timeout: TEST_TIMEOUT }, async () => {
    // A learner who failed: the saved state, resumed at a later attempt.
    const first = await openInLms(browser, { std, packageDir: packages[std] });
    let seed;
    let limits;
    let S;
    try {
      await goToPage(first.sco, QUIZ_PAGE);
      await answerAll(first.sco, WRONG);
      ({ limits, strings: S } = await moduleData(first.sco));
      const cmi = await first.cmi();
      await first.leave();
      seed = resumeSeed(std, cmi, await first.calls());
    } finally {
      await first.close();
    }
    assert.equal(limits.attempts, 99, 'the build embeds the attempt cap');
    assert.equal(limits.interactionId, 64);
    assert.equal(limits.suspendData, el(std, 4096, 64000));
    const atAttempt = (n) => ({ ...seed, 'cmi.suspend_data': seed['cmi.suspend_data'].replace(/^3\|\d+\|/, `3|${n}|`) });
    const capped = S.retry_limit.replace('{n}', String(limits.attempts));

    // One attempt left: the retry is offered; failed again, it is not, and the page says why.
    const last = await openInLms(browser, { std, packageDir: packages[std], seed: atAttempt(limits.attempts - 1) });
    try {
      assert.ok((await resultText(last.sco)).includes(S.failed));
      assert.equal(await last.sco.locator('#lk-retry').count(), 1, 'the last attempt is still offered');
      await last.sco.locator('#lk-retry').click();
      await answerAll(last.sco, WRONG);
      const result = await resultText(last.sco);
      assert.ok(result.includes(S.failed), result);
      assert.equal(await last.sco.locator('#lk-retry').count(), 0, 'a retry is offered beyond the last attempt');
      assert.equal((await last.sco.locator('#lk-result .lk-retry-limit').textContent()).trim(), capped);
      const cmi = await last.cmi();
      await last.leave();
      const calls = await assertCleanSession(last);
      // Nothing left to do: the learner leaves normally, not suspended for a retry.
      assert.equal(lastSet(calls, std, el(std, 'cmi.core.exit', 'cmi.exit')), el(std, '', 'normal'));
      assert.match(lastSet(calls, std, 'cmi.suspend_data'), new RegExp(`^3\\|${limits.attempts}\\|`));
      const ids = storedInteractions(cmi).map((i) => i.id).filter((id) => id.endsWith(`.r${limits.attempts}`));
      assert.ok(ids.length >= Object.keys(WRONG).length, ids.join(', '));
      for (const id of ids) assert.ok(id.length <= limits.interactionId, id);
    } finally {
      await last.close();
    }

    // Resumed at the cap: the result, no retry, the reason.
    const again = await openInLms(browser, { std, packageDir: packages[std], seed: atAttempt(limits.attempts) });
    try {
      assert.ok((await resultText(again.sco)).includes(S.failed));
      assert.equal(await again.sco.locator('#lk-retry').count(), 0, 'a retry is offered at the cap');
      assert.equal((await again.sco.locator('#lk-result .lk-retry-limit').textContent()).trim(), capped);
      await again.leave();
      await assertCleanSession(again);
    } finally {
      await again.close();
    }
  });
}

for (const std of STANDARDS) {
  test(`${std}: a module without a quiz is completed by reaching its last page, with no score`, { timeout: TEST_TIMEOUT }, async () => {
    const out = path.join(scratch, `unscored-${std}`);
    fs.mkdirSync(out);
    const [zip] = buildProject(path.join(REPO_ROOT, 'tests/browser/fixtures/unscored'), [std], out);
    const s = await openInLms(browser, { std, packageDir: unzip(path.join(out, zip), path.join(out, 'pkg')) });
    try {
      const pages = await pageCount(s.sco);
      await goToPage(s.sco, pages - 2);
      const before = await s.calls();
      await goToPage(s.sco, pages - 1);
      await s.leave();
      const calls = await assertCleanSession(s);
      const status = statusOf(std);
      assert.deepEqual([...new Set(setValues(before, std, status))], ['incomplete'], 'incomplete before the last page');
      assert.equal(lastSet(calls, std, status), 'completed', 'completed once the last page is reached');
      assert.equal(lastSet(calls, std, el(std, 'cmi.core.exit', 'cmi.exit')), el(std, '', 'normal'));
      for (const element of el(std, ['cmi.core.score.raw'], ['cmi.score.raw', 'cmi.score.scaled', 'cmi.success_status'])) {
        assert.equal(setValues(calls, std, element).length, 0, `a module with nothing to score sets no ${element}`);
      }
      if (!is12(std)) assert.equal(lastSet(calls, std, 'cmi.progress_measure'), '1');
    } finally {
      await s.close();
    }
  });
}

test('standalone: progress kept in this browser only, with a notice, a way to clear it, and cleared after completion', { timeout: TEST_TIMEOUT }, async () => {
  const server = await servePackage(packages.scorm12);
  const context = await browser.newContext();
  try {
    const first = await openStandalone(context, server);
    const S = (await moduleData(first.sco)).strings;
    const notice = await noticeText(first.sco);
    assert.ok(notice && notice.includes(S.no_lms), `the "no LMS" notice: ${notice}`);
    const clear = first.sco.locator('#lk-notice button');
    assert.equal(await clear.textContent(), S.clear_progress);
    await goToPage(first.sco, QUIZ_PAGE);
    await answer(first.sco, QUIZ, 'welke-signalen', ['a', 'b']);
    await answer(first.sco, QUIZ, 'gesprek', ['thuis']);
    await first.page.close({ runBeforeUnload: true });

    const second = await openStandalone(context, server);
    assert.equal(await shownPage(second.sco), QUIZ_PAGE, 'resumes on the page the learner left');
    assert.deepEqual((await questionView(second.sco, QUIZ, 'welke-signalen')).checked, ['a', 'b']);
    assert.ok((await questionView(second.sco, QUIZ, 'welke-signalen')).feedback);
    assert.deepEqual((await questionView(second.sco, QUIZ, 'gesprek')).enabled, ['advies', 'wachten']);
    // "Clear my progress" starts afresh.
    await Promise.all([second.page.waitForEvent('load', WAIT), second.sco.locator('#lk-notice button').click()]);
    assert.equal(await passCover(second.sco), S.cover_begin, 'the cover offers a fresh start');
    assert.equal(await shownPage(second.sco), 0, 'a fresh start on the first page');
    assert.equal((await questionView(second.sco, QUIZ, 'welke-signalen')).feedback, null);

    // Finishing the module clears what was kept (shared workstations).
    await goToPage(second.sco, QUIZ_PAGE);
    const key = await second.sco.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith('leskit:')));
    assert.ok(key, 'progress is kept while the module is under way');
    await answerAll(second.sco, RIGHT);
    assert.ok((await resultText(second.sco)).includes(S.passed));
    assert.equal(await second.sco.evaluate((k) => localStorage.getItem(k), key), null, 'cleared after completion');
    await second.page.close({ runBeforeUnload: true });
    const third = await openStandalone(context, server);
    assert.equal(await shownPage(third.sco), 0);
    assert.deepEqual([...first.pageErrors, ...second.pageErrors, ...third.pageErrors], []);
    assert.deepEqual([...first.consoleErrors, ...second.consoleErrors, ...third.consoleErrors], []);
  } finally {
    await context.close();
    await server.close();
  }
});

test('scorm12: 100 questions in the worst case keep suspend_data within 4,096 characters, after a retry', { timeout: TEST_TIMEOUT }, async (t) => {
  const project = writeBoundProject(path.join(scratch, 'bound'));
  const out = path.join(scratch, 'bound-out');
  fs.mkdirSync(out);
  const [zip] = buildProject(project.dir, ['scorm12'], out);
  const dir = unzip(path.join(out, zip), path.join(scratch, 'bound-pkg'));
  const s = await openInLms(browser, { std: 'scorm12', packageDir: dir, lightCommit: true });
  try {
    // Every page seen, then every question answered: each multiple-response question with all 26
    // options chosen (wrong: half are right), each scenario stopped at once (a poor ending) the
    // first time, and along its 26 steps (a good ending) after the retry. Done in the page (clicks
    // on the real controls) for speed.
    const takeEverything = (longest) => s.sco.evaluate(async (longest) => {
      const tick = () => new Promise((r) => setTimeout(r, 0));
      const next = document.querySelector('[data-lk-nav="next"]');
      while (!next.disabled) { next.click(); }
      for (const form of document.querySelectorAll('form.lk-question')) {
        const check = form.querySelector('.lk-check');
        if (form.dataset.kind === 'multiple') {
          form.querySelectorAll('input').forEach((i) => { if (!i.checked) i.click(); });
          check.click();
        } else {
          for (let guard = 0; !check.hidden && guard < 100; guard++) {
            const open = Array.from(form.querySelectorAll('fieldset.lk-step:not([hidden]) input:not([disabled])'));
            open[longest ? open.length - 1 : 0].click();
            check.click();
          }
        }
        await tick();
      }
    }, longest);
    await takeEverything(false);
    const S = (await moduleData(s.sco)).strings;
    assert.ok((await resultText(s.sco)).includes(S.failed), 'the first attempt fails');
    await s.sco.locator('#lk-retry').click();
    await takeEverything(true);
    assert.ok((await resultText(s.sco)).includes(S.passed), 'the retry passes (90 %)');
    await s.leave();

    const calls = await s.calls();
    const states = setValues(calls, 'scorm12', 'cmi.suspend_data');
    const longest = Math.max(...states.map((v) => v.length));
    assert.ok(longest <= 4096, `suspend_data reached ${longest} characters`);
    const last = states[states.length - 1];
    const [, attempt, , seen, answers] = last.split('|');
    assert.equal(attempt, '2', 'the state after the retry');
    assert.equal(seen.length, project.pages * 2, 'every page is in the state');
    assert.equal(answers.split('.').length, project.questions, 'every answer is in the state');
    assert.ok(longest > 3000, `the worst case should come near the bound, was ${longest}`);
    assertValuesValid(calls, 'scorm12');
    assertFinishedOnce(calls, 'scorm12');
    assertNoApiErrors(await s.page.evaluate(() => window.lkTest.logs.filter((l) => l.level >= 4)), calls);
    assert.deepEqual(s.pageErrors, []);
    t.diagnostic(`suspend_data for ${project.questions} questions and ${project.pages} pages: at most ${longest} characters`);
  } finally {
    await s.close();
  }
});
