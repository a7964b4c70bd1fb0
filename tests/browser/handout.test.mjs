// The print-ready hand-out (issue #9) in headless Chromium:
//   - a module's handout.html, served over 127.0.0.1 and opened straight from file://, loads its
//     style sheet and images with nothing refused, and prints to a tagged A4 PDF with bookmarks;
//   - the PDF has the module's title on page 1, its pages in order, the answers starting on a
//     page of their own after the last page, the contact's phone number on the page of its page,
//     the source at the end, and no contact card split over two pages;
//   - the learner's page links to it, in a new tab, once its quiz is passed; a course module's
//     page links to the course's hand-out at once, which prints no answers;
//   - axe-core finds no WCAG 2.1 A/AA violation, and nothing scrolls sideways at 320 px;
//   - the bundled course's hand-out prints with the course on page 1 and every module starting
//     on a new page, in the course's order.
// What is expected is written from the example's YAML and the layout rules, not read from
// leskit's code.
//
//   node --test tests/browser/handout.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, buildUnpacked } from './lib/leskit.mjs';
import { launchBrowser, WAIT } from './lib/session.mjs';
import { answer, goToPage, passCover, servePackage, setContents } from './lib/learner.mjs';
import { flat, isA4, pagesText, pagesWith, pdfInfo, printPdf, topOf } from './lib/pdf.mjs';

const TEST_TIMEOUT = 300_000; // hang guard
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const COURSE = 'courses/onboarding-veilig-thuis.yaml';
const EXAMPLE_TITLE = 'Signalen herkennen (voorbeeld)';
const EXAMPLE_PAGES = ['1. Welkom', '2. Wat is een signaal?', '3. Oefenen'];
const ANSWERS_ELSEWHERE = 'De antwoorden staan niet in de hand-out van de cursus, maar in de hand-out van deze module zelf.';
const CITATION = 'Toolkit tijdig signaleren en voorkomen van achterlating. Kennisplatform Inclusief Samenleven (KIS), Utrecht 2025.';

let browser;
let scratch;
const packages = {};

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-handout-'));
  for (const [name, project] of [['example', 'examples/minimal'], ['course', COURSE]]) {
    packages[name] = buildUnpacked(path.join(REPO_ROOT, project), ['scorm12'], scratch, name).scorm12;
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** Opens `url` in a new page of `context`; returns the page and what went wrong while loading. */
async function open(context, url) {
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT.timeout);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e}`));
  // A refused style sheet or image (Content-Security-Policy) is reported on the console.
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

/** Whether the hand-out's style sheet and every image arrived and apply. */
async function assertLoaded(page, problems, label) {
  assert.deepEqual(problems, [], `${label}: problems while loading`);
  const state = await page.evaluate(() => ({
    styled: getComputedStyle(document.querySelector('.hd-title')).color,
    images: Array.from(document.images).map((i) => ({ src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0 })),
    scripts: document.scripts.length,
  }));
  assert.equal(state.styled, 'rgb(29, 79, 145)', `${label}: handout.css does not apply`);
  for (const image of state.images) assert.ok(image.ok, `${label}: the image ${image.src} did not load`);
  assert.equal(state.scripts, 0, `${label}: a hand-out needs no script`);
}

/** Each contact card's text as the page shows it, white space flattened. */
function contactCards(page) {
  return page.$$eval('.hd-contact', (cards) => cards.map((c) => c.innerText));
}

/** Prints the open hand-out; checks it is a tagged A4 PDF with bookmarks; returns info and page texts. */
async function print(page, name) {
  const file = await printPdf(page, path.join(scratch, `${name}.pdf`));
  const info = pdfInfo(file);
  assert.ok(info.tagged, `${name}: the PDF is not tagged:\n${info.raw}`);
  assert.ok(isA4(info), `${name}: the page is ${info.width} x ${info.height} pt, not A4`);
  assert.ok(info.outline, `${name}: the PDF has no bookmarks`);
  const pages = pagesText(file);
  assert.equal(pages.length, info.pages);
  return { info, pages };
}

/** The only page that holds `phrase`. */
function onePage(pages, phrase, what) {
  const found = pagesWith(pages, phrase);
  assert.equal(found.length, 1, `${what} (${JSON.stringify(phrase)}) is on pages ${JSON.stringify(found)}, not on exactly one`);
  return found[0];
}

/** No contact card is split over two pages: one page holds each card's whole text. */
function assertCardsWhole(pages, cards, label) {
  assert.ok(cards.length > 0, `${label}: no contact card`);
  for (const card of cards) {
    const on = pagesWith(pages, card);
    assert.ok(on.length >= 1, `${label}: no page holds the whole contact card ${JSON.stringify(flat(card))}: it is split over two pages`);
  }
}

/** What the example's hand-out must look like on paper, however it was opened. */
function checkExamplePdf({ info, pages }, cards, label) {
  // Page 1, three pages of text, the answers on a page of their own, the source: at least 2
  // sheets, and far fewer than one per block.
  assert.ok(info.pages >= 2 && info.pages <= 8, `${label}: ${info.pages} pages`);
  assert.ok(flat(pages[0]).includes(EXAMPLE_TITLE), `${label}: the module's title is not on page 1:\n${pages[0]}`);
  assert.ok(topOf(pages[0], 2).includes(EXAMPLE_TITLE), `${label}: the title does not open page 1`);
  const at = EXAMPLE_PAGES.map((title) => onePage(pages, title, `${label}: the page title`));
  assert.equal(at[0], 1, `${label}: the first page starts on page 1`);
  assert.deepEqual([...at].sort((a, b) => a - b), at, `${label}: the pages are out of order: ${at}`);
  // The answers start a new sheet after the last page: a later page's title where it belongs.
  const answers = onePage(pages, 'Antwoorden Bespreek eerst samen', `${label}: the answers`);
  assert.ok(answers > 1 && answers > at[2], `${label}: the answers are on page ${answers}, the exercise on ${at[2]}`);
  assert.equal(topOf(pages[answers - 1], 1), 'Antwoorden', `${label}: the answers do not start their page:\n${pages[answers - 1]}`);
  // The exercise's case comes with the exercise, before the answers.
  const casus = onePage(pages, 'Casus: Lina wil niet op vakantie', `${label}: the case`);
  assert.ok(casus >= at[2] && casus < answers, `${label}: the case is on page ${casus}`);
  // The contact card on the page of its page, with the phone number readable.
  const phone = onePage(pages, 'Telefoon 0800 2000', `${label}: the phone number`);
  assert.ok(phone >= at[1] && phone <= at[2], `${label}: the phone number is on page ${phone}, its page on ${at[1]}`);
  assert.equal(onePage(pages, 'Veilig Thuis Advies bij vermoedens van mogelijke achterlating.', `${label}: the card`), phone);
  assertCardsWhole(pages, cards, label);
  // The source at the end: on the last sheet, after the answers.
  const source = onePage(pages, CITATION, `${label}: the source`);
  assert.equal(source, info.pages, `${label}: the source is on page ${source} of ${info.pages}`);
  assert.ok(flat(pages[source - 1]).includes('Inhoud gecontroleerd: 2026-11-01, Team leskit.'), `${label}: no review note`);
  // Page numbers in the bottom margin.
  for (const [i, text] of pages.entries()) {
    assert.match(flat(text), new RegExp(`${i + 1} ?/ ?${info.pages}$`), `${label}: page ${i + 1} has no page number`);
  }
}

test('a module\'s hand-out over http prints as a tagged A4 PDF with everything on its page', { timeout: TEST_TIMEOUT }, async () => {
  const server = await servePackage(packages.example);
  const context = await browser.newContext();
  try {
    const { page, problems } = await open(context, `${server.origin}/pkg/handout.html`);
    await assertLoaded(page, problems, 'http');
    const asked = server.requests.map((r) => `${r.path} ${r.status}`);
    for (const file of ['/pkg/handout.html', '/pkg/leskit/handout.css', '/pkg/media/kaart.svg']) {
      assert.ok(asked.includes(`${file} 200`), `${file} was not served: ${asked.join(', ')}`);
    }
    assert.deepEqual(server.requests.filter((r) => r.status >= 400), []);
    const printed = await print(page, 'example-http');
    assert.match(printed.info.title, new RegExp(`^Hand-out: ${EXAMPLE_TITLE.replace(/[()]/g, '\\$&')}$`));
    checkExamplePdf(printed, await contactCards(page), 'http');
  } finally {
    await context.close();
    await server.close();
  }
});

test('a module\'s hand-out opened from file:// prints the same', { timeout: TEST_TIMEOUT }, async () => {
  const context = await browser.newContext();
  try {
    const url = pathToFileURL(path.join(packages.example, 'handout.html')).href;
    const { page, problems } = await open(context, url);
    await assertLoaded(page, problems, 'file://');
    checkExamplePdf(await print(page, 'example-file'), await contactCards(page), 'file://');
  } finally {
    await context.close();
  }
});

test('the learner\'s page links to the hand-out, which opens in a new tab', { timeout: TEST_TIMEOUT }, async () => {
  const server = await servePackage(packages.example);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(`${server.origin}/pkg/index.html`);
    // The contents' link; the results card repeats it once the quiz is passed.
    const name = 'Hand-out (printen, opent in een nieuw tabblad)';
    const link = page.locator('.lk-toc').getByRole('link', { name });
    const inCard = page.locator('#lk-result').getByRole('link', { name });
    // The hand-out prints the quiz's answers: the link is there only once the quiz is passed.
    await passCover(page);
    assert.equal(await link.count(), 0, 'no hand-out link before the quiz is passed');
    assert.equal(await inCard.count(), 0, 'no hand-out link in the results before the quiz is passed');
    await goToPage(page, 2);
    const right = { 'welke-signalen': ['a', 'b'], 'alleen-signaal': 'false', 'wat-doe-je': 'b', gesprek: ['thuis', 'advies'] };
    for (const [id, choice] of Object.entries(right)) await answer(page, 'voorbeeld-quiz', id, choice);
    assert.equal(await link.count(), 1);
    assert.equal(await inCard.count(), 1, 'the results card offers the hand-out too');
    assert.equal(await inCard.getAttribute('href'), await link.getAttribute('href'));
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match(await link.getAttribute('rel'), /\bnoopener\b/);
    await setContents(page, true);
    const [tab] = await Promise.all([context.waitForEvent('page', WAIT), link.click()]);
    await tab.waitForLoadState('load');
    assert.equal(new URL(tab.url()).pathname, '/pkg/handout.html');
    assert.equal(await tab.locator('h1').textContent(), EXAMPLE_TITLE);
    assert.equal(await page.evaluate(() => !!window.opener), false);
  } finally {
    await context.close();
    await server.close();
  }
});

test('a course module offers the course\'s hand-out at once, its own only once its quiz is passed', { timeout: TEST_TIMEOUT }, async () => {
  const server = await servePackage(packages.course);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(`${server.origin}/pkg/wat-is-achterlating/index.html`);
    await passCover(page);
    await setContents(page, true);
    const own = page.getByRole('link', { name: 'Hand-out (printen, opent in een nieuw tabblad)' });
    const whole = page.getByRole('link', { name: 'Hand-out van de hele cursus (printen, opent in een nieuw tabblad)' });
    assert.equal(await own.count(), 0, 'the module\'s own hand-out, with its answers, is offered before the quiz is passed');
    assert.equal(await whole.count(), 1, 'the course\'s hand-out, without answers, is not offered');
    const [tab] = await Promise.all([context.waitForEvent('page', WAIT), whole.click()]);
    await tab.waitForLoadState('load');
    assert.equal(new URL(tab.url()).pathname, '/pkg/handout.html');
    assert.equal(await tab.locator('.hd-answers').count(), 0);
    const note = tab.locator('#m1 .hd-answers-elsewhere');
    assert.ok((await note.textContent()).includes(ANSWERS_ELSEWHERE));
  } finally {
    await context.close();
    await server.close();
  }
});

/** axe-core's WCAG 2.1 A/AA violations, one line each. */
async function axeViolations(page) {
  // The hand-out's policy refuses every script; the test context bypasses it to run axe.
  await page.addScriptTag({ url: '/axe/axe.min.js' });
  return page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } })
    .then((r) => r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n      ')}`)), WCAG);
}

for (const name of ['example', 'course']) {
  test(`${name}: the hand-out has no axe violations and does not scroll sideways at 320 px`, { timeout: TEST_TIMEOUT }, async () => {
    const server = await servePackage(packages[name]);
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT.timeout);
      await page.goto(`${server.origin}/pkg/handout.html`);
      // The check can fail: an image without a text alternative is found.
      await page.evaluate(() => document.querySelector('h1').insertAdjacentHTML('afterend', '<img id="probe" src="data:,">'));
      assert.match((await axeViolations(page)).join('\n'), /image-alt/);
      await page.evaluate(() => document.getElementById('probe').remove());
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], violations.join('\n'));
      for (const emulate of [{ media: 'screen' }, { media: 'print' }]) {
        await page.emulateMedia(emulate);
        await page.setViewportSize({ width: 320, height: 640 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${emulate.media}, 320 px wide: ${overflow} px sideways`);
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    } finally {
      await context.close();
      await server.close();
    }
  });
}

test('the course\'s hand-out prints every module from a new page, in the course\'s order', { timeout: TEST_TIMEOUT }, async () => {
  const server = await servePackage(packages.course);
  const context = await browser.newContext();
  try {
    const { page, problems } = await open(context, `${server.origin}/pkg/handout.html`);
    await assertLoaded(page, problems, 'course');
    assert.deepEqual(server.requests.filter((r) => r.status >= 400), []);
    const course = await page.locator('h1').textContent();
    const modules = await page.locator('h2.hd-title').allTextContents();
    assert.deepEqual(modules, [
      'Wat is achterlating?',
      'Wat zegt de wet over achterlating?',
      'Signalen van achterlating herkennen',
      'In gesprek met jongeren over achterlating',
      'Handelen en verwijzen bij achterlating',
    ]);
    const printed = await print(page, 'course');
    const { info, pages } = printed;
    assert.ok(flat(pages[0]).includes(flat(course)), `the course's title is not on page 1:\n${pages[0]}`);
    // Each module starts a page: its title is printed at the top, after the one before.
    let last = 1;
    for (const title of modules) {
      const starts = pages.map((t, i) => (topOf(t, 3).startsWith(title) ? i + 1 : 0)).filter(Boolean);
      assert.equal(starts.length, 1, `the module "${title}" starts pages ${JSON.stringify(starts)}`);
      assert.ok(starts[0] > last, `the module "${title}" starts on page ${starts[0]}, not after page ${last}`);
      last = starts[0];
    }
    assertCardsWhole(pages, await contactCards(page), 'course');
    // Every module names its source; the last one on the last page.
    assert.equal(pagesWith(pages, CITATION).length, modules.length);
    assert.equal(pagesWith(pages, CITATION).at(-1), info.pages);
    // The final test stays out of the hand-out, whose answers it would print.
    assert.equal(pagesWith(pages, 'Eindtoets – achterlating herkennen en voorkomen').length, 0);
    // No module's answers either: every module's page offers the course's hand-out before its
    // quiz is passed. Each module with a quiz says where its answers are instead.
    assert.deepEqual(pagesWith(pages, 'Antwoorden Bespreek eerst samen'), [], 'the course\'s hand-out prints answers');
    assert.equal(await page.locator('.hd-answers, .hd-verdict').count(), 0);
    const withQuiz = await page.locator('article.hd-module:has(.hd-exercise)').count();
    assert.ok(withQuiz > 0);
    assert.equal(pagesWith(pages, ANSWERS_ELSEWHERE).length, withQuiz, 'a module with a quiz does not say where its answers are');
  } finally {
    await context.close();
    await server.close();
  }
});
