// The results card and the answer states, in headless Chromium (issue #16, items 5 and 6):
//   - right after the last answer of a quiz the results card follows the quiz, in the viewport
//     and focused, on a desktop (1280×900) and a phone (390×844), passed and failed;
//   - passed and failed differ by sign and words as well as colour; the card gives the score
//     (with the page's decimal sign), the pass mark, what to review with links to this module's
//     pages, the retry, and once passed the hand-out and the proof;
//   - an answered option says in words whether it was chosen and whether it is right, also for
//     true/false;
//   - axe-core finds no WCAG 2.1 A/AA violation in these states.
// The bundled module signalen-herkennen has its quiz on the page before the last, which is
// where the card matters: before, the result sat on the next page.
//
//   node --test tests/browser/results.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, buildProject, unzip } from './lib/leskit.mjs';
import { launchBrowser } from './lib/session.mjs';
import { moduleData, openStandalone, pageCount, question, servePackage, showCaseOf, shownPage } from './lib/learner.mjs';
import { answerEach, questionsOf, rightAnswer, wrongAnswer } from './lib/answers.mjs';

const TEST_TIMEOUT = 300_000; // hang guard
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const MODULE = 'signalen-herkennen';

let browser;
let scratch;
let pkg;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-results-'));
  const out = path.join(scratch, 'out');
  fs.mkdirSync(out);
  const zip = buildProject(REPO_ROOT, ['html'], out).find((z) => z.includes(MODULE));
  assert.ok(zip, `a web package of ${MODULE}`);
  pkg = unzip(path.join(out, zip), path.join(scratch, 'web'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ url: '/axe/axe.min.js' });
  const violations = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } })
    .then((r) => r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`)), WCAG);
  return violations;
}

/** Where the card is and what it shows. */
function card(page) {
  return page.evaluate(() => {
    const box = document.getElementById('lk-result');
    const r = box.getBoundingClientRect();
    return {
      focused: document.activeElement === box,
      top: r.top,
      height: window.innerHeight,
      visible: !box.hidden && r.height > 0,
      page: Array.from(document.querySelectorAll('section.lk-page')).indexOf(box.closest('section.lk-page')),
      afterQuiz: !!box.previousElementSibling && box.previousElementSibling.classList.contains('lk-quiz'),
      classes: box.className,
      name: box.getAttribute('aria-labelledby') && document.getElementById(box.getAttribute('aria-labelledby')).textContent,
      verdict: box.querySelector('.lk-verdict')?.textContent.trim(),
      icon: box.querySelector('.lk-verdict-icon')?.textContent,
      ring: box.querySelector('svg.lk-ring text')?.textContent,
      text: box.textContent.replace(/\s+/g, ' ').trim(),
      review: Array.from(box.querySelectorAll('.lk-review a')).map((a) => a.getAttribute('href')),
      retry: !!box.querySelector('#lk-retry'),
      handout: box.querySelector('.lk-handout a')?.getAttribute('href') ?? null,
      proof: !!box.querySelector('#lk-proof-print'),
    };
  });
}

for (const [size, viewport] of Object.entries(SIZES)) {
  for (const outcome of ['fail', 'pass']) {
    test(`${size}: after the last answer the results card (${outcome}) is right after the quiz, in view and focused`, { timeout: TEST_TIMEOUT }, async () => {
      const server = await servePackage(pkg);
      const context = await browser.newContext({ viewport });
      try {
        const s = await openStandalone(context, server);
        const data = await moduleData(s.page);
        const S = data.strings;
        const items = questionsOf(data);
        const last = items[items.length - 1];
        await answerEach(s.page, items.slice(0, -1), outcome === 'pass' ? rightAnswer : wrongAnswer);
        // Before the last answer, the card only says how many questions are open, and keeps focus.
        assert.equal((await card(s.page)).focused, false);
        await answerEach(s.page, [last], outcome === 'pass' ? rightAnswer : wrongAnswer);
        const c = await card(s.page);
        const quizPage = await shownPage(s.page);
        assert.ok(quizPage < (await pageCount(s.page)) - 1, 'the quiz is not on the last page (the case the card is for)');
        assert.equal(c.page, quizPage, 'the card is on the quiz page');
        assert.ok(c.afterQuiz, 'the card comes right after the quiz');
        assert.ok(c.focused, 'the card has focus');
        assert.ok(c.visible && c.top >= 0 && c.top < c.height - 100, `the card is in the viewport: top ${c.top} of ${c.height}`);
        assert.equal(c.name, S.result_title, 'the card is named by its heading');
        const score = outcome === 'pass' ? '100' : '0';
        assert.equal(c.ring, `${score}\u00a0%`, 'the ring shows the score');
        assert.ok(c.text.includes(`${data.module.passMark} %`), `the pass mark: ${c.text}`);
        if (outcome === 'pass') {
          assert.match(c.classes, /\blk-pass\b/);
          assert.equal(c.icon, '\u2714');
          assert.ok(c.verdict.includes(S.passed), c.verdict);
          assert.deepEqual(c.review, []);
          assert.equal(c.retry, false);
          // The module is completed on its last page (the LMS hears nothing new here): the card
          // links there, and there it offers the hand-out and the proof.
          assert.equal(c.handout, null, 'the hand-out is due once the module is completed');
          const end = data.pages[data.pages.length - 1];
          const goOn = s.page.locator('#lk-result .lk-go-on a');
          assert.equal(await goOn.getAttribute('href'), `#${end.anchor}`);
          await goOn.click();
          await s.page.waitForFunction((id) => !document.getElementById(id).hidden, end.anchor);
          const there = await card(s.page);
          assert.equal(there.page, data.pages.length - 1, 'on the last page the card is there');
          assert.ok(there.handout && there.handout.endsWith('.html'), `the hand-out is offered: ${there.handout}`);
          assert.ok(there.proof, 'the proof is offered');
          assert.equal(await s.page.locator('#lk-result .lk-go-on').count(), 0);
        } else {
          assert.match(c.classes, /\blk-fail\b/);
          assert.equal(c.icon, '\u2718');
          assert.ok(c.verdict.includes(S.failed), c.verdict);
          assert.ok(c.review.length > 0, 'what to review');
          const anchors = data.pages.map((p) => `#${p.anchor}`);
          for (const href of c.review) assert.ok(anchors.includes(href), `${href} is a page of this module`);
          assert.equal(c.retry, data.module.allowRetry);
          assert.equal(c.handout, null, 'no hand-out before the quiz is passed');
          assert.equal(c.proof, false);
        }
        assert.deepEqual(await axeViolations(s.page), [], 'axe finds nothing in the results card');
        assert.deepEqual(s.pageErrors, []);
      } finally {
        await context.close();
        await server.close();
      }
    });
  }
}

test('an answered option says in words whether it was chosen and whether it is right, true/false too', { timeout: TEST_TIMEOUT }, async () => {
  const server = await servePackage(pkg);
  const context = await browser.newContext({ viewport: SIZES.phone });
  try {
    const s = await openStandalone(context, server);
    const data = await moduleData(s.page);
    const S = data.strings;
    const items = questionsOf(data).filter(({ q }) => q.kind !== 'branching');
    const tf = items.find(({ q }) => q.kind === 'true-false');
    const single = items.find(({ q }) => q.kind === 'single');
    assert.ok(tf && single, 'the module has a true/false and a single-choice question');
    await answerEach(s.page, [tf, single], wrongAnswer);
    for (const { quiz, q } of [tf, single]) {
      const marks = await question(s.page, quiz, q.id).evaluate((form) => Array.from(form.querySelectorAll('.lk-option')).map((o) => {
        const input = o.querySelector('input');
        const mark = o.querySelector('.lk-mark');
        return {
          value: input.value,
          classes: o.className,
          mark: mark ? mark.textContent : null,
          describedBy: input.getAttribute('aria-describedby') === (mark && mark.id),
          icon: mark ? getComputedStyle(mark, '::before').content : null,
        };
      }));
      const right = q.kind === 'true-false' ? String(q.answer) : q.options.find((o) => o.correct).id;
      const chosen = wrongAnswer(q);
      for (const m of marks) {
        if (m.value === chosen) {
          assert.equal(m.mark, S.answer_yours_wrong, `${q.id} ${m.value}: the learner's wrong choice`);
          assert.match(m.classes, /lk-chosen/);
          assert.match(m.classes, /lk-wrong/);
          assert.match(m.icon, /\u2718/);
        } else if (m.value === right) {
          assert.equal(m.mark, S.answer_right, `${q.id} ${m.value}: the right answer`);
          assert.match(m.classes, /lk-right/);
          assert.match(m.icon, /\u2714/);
        } else {
          assert.equal(m.mark, null, `${q.id} ${m.value}: neither chosen nor right, not marked`);
        }
        if (m.mark) assert.ok(m.describedBy, `${q.id} ${m.value}: the words describe the input`);
      }
    }
    // Answered right: the learner's choice is marked as theirs and right.
    const { quiz, q } = items.find(({ q }) => q.kind === 'single' && q !== single.q) ?? items.find(({ q }) => q.kind === 'multiple');
    await answerEach(s.page, [{ quiz, q }], rightAnswer);
    const marked = await question(s.page, quiz, q.id).locator('.lk-chosen .lk-mark').allTextContents();
    assert.ok(marked.length > 0 && marked.every((t) => t === S.answer_yours_right), `${q.id}: ${marked}`);
    assert.deepEqual(await axeViolations(s.page), [], 'axe finds nothing in the answered states');
    assert.deepEqual(s.pageErrors, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test('feedback focused after a mouse answer shows no focus ring; by keyboard it does', { timeout: TEST_TIMEOUT }, async () => {
  const server = await servePackage(pkg);
  const context = await browser.newContext({ viewport: SIZES.desktop });
  try {
    const s = await openStandalone(context, server);
    const data = await moduleData(s.page);
    const [first, second] = questionsOf(data).filter(({ q }) => q.kind !== 'branching');
    const ring = () => s.page.evaluate(() => {
      const el = document.activeElement;
      return { cls: el.className, outline: getComputedStyle(el).outlineStyle };
    });
    await answerEach(s.page, [first], rightAnswer);
    const byMouse = await ring();
    assert.match(byMouse.cls, /lk-feedback/);
    assert.equal(byMouse.outline, 'none', 'no ring after a mouse click');
    // The keyboard: choose and check with keys only.
    const form = question(s.page, second.quiz, second.q.id);
    await showCaseOf(s.page, second.quiz, second.q.id);
    const pick = rightAnswer(second.q);
    await form.locator(`input[value="${Array.isArray(pick) ? pick[0] : pick}"]`).focus();
    await s.page.keyboard.press('Space');
    await form.locator('.lk-check').focus();
    await s.page.keyboard.press('Enter');
    const byKeys = await ring();
    assert.match(byKeys.cls, /lk-feedback/);
    assert.equal(byKeys.outline, 'solid', 'the keyboard keeps a visible ring');
  } finally {
    await context.close();
    await server.close();
  }
});
