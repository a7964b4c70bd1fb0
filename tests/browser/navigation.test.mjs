// Navigation and progress in a leskit package (issue #16), in headless Chromium at a desktop
// (1280×900) and a phone (390×844, touch) size:
//   - the contents are a sidebar on the desktop and behind a menu button on the phone; the
//     button is a disclosure (aria-expanded, aria-controls) that opens and closes by keyboard
//     (Enter, Space, Escape back to the button) and by touch, and a page chosen in it closes it;
//   - the progress bar counts the pages seen, and the contents tick each page seen and star
//     each page whose exercise is done, in words as well as icons, also after a resume;
//   - the notice that no LMS keeps the progress is one compact line that can be closed, and
//     stays closed for the rest of the browser session;
//   - axe-core finds no WCAG 2.1 A/AA violation with the menu open and closed.
//
//   node --test tests/browser/navigation.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, buildUnpacked } from './lib/leskit.mjs';
import { launchBrowser, WAIT } from './lib/session.mjs';
import { answer, goToPage, moduleData, openStandalone, pageCount, passCover, servePackage, shownPage } from './lib/learner.mjs';

const TEST_TIMEOUT = 300_000; // hang guard
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const QUIZ = 'voorbeeld-quiz';
const QUIZ_PAGE = 2;
const RIGHT = { 'welke-signalen': ['a', 'b'], 'alleen-signaal': 'false', 'wat-doe-je': 'b', gesprek: ['thuis', 'advies'] };

let browser;
let scratch;
let server;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-nav-'));
  const pkg = buildUnpacked(path.join(REPO_ROOT, 'examples/minimal'), ['scorm2004'], scratch, 'example').scorm2004;
  server = await servePackage(pkg);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ url: '/axe/axe.min.js' });
  const violations = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } })
    .then((r) => r.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)), WCAG);
  return violations;
}

/** What the contents say next to each page to a screen reader: its marks' words, '' for none. */
function marks(page) {
  return page.locator('.lk-toc li').evaluateAll((lis) => lis.map((li) =>
    Array.from(li.querySelectorAll('.lk-ticks .lk-sr'), (t) => t.textContent.trim()).join(' ')));
}

/** The progress bar's value, maximum and words. */
function progress(page) {
  return page.locator('[role="progressbar"]').evaluate((b) => ({
    now: b.getAttribute('aria-valuenow'), max: b.getAttribute('aria-valuemax'), text: b.getAttribute('aria-valuetext'), name: b.getAttribute('aria-label'),
  }));
}

test('desktop: the contents are a sidebar, with no menu button', { timeout: TEST_TIMEOUT }, async () => {
  const context = await browser.newContext(DESKTOP);
  try {
    const s = await openStandalone(context, server);
    assert.equal(await s.page.locator('.lk-toc-button').isVisible(), false, 'a menu button on a wide screen');
    const links = s.page.locator('.lk-toc a[data-lk-page]');
    assert.equal(await links.count(), await pageCount(s.page));
    for (const link of await links.all()) assert.ok(await link.isVisible(), 'a page of the contents is not shown');
    // The sidebar stays to the left of the page, not above it.
    const toc = await s.page.locator('.lk-toc').boundingBox();
    const main = await s.page.locator('#lk-main').boundingBox();
    assert.ok(toc.x + toc.width <= main.x + 1, `contents ${JSON.stringify(toc)} overlap the page ${JSON.stringify(main)}`);
    await links.nth(QUIZ_PAGE).click();
    assert.equal(await shownPage(s.page), QUIZ_PAGE);
    assert.deepEqual(await axeViolations(s.page), []);
  } finally {
    await context.close();
  }
});

test('phone: the menu button opens and closes the contents by keyboard and by touch', { timeout: TEST_TIMEOUT }, async () => {
  const context = await browser.newContext(PHONE);
  try {
    const s = await openStandalone(context, server);
    const { strings: S } = await moduleData(s.page);
    const button = s.page.getByRole('button', { name: S.contents });
    const panel = s.page.locator(`#${await button.getAttribute('aria-controls')}`);
    const first = s.page.locator('.lk-toc a[data-lk-page]').first();
    assert.equal(await panel.count(), 1, 'aria-controls names no element');
    assert.ok(await button.isVisible());
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await first.isVisible(), false, 'the contents are open before the button is pressed');
    assert.deepEqual(await axeViolations(s.page), [], 'menu closed');

    // Keyboard: Enter opens, Tab reaches the pages, Escape closes and focus is back on the button.
    await button.focus();
    await s.page.keyboard.press('Enter');
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.ok(await first.isVisible(), 'Enter did not open the contents');
    assert.deepEqual(await axeViolations(s.page), [], 'menu open');
    await s.page.keyboard.press('Tab');
    assert.equal(await s.page.evaluate(() => document.activeElement.getAttribute('data-lk-page')), 'welkom', 'Tab does not lead into the contents');
    await s.page.keyboard.press('Escape');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await first.isVisible(), false, 'Escape did not close the contents');
    assert.ok(await button.evaluate((b) => b === document.activeElement), 'focus is not back on the menu button');
    await s.page.keyboard.press('Space');
    assert.equal(await button.getAttribute('aria-expanded'), 'true', 'Space did not open the contents');
    await s.page.keyboard.press('Space');
    assert.equal(await button.getAttribute('aria-expanded'), 'false', 'Space did not close the contents');

    // Touch: a tap opens, a tap on a page goes there and closes the menu, a tap on the button closes.
    await button.tap();
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    await s.page.locator('.lk-toc a[data-lk-page]').nth(QUIZ_PAGE).tap();
    await s.page.waitForFunction((i) => !document.querySelectorAll('section.lk-page')[i].hidden, QUIZ_PAGE, WAIT);
    assert.equal(await button.getAttribute('aria-expanded'), 'false', 'choosing a page left the menu open');
    assert.ok(await s.page.locator('section.lk-page:not([hidden]) h1').evaluate((h) => h === document.activeElement), 'focus is not on the page chosen');
    await button.tap();
    assert.ok(await first.isVisible());
    await button.tap();
    assert.equal(await first.isVisible(), false, 'a second tap did not close the contents');
    assert.deepEqual(s.pageErrors, []);
  } finally {
    await context.close();
  }
});

for (const [size, options] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`${size}: the progress bar and the ticks follow the learner, also after a resume`, { timeout: TEST_TIMEOUT }, async () => {
    const context = await browser.newContext(options);
    try {
      const s = await openStandalone(context, server);
      const { strings: S } = await moduleData(s.page);
      const total = await pageCount(s.page);
      const seen = `(${S.mark_seen})`, done = `(${S.mark_quiz_done})`;
      const none = Array(total).fill('');
      assert.deepEqual(await progress(s.page), { now: '1', max: String(total), text: S.pages_seen.replace('{n}', 1).replace('{total}', total), name: S.progress });
      assert.deepEqual(await marks(s.page), [seen, ...none.slice(1)]);
      const tick = s.page.locator('.lk-toc li').first().locator('.lk-tick [aria-hidden="true"]');
      assert.ok((await tick.textContent()).trim(), 'no visible tick icon');

      await goToPage(s.page, QUIZ_PAGE);
      assert.equal((await progress(s.page)).now, String(QUIZ_PAGE + 1));
      const expected = none.map((_, i) => (i <= QUIZ_PAGE ? seen : ''));
      assert.deepEqual(await marks(s.page), expected);
      const ids = Object.keys(RIGHT);
      for (const id of ids.slice(0, -1)) await answer(s.page, QUIZ, id, RIGHT[id]);
      assert.deepEqual(await marks(s.page), expected, 'the exercise is starred before all its questions are answered');

      // A second visit resumes where the learner left off, with the same progress and ticks.
      await s.page.close();
      const again = await openStandalone(context, server);
      assert.equal(await shownPage(again.page), QUIZ_PAGE);
      assert.equal((await progress(again.page)).now, String(QUIZ_PAGE + 1));
      assert.deepEqual(await marks(again.page), expected);

      // The last answer completes the exercise: its page gets the star.
      await answer(again.page, QUIZ, ids[ids.length - 1], RIGHT[ids[ids.length - 1]]);
      expected[QUIZ_PAGE] = `${seen} ${done}`;
      assert.deepEqual(await marks(again.page), expected);
      const fill = await again.page.locator('.lk-progress-fill').evaluate((f) => f.getBoundingClientRect().width / f.parentElement.getBoundingClientRect().width);
      assert.ok(Math.abs(fill - (QUIZ_PAGE + 1) / total) < 0.02, `the bar is filled ${fill}, not ${(QUIZ_PAGE + 1) / total}`);
    } finally {
      await context.close();
    }
  });
}

test('phone: the standalone notice is one compact line, closed for the rest of the session', { timeout: TEST_TIMEOUT }, async () => {
  const context = await browser.newContext(PHONE);
  try {
    const s = await openStandalone(context, server);
    const { strings: S } = await moduleData(s.page);
    const notice = s.page.locator('#lk-notice');
    assert.ok(await notice.isVisible());
    const box = await s.page.locator('.lk-notice-line').boundingBox();
    assert.ok(box.height <= 100, `the notice takes ${box.height} px`);
    const close = s.page.getByRole('button', { name: S.dismiss_notice });
    await close.tap();
    assert.equal(await notice.isVisible(), false);
    assert.ok(await s.page.locator('section.lk-page:not([hidden]) h1').evaluate((h) => h === document.activeElement), 'focus is lost after closing the notice');
    await s.page.reload();
    await passCover(s.page);
    assert.equal(await notice.isVisible(), false, 'the closed notice is back after a reload');
    assert.equal(await close.count(), 0);
    // Another session shows it again.
    const other = await browser.newContext(PHONE);
    try {
      const o = await openStandalone(other, server);
      assert.ok(await o.page.locator('#lk-notice').isVisible());
    } finally {
      await other.close();
    }
  } finally {
    await context.close();
  }
});
