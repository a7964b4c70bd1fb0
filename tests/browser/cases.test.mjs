// Cases one at a time (issue #16, item 3), in headless Chromium at a desktop (1280×900) and a
// phone (390×844) size:
//   - a quiz page shows one case card at a time: "Casus 1 van 3" in its heading, the young
//     person's name and age and the learner's role in words (never the gender or family form
//     the YAML keeps for reviewers), the situation and its questions;
//   - the case control ("previous case", "next case") works with the keyboard, moves focus to
//     the new case's heading, which says where the learner is, and the position follows;
//   - a relaunch lands on the first case with a question still open, or the last case when
//     every question is answered, with the answers shown;
//   - without JavaScript, and in print, every case is there;
//   - after the last answer the results card is in view and focused;
//   - axe-core finds no WCAG 2.1 A/AA violation on a case card.
// The bundled module handelen-en-verwijzen has one quiz of three cases: a scenario, then two
// cases of several questions.
//
//   node --test tests/browser/cases.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, buildProject, unzip } from './lib/leskit.mjs';
import { launchBrowser } from './lib/session.mjs';
import { answer, moduleData, openStandalone, questionView, servePackage } from './lib/learner.mjs';
import { questionsOf, rightAnswer, showQuiz } from './lib/answers.mjs';

const TEST_TIMEOUT = 300_000; // hang guard
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const MODULE = 'handelen-en-verwijzen';
const QUIZ = 'handelen-quiz';

let browser;
let scratch;
let pkg;
let quizYaml;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-cases-'));
  const out = path.join(scratch, 'out');
  fs.mkdirSync(out);
  const zip = buildProject(REPO_ROOT, ['html'], out).find((z) => z.includes(MODULE));
  assert.ok(zip, `a web package of ${MODULE}`);
  pkg = unzip(path.join(out, zip), path.join(scratch, 'web'));
  quizYaml = fs.readFileSync(path.join(REPO_ROOT, 'quizzes', `${QUIZ}.yaml`), 'utf8');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ url: '/axe/axe.min.js' });
  return page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } })
    .then((r) => r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`)), WCAG);
}

/** The quiz's cases as the learner sees them: which are shown, and the shown one's card. */
function cases(page) {
  return page.evaluate((quiz) => {
    const root = document.querySelector(`.lk-quiz[data-quiz="${quiz}"]`);
    const cards = Array.from(root.querySelectorAll('.lk-case'));
    const visible = cards.filter((c) => c.getClientRects().length > 0 && getComputedStyle(c).display !== 'none');
    const shown = visible[0];
    const nav = root.querySelector('.lk-case-nav');
    return {
      count: cards.length,
      visible: visible.map((c) => c.dataset.case),
      index: cards.indexOf(shown),
      heading: shown?.querySelector('h3').textContent.replace(/\s+/g, ' ').trim(),
      facts: shown ? Array.from(shown.querySelectorAll('.lk-case-facts div'), (d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent]) : [],
      head: shown?.querySelector('.lk-case-head').textContent.replace(/\s+/g, ' ').trim(),
      at: nav?.querySelector('.lk-case-at').textContent,
      prevDisabled: nav?.querySelector('[data-lk-case="prev"]').disabled,
      nextDisabled: nav?.querySelector('[data-lk-case="next"]').disabled,
      focused: document.activeElement && document.activeElement.closest('.lk-case') === shown && document.activeElement.tagName === 'H3',
    };
  }, QUIZ);
}

const position = (S, n, total) => S.case_of.replace('{n}', n).replace('{total}', total);

for (const [size, viewport] of Object.entries(SIZES)) {
  test(`${size}: one case at a time, with its young person and role, and "Casus n van 3" following the keyboard`, { timeout: TEST_TIMEOUT }, async () => {
    const server = await servePackage(pkg);
    const context = await browser.newContext({ viewport });
    try {
      const s = await openStandalone(context, server);
      const data = await moduleData(s.page);
      const S = data.strings;
      await showQuiz(s.page, QUIZ);
      let c = await cases(s.page);
      assert.equal(c.count, 3);
      assert.deepEqual(c.visible, ['bilal-meldcode'], 'only the first case is shown');
      assert.ok(c.heading.startsWith(position(S, 1, 3)), `the heading says where the learner is: ${c.heading}`);
      assert.equal(c.at, position(S, 1, 3));
      assert.deepEqual(c.facts, [[S.case_young_person, S.case_person.replace('{name}', 'Bilal').replace('{age}', '15')], [S.case_role, S.role_social_worker]]);
      // What the YAML keeps for reviewers stays there.
      assert.ok(quizYaml.includes('samengesteld gezin'));
      assert.ok(!c.head.includes('samengesteld') && !c.head.includes('stiefmoeder') && !/\b(boy|jongen)\b/.test(c.head), `no family form or gender on the card: ${c.head}`);
      assert.equal(c.prevDisabled, true);
      assert.deepEqual(await axeViolations(s.page), [], 'axe finds nothing on the case card');

      // Next case, by keyboard: Enter on the button; focus on the new case's heading.
      await s.page.locator(`.lk-quiz[data-quiz="${QUIZ}"] [data-lk-case="next"]`).focus();
      await s.page.keyboard.press('Enter');
      c = await cases(s.page);
      assert.deepEqual(c.visible, ['zoe-in-het-buitenland']);
      assert.ok(c.focused, 'focus is on the heading of case 2');
      assert.ok(c.heading.startsWith(position(S, 2, 3)), c.heading);
      assert.equal(c.at, position(S, 2, 3));
      assert.equal(c.prevDisabled, false);
      // Tab from the heading reaches the case's first question, not something hidden.
      await s.page.keyboard.press('Tab');
      assert.equal(await s.page.evaluate(() => document.activeElement.closest('.lk-case')?.dataset.case), 'zoe-in-het-buitenland');

      await s.page.locator(`.lk-quiz[data-quiz="${QUIZ}"] [data-lk-case="next"]`).focus();
      await s.page.keyboard.press('Space');
      c = await cases(s.page);
      assert.deepEqual(c.visible, ['sara-adviesvraag']);
      assert.equal(c.at, position(S, 3, 3));
      assert.equal(c.nextDisabled, true, 'no next case after the last');
      assert.deepEqual(c.facts, [[S.case_young_person, S.case_person.replace('{name}', 'Sara').replace('{age}', '17')], [S.case_role, S.role_veilig_thuis]]);

      // And back, by keyboard.
      await s.page.locator(`.lk-quiz[data-quiz="${QUIZ}"] [data-lk-case="prev"]`).focus();
      await s.page.keyboard.press('Enter');
      c = await cases(s.page);
      assert.deepEqual(c.visible, ['zoe-in-het-buitenland']);
      assert.ok(c.focused && c.heading.startsWith(position(S, 2, 3)));
      assert.deepEqual(await axeViolations(s.page), [], 'axe finds nothing on case 2');
      assert.deepEqual(s.pageErrors, []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

test('a relaunch lands on the first case with an open question, or on the last case when all are answered', { timeout: TEST_TIMEOUT }, async () => {
  const server = await servePackage(pkg);
  const context = await browser.newContext({ viewport: SIZES.desktop });
  try {
    let s = await openStandalone(context, server);
    const data = await moduleData(s.page);
    const items = questionsOf(data);
    await showQuiz(s.page, QUIZ);
    // The whole first case (the scenario) and the first question of the second.
    const [scenario, first] = items;
    await answer(s.page, QUIZ, scenario.q.id, rightAnswer(scenario.q));
    await answer(s.page, QUIZ, first.q.id, rightAnswer(first.q));
    await s.page.close();

    s = await openStandalone(context, server);
    await showQuiz(s.page, QUIZ);
    let c = await cases(s.page);
    assert.deepEqual(c.visible, ['zoe-in-het-buitenland'], 'back at the case with questions still open');
    const shown = await questionView(s.page, QUIZ, first.q.id);
    assert.deepEqual(shown.checked.sort(), [].concat(rightAnswer(first.q)).sort(), 'the answer is shown as it was');
    assert.ok(shown.feedback, 'with its feedback');
    assert.equal((await questionView(s.page, QUIZ, items[2].q.id)).feedback, null, 'the next question is open');

    // Every question answered: the next launch is at the last case.
    for (const { q } of items.slice(2)) await answer(s.page, QUIZ, q.id, rightAnswer(q));
    await s.page.close();
    s = await openStandalone(context, server);
    await showQuiz(s.page, QUIZ);
    c = await cases(s.page);
    assert.deepEqual(c.visible, ['sara-adviesvraag'], 'all answered: at the last case');
    assert.deepEqual(s.pageErrors, []);
  } finally {
    await context.close();
    await server.close();
  }
});

for (const [size, viewport] of Object.entries(SIZES)) {
  test(`${size}: after the last answer, on the last case, the results card is in view and focused`, { timeout: TEST_TIMEOUT }, async () => {
    const server = await servePackage(pkg);
    const context = await browser.newContext({ viewport });
    try {
      const s = await openStandalone(context, server);
      const data = await moduleData(s.page);
      await showQuiz(s.page, QUIZ);
      for (const { q } of questionsOf(data)) await answer(s.page, QUIZ, q.id, rightAnswer(q));
      const card = await s.page.evaluate(() => {
        const box = document.getElementById('lk-result');
        const r = box.getBoundingClientRect();
        return { focused: document.activeElement === box, top: r.top, height: window.innerHeight, visible: !box.hidden && r.height > 0 };
      });
      assert.ok(card.focused, 'the card has focus');
      assert.ok(card.visible && card.top >= 0 && card.top < card.height - 100, `in the viewport: top ${card.top} of ${card.height}`);
      assert.deepEqual(s.pageErrors, []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

test('without JavaScript, and in print, every case is there', { timeout: TEST_TIMEOUT }, async () => {
  const server = await servePackage(pkg);
  try {
    const plain = await browser.newContext({ viewport: SIZES.desktop, javaScriptEnabled: false });
    try {
      const page = await plain.newPage();
      await page.goto(`${server.origin}/pkg/index.html`);
      const shown = await page.evaluate((quiz) => Array.from(document.querySelectorAll(`.lk-quiz[data-quiz="${quiz}"] .lk-case`))
        .filter((c) => getComputedStyle(c).display !== 'none').length, QUIZ);
      assert.equal(shown, 3, 'all three cases without the script');
    } finally {
      await plain.close();
    }
    const context = await browser.newContext({ viewport: SIZES.desktop });
    try {
      const s = await openStandalone(context, server);
      await showQuiz(s.page, QUIZ);
      assert.equal((await cases(s.page)).visible.length, 1);
      await s.page.emulateMedia({ media: 'print' });
      const c = await cases(s.page);
      assert.equal(c.visible.length, 3, 'all three cases in print');
      assert.equal(await s.page.locator('.lk-case-nav').evaluate((n) => getComputedStyle(n).display), 'none', 'no case control on paper');
    } finally {
      await context.close();
    }
  } finally {
    await server.close();
  }
});
