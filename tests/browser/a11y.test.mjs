// Accessibility of a leskit package in headless Chromium (issue #3):
//   - axe-core finds no WCAG 2.1 A/AA violation on any page or question state;
//   - at 320 CSS px wide, and at 200 % text on 1280 px, nothing overflows
//     sideways (document scrollWidth <= clientWidth) in any of those states;
//   - the whole module can be taken with Tab, Shift+Tab, Space and Enter
//     (and, inside a radio group, the arrow keys that every radio group
//     uses), with no keyboard trap, and focus lands on what is new: the page
//     heading after navigation, the feedback after answering, the results
//     card after the last answer.
// The package runs standalone (index.html with no LMS; what is checked is
// the same in an LMS frame), once for the example and once for a fixture
// project with content that is hard to fit (tests/browser/fixtures/reflow).
//
//   node --test tests/browser/a11y.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, buildUnpacked } from './lib/leskit.mjs';
import { launchBrowser, WAIT } from './lib/session.mjs';
import { answer, goToPage, moduleData, openStandalone, pageCount, question, servePackage, setContents, showCaseOf, shownPage } from './lib/learner.mjs';

const TEST_TIMEOUT = 300_000; // hang guard
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 320, height: 640 };
const QUIZ = 'voorbeeld-quiz';

let browser;
let scratch;
const packages = {};

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-a11y-'));
  for (const [name, project] of [['example', 'examples/minimal'], ['reflow', 'tests/browser/fixtures/reflow']]) {
    packages[name] = buildUnpacked(path.join(REPO_ROOT, project), ['scorm2004'], scratch, name).scorm2004;
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** axe-core's WCAG 2.1 A/AA violations in the page, one line each. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    // Served from the package's own origin, so the package's Content-Security-Policy allows it.
    await page.addScriptTag({ url: '/axe/axe.min.js' });
  }
  const violations = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } })
    .then((r) => r.violations.map((v) => ({ id: v.id, help: v.help, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }))), WCAG);
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.slice(0, 5).join('\n      ')}`);
}

/** What sticks out to the right: '' when nothing does. */
function overflow(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return '';
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5 && e.getClientRects().length)
      .slice(0, 6)
      .map((e) => `<${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''}> right edge ${Math.round(e.getBoundingClientRect().right)}`);
    return `scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}: ${wide.join(', ')}`;
  });
}

/**
 * Runs every check on the state the page is in: axe at 1280 px, the reflow at
 * 320 px (with the contents list folded and unfolded) and at 200 % text.
 * Collects problems in `problems` under `label`.
 */
async function checkState(page, label, problems) {
  await page.setViewportSize(WIDE);
  for (const v of await axeViolations(page)) problems.push(`${label}, axe: ${v}`);
  await page.setViewportSize(NARROW);
  for (const open of [false, true]) {
    await setContents(page, open);
    const o = await overflow(page);
    if (o) problems.push(`${label}, 320 px wide, contents ${open ? 'unfolded' : 'folded'}: ${o}`);
  }
  await page.setViewportSize(WIDE);
  await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  const o = await overflow(page);
  if (o) problems.push(`${label}, 200 % text: ${o}`);
  await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
}

/** Every page, then every state of every question on it: fresh, "choose first", answered, and the result. */
async function walkAllStates(page, problems) {
  const pages = await pageCount(page);
  for (let i = 0; i < pages; i++) {
    await goToPage(page, i);
    await checkState(page, `page ${i + 1}`, problems);
  }
  const forms = await page.locator('form.lk-question').evaluateAll((fs) => fs.map((f) => ({
    quiz: f.closest('.lk-quiz').dataset.quiz, id: f.dataset.question, kind: f.dataset.kind,
    page: Array.from(document.querySelectorAll('section.lk-page')).indexOf(f.closest('section.lk-page')),
  })));
  // First attempt: nothing chosen, then the last option (or choice) every time.
  for (const f of forms) {
    await goToPage(page, f.page);
    await showCaseOf(page, f.quiz, f.id);
    const form = question(page, f.quiz, f.id);
    await form.locator('.lk-check').click();
    await form.locator('.lk-feedback').waitFor({ state: 'visible', ...WAIT });
    await checkState(page, `${f.quiz}.${f.id}: "choose first"`, problems);
    for (let decision = 0; ; decision++) {
      const open = form.locator('input:not([disabled])').filter({ visible: true });
      const values = await open.evaluateAll((is) => is.map((i) => i.value));
      if (!values.length) break;
      const pick = f.kind === 'multiple' ? values.slice(-2) : f.kind === 'branching' ? [values[values.length - 1]] : values[values.length - 1];
      await answer(page, f.quiz, f.id, pick);
      await checkState(page, `${f.quiz}.${f.id}: answered (${decision + 1})`, problems);
      if (f.kind !== 'branching') break;
    }
  }
  const retry = page.locator('#lk-retry');
  if (await retry.count()) {
    await retry.click();
    await checkState(page, 'after "try again"', problems);
  }
}

for (const name of ['example', 'reflow']) {
  test(`${name}: no axe violations and no sideways scrolling in any page or question state`, { timeout: TEST_TIMEOUT }, async () => {
    const server = await servePackage(packages[name]);
    const context = await browser.newContext({ viewport: WIDE });
    try {
      const s = await openStandalone(context, server);
      // The checks can fail: an image without a text alternative is found.
      await s.page.evaluate(() => document.querySelector('section.lk-page:not([hidden]) h1').insertAdjacentHTML('afterend', '<img id="lk-probe" src="data:,">'));
      assert.match((await axeViolations(s.page)).join('\n'), /image-alt/);
      await s.page.evaluate(() => document.getElementById('lk-probe').remove());
      const problems = [];
      await walkAllStates(s.page, problems);
      assert.deepEqual(s.pageErrors, []);
      assert.equal(problems.length, 0, `${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

/* ---------- Keyboard only ---------- */

/** A short description of the focused element. */
function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return { tag: 'body', desc: 'body' };
    const form = e.closest('form.lk-question');
    const info = {
      tag: e.tagName.toLowerCase(), id: e.id, value: e.value ?? null, type: e.type ?? null,
      cls: typeof e.className === 'string' ? e.className : '', nav: e.getAttribute('data-lk-nav'),
      question: form ? form.dataset.question : null, text: (e.textContent || '').trim().slice(0, 40),
    };
    info.desc = `<${info.tag}${info.id ? '#' + info.id : ''}${info.cls ? '.' + info.cls.split(/\s+/).join('.') : ''}${info.value ? ` value=${info.value}` : ''}> ${info.text}`;
    return info;
  });
}

/** Presses Tab (or Shift+Tab) until `want(focused)` holds; fails on a trap or a full cycle without it. */
async function tabTo(page, want, what, { back = false, limit = 60 } = {}) {
  const seen = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (want(f)) return f;
    if (seen.length && seen[seen.length - 1] === f.desc && f.tag !== 'body') {
      assert.fail(`keyboard trap: ${back ? 'Shift+Tab' : 'Tab'} stays on ${f.desc}`);
    }
    seen.push(f.desc);
  }
  assert.fail(`${back ? 'Shift+Tab' : 'Tab'} never reached ${what}; focus went through:\n  ${seen.join('\n  ')}`);
}

/** Tab and Shift+Tab each go through every visible control and come back to where they started. */
async function assertNoTrap(page, label) {
  const controls = await page.evaluate(() => Array.from(document.querySelectorAll('a[href], button, input, summary'))
    .filter((e) => !e.disabled && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
    // Of a radio group with nothing chosen, Tab visits one radio.
    .filter((e) => !(e.type === 'radio' && e.name && !document.querySelector(`input[name="${e.name}"]:checked`) &&
      document.querySelector(`input[name="${e.name}"]:not([disabled])`) !== e))
    .filter((e) => !(e.type === 'radio' && e.name && document.querySelector(`input[name="${e.name}"]:checked`) && !e.checked))
    .length);
  for (const back of [false, true]) {
    const key = back ? 'Shift+Tab' : 'Tab';
    // Start from a control in the tab order (focus may be on a heading or feedback, which are not).
    await page.keyboard.press(key);
    const start = (await focused(page)).desc;
    const visited = new Set(start === 'body' ? [] : [start]);
    let i = 0;
    for (; i < 200; i++) {
      await page.keyboard.press(key);
      const f = await focused(page);
      if (f.desc === start) break;
      if (f.tag !== 'body') visited.add(f.desc);
    }
    assert.ok(i < 200, `${label}: ${key} did not come back to ${start}: a keyboard trap`);
    assert.ok(visited.size >= controls, `${label}: ${key} visited ${visited.size} of ${controls} controls:\n  ${[...visited].join('\n  ')}`);
  }
}

test('example: the whole module with the keyboard alone (Tab, Shift+Tab, Space, Enter; arrows within radio groups)', { timeout: TEST_TIMEOUT }, async () => {
  const server = await servePackage(packages.example);
  const context = await browser.newContext({ viewport: WIDE });
  try {
    const { page, pageErrors } = await openStandalone(context, server, { cover: false });
    const S = (await moduleData(page)).strings;
    const pages = await pageCount(page);
    const heading = (i) => page.evaluate((i) => document.querySelectorAll('section.lk-page')[i].querySelector('h1').id, i);

    // The first Tab reaches the skip link, which Enter follows to the content.
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).cls, 'lk-skip', 'the first Tab reaches the skip link');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, 'lk-main', 'the skip link moves focus to the content');
    await assertNoTrap(page, 'cover');
    // The cover's button opens the first page, focus on its heading.
    await tabTo(page, (f) => f.id === 'lk-cover-start', 'the cover\'s start button');
    await page.keyboard.press('Enter');
    assert.equal(await shownPage(page), 0);
    assert.equal((await focused(page)).id, await heading(0), 'after the cover focus is on the heading of page 1');
    await assertNoTrap(page, 'first page');

    // Next, page by page: focus lands on the new page's heading.
    for (let i = 1; i < pages; i++) {
      await tabTo(page, (f) => f.nav === 'next', 'the "next" button');
      await page.keyboard.press('Enter');
      assert.equal(await shownPage(page), i);
      assert.equal((await focused(page)).id, await heading(i), `after "next" focus is on the heading of page ${i + 1}`);
    }

    const inQuestion = (q, pred) => (f) => f.question === q && pred(f);
    const check = (q) => inQuestion(q, (f) => f.cls.includes('lk-check'));
    const feedbackFocused = async (q) => {
      const f = await focused(page);
      assert.ok(f.question === q && f.cls.includes('lk-feedback'), `after answering ${q}, focus is on its feedback, not ${f.desc}`);
    };

    // Checking with nothing chosen says so, and focus goes to that message.
    await tabTo(page, check('welke-signalen'), 'the check button of the first question');
    await page.keyboard.press('Enter');
    await feedbackFocused('welke-signalen');
    assert.equal((await focused(page)).text, S.choose_first);

    // Multiple response: Tab to each option, Space to choose.
    await tabTo(page, inQuestion('welke-signalen', (f) => f.value === 'a'), 'option a', { back: true });
    await page.keyboard.press('Space');
    await tabTo(page, inQuestion('welke-signalen', (f) => f.value === 'b'), 'option b');
    await page.keyboard.press('Space');
    await tabTo(page, check('welke-signalen'), 'the check button');
    await page.keyboard.press('Enter');
    await feedbackFocused('welke-signalen');

    // A radio group is one Tab stop (Shift+Tab from after it comes back to it); within it the
    // arrow keys move and choose, as in every radio group: the only keys besides Tab, Shift+Tab,
    // Space and Enter this learner uses.
    for (const [q, value] of [['alleen-signaal', 'false'], ['wat-doe-je', 'b']]) {
      await tabTo(page, check(q), `the check button of ${q}`);
      await tabTo(page, inQuestion(q, (f) => f.type === 'radio'), `an option of ${q}`, { back: true });
      for (let i = 0; i < 5 && (await focused(page)).value !== value; i++) await page.keyboard.press('ArrowDown');
      assert.equal((await focused(page)).value, value, `the arrow keys reach option ${value} of ${q}`);
      await page.keyboard.press('Space');
      await tabTo(page, check(q), 'the check button');
      await page.keyboard.press('Space');
      await feedbackFocused(q);
    }

    // The scenario: after a decision, focus goes to the next step's situation.
    await tabTo(page, inQuestion('gesprek', (f) => f.value === 'thuis'), 'the first choice of the scenario');
    await page.keyboard.press('Space');
    await tabTo(page, check('gesprek'), 'the check button of the scenario');
    await page.keyboard.press('Enter');
    const stepFocus = await focused(page);
    assert.ok(stepFocus.question === 'gesprek' && stepFocus.tag === 'legend', `after a decision focus is on the next step, not ${stepFocus.desc}`);
    await tabTo(page, inQuestion('gesprek', (f) => f.value === 'advies'), 'the first choice of the next step');
    await page.keyboard.press('Space');
    await tabTo(page, check('gesprek'), 'the check button of the scenario');
    await page.keyboard.press('Enter');
    // The last answer: focus goes to the results card right after the quiz.
    assert.equal((await focused(page)).id, 'lk-result', 'after the last answer focus is on the results card');

    const result = await page.locator('#lk-result').textContent();
    assert.ok(result.includes(S.passed), `the learner passed with the keyboard alone: ${result}`);
    await assertNoTrap(page, 'the quiz page, all answered');

    // And back: "previous" moves focus to that page's heading too.
    await tabTo(page, (f) => f.nav === 'prev', 'the "previous" button');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, await heading(pages - 2));
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
    await server.close();
  }
});
