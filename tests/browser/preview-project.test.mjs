// A bare `leskit preview` in Chromium: the index of the whole project, and the bundled course run
// as a course in the simulated LMS: its second module closed until the first is completed, for
// SCORM 2004 (the manifest's sequencing, through scorm-again's sequencer) and SCORM 1.2
// (adlcp:prerequisites); and the inspector at phone width, which must leave the module's own
// buttons free.
//
//   LESKIT_BIN=$PWD/target/debug/leskit node --test tests/browser/preview-project.test.mjs
//
// The expected rules are the bundled course's own (courses/onboarding-veilig-thuis.yaml): each
// module waits for the one before it, the final test for all of them. No assertion here is about
// time: the waits poll, with generous timeouts as hang guards only.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { REPO_ROOT } from './lib/leskit.mjs';
import { launchBrowser, WAIT } from './lib/session.mjs';
import { goToPage, moduleData, pageCount, passCover } from './lib/learner.mjs';
import { answerEach, questionsOf, rightAnswer } from './lib/answers.mjs';
import { copyProject, startPreview, moduleFrame } from './preview/preview.mjs';

const TEST_TIMEOUT = 300_000; // hang guard
const COURSE = 'onboarding-veilig-thuis';
const MODULES = ['wat-is-achterlating', 'wettelijk-kader', 'signalen-herkennen', 'in-gesprek', 'handelen-en-verwijzen'];
const item = (id) => `${COURSE}-${id}-item`;

let browser, project, preview;
before(async () => {
  browser = await launchBrowser();
  project = copyProject(REPO_ROOT);
  preview = await startPreview(null, [], { cwd: project.root });
});
after(async () => {
  await browser?.close();
  if (preview) assert.equal(await preview.stop(), 0, 'leskit preview did not exit cleanly on Ctrl-C');
  project?.remove();
});

async function open(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT.timeout);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e && e.stack || e)));
  return { context, page, errors };
}

/** The course's list in the inspector: [{id, open, record}] as the page shows it. */
function outline(page) {
  return page.$$eval('#outline li', (lis) => lis.map((li) => ({
    id: li.getAttribute('data-item'),
    open: li.getAttribute('data-open') === 'true',
    disabled: li.querySelector('button').disabled,
    record: li.querySelector('.o-record').textContent,
  })));
}

/** Waits until the SCO `id` runs in the frame and shows a page. */
async function arrive(page, id) {
  await page.waitForFunction((want) => {
    const p = window.leskitPreview;
    return p && p.current === want && p.session && p.session.loaded;
  }, id, WAIT);
  const frame = await moduleFrame(page);
  await passCover(frame);
  return frame;
}

/** Completes the module in `frame` as a learner: every question right, then its last page. */
async function complete(frame) {
  await answerEach(frame, questionsOf(await moduleData(frame)), rightAnswer);
  await goToPage(frame, (await pageCount(frame)) - 1);
}

describe('a bare leskit preview', () => {
  test('the index lists every module and the course, each with version, standards and warnings', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, errors } = await open();
    try {
      await page.goto(preview.url);
      await page.waitForSelector('#courses tbody tr', WAIT);
      const rows = await page.$$eval('table.items tbody tr', (trs) => trs.map((tr) => ({
        kind: tr.getAttribute('data-kind'),
        id: tr.getAttribute('data-id'),
        href: tr.querySelector('a').getAttribute('href'),
        cells: Array.from(tr.cells, (c) => c.textContent),
      })));
      assert.deepEqual(rows.map((r) => [r.kind, r.id]), [
        ...[...MODULES].sort().map((id) => ['module', id]),
        ['course', COURSE],
      ]);
      for (const r of rows) {
        assert.equal(r.cells[2], '1.0.0', r.id);
        assert.match(r.cells[3], /SCORM 1\.2/, r.id);
        assert.match(r.cells[4], /^0 warnings$/, r.id);
      }
      assert.equal(rows.find((r) => r.kind === 'course').href, `/courses/${COURSE}/?target=scorm12`);
      assert.equal(rows.find((r) => r.id === 'in-gesprek').href, '/modules/in-gesprek/?target=scorm12');
      // A module opens in the simulated LMS, with a way back.
      await page.click('a[href^="/modules/in-gesprek/"]');
      await page.waitForFunction(() => window.leskitPreview && window.leskitPreview.session && window.leskitPreview.session.loaded, null, WAIT);
      const frame = await moduleFrame(page);
      assert.match(await frame.textContent('.lk-module-title'), /In gesprek/);
      assert.equal(await page.isVisible('#back'), true);
      assert.equal(await page.isVisible('#course-section'), false, 'a module is no course');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  for (const std of ['scorm2004', 'scorm12']) {
    test(`${std}: the course opens its second module only once the first is completed`, { timeout: TEST_TIMEOUT }, async () => {
      const { context, page, errors } = await open();
      try {
        await page.goto(preview.url);
        await page.click(`a[href^="/courses/${COURSE}/"]`);
        await page.waitForSelector('#target option', { state: 'attached', ...WAIT });
        if (std !== 'scorm12') await page.selectOption('#target', std);
        let frame = await arrive(page, item(MODULES[0]));

        // Every module after the first waits, the final test too.
        let list = await outline(page);
        assert.deepEqual(list.map((i) => i.id), [...MODULES, 'eindtoets'].map(item));
        assert.deepEqual(list.map((i) => i.open), [true, false, false, false, false, false], JSON.stringify(list));
        assert.equal(list[1].disabled, true, 'the closed module cannot be opened');
        assert.equal(list[1].record, 'not attempted');
        if (std === 'scorm12') {
          assert.match(await page.textContent(`#outline li[data-item="${item(MODULES[1])}"] .o-why`), /waits for Wat is achterlating/);
        }

        // Module 1 completed (and its quiz passed).
        await complete(frame);
        if (std === 'scorm2004') {
          // Its next button on the last page asks the LMS for the next module: the sequencer
          // delivers the second, open now.
          await frame.click('[data-lk-nav="next"]');
        } else {
          // 1.2 has no navigation requests: the learner opens it from the LMS's list.
          await page.waitForSelector(`#outline li[data-item="${item(MODULES[1])}"][data-open="true"] button:not([disabled])`, WAIT);
          await page.click(`#outline li[data-item="${item(MODULES[1])}"] button`);
        }
        frame = await arrive(page, item(MODULES[1]));
        await page.waitForFunction((id) => {
          const c = window.leskitPreview.course;
          return c.find((i) => i.id === id).record && /completed|passed/.test(c.find((i) => i.id === id).record.status);
        }, item(MODULES[0]), WAIT);
        list = await outline(page);
        assert.deepEqual(list.map((i) => i.open).slice(0, 3), [true, true, false], JSON.stringify(list));
        // What the LMS recorded per module: the first completed and passed, with its score.
        const first = (await page.evaluate(() => window.leskitPreview.course))[0].record;
        if (std === 'scorm12') {
          assert.equal(first.status, 'passed', JSON.stringify(first));
        } else {
          assert.equal(first.status, 'completed', JSON.stringify(first));
          assert.equal(first.success, 'passed', JSON.stringify(first));
        }
        assert.ok(Number(first.raw) > 0, JSON.stringify(first));
        assert.match(list[0].record, /score/);
        // The inspector's values are the running SCO's: a new session of module 2.
        assert.match(await page.textContent('#session'), /session \d+, attempt 1/);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }

  test('at 390 px the inspector leaves the module\'s buttons free, and opens and closes from the bar', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, errors } = await open({ width: 390, height: 844 });
    try {
      await page.goto(`${preview.url}modules/wat-is-achterlating/`);
      await page.waitForFunction(() => window.leskitPreview && window.leskitPreview.session && window.leskitPreview.session.loaded, null, WAIT);
      const frame = await moduleFrame(page);
      const iframe = await page.$('#sco');
      const viewport = page.viewportSize();
      // The module's own buttons, scrolled to in its frame as a learner does: inside the screen,
      // and at their place nothing of the LMS page but the module's frame.
      for (const dir of ['prev', 'next']) {
        const button = frame.locator(`[data-lk-nav="${dir}"]`);
        await button.waitFor({ state: 'visible', ...WAIT });
        await button.scrollIntoViewIfNeeded();
        const box = await button.boundingBox(); // relative to the main page
        assert.ok(box && box.y >= 0 && box.y + box.height <= viewport.height && box.x >= 0 && box.x + box.width <= viewport.width, `${dir}: ${JSON.stringify(box)}`);
        const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.id, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
        assert.equal(hit, 'sco', `the point of the ${dir} button belongs to the module's frame`);
      }
      // The module has the screen below the bar to itself: the inspector takes none of it.
      const frameBox = await iframe.boundingBox();
      assert.ok(frameBox.y + frameBox.height >= viewport.height - 1, `the module's frame ends at ${frameBox.y + frameBox.height} of ${viewport.height}`);
      const inspector = await page.$eval('#inspector', (e) => {
        const r = e.getBoundingClientRect();
        return { shown: getComputedStyle(e).display !== 'none' && r.height > 0 && r.top < innerHeight, top: r.top };
      });
      assert.equal(inspector.shown, false, `the inspector shares the screen with the module: ${JSON.stringify(inspector)}`);
      const next = frame.locator('[data-lk-nav="next"]');
      await next.click();
      await frame.waitForFunction(() => Array.from(document.querySelectorAll('section.lk-page')).findIndex((s) => !s.hidden) === 1, null, WAIT);

      // The inspector, by keyboard from the bar: it takes the screen, and gives it back.
      await page.focus('#view-switch');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#inspector', { state: 'visible', ...WAIT });
      assert.equal(await page.getAttribute('#view-switch', 'aria-expanded'), 'true');
      assert.equal(await page.isVisible('#sco'), false);
      assert.ok(await page.isVisible('#values tr[data-element="cmi.core.lesson_status"]'));
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= viewport.width, `the page is ${width} px wide at ${viewport.width}`);
      await page.focus('#view-switch');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#sco', { state: 'visible', ...WAIT });
      assert.equal(await page.isVisible('#inspector'), false);
      assert.equal(await next.isVisible(), true);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
