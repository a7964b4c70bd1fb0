// The cover (issue #16, item 1): what a learner sees when a module opens, before page 1, in the
// test LMS (SCORM 2004 and 1.2) and in a course package.
//   - it shows the title, "what you will learn", the duration, the source and the illustration
//     with its text alternative (or leskit's decorative drawing, hidden from screen readers);
//   - "Begin" opens page 1, and the cover is no page: "Pagina 1 van N", and the LMS hears of no
//     location while the cover shows;
//   - a learner who left on page k and comes back gets "Verder waar je was: <page k>", which
//     opens page k, and a link to read from the beginning;
//   - a learner whose module is completed gets "Bekijk je resultaat", which opens the results;
//   - keyboard only; axe-core clean on the cover, on a desktop and a phone;
//   - in a course package the cover says "Module N van M" (the final test: "Eindtoets").
//
//   node --test tests/browser/cover.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, buildProject, buildUnpacked, unzip } from './lib/leskit.mjs';
import { launchBrowser, WAIT } from './lib/session.mjs';
import { API_NAMES } from './lib/assertions.mjs';
import {
  answer, goToPage, moduleData, openInLms, openStandalone, pageCount, passCover, servePackage, shownPage, storedSeed,
} from './lib/learner.mjs';
import { answerEach, questionsOf, rightAnswer } from './lib/answers.mjs';

const TEST_TIMEOUT = 300_000; // hang guard
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const QUIZ = 'voorbeeld-quiz';

let browser;
let scratch;
let packages;
let course;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-cover-'));
  packages = buildUnpacked(path.join(REPO_ROOT, 'examples/minimal'), ['scorm12', 'scorm2004'], scratch);
  const out = path.join(scratch, 'course-out');
  fs.mkdirSync(out);
  const [zip] = buildProject(path.join(REPO_ROOT, 'courses/onboarding-veilig-thuis.yaml'), ['scorm2004'], out);
  course = unzip(path.join(out, zip), path.join(scratch, 'course'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** What the cover shows, read as a person would: only what is visible. */
function coverView(sco) {
  return sco.evaluate(() => {
    const cover = document.getElementById('lk-cover');
    const shown = (e) => !!e && e.getClientRects().length > 0 && !e.closest('[hidden]');
    const text = (sel) => { const e = cover.querySelector(sel); return shown(e) ? e.textContent.replace(/\s+/g, ' ').trim() : null; };
    const img = cover.querySelector('.lk-cover-art img');
    const art = cover.querySelector('.lk-cover-art svg');
    return {
      shown: shown(cover),
      pagesShown: Array.from(document.querySelectorAll('section.lk-page')).filter((p) => !p.hidden).length,
      navShown: shown(document.querySelector('.lk-nav')),
      title: text('h1'),
      course: text('.lk-cover-course'),
      goals: Array.from(cover.querySelectorAll('.lk-cover-goals li')).map((li) => li.textContent.trim()),
      duration: text('.lk-cover-duration'),
      source: text('.lk-cover-source'),
      image: img && shown(img) ? { alt: img.getAttribute('alt'), loaded: img.complete && img.naturalWidth > 0 } : null,
      art: art ? art.getAttribute('aria-hidden') : null,
      start: text('#lk-cover-start'),
      restart: text('#lk-cover-restart'),
      done: text('#lk-cover-done'),
      progress: document.getElementById('lk-progress').textContent,
    };
  });
}

async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ url: '/axe/axe.min.js' });
  const violations = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } })
    .then((r) => r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)), WCAG);
  return violations;
}

/** The location values the SCO set so far. */
async function locationsSet(s) {
  const n = API_NAMES[s.std];
  const key = s.std === 'scorm12' ? 'cmi.core.lesson_location' : 'cmi.location';
  return (await s.calls()).filter((c) => c.name === n.setValue && c.args[0] === key).map((c) => c.args[1]);
}

for (const std of ['scorm2004', 'scorm12']) {
  test(`${std}: the cover shows first; "Begin" opens page 1, and the cover is no page`, { timeout: TEST_TIMEOUT }, async () => {
    const s = await openInLms(browser, { std, packageDir: packages[std], cover: false, contextOptions: { viewport: DESKTOP } });
    try {
      const data = await moduleData(s.sco);
      const S = data.strings;
      const view = await coverView(s.sco);
      assert.equal(view.shown, true, 'the cover is shown');
      assert.equal(view.pagesShown, 0, 'no page shows beside the cover');
      assert.equal(view.navShown, false, 'no previous/next buttons on the cover');
      assert.equal(view.title, 'Signalen herkennen (voorbeeld)');
      assert.deepEqual(view.goals, ['wat een signaal is', 'waarom één signaal weinig zegt']);
      assert.equal(view.duration, `${S.cover_duration_label}: ongeveer 10 minuten`);
      assert.match(view.source, /^Bron: .*Toolkit tijdig signaleren en voorkomen van achterlating/);
      assert.deepEqual(view.image, { alt: 'Een kaart met een pijl van Nederland naar het buitenland.', loaded: true });
      assert.equal(view.start, S.cover_begin);
      assert.equal(view.restart, null, 'nothing to start again from on a first visit');
      assert.equal(view.course, null, 'a module package names no course');
      assert.equal(view.progress, '', 'the cover is not "Pagina 1 van N"');
      assert.equal(await s.sco.evaluate(() => document.title), 'Signalen herkennen (voorbeeld)');
      assert.deepEqual(await locationsSet(s), [], 'the LMS hears of no location while the cover shows');
      // What resume depends on went out already (the learner may leave from the cover).
      const exitKey = std === 'scorm12' ? 'cmi.core.exit' : 'cmi.exit';
      assert.equal((await s.stored())[exitKey], 'suspend');

      assert.equal(await passCover(s.sco), S.cover_begin);
      assert.equal(await shownPage(s.sco), 0, '"Begin" opens page 1');
      assert.equal(await s.sco.evaluate(() => document.activeElement.id), `${data.pages[0].anchor}-title`, 'focus on the page heading');
      assert.equal(await s.sco.locator('#lk-progress').textContent(), `Pagina 1 van ${await pageCount(s.sco)}`);
      assert.equal((await coverView(s.sco)).shown, false);
      assert.deepEqual(await locationsSet(s), [data.pages[0].id]);
      assert.deepEqual(s.pageErrors, []);
    } finally {
      await s.close();
    }
  });
}

test('scorm2004: back after leaving on page k, the button names page k and opens it', { timeout: TEST_TIMEOUT }, async () => {
  const std = 'scorm2004';
  const first = await openInLms(browser, { std, packageDir: packages[std] });
  let seed;
  let data;
  try {
    data = await moduleData(first.sco);
    await goToPage(first.sco, 2);
    await answer(first.sco, QUIZ, 'welke-signalen', ['a', 'b']);
    await first.leave();
    seed = storedSeed(std, await first.stored());
  } finally {
    await first.close();
  }
  const S = data.strings;
  const again = await openInLms(browser, { std, packageDir: packages[std], seed, cover: false });
  try {
    const view = await coverView(again.sco);
    assert.equal(view.start, S.cover_resume.replace('{title}', data.pages[2].title));
    assert.equal(view.restart, S.cover_restart);
    assert.equal(view.done, null);
    assert.equal(await passCover(again.sco), view.start);
    assert.equal(await shownPage(again.sco), 2, 'the button opens the page the learner left');
    assert.equal(await again.sco.locator('#lk-progress').textContent(), `Pagina 3 van ${data.pages.length}`);
  } finally {
    await again.close();
  }
  // The smaller link reads from the beginning, answers kept.
  const third = await openInLms(browser, { std, packageDir: packages[std], seed, cover: false });
  try {
    await third.sco.locator('#lk-cover-restart').click();
    assert.equal(await shownPage(third.sco), 0);
    const checked = await third.sco.locator(`.lk-quiz[data-quiz="${QUIZ}"] form[data-question="welke-signalen"] input:checked`).count();
    assert.equal(checked, 2, 'reading from the beginning keeps the answers');
  } finally {
    await third.close();
  }
});

test('scorm12: back to a completed module, the button opens the results', { timeout: TEST_TIMEOUT }, async () => {
  const std = 'scorm12';
  const first = await openInLms(browser, { std, packageDir: packages[std] });
  let seed;
  let data;
  try {
    data = await moduleData(first.sco);
    await answerEach(first.sco, questionsOf(data), rightAnswer);
    await goToPage(first.sco, data.pages.length - 1);
    // Then back to page 1 to look something up, and away.
    await goToPage(first.sco, 0);
    await first.leave();
    seed = storedSeed(std, await first.stored());
  } finally {
    await first.close();
  }
  const S = data.strings;
  const again = await openInLms(browser, { std, packageDir: packages[std], seed, cover: false });
  try {
    const view = await coverView(again.sco);
    assert.equal(view.start, S.cover_results);
    assert.equal(view.done, S.cover_done);
    await again.sco.locator('#lk-cover-start').click();
    assert.equal(await shownPage(again.sco), data.pages.length - 1, 'the results are on the last page');
    await again.sco.waitForFunction(() => document.activeElement && document.activeElement.id === 'lk-result', null, WAIT);
    assert.match(await again.sco.locator('#lk-result').textContent(), new RegExp(S.passed));
    const inView = await again.sco.evaluate(() => {
      const r = document.getElementById('lk-result').getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight;
    });
    assert.ok(inView, 'the results card is in view');
  } finally {
    await again.close();
  }
});

test('keyboard only: Tab reaches the start button, Enter opens page 1', { timeout: TEST_TIMEOUT }, async () => {
  const server = await servePackage(packages.scorm2004);
  const context = await browser.newContext({ viewport: PHONE });
  try {
    const s = await openStandalone(context, server, { cover: false });
    let on = '';
    for (let i = 0; i < 30 && on !== 'lk-cover-start'; i++) {
      await s.page.keyboard.press('Tab');
      on = await s.page.evaluate(() => document.activeElement.id);
    }
    assert.equal(on, 'lk-cover-start', 'Tab reaches the start button');
    const ring = await s.page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(ring, 'none', 'the focused button shows a focus ring');
    await s.page.keyboard.press('Enter');
    await s.page.waitForFunction(() => document.activeElement && document.activeElement.tagName === 'H1' && !document.activeElement.closest('[hidden]'), null, WAIT);
    assert.equal(await shownPage(s.page), 0);
  } finally {
    await context.close();
    await server.close();
  }
});

test('axe-core finds nothing on the cover, on a desktop and a phone, first visit and return', { timeout: TEST_TIMEOUT }, async () => {
  const server = await servePackage(packages.scorm2004);
  const context = await browser.newContext({ viewport: DESKTOP });
  const problems = [];
  try {
    const s = await openStandalone(context, server, { cover: false });
    for (const size of [DESKTOP, PHONE]) {
      await s.page.setViewportSize(size);
      for (const v of await axeViolations(s.page)) problems.push(`first visit ${size.width}px: ${v}`);
    }
    await passCover(s.page);
    await goToPage(s.page, 1);
    await s.page.close({ runBeforeUnload: true });
    const back = await openStandalone(context, server, { cover: false });
    assert.equal((await coverView(back.page)).restart, (await moduleData(back.page)).strings.cover_restart);
    for (const size of [DESKTOP, PHONE]) {
      await back.page.setViewportSize(size);
      for (const v of await axeViolations(back.page)) problems.push(`return ${size.width}px: ${v}`);
      const wide = await back.page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
      assert.equal(wide, false, `nothing sticks out at ${size.width}px`);
    }
  } finally {
    await context.close();
    await server.close();
  }
  assert.deepEqual(problems, []);
});

test('a course package: the cover says "Module N van M", the final test\'s "Eindtoets"', { timeout: TEST_TIMEOUT }, async () => {
  const server = await servePackage(course);
  const context = await browser.newContext({ viewport: DESKTOP });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    for (const [id, place] of [['wat-is-achterlating', 'Module 1 van 5'], ['signalen-herkennen', 'Module 3 van 5'], ['eindtoets', 'Eindtoets']]) {
      await page.goto(`${server.origin}/pkg/${id}/index.html`);
      await page.waitForFunction(() => document.documentElement.classList.contains('js'), null, WAIT);
      const view = await coverView(page);
      assert.equal(view.shown, true, id);
      assert.equal(view.course, `${place} Achterlating herkennen en voorkomen – inwerkcursus Veilig Thuis`, id);
    }
    // The final test has no illustration of its own: leskit's drawing, hidden from screen readers.
    const view = await coverView(page);
    assert.equal(view.image, null);
    assert.equal(view.art, 'true');
  } finally {
    await context.close();
    await server.close();
  }
});

test('the course page of a web export: the course\'s cover, with its modules and a start button', { timeout: TEST_TIMEOUT }, async () => {
  const out = path.join(scratch, 'web-course-out');
  fs.mkdirSync(out);
  const zips = buildProject(path.join(REPO_ROOT, 'examples/minimal/courses/voorbeeld-cursus.yaml'), ['html'], out);
  const dir = unzip(path.join(out, zips[0]), path.join(scratch, 'web-course'));
  const server = await servePackage(dir);
  // The course page runs no script at all (script-src 'none'); axe-core is let in past it.
  const context = await browser.newContext({ viewport: PHONE, bypassCSP: true });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(`${server.origin}/pkg/index.html`);
    const course = await page.evaluate(() => {
      const c = document.querySelector('.lk-cover');
      const img = c.querySelector('.lk-cover-art img');
      return {
        title: c.querySelector('h1').textContent,
        goals: Array.from(c.querySelectorAll('.lk-cover-goals li')).map((li) => li.textContent),
        duration: c.querySelector('.lk-cover-duration')?.textContent.replace(/\s+/g, ' ').trim() ?? null,
        image: img ? { alt: img.alt, loaded: img.complete && img.naturalWidth > 0 } : null,
        start: c.querySelector('.lk-cover-start').getAttribute('href'),
        modules: Array.from(c.querySelectorAll('.lk-course-modules li')).map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
        source: c.querySelector('.lk-cover-source')?.textContent ?? '',
      };
    });
    assert.equal(course.title, 'Voorbeeldcursus');
    assert.deepEqual(course.goals, ['signalen herkennen']);
    assert.equal(course.duration, 'Duur: ongeveer 10 minuten');
    assert.deepEqual(course.image, { alt: 'Een kaart met een pijl van Nederland naar het buitenland.', loaded: true });
    assert.equal(course.start, 'voorbeeld/index.html');
    assert.equal(course.modules[0].startsWith('Signalen herkennen (voorbeeld) (ongeveer 10 minuten)'), true, course.modules[0]);
    assert.match(course.source, /^Bron: .*Toolkit tijdig signaleren/);
    for (const size of [PHONE, DESKTOP]) {
      await page.setViewportSize(size);
      assert.deepEqual(await axeViolations(page), [], `axe at ${size.width}px`);
    }
    await page.locator('.lk-cover-start').click();
    await page.waitForURL(/\/voorbeeld\/index\.html$/);
    assert.equal(await passCover(page), (await moduleData(page)).strings.cover_begin);
  } finally {
    await context.close();
    await server.close();
  }
});
