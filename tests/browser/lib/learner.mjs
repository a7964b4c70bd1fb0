// What a learner does in a leskit package, and the sessions it happens in: in the
// test LMS (in its iframe or in a window it opens), or standalone (index.html
// opened with no LMS at all). Everything goes through leskit's DOM contract:
// [data-lk-nav], section.lk-page[hidden], .lk-quiz[data-quiz],
// form.lk-question[data-question][data-kind], .lk-check, .lk-feedback,
// #lk-result, #lk-notice, nav.lk-toc.
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from './server.mjs';
import { REPO_ROOT } from './leskit.mjs';
import { API_NAMES, describeCalls } from './assertions.mjs';
import { WAIT } from './session.mjs';

/** Serves a package under /pkg/ next to the test LMS, scorm-again and axe-core. */
export function servePackage(packageDir) {
  return startServer({
    '/pkg/': packageDir,
    '/lms/': path.join(REPO_ROOT, 'tests/browser/lms'),
    '/shared/': path.join(REPO_ROOT, 'src/preview/assets'),
    '/scorm-again/': path.join(REPO_ROOT, 'node_modules/scorm-again/dist'),
    '/axe/': path.join(REPO_ROOT, 'node_modules/axe-core'),
  });
}

function watch(page, sink) {
  page.setDefaultTimeout(WAIT.timeout);
  page.on('pageerror', (e) => sink.pageErrors.push(String((e && e.stack) || e)));
  page.on('console', (m) => {
    if (m.type() === 'error') sink.consoleErrors.push(m.text());
  });
}

/**
 * Opens the package in the test LMS in a fresh browser context.
 *   seed:  flattened CMI values the LMS starts from (see lms.html)
 *   popup: open the SCO in a window of its own instead of the LMS's iframe
 *   lightCommit: the LMS renders no commit body (for sessions with thousands
 *     of interactions; see lms.html)
 *   profile: real run-times' behaviour, the switches of lms.html, e.g.
 *     { values: 'moodle', answers: 'edx', unload: 'lose', review: 'moodle' }
 *   contextOptions: options of the browser context (viewport, locale, reducedMotion, …)
 *   prepare: async (context) => …, run before the LMS opens (e.g. to install a fixed clock)
 *   cover: pass the module's cover as a learner does (true, the default: the session starts on
 *     the page the cover's button leads to), or stay on it (false)
 * Returns a session: {page (the LMS), sco (the SCO's Frame or Page), calls(),
 * cmi(), stored(), leave(), close(), pageErrors, consoleErrors, server}.
 */
export async function openInLms(browser, { std, packageDir, seed, popup = false, lightCommit = false, profile = {}, server: shared, contextOptions = {}, prepare, cover = true }) {
  const server = shared ?? (await servePackage(packageDir));
  const context = await browser.newContext(contextOptions);
  const session = { std, server, context, pageErrors: [], consoleErrors: [] };
  try {
    if (prepare) await prepare(context);
    const page = await context.newPage();
    watch(page, session);
    const query = new URLSearchParams({ std, sco: '/pkg/index.html' });
    if (seed) query.set('seed', JSON.stringify(seed));
    if (popup) query.set('popup', '1');
    if (lightCommit) query.set('commit', 'light');
    for (const [key, value] of Object.entries(profile)) if (value) query.set(key, value);
    const opened = popup ? context.waitForEvent('page', WAIT) : null;
    await page.goto(`${server.origin}/lms/lms.html?${query}`);
    await page.waitForFunction(() => window.lkTest && (window.lkTest.ready || window.lkTest.setupError), null, WAIT);
    const setupError = await page.evaluate(() => window.lkTest.setupError);
    assert.equal(setupError, null, `the test LMS failed to start: ${setupError}`);
    let sco;
    if (popup) {
      sco = await opened;
      watch(sco, session);
    } else {
      sco = await (await page.$('#sco')).contentFrame();
    }
    if (cover) await passCover(sco);
    else await coverShown(sco);
    Object.assign(session, {
      page,
      sco,
      calls: () => page.evaluate(() => window.lkTest.calls.map((c) => ({ ...c }))),
      cmi: () => page.evaluate((std) => (std === 'scorm12' ? window.API : window.API_1484_11).getFlattenedCMI(), std),
      setFailing: (on) => page.evaluate((on) => { window.lkTest.failing = on; }, on),
      /** What reached the LMS: element -> value as of the last commit it received. */
      stored: () => page.evaluate(() => ({ ...window.lkTest.stored })),
      /** The learner closes the SCO: its iframe navigates away, or its window closes. */
      leave: async () => {
        // From here on the page is being dismissed (what lms.html's unload=lose loses).
        await page.evaluate(() => { window.lkTest.dismissing = true; });
        if (popup) {
          await sco.close();
        } else {
          await page.evaluate(() => { document.getElementById('sco').src = 'about:blank'; });
          await page.waitForFunction(() => window.lkTest.frameLoads.includes('about:blank'), null, WAIT);
        }
        const finish = API_NAMES[std].finish;
        await page.waitForFunction((finish) => window.lkTest.calls.some((c) => c.name === finish), finish, WAIT).catch(async () => {
          assert.fail(`the SCO did not call ${finish} when the learner left\n${describeCalls(await session.calls())}`);
        });
      },
      close: async () => {
        await context.close();
        if (!shared) await server.close();
      },
    });
    return session;
  } catch (e) {
    await context.close();
    if (!shared) await server.close();
    throw e;
  }
}

/**
 * Opens index.html with no LMS anywhere (standalone), in `context` (localStorage
 * lives as long as the context). Returns {page, sco: page, ...}.
 */
export async function openStandalone(context, server, { viewport, cover = true } = {}) {
  const session = { pageErrors: [], consoleErrors: [] };
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  watch(page, session);
  await page.goto(`${server.origin}/pkg/index.html`);
  if (cover) await passCover(page);
  else await coverShown(page);
  return Object.assign(session, { page, sco: page });
}

/** Waits until the page shell has started and shows the module's cover, ready to be left (or
 * a page: one without a cover, or a cover already left). Returns whether the cover is shown. */
export async function coverShown(sco) {
  await sco.waitForFunction(() => {
    const cover = document.getElementById('lk-cover');
    // A page of another make (the reference SCO of tests/browser/fixtures) has no cover.
    if (!cover) return !!document.querySelector('section.lk-page:not([hidden])');
    if (!document.documentElement.classList.contains('js')) return false;
    if (!cover.hidden) return !!document.querySelector('#lk-cover-start[href]');
    return !!document.querySelector('section.lk-page:not([hidden])');
  }, null, WAIT);
  return sco.evaluate(() => document.getElementById('lk-cover')?.hidden === false);
}

/**
 * Past the module's cover, as a learner does: once the cover is shown (coverShown), presses its
 * start button and waits for the one page it leads to. Every test that opens a module and
 * expects a page goes through here; past the cover already, it does nothing. Returns the
 * button's text ('' when no cover was shown).
 */
export async function passCover(sco) {
  let text = '';
  if (await coverShown(sco)) {
    const start = sco.locator('#lk-cover-start');
    text = (await start.textContent()).trim();
    await start.click();
  }
  await sco.waitForFunction(() => document.getElementById('lk-cover')?.hidden !== false &&
    document.querySelectorAll('section.lk-page:not([hidden])').length === 1, null, WAIT);
  return text;
}

/**
 * The values an LMS keeps from one session for the next (SCORM 1.2 RTE 3.4 /
 * 2004 RTE 4.2): what the SCO stored, and entry "resume" after exit "suspend".
 * `cmi` is scorm-again's flattened data model; `calls` tell the exit set.
 */
export function resumeSeed(std, cmi, calls, extra = {}) {
  const n = API_NAMES[std];
  const exitKey = std === 'scorm12' ? 'cmi.core.exit' : 'cmi.exit';
  const exits = calls.filter((c) => c.name === n.setValue && c.args[0] === exitKey && c.ret === 'true');
  const exit = exits.length ? exits[exits.length - 1].args[1] : '';
  const kept = std === 'scorm12'
    ? ['cmi.suspend_data', 'cmi.core.lesson_location', 'cmi.core.lesson_status', 'cmi.core.score.raw', 'cmi.core.score.min', 'cmi.core.score.max']
    : ['cmi.suspend_data', 'cmi.location', 'cmi.completion_status', 'cmi.success_status', 'cmi.score.raw', 'cmi.score.min', 'cmi.score.max', 'cmi.score.scaled', 'cmi.progress_measure'];
  const seed = {};
  for (const key of kept) if (typeof cmi[key] === 'string' && cmi[key] !== '') seed[key] = cmi[key];
  for (const [key, value] of Object.entries(cmi)) {
    if (/^cmi\.interactions\.\d+\./.test(key) && typeof value === 'string' && value !== '') seed[key] = value;
  }
  seed[std === 'scorm12' ? 'cmi.core.entry' : 'cmi.entry'] = exit === 'suspend' ? 'resume' : '';
  return { ...seed, ...extra };
}

/**
 * The seed of the next launch from what the LMS stored (session.stored()): an LMS resumes
 * (entry "resume") only when the exit that reached it was "suspend".
 */
export function storedSeed(std, stored, extra = {}) {
  const exitKey = std === 'scorm12' ? 'cmi.core.exit' : 'cmi.exit';
  const suspended = stored[exitKey] === 'suspend';
  // A SCORM 2004 LMS starts a new attempt, with nothing from the last one, unless it was suspended.
  if (std === 'scorm2004' && !suspended) return { ...extra };
  const seed = {};
  for (const [key, value] of Object.entries(stored)) {
    // Write-only elements, and what the LMS sets itself, are not handed back.
    if (/^cmi\.(core\.)?(exit|session_time|entry|mode|lesson_mode)$/.test(key) || key.startsWith('adl.')) continue;
    seed[key] = value;
  }
  seed[std === 'scorm12' ? 'cmi.core.entry' : 'cmi.entry'] = suspended ? 'resume' : '';
  return { ...seed, ...extra };
}

/* ---------- What the learner sees ---------- */

/** Index of the one visible section.lk-page (fails when not exactly one is visible). */
export async function shownPage(sco) {
  const shown = await sco.evaluate(() =>
    Array.from(document.querySelectorAll('section.lk-page')).map((s, i) => (s.hidden ? -1 : i)).filter((i) => i >= 0));
  assert.equal(shown.length, 1, `exactly one section.lk-page should be visible, visible: ${JSON.stringify(shown)}`);
  return shown[0];
}

export function pageCount(sco) {
  return sco.locator('section.lk-page').count();
}

async function waitForPage(sco, index) {
  await sco.waitForFunction((want) => {
    const all = document.querySelectorAll('section.lk-page');
    return all[want] && !all[want].hidden && Array.from(all).filter((s) => !s.hidden).length === 1;
  }, index, WAIT);
}

/** Clicks next or previous and waits for that page. */
export async function step(sco, direction) {
  const from = await shownPage(sco);
  await sco.locator(`[data-lk-nav="${direction}"]`).click();
  await waitForPage(sco, from + (direction === 'next' ? 1 : -1));
}

/** Goes page by page to `index`. */
export async function goToPage(sco, index) {
  for (let at = await shownPage(sco); at !== index; at = await shownPage(sco)) {
    await step(sco, at < index ? 'next' : 'prev');
  }
}

/**
 * Opens (true) or closes (false) the contents with the menu button, as a learner does, when
 * the screen is narrow enough to have one; on a wide screen the contents are a sidebar, always
 * shown, and nothing is done.
 */
export async function setContents(sco, open) {
  const button = sco.locator('.lk-toc-button');
  if (!(await button.isVisible())) return;
  if ((await button.getAttribute('aria-expanded')) !== String(open)) await button.click();
  assert.equal(await button.getAttribute('aria-expanded'), String(open));
}

export function question(sco, quiz, id) {
  return sco.locator(`.lk-quiz[data-quiz="${quiz}"] form.lk-question[data-question="${id}"]`);
}

/**
 * Brings the case of a question into view as a learner does: with the quiz's "previous case"
 * and "next case" buttons (a quiz shows one case at a time). Nothing to do when it is shown.
 */
export async function showCaseOf(sco, quiz, id) {
  const form = question(sco, quiz, id);
  for (let guard = 0; guard < 100; guard++) {
    const way = await form.evaluate((f) => {
      const card = f.closest('.lk-case');
      if (!card.hidden) return null;
      const cards = Array.from(card.parentNode.querySelectorAll(':scope > .lk-case'));
      return cards.indexOf(card) > cards.findIndex((c) => !c.hidden) ? 'next' : 'prev';
    });
    if (!way) return;
    await sco.locator(`.lk-quiz[data-quiz="${quiz}"] [data-lk-case="${way}"]`).click();
  }
  assert.fail(`the case of ${quiz}.${id} could not be brought into view`);
}

/**
 * Answers one question as a learner does, by clicking labels and the check
 * button. `choice`: single / true-false: the option value ("b", "false");
 * multiple: a list of option ids; branching: the list of choice ids, one per
 * decision. Waits for the feedback (or, mid-scenario, for the next step).
 */
export async function answer(sco, quiz, id, choice) {
  const form = question(sco, quiz, id);
  await showCaseOf(sco, quiz, id);
  const kind = await form.getAttribute('data-kind');
  const pick = (value) => form.locator(`input[value="${value}"]:not([disabled])`).first();
  const click = async (value) => {
    const input = pick(value);
    assert.equal(await input.count(), 1, `${quiz}.${id} has no enabled option "${value}"`);
    await form.locator(`label[for="${await input.getAttribute('id')}"]`).click();
  };
  if (kind === 'branching') {
    for (const c of choice) {
      const input = pick(c);
      const inputId = await input.getAttribute('id');
      await click(c);
      await form.locator('.lk-check').click();
      await sco.waitForFunction((inputId) => document.getElementById(inputId).disabled, inputId, WAIT);
    }
  } else {
    for (const c of kind === 'multiple' ? choice : [choice]) await click(c);
    await form.locator('.lk-check').click();
  }
  if (kind !== 'branching' || (await form.locator('.lk-check').isHidden())) {
    await form.locator('.lk-feedback').waitFor({ state: 'visible', ...WAIT });
  }
}

/** What a question shows: {checked: values of checked inputs, feedback: text or null, open: enabled inputs}. */
export function questionView(sco, quiz, id) {
  return question(sco, quiz, id).evaluate((form) => {
    const fb = form.querySelector('.lk-feedback');
    return {
      checked: Array.from(form.querySelectorAll('input:checked')).map((i) => i.value),
      enabled: Array.from(form.querySelectorAll('input:not([disabled])')).filter((i) => !i.closest('[hidden]')).map((i) => i.value),
      feedback: fb && !fb.hidden ? fb.textContent.trim() : null,
      checkVisible: !form.querySelector('.lk-check').hidden,
    };
  });
}

/** The text of #lk-result when shown, else null. */
export function resultText(sco) {
  return sco.evaluate(() => {
    const r = document.getElementById('lk-result');
    return r && !r.hidden ? r.textContent.replace(/\s+/g, ' ').trim() : null;
  });
}

/** The text of #lk-notice when shown, else null. */
export function noticeText(sco) {
  return sco.evaluate(() => {
    const n = document.getElementById('lk-notice');
    return n && !n.hidden ? n.textContent.replace(/\s+/g, ' ').trim() : null;
  });
}

/** The module data the page shell reads (strings, pages, quizzes). */
export function moduleData(sco) {
  return sco.evaluate(() => JSON.parse(document.getElementById('lk-data').textContent));
}
