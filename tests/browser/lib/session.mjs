// Runs one SCO in the test LMS in Chromium and returns what was recorded.
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import { REPO_ROOT } from './leskit.mjs';
import { API_NAMES } from './assertions.mjs';
// A cycle (learner.mjs reads WAIT from here), harmless: each side uses the other only in calls.
import { passCover } from './learner.mjs';

// Hang guard only: nothing here asserts how fast anything is.
export const WAIT = { timeout: 60_000 };

export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A snapshot of the calls recorded so far. */
export function recordedCalls(page) {
  return page.evaluate(() => window.lkTest.calls.map((c) => ({ ...c })));
}

/**
 * Serves `packageDir` under /pkg/, opens the test LMS with `std`, loads
 * /pkg/<entry> in its iframe, runs `flow(frame, page)`, then makes the iframe
 * leave (about:blank, which fires pagehide) and collects the results.
 */
export async function runSco(browser, { std, packageDir, entry = 'index.html', flow }) {
  const server = await startServer({
    '/pkg/': packageDir,
    '/lms/': path.join(REPO_ROOT, 'tests/browser/lms'),
    '/scorm-again/': path.join(REPO_ROOT, 'node_modules/scorm-again/dist'),
  });
  const context = await browser.newContext();
  const pageErrors = [];
  const consoleErrors = [];
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    page.on('pageerror', (e) => pageErrors.push(String(e && e.stack || e)));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });

    const lmsUrl = `${server.origin}/lms/lms.html?std=${std}&sco=${encodeURIComponent('/pkg/' + entry)}`;
    await page.goto(lmsUrl);
    await page.waitForFunction(() => window.lkTest && (window.lkTest.frameLoads.length > 0 || window.lkTest.setupError), null, WAIT);
    const setupError = await page.evaluate(() => window.lkTest.setupError);
    assert.equal(setupError, null, `the test LMS failed to start: ${setupError}`);

    const frame = await (await page.$('#sco')).contentFrame();
    assert.ok(frame, 'the SCO iframe has no frame');
    const flowResult = flow ? await flow(frame, page) : undefined;

    // Leave the SCO as a learner closing it would: the iframe navigates away.
    await page.evaluate(() => {
      document.getElementById('sco').src = 'about:blank';
    });
    await page.waitForFunction(() => window.lkTest.frameLoads.includes('about:blank'), null, WAIT);

    const n = API_NAMES[std];
    const recorded = await page.evaluate(
      ({ std, status, sessionTime }) => {
        const api = std === 'scorm12' ? window.API : window.API_1484_11;
        const cmi = api.cmi;
        // session_time and exit are write-only in the data model (scorm-again's
        // getters throw); the tests read what the SCO set from the calls.
        const stored =
          std === 'scorm12'
            ? { status: cmi.core.lesson_status }
            : { status: cmi.completion_status, success: cmi.success_status };
        return {
          calls: window.lkTest.calls,
          logs: window.lkTest.logs,
          frameLoads: window.lkTest.frameLoads,
          stored,
          elements: { status, sessionTime },
        };
      },
      { std, status: n.status, sessionTime: n.sessionTime },
    );
    return {
      ...recorded,
      ...(flowResult ?? {}),
      pageErrors,
      consoleErrors,
      requests: server.requests.slice(),
      notFound: server.requests.filter((r) => r.status >= 400),
    };
  } finally {
    await context.close();
    await server.close();
  }
}

/** Indexes of the `section.lk-page` elements that are not hidden. */
function visiblePages(frame) {
  return frame.evaluate(() =>
    Array.from(document.querySelectorAll('section.lk-page'))
      .map((s, i) => (s.hasAttribute('hidden') ? -1 : i))
      .filter((i) => i >= 0),
  );
}

async function goTo(frame, direction, expected) {
  const button = frame.locator(`[data-lk-nav="${direction}"]`).filter({ visible: true });
  assert.ok((await button.count()) >= 1, `no visible [data-lk-nav="${direction}"] button on page ${expected + (direction === 'next' ? -1 : 1)}`);
  await button.first().click();
  await frame.waitForFunction(
    (want) => {
      const shown = Array.from(document.querySelectorAll('section.lk-page')).filter((s) => !s.hasAttribute('hidden'));
      return shown.length === 1 && shown[0] === document.querySelectorAll('section.lk-page')[want];
    },
    expected,
    WAIT,
  ).catch(async (e) => {
    throw new Error(`after "${direction}" page ${expected} should be the only visible section.lk-page, ` +
      `visible: ${JSON.stringify(await visiblePages(frame))} (${e.message.split('\n')[0]})`);
  });
}

/** Makes the SCO's document look hidden then visible again (a learner switching tabs). */
async function switchTabAwayAndBack(frame) {
  for (const state of ['hidden', 'visible']) {
    await frame.evaluate((state) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);
  }
  await frame.evaluate(() => {
    delete document.visibilityState;
    delete document.hidden;
  });
}

/**
 * The learner's path through a SCO that follows leskit's DOM contract: starts
 * on the first page, goes next, back, next again, switches tabs away and
 * back, then goes next to the last page. Quizzes are not answered.
 * Returns {pageCount, lastPageCallIndex}.
 */
export async function pageThrough(frame, page, { expectQuiz = true } = {}) {
  await frame.waitForSelector('section.lk-page', { state: 'attached', ...WAIT });
  const pageCount = await frame.locator('section.lk-page').count();
  assert.ok(pageCount >= 2, `expected at least 2 section.lk-page, found ${pageCount}`);
  // A fresh attempt opens on the cover, whose button leads to the first page, and shows only that one.
  await passCover(frame);
  await frame.waitForFunction(
    () => Array.from(document.querySelectorAll('section.lk-page')).filter((s) => !s.hasAttribute('hidden')).length === 1,
    null,
    { timeout: 15_000 },
  ).catch(() => {});
  assert.deepEqual(await visiblePages(frame), [0], 'a fresh attempt must show only the first page');

  const tocEntries = await frame.evaluate(() => {
    const toc = document.querySelector('nav.lk-toc');
    if (!toc) return -1;
    return Math.max(toc.querySelectorAll('li').length, toc.querySelectorAll('a').length);
  });
  assert.notEqual(tocEntries, -1, 'the SCO has no nav.lk-toc');
  assert.ok(tocEntries >= pageCount, `nav.lk-toc lists ${tocEntries} entries for ${pageCount} pages`);
  if (expectQuiz) {
    const quizzes = await frame.locator('section.lk-page .lk-quiz').count();
    assert.ok(quizzes >= 1, 'the example has a quiz, but no section.lk-page contains .lk-quiz');
  }

  // Calls made before the last page is first shown: a "done" status among
  // them was reported too early.
  let lastPageCallIndex;
  const next = async (i) => {
    if (i === pageCount - 1 && lastPageCallIndex === undefined) lastPageCallIndex = (await recordedCalls(page)).length;
    await goTo(frame, 'next', i);
  };

  await next(1);
  await goTo(frame, 'prev', 0);
  await next(1);
  await switchTabAwayAndBack(frame);
  for (let i = 2; i < pageCount; i++) await next(i);
  return { pageCount, lastPageCallIndex };
}
