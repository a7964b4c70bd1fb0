// leskit's packages under the behaviour of real LMS run-times (issue #13), switched on in the
// test LMS (tests/browser/lms/lms.html): Moodle's value patterns and its review-mode relaunch,
// Open edX's "" answers, and an LMS whose synchronous commits are lost while the page goes
// away. What counts is what reached the LMS (lkTest.stored), not what the page tried to send.
//
//   node --test tests/browser/field.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, buildProject, unzip } from './lib/leskit.mjs';
import { launchBrowser } from './lib/session.mjs';
import { describeCalls } from './lib/assertions.mjs';
import { moduleData, noticeText, openInLms, questionView, resultText, servePackage, storedSeed } from './lib/learner.mjs';
import { answerEach, interactionIds, questionsOf, rightAnswer, showPage, wrongAnswer } from './lib/answers.mjs';
import { storedInteractions } from './lib/spec.mjs';

const STANDARDS = ['scorm12', 'scorm2004'];
const TEST_TIMEOUT = 300_000; // hang guard
const MODULE = 'signalen-herkennen';

let browser;
let scratch;
const servers = {};

// The other bundled modules, each taken once per standard under every profile at once.
const OTHERS = ['handelen-en-verwijzen', 'in-gesprek', 'wat-is-achterlating', 'wettelijk-kader'];
const ALL = { values: 'moodle', answers: 'edx', unload: 'lose' };
const others = {};

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-field-'));
  const project = path.join(scratch, 'project');
  fs.mkdirSync(project);
  for (const dir of ['content', 'quizzes', 'modules']) fs.cpSync(path.join(REPO_ROOT, dir), path.join(project, dir), { recursive: true });
  const out = path.join(scratch, 'out');
  fs.mkdirSync(out);
  const zips = buildProject(project, STANDARDS, out);
  for (const name of [MODULE, ...OTHERS]) {
    for (const std of STANDARDS) {
      const zip = zips.find((z) => z.startsWith(`${name}-`) && z.endsWith(`-${std}.zip`));
      assert.ok(zip, `no ${std} package of ${name} among ${zips.join(', ')}`);
      const server = await servePackage(unzip(path.join(out, zip), path.join(scratch, `${name}-${std}`)));
      if (name === MODULE) servers[std] = server;
      else (others[name] ??= {})[std] = server;
    }
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const s of [...Object.values(servers), ...Object.values(others).flatMap(Object.values)]) await s.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

const is12 = (std) => std === 'scorm12';

/** What the LMS must hold after a passed module. */
function assertPassed(std, stored, calls) {
  const why = `\n${JSON.stringify(stored, null, 1).slice(0, 3000)}\n${describeCalls(calls).slice(-3000)}`;
  if (is12(std)) {
    assert.equal(stored['cmi.core.lesson_status'], 'passed', `lesson_status${why}`);
    assert.equal(stored['cmi.core.score.raw'], '100', `score${why}`);
  } else {
    assert.equal(stored['cmi.completion_status'], 'completed', `completion_status${why}`);
    assert.equal(stored['cmi.success_status'], 'passed', `success_status${why}`);
    assert.equal(stored['cmi.score.scaled'], '1', `score.scaled${why}`);
    assert.equal(stored['cmi.score.raw'], '100', `score.raw${why}`);
  }
}

function assertInteractions(stored, want) {
  const got = storedInteractions(stored).map((i) => i && i.id);
  for (const id of want) assert.ok(got.includes(id), `interaction ${id} reached the LMS; it holds ${JSON.stringify(got)}`);
  assert.equal(got.filter((id) => id).length, new Set(got.filter((id) => id)).size, `no interaction twice: ${JSON.stringify(got)}`);
}

// The profiles of real run-times (lms.html's switches), one at a time.
const PROFILES = {
  "Moodle's value patterns": { values: 'moodle' },
  'Open edX\'s "" answers': { answers: 'edx' },
  'an LMS that loses what is sent while the page goes away': { unload: 'lose' },
};


async function session(std, profile, seed, server = servers[std]) {
  return openInLms(browser, { std, server, profile, seed });
}

/** Ends a session as the learner closing it, and returns what the LMS holds. */
async function leave(s) {
  await s.leave();
  return { stored: await s.stored(), calls: await s.calls(), refused: await s.page.evaluate(() => window.lkTest.refused) };
}

const FLOWS = {
  /** Every question right, then the last page. */
  async 'taken right'(std, profile, server) {
    const s = await session(std, profile, undefined, server);
    try {
      const data = await moduleData(s.sco);
      const items = questionsOf(data);
      await answerEach(s.sco, items, rightAnswer);
      await showPage(s.sco, data.pages[data.pages.length - 1].id);
      assert.match(await resultText(s.sco), /100/);
      return { ...(await leave(s)), items, want: interactionIds(items, rightAnswer) };
    } finally {
      await s.close();
    }
  },
  /** Every question wrong: failed; the retry, every question right: passed. */
  async 'taken wrong, then right'(std, profile) {
    const s = await session(std, profile);
    try {
      const items = questionsOf(await moduleData(s.sco));
      await answerEach(s.sco, items, wrongAnswer);
      await showPage(s.sco, 'afsluiting');
      await s.sco.locator('#lk-retry').click();
      await answerEach(s.sco, items, rightAnswer);
      await showPage(s.sco, 'afsluiting');
      assert.match(await resultText(s.sco), /100/);
      const want = [...interactionIds(items, wrongAnswer, 1), ...interactionIds(items, rightAnswer, 2)];
      return { ...(await leave(s)), items, want };
    } finally {
      await s.close();
    }
  },
  /** Half the questions, leave; a new session resumes where the learner was and finishes. */
  async 'left halfway, then resumed'(std, profile) {
    const first = await session(std, profile);
    let items;
    let stored;
    try {
      items = questionsOf(await moduleData(first.sco));
      await answerEach(first.sco, items.slice(0, Math.ceil(items.length / 2)), rightAnswer);
      ({ stored } = await leave(first));
    } finally {
      await first.close();
    }
    assert.equal(stored[is12(std) ? 'cmi.core.exit' : 'cmi.exit'], 'suspend', `the LMS holds exit=suspend after the first session\n${JSON.stringify(stored, null, 1).slice(0, 2000)}`);
    const second = await session(std, profile, storedSeed(std, stored));
    try {
      const view = await questionView(second.sco, items[0].quiz, items[0].q.id);
      assert.ok(view.feedback, 'the first session\'s answers are shown again');
      await answerEach(second.sco, items.slice(Math.ceil(items.length / 2)), rightAnswer);
      await showPage(second.sco, 'afsluiting');
      assert.match(await resultText(second.sco), /100/);
      return { ...(await leave(second)), items, want: interactionIds(items, rightAnswer) };
    } finally {
      await second.close();
    }
  },
};

/** A passed session as the LMS holds it: status, score, every interaction, the weightings of the
 * last attempt adding up to the module's points, and completion that never went back. */
function assertSession(std, { stored, calls, refused, want, items }) {
  assert.deepEqual(refused, [], 'the LMS refused none of the values');
  assertPassed(std, stored, calls);
  assertInteractions(stored, want);
  // The weightings of the last attempt add up to the module's points (a scenario's
  // decisions weigh 0, the scenario as a whole its points).
  const lastAttempt = Math.max(...want.map((id) => Number((/\.r(\d+)$/.exec(id) || [0, 1])[1])));
  const ofAttempt = storedInteractions(stored).filter((i) => Number((/\.r(\d+)$/.exec(i.id) || [0, 1])[1]) === lastAttempt);
  const points = items.reduce((n, i) => n + i.q.points, 0);
  assert.equal(ofAttempt.reduce((n, i) => n + Number(i.weighting), 0), points, `weightings add up to the module's ${points} points`);
  // Completion never goes back, not on a retry either.
  const statuses = calls.filter((c) => /SetValue$/.test(c.name) && c.ret === 'true' && c.args[0] === (is12(std) ? 'cmi.core.lesson_status' : 'cmi.completion_status')).map((c) => c.args[1]);
  const done = statuses.findIndex((v) => v !== 'incomplete');
  if (done >= 0) assert.ok(!statuses.slice(done).includes('incomplete'), `completion went back: ${statuses.join(', ')}`);
}

for (const std of STANDARDS) {
  for (const name of OTHERS) {
    test(`${std}, all three profiles at once: ${name} taken right ends passed, with the score and every interaction`, { timeout: TEST_TIMEOUT }, async () => {
      assertSession(std, await FLOWS['taken right'](std, ALL, others[name][std]));
    });
  }
  for (const [name, profile] of Object.entries(PROFILES)) {
    for (const [flow, run] of Object.entries(FLOWS)) {
      test(`${std}, ${name}: ${MODULE} ${flow} ends passed, with the score and every interaction`, { timeout: TEST_TIMEOUT }, async () => {
        assertSession(std, await run(std, profile));
      });
    }
  }

  test(`${std}: a value the LMS refuses holds up nothing else, and a refused interaction id costs no index`, { timeout: TEST_TIMEOUT }, async () => {
    const s = await openInLms(browser, { std, server: servers[std] });
    try {
      const items = questionsOf(await moduleData(s.sco));
      // The first interaction's id is refused (the whole record is dropped), and every
      // description or time of an interaction.
      await s.page.evaluate(() => { window.lkTest.refuse = '^cmi\\.interactions\\.\\d+\\.(description|time)$'; });
      await s.page.evaluate(() => {
        const api = window.API_1484_11 || window.API;
        window.lkTest.refuseOnce = true;
        const set = api.SetValue ? 'SetValue' : 'LMSSetValue';
        const original = api[set];
        api[set] = function (el, v) {
          if (window.lkTest.refuseOnce && /^cmi\.interactions\.0\.id$/.test(el)) {
            window.lkTest.refuseOnce = false;
            window.lkTest.calls.push({ name: set, args: [el, v], ret: 'false', error: '406', refused: 'the first id' });
            window.lkTest.lastForced = window.API ? '405' : '406';
            return 'false';
          }
          return original.call(api, el, v);
        };
      });
      await answerEach(s.sco, items, rightAnswer);
      await showPage(s.sco, 'afsluiting');
      await s.leave();
      const stored = await s.stored();
      const calls = await s.calls();
      assertPassed(std, stored, calls);
      const got = storedInteractions(stored);
      const want = interactionIds(items, rightAnswer);
      assert.deepEqual(got.map((i) => i.id), want.slice(1), 'the first interaction is dropped whole; the next takes its index');
      for (const i of got) assert.ok(i.result && i.latency, `interaction ${i.id} has its other fields`);
      const setsOf = (el) => calls.filter((c) => /SetValue$/.test(c.name) && c.args[0] === el).length;
      assert.equal(setsOf(is12(std) ? 'cmi.interactions.0.time' : 'cmi.interactions.0.description'), 1, 'a refused value is not sent again');
    } finally {
      await s.close();
    }
  });
}

for (const std of STANDARDS) {
  test(`${std}: jumping to the last page through the contents completes nothing`, { timeout: TEST_TIMEOUT }, async () => {
    const s = await session(std, {});
    try {
      await showPage(s.sco, 'afsluiting');
      const { stored } = await leave(s);
      const status = stored[is12(std) ? 'cmi.core.lesson_status' : 'cmi.completion_status'];
      assert.equal(status, 'incomplete', 'no question answered: not completed');
      if (!is12(std)) assert.ok(Number(stored['cmi.progress_measure']) < 1, 'progress_measure below 1');
      assert.equal(stored[is12(std) ? 'cmi.core.exit' : 'cmi.exit'], 'suspend');
    } finally {
      await s.close();
    }
  });

  test(`${std}: Moodle's review-mode relaunch of a finished attempt writes nothing and says the module is finished`, { timeout: TEST_TIMEOUT }, async () => {
    const s = await session(std, { review: 'moodle' });
    try {
      assert.match(await noticeText(s.sco), /afgerond.*leeromgeving/);
      await showPage(s.sco, 'oefenen');
      const items = questionsOf(await moduleData(s.sco));
      const view = await questionView(s.sco, items[0].quiz, items[0].q.id);
      assert.deepEqual(view.enabled, [], 'nothing can be answered in a review');
      await showPage(s.sco, 'afsluiting');
      const { calls } = await leave(s);
      const writes = calls.filter((c) => /SetValue$|Commit$/.test(c.name));
      assert.deepEqual(writes, [], `a review writes nothing\n${describeCalls(calls)}`);
      assert.equal(calls.filter((c) => /Finish$|^Terminate$/.test(c.name)).length, 1, 'the session still ends once');
    } finally {
      await s.close();
    }
  });

  test(`${std}: a review with the attempt's data shows its answers and result, and writes nothing`, { timeout: TEST_TIMEOUT }, async () => {
    const { stored } = await FLOWS['taken right'](std, {});
    const seed = { ...storedSeed(std, { ...stored, [is12(std) ? 'cmi.core.exit' : 'cmi.exit']: 'suspend' }), [is12(std) ? 'cmi.core.lesson_mode' : 'cmi.mode']: 'review' };
    const s = await session(std, {}, seed);
    try {
      assert.match(await noticeText(s.sco), /niets opgeslagen/);
      await showPage(s.sco, 'afsluiting');
      assert.match(await resultText(s.sco), /100 %/);
      assert.doesNotMatch(await resultText(s.sco), /opnieuw/, 'no retry in a review');
      const { calls } = await leave(s);
      assert.deepEqual(calls.filter((c) => /SetValue$|Commit$/.test(c.name)), [], `a review writes nothing\n${describeCalls(calls)}`);
    } finally {
      await s.close();
    }
  });

  test(`${std}: a relaunch of a completed attempt that the LMS gives back without saved state stays completed`, { timeout: TEST_TIMEOUT }, async () => {
    const seed = is12(std) ? { 'cmi.core.lesson_status': 'passed', 'cmi.core.score.raw': '100' } : { 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed' };
    const s = await session(std, {}, seed);
    try {
      await showPage(s.sco, 'oefenen');
      const { stored, calls } = await leave(s);
      const status = is12(std) ? 'cmi.core.lesson_status' : 'cmi.completion_status';
      assert.equal(stored[status], is12(std) ? 'passed' : 'completed', `still ${seed[status]}\n${describeCalls(calls).slice(-2000)}`);
      if (!is12(std)) assert.equal(stored['cmi.success_status'], 'passed');
    } finally {
      await s.close();
    }
  });
}
