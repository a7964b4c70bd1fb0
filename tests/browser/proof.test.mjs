// The printable proof of participation (issue #9): offered once the module is passed (or, with
// nothing to score, read), and printed to PDF in headless Chromium as one tagged A4 page that
// holds the proof and nothing else of the module. The SCO runs in the test LMS (scorm-again) in a
// window of its own, as print() in an LMS frame prints that frame alone; the PDF is read back with
// poppler-utils.
//
//   node --test tests/browser/proof.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, buildUnpacked } from './lib/leskit.mjs';
import { launchBrowser, WAIT } from './lib/session.mjs';
import { answer, goToPage, moduleData, openInLms, openStandalone, pageCount, resultText, servePackage } from './lib/learner.mjs';
import { flat, isA4, pageText, pdfInfo, printPdf } from './lib/pdf.mjs';

const TEST_TIMEOUT = 300_000; // hang guard
const QUIZ = 'voorbeeld-quiz';
const QUIZ_PAGE = 2; // examples/minimal: welkom, signalen, oefenen (the last page)
const TITLE = 'Signalen herkennen (voorbeeld)';
const RIGHT = { 'welke-signalen': ['a', 'b'], 'alleen-signaal': 'false', 'wat-doe-je': 'b', gesprek: ['thuis', 'advies'] };
const WRONG = { 'welke-signalen': ['a', 'c'], 'alleen-signaal': 'true', 'wat-doe-je': 'a', gesprek: ['thuis', 'wachten'] };

let browser;
let scratch;
const packages = {};

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-proof-'));
  Object.assign(packages, buildUnpacked('examples/minimal', ['scorm12', 'scorm2004'], scratch));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

async function answerAll(sco, answers) {
  for (const [id, choice] of Object.entries(answers)) await answer(sco, QUIZ, id, choice);
}

const proofButton = (sco) => sco.locator('#lk-proof-print');

/** Clicks the proof button with window.print stubbed; returns how often print() was called. */
async function clickProof(sco) {
  await sco.evaluate(() => {
    window.lkPrinted = 0;
    window.print = () => { window.lkPrinted += 1; };
  });
  await proofButton(sco).click();
  const printed = await sco.evaluate(() => window.lkPrinted);
  assert.equal(printed, 1, 'the proof button calls print() once');
  assert.ok(await sco.evaluate(() => document.documentElement.classList.contains('lk-printing-proof')),
    '<html> is marked while the proof prints');
  return printed;
}

/** Today in the module's language as a Dutch reader writes it, from the platform's calendar (not leskit's). */
function todayNl() {
  return new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());
}

/** The logical structure of a tagged PDF with its text (`pdfinfo -struct-text`). */
function structure(file) {
  const r = spawnSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8', maxBuffer: 16 << 20 });
  assert.equal(r.status, 0, `pdfinfo -struct-text: ${r.stderr}`);
  return r.stdout;
}

/** What every printed proof must be: tagged, one A4 page, the proof alone, its heading tagged as one. */
function assertProofPdf(file, expected) {
  const info = pdfInfo(file);
  assert.equal(info.tagged, true, `the proof PDF is tagged:\n${info.raw}`);
  assert.equal(info.pages, 1, `the proof is one page:\n${info.raw}`);
  assert.ok(isA4(info), `the page is A4 upright: ${info.width} × ${info.height} pt`);
  const text = flat(pageText(file, 1));
  for (const want of expected) assert.ok(text.includes(want), `page 1 holds "${want}":\n${text}`);
  // Nothing else of the module: no page, question, feedback, result box or navigation.
  for (const unwanted of ['Welkom', 'Oefenen', 'Wat doe je', 'Controleer', 'Uitleg', 'Je resultaat', 'Vorige', 'Volgende', 'Inhoud', 'afdrukken']) {
    assert.ok(!text.includes(unwanted), `the proof holds no "${unwanted}":\n${text}`);
  }
  // Screen readers get the heading as a heading and the text in reading order.
  const tree = structure(file).split('\n').map((l) => l.trim());
  const h1 = tree.findIndex((l) => /^H1\b/.test(l));
  const heading = h1 < 0 ? null : tree.slice(h1 + 1).find((l) => /^".+"$/.test(l));
  assert.equal(heading, '"Bewijs van deelname"', `the proof's heading is tagged H1:\n${tree.slice(0, 40).join('\n')}`);
  assert.ok(tree.some((l) => l.includes('heeft de e-learning')), 'the structure tree holds the proof text');
  return text;
}

test('scorm12: after passing, the proof names "Last, First" as "First Last" and prints as one tagged A4 page of the proof alone', { timeout: TEST_TIMEOUT }, async () => {
  const s = await openInLms(browser, {
    std: 'scorm12',
    packageDir: packages.scorm12,
    popup: true, // the SCO in a window of its own: what print() prints is that page
    seed: { 'cmi.core.student_name': 'Jansen, Anna', 'cmi.core.total_time': '0001:04:00.00' },
  });
  try {
    const S = (await moduleData(s.sco)).strings;
    await goToPage(s.sco, QUIZ_PAGE);
    assert.equal(await proofButton(s.sco).count(), 0, 'no proof before passing');
    await answer(s.sco, QUIZ, 'welke-signalen', RIGHT['welke-signalen']);
    assert.equal(await proofButton(s.sco).count(), 0, 'no proof while questions are open');
    const { 'welke-signalen': _, ...rest } = RIGHT;
    await answerAll(s.sco, rest);
    assert.ok((await resultText(s.sco)).includes(S.passed));
    assert.equal(await proofButton(s.sco).textContent(), 'Bewijs van deelname afdrukken');
    assert.equal(await s.sco.locator('#lk-proof-name').count(), 0, 'the LMS gave a name: nothing to type');

    const normal = path.join(scratch, 'pages-12.pdf');
    await printPdf(s.sco, normal);
    assert.ok(!flat(pageText(normal, 1)).includes('Bewijs van deelname'), 'the browser\'s own print command prints no proof');

    const day = todayNl();
    await clickProof(s.sco);
    const file = path.join(scratch, 'proof-12.pdf');
    await printPdf(s.sco, file);
    const dayAfter = todayNl();
    const text = assertProofPdf(file, [
      'Bewijs van deelname',
      `Anna Jansen heeft de e-learning ${TITLE} (versie 1.0.0) afgerond.`,
      '100 % (nodig om te slagen: 80 %)',
      'Bestede tijd 1 uur',
      'Bron:',
      'Het officiële overzicht van je resultaten staat in de leeromgeving van je organisatie.',
    ]);
    assert.ok(text.includes(`Datum ${day}`) || text.includes(`Datum ${dayAfter}`), `the date, ${day}:\n${text}`);
    assert.match(text, /Bestede tijd 1 uur [45] minuten/, 'time spent: the LMS\'s total time plus this session');
    assert.equal(pdfInfo(file).title, `Bewijs van deelname – ${TITLE}`, 'the PDF is titled after the proof');

    // After printing, the page prints as ever again.
    await s.sco.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    assert.equal(await s.sco.evaluate(() => document.documentElement.classList.contains('lk-printing-proof')), false);
    assert.match(await s.sco.evaluate(() => document.title), /^Oefenen – /);
    assert.deepEqual(s.pageErrors, []);
    assert.deepEqual(s.consoleErrors, []);
    const reads = (await s.calls()).filter((c) => c.name === 'LMSGetValue').map((c) => c.args[0]);
    assert.ok(reads.includes('cmi.core.student_name') && reads.includes('cmi.core.total_time'), `reads: ${reads}`);
    await s.leave();
  } finally {
    await s.close();
  }
});

test('scorm2004: no proof for a failed attempt; after a passing retry it names the learner from cmi.learner_name', { timeout: TEST_TIMEOUT }, async () => {
  const s = await openInLms(browser, {
    std: 'scorm2004',
    packageDir: packages.scorm2004,
    popup: true,
    seed: { 'cmi.learner_name': 'Vries, Jan de', 'cmi.total_time': 'PT2H' },
  });
  try {
    const S = (await moduleData(s.sco)).strings;
    await goToPage(s.sco, QUIZ_PAGE);
    await answerAll(s.sco, WRONG);
    assert.ok((await resultText(s.sco)).includes(S.failed));
    assert.equal(await proofButton(s.sco).count(), 0, 'no proof for a failed attempt');
    await s.sco.locator('#lk-retry').click();
    await answerAll(s.sco, RIGHT);
    assert.ok((await resultText(s.sco)).includes(S.passed));

    await clickProof(s.sco);
    const file = path.join(scratch, 'proof-2004.pdf');
    await printPdf(s.sco, file);
    const text = assertProofPdf(file, [
      `Jan de Vries heeft de e-learning ${TITLE} (versie 1.0.0) afgerond.`,
      '100 % (nodig om te slagen: 80 %)',
      'Bestede tijd 2 uur',
    ]);
    assert.ok(!text.includes('Vries, Jan'), text);
    assert.deepEqual(s.pageErrors, []);
    await s.leave();
  } finally {
    await s.close();
  }
});

/** Axe's WCAG 2.1 A/AA violations, one line each (as tests/browser/a11y.test.mjs runs it). */
async function axeViolations(page) {
  await page.addScriptTag({ url: '/axe/axe.min.js' });
  return page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((r) => r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)));
}

test('standalone: the learner may type a name for the printout; the proof says no LMS holds the result', { timeout: TEST_TIMEOUT }, async () => {
  const server = await servePackage(packages.scorm12);
  const context = await browser.newContext();
  try {
    const s = await openStandalone(context, server);
    await goToPage(s.page, QUIZ_PAGE);
    await answerAll(s.page, RIGHT);
    const name = s.page.getByLabel('Naam (optioneel)');
    assert.equal(await name.count(), 1, 'a labelled name field');
    assert.deepEqual(await axeViolations(s.page), [], 'the passed state with the proof controls is accessible');
    // Keyboard: from the name field, Tab reaches the button.
    await name.focus();
    await s.page.keyboard.type('  Piet   Puk ');
    await s.page.keyboard.press('Tab');
    assert.equal(await s.page.evaluate(() => document.activeElement.id), 'lk-proof-print');

    await clickProof(s.page);
    const file = path.join(scratch, 'proof-standalone.pdf');
    await printPdf(s.page, file);
    assertProofPdf(file, [
      `Piet Puk heeft de e-learning ${TITLE} (versie 1.0.0) afgerond.`,
      'niet verbonden met een leeromgeving',
      'Bestede tijd',
    ]);
    assert.deepEqual(s.pageErrors, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test('without a score the proof comes with the last page; a course\'s final test proves the course', { timeout: TEST_TIMEOUT }, async () => {
  const built = (project, name) => buildUnpacked(path.join(REPO_ROOT, project), ['scorm12'], scratch, name).scorm12;
  const unscored = built('tests/browser/fixtures/unscored', 'unscored');
  const course = built('examples/minimal/courses/voorbeeld-cursus.yaml', 'course');
  const proofText = (page) => page.evaluate(() => document.getElementById('lk-proof').textContent.replace(/\s+/g, ' ').trim());

  // Unscored: nothing before the last page, then the proof, with no score on it.
  let server = await servePackage(unscored);
  let context = await browser.newContext();
  try {
    const s = await openStandalone(context, server);
    const pages = await pageCount(s.page);
    await goToPage(s.page, pages - 2);
    assert.equal(await proofButton(s.page).count(), 0, 'no proof before the last page');
    await goToPage(s.page, pages - 1);
    assert.equal(await proofButton(s.page).count(), 1, 'the proof on the last page');
    assert.ok(await proofButton(s.page).isVisible());
    await clickProof(s.page);
    const text = await proofText(s.page);
    assert.match(text, /De deelnemer heeft de e-learning .+ afgerond\./);
    assert.ok(!text.includes('Score'), text);
  } finally {
    await context.close();
    await server.close();
  }

  // A course: the final test's proof names the course (title, version), a module's its module.
  for (const [sco, ...wanted] of [
    ['voorbeeld-quiz', 'De deelnemer heeft de e-learning Voorbeeldcursus (versie 1.0.0) afgerond.'],
    ['voorbeeld', `De deelnemer heeft de e-learning ${TITLE} (versie 1.0.0) afgerond.`, 'Deze module hoort bij de cursus Voorbeeldcursus.'],
  ]) {
    server = await servePackage(path.join(course, sco));
    context = await browser.newContext();
    try {
      const s = await openStandalone(context, server);
      await goToPage(s.page, (await pageCount(s.page)) - 1);
      await answerAll(s.page, RIGHT);
      await clickProof(s.page);
      const text = await proofText(s.page);
      for (const want of wanted) assert.ok(text.includes(want), `${sco}: "${want}" in\n${text}`);
      if (wanted.length === 1) assert.ok(!text.includes('hoort bij de cursus'), `${sco}: ${text}`);
    } finally {
      await context.close();
      await server.close();
    }
  }
});

test('the organisation that leskit.toml names is on the proof; without it, no such row', { timeout: TEST_TIMEOUT }, async () => {
  const project = path.join(scratch, 'organisation');
  fs.cpSync(path.join(REPO_ROOT, 'tests/browser/fixtures/unscored'), project, { recursive: true });
  fs.writeFileSync(path.join(project, 'leskit.toml'), 'organisation = "Gemeente Zuidstad"\n');
  const named = buildUnpacked(project, ['scorm12'], scratch, 'organisation').scorm12;
  const plain = buildUnpacked(path.join(REPO_ROOT, 'tests/browser/fixtures/unscored'), ['scorm12'], scratch, 'no-organisation').scorm12;
  const rows = (page) => page.evaluate(() => [...document.querySelectorAll('#lk-proof-body tr')]
    .map((row) => [row.querySelector('th').textContent, row.querySelector('td').textContent]));

  for (const [dir, want] of [[named, 'Gemeente Zuidstad'], [plain, null]]) {
    const server = await servePackage(dir);
    const context = await browser.newContext();
    try {
      const s = await openStandalone(context, server);
      await goToPage(s.page, (await pageCount(s.page)) - 1);
      await clickProof(s.page);
      const facts = await rows(s.page);
      const organisation = facts.find(([label]) => label === 'Organisatie');
      if (want) {
        assert.deepEqual(organisation, ['Organisatie', want], JSON.stringify(facts));
      } else {
        assert.equal(organisation, undefined, JSON.stringify(facts));
      }
      assert.deepEqual(s.pageErrors, []);
    } finally {
      await context.close();
      await server.close();
    }
  }
});
