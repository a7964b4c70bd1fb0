// The gallery of what a learner sees, for reviewers (docs/learner.md): builds the bundled
// project, takes its modules in the test LMS (tests/browser/lms) in headless Chromium as a learner
// would, and renders every state listed in STATES at 1280×900 (desktop) and 390×844 (phone), and
// the printed pages (the hand-out's first page, the proof of participation) as A4 images, into
// docs/images/learner/<nn>-<state>-<size>.png.
//
//   scripts/screenshots            (this file, run by that wrapper)
//
// Uses $LESKIT_BIN when set, otherwise builds target/debug/leskit. Needs /usr/bin/chromium,
// node_modules, unzip, pdftoppm and pngquant; scripts/test installs them all. Exits non-zero,
// naming the state, when a state cannot be reached (a selector or the bundled course changed);
// then docs/images/learner/ is left as it was: it is replaced only once every state is rendered.
//
// The images are as stable as Chromium allows: fixed viewports at a device scale of 1, reduced
// motion, no caret, a fixed clock (2026-11-16 10:00 in Amsterdam, for the proof's date and time
// spent), a fixed learner name from the LMS, the nl-NL locale. They are quantised to a palette of
// at most 256 colours with pngquant (Debian's, from libimagequant), which keeps them small.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = 'docs/images/learner';
export const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const SCREEN = ['desktop', 'phone'];
/** A printed A4 page, rendered from the PDF Chromium prints. */
const PRINT = ['a4'];

/** The module most states are taken in: it has every question kind and a scenario. */
const MODULE = 'signalen-herkennen';
/** The content page shown: signals, a tip and contacts on one page. */
const CONTENT = { module: 'handelen-en-verwijzen', page: 'jongere-in-het-buitenland' };
const LEARNER = 'Jansen, Anna';
/** The clock the pages see, in Europe/Amsterdam; the proof is printed 64 minutes later. */
const CLOCK = new Date('2026-11-16T10:00:00+01:00');
const PROOF_AFTER_MS = 64 * 60_000;

/**
 * Every state of the gallery, in the order a learner meets them. Each one's images are
 * `<nn>-<id>-<size>.png`, nn its place in this list; docs/learner.md shows every one of them, and
 * tests/js/gallery.test.mjs checks that they are all committed and shown.
 */
export const STATES = [
  { id: 'start', sizes: SCREEN },
  { id: 'web-notice', sizes: SCREEN },
  { id: 'content', sizes: SCREEN },
  { id: 'content-contact', sizes: SCREEN },
  { id: 'content-tip-signals', sizes: SCREEN },
  { id: 'single-open', sizes: SCREEN },
  { id: 'single-right', sizes: SCREEN },
  { id: 'single-wrong', sizes: SCREEN },
  { id: 'multiple-open', sizes: SCREEN },
  { id: 'multiple-right', sizes: SCREEN },
  { id: 'multiple-wrong', sizes: SCREEN },
  { id: 'true-false-open', sizes: SCREEN },
  { id: 'true-false-right', sizes: SCREEN },
  { id: 'true-false-wrong', sizes: SCREEN },
  { id: 'scenario-open', sizes: SCREEN },
  { id: 'scenario-step', sizes: SCREEN },
  { id: 'scenario-ending-good', sizes: SCREEN },
  { id: 'scenario-ending-poor', sizes: SCREEN },
  { id: 'results-fail', sizes: SCREEN },
  { id: 'results-pass', sizes: SCREEN },
  { id: 'module-done', sizes: SCREEN },
  { id: 'contents', sizes: SCREEN },
  { id: 'handout', sizes: SCREEN },
  { id: 'handout-print', sizes: PRINT },
  { id: 'proof-print', sizes: PRINT },
];

/** The image files of STATES[index], one per size: [{ size, file }]. */
export function imagesOf(index) {
  const state = STATES[index];
  const nn = String(index + 1).padStart(2, '0');
  return state.sizes.map((size) => ({ size, file: `${nn}-${state.id}-${size}.png` }));
}

/** Every image file the gallery holds, in order. */
export function allImages() {
  return STATES.flatMap((_, i) => imagesOf(i).map((img) => img.file));
}

/* ---------- Running ---------- */

/** The first lines of an error's message, without the terminal colours Playwright adds. */
function brief(e) {
  return String(e.message ?? e).replace(/\x1b\[[0-9;]*m/g, '').split('\n').slice(0, 6).join('\n');
}

function fail(message) {
  console.error(`scripts/screenshots: ${message}`);
  process.exit(1);
}

function tool(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

/** What the script needs, each said once with what to do. */
function preflight() {
  const missing = [];
  if (!fs.existsSync('/usr/bin/chromium')) missing.push('Chromium (/usr/bin/chromium)');
  if (!fs.existsSync(path.join(REPO, 'node_modules/playwright-core'))) missing.push('node_modules (playwright-core)');
  for (const cmd of ['unzip', 'pdftoppm', 'pngquant']) {
    if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) missing.push(cmd);
  }
  if (missing.length) fail(`missing: ${missing.join(', ')}. Run scripts/test first, which installs them.`);
}

/** The index of state `id` in STATES; a typo here is a bug of this script. */
function indexOf(id) {
  const i = STATES.findIndex((s) => s.id === id);
  assert.ok(i >= 0, `no state "${id}" in STATES`);
  return i;
}

class Gallery {
  constructor(dir) {
    this.dir = dir; // raw screenshots, before quantising
    this.done = new Set();
  }

  /**
   * Reaches state `id` with `reach()` (which returns what to scroll to: a selector, a Locator,
   * or null for the top), then renders it at each of its screen sizes, on `page`. A failure
   * names the state.
   */
  async screen(page, id, reach, { perSize } = {}) {
    const i = indexOf(id);
    const label = `${String(i + 1).padStart(2, '0')}-${id}`;
    try {
      const target = await reach();
      for (const { size, file } of imagesOf(i)) {
        await page.setViewportSize(SIZES[size]);
        if (perSize) await perSize(size);
        await scrollTo(page, target);
        await page.screenshot({ path: path.join(this.dir, file), animations: 'disabled', caret: 'hide' });
      }
    } catch (e) {
      throw new Error(`state ${label} could not be reached or rendered: ${brief(e)}`);
    }
    this.done.add(id);
  }

  /** Prints `page` to PDF and renders its first page as state `id` (one A4 image). */
  async print(page, id, before) {
    const i = indexOf(id);
    const label = `${String(i + 1).padStart(2, '0')}-${id}`;
    try {
      if (before) await before();
      const pdf = path.join(this.dir, `${id}.pdf`);
      await page.pdf({ path: pdf, format: 'A4', printBackground: true });
      const [{ file }] = imagesOf(i);
      const base = path.join(this.dir, file.replace(/\.png$/, ''));
      // 96 dpi: an A4 page as a screen shows it at 100 % (794 × 1123 pixels).
      tool('pdftoppm', ['-png', '-r', '96', '-f', '1', '-l', '1', '-singlefile', pdf, base]);
    } catch (e) {
      throw new Error(`state ${label} could not be printed: ${brief(e)}`);
    }
    this.done.add(id);
  }
}

/**
 * Scrolls `target` to the top of the viewport, with a margin: a selector, a Locator, null (the
 * page's top), or { end: selector or Locator } to bring that element's bottom to the viewport's
 * bottom (what led up to it stays in view above it).
 */
async function scrollTo(page, target) {
  if (target === null || target === undefined) {
    await page.evaluate(() => window.scrollTo(0, 0));
  } else {
    const end = typeof target === 'object' && 'end' in target;
    const what = end ? target.end : target;
    const locator = typeof what === 'string' ? page.locator(what) : what;
    await locator.first().evaluate((el, end) => {
      el.scrollIntoView({ block: end ? 'end' : 'start' });
      window.scrollBy(0, end ? 12 : -12);
    }, end);
  }
  // Two frames: the layout after a resize and the scroll are painted.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function main() {
  preflight();
  const { REPO_ROOT, buildProject, unzip } = await import('../tests/browser/lib/leskit.mjs');
  const { launchBrowser } = await import('../tests/browser/lib/session.mjs');
  const learner = await import('../tests/browser/lib/learner.mjs');
  const answers = await import('../tests/browser/lib/answers.mjs');
  const { answer, moduleData, openInLms, openStandalone, question, servePackage, setContents } = learner;
  const { answerEach, questionsOf, rightAnswer, showPage, showQuiz, wrongAnswer } = answers;

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-screenshots-'));
  const raw = path.join(scratch, 'raw');
  fs.mkdirSync(raw);
  const gallery = new Gallery(raw);
  let browser;
  try {
    console.log('building the bundled project (scorm12, html)');
    const out = path.join(scratch, 'out');
    fs.mkdirSync(out);
    const zips = buildProject(REPO_ROOT, ['scorm12', 'html'], out);
    const unpack = (module, target = 'scorm12') => {
      const zip = zips.find((z) => z.startsWith(`${module}-`) && z.endsWith(`-${target}.zip`));
      if (!zip) throw new Error(`the build wrote no ${target} package of ${module}: ${zips.join(', ')}`);
      return unzip(path.join(out, zip), path.join(scratch, `${module}-${target}`));
    };
    const pkg = unpack(MODULE);
    const contentPkg = unpack(CONTENT.module);
    const webPkg = unpack(MODULE, 'html');
    browser = await launchBrowser();

    const contextOptions = {
      viewport: SIZES.desktop,
      deviceScaleFactor: 1,
      locale: 'nl-NL',
      timezoneId: 'Europe/Amsterdam',
      reducedMotion: 'reduce',
      colorScheme: 'light',
    };
    /** A session in the test LMS, the SCO in a window of its own (which is what prints). */
    const open = async (packageDir) => {
      const s = await openInLms(browser, {
        std: 'scorm12',
        packageDir,
        popup: true,
        seed: { 'cmi.core.student_name': LEARNER },
        contextOptions,
        prepare: (context) => context.clock.install({ time: CLOCK }),
      });
      s.sco.setDefaultTimeout(20_000);
      return s;
    };
    const noErrors = (s, label) => {
      if (s.pageErrors.length || s.consoleErrors.length) {
        throw new Error(`${label}: the page reported errors:\n${[...s.pageErrors, ...s.consoleErrors].join('\n')}`);
      }
    };

    /* The web export, opened with no LMS: the notice that progress stays in this browser. */
    {
      const server = await servePackage(webPkg);
      const context = await browser.newContext(contextOptions);
      try {
        await context.clock.install({ time: CLOCK });
        const s = await openStandalone(context, server);
        s.page.setDefaultTimeout(20_000);
        await gallery.screen(s.page, 'web-notice', async () => {
          await s.page.locator('#lk-notice:not([hidden])').waitFor();
          await s.page.locator('.lk-notice-close').waitFor();
          return null;
        });
        noErrors(s, 'the web export');
      } finally {
        await context.close();
        await server.close();
      }
    }

    /* A content page with contacts, a tip and signals, in its own module. */
    {
      const s = await open(contentPkg);
      try {
        const sco = s.sco;
        const section = `#p-${CONTENT.page}`;
        const closed = { perSize: () => setContents(sco, false) };
        await gallery.screen(sco, 'content', async () => {
          await showPage(sco, CONTENT.page);
          return null;
        }, closed);
        await gallery.screen(sco, 'content-contact', async () => `${section} .lk-contact`, closed);
        await gallery.screen(sco, 'content-tip-signals', async () => {
          await sco.locator(`${section} .lk-signals`).waitFor();
          return `${section} .lk-tip`;
        }, closed);
        noErrors(s, 'content');
      } finally {
        await s.close();
      }
    }

    /* The learner who answers every question right, then finishes the module. */
    let picked;
    {
      const s = await open(pkg);
      try {
        const sco = s.sco;
        const data = await moduleData(sco);
        const items = questionsOf(data);
        // The first question of each kind is the one shown open, right and wrong.
        picked = Object.fromEntries(['single', 'multiple', 'true-false', 'branching'].map((kind) => {
          const item = items.find(({ q }) => q.kind === kind);
          if (!item) throw new Error(`${MODULE} has no ${kind} question any more: choose another module for the gallery`);
          return [kind, item];
        }));
        const form = ({ quiz, q }) => question(sco, quiz, q.id);
        /** The page of a question's quiz, and its case where a quiz shows one case at a time. */
        const showQuestion = async ({ quiz, q }) => {
          await showQuiz(sco, quiz);
          if (learner.showCaseOf) await learner.showCaseOf(sco, quiz, q.id);
        };
        const answered = new Set();
        const answerRight = async (item) => {
          await answerEach(sco, [item], rightAnswer);
          answered.add(item);
        };

        await gallery.screen(sco, 'start', async () => {
          await sco.locator('section.lk-page:not([hidden]) h1').waitFor();
          return null;
        });
        for (const kind of ['single', 'multiple', 'true-false']) {
          const item = picked[kind];
          await gallery.screen(sco, `${kind}-open`, async () => {
            await showQuestion(item);
            await form(item).locator('.lk-check').waitFor();
            return form(item);
          }, {
            perSize: async () => {
              await setContents(sco, false);
              // The single-choice question is shown as a keyboard user reaches it: the focus ring
              // on its first option (Tab back out of it and in again, which is what marks focus
              // as the keyboard's).
              if (kind !== 'single') return;
              await form(item).locator('input').first().focus();
              await sco.keyboard.press('Shift+Tab');
              await sco.keyboard.press('Tab');
              assert.ok(await form(item).locator('input').first().evaluate((i) => i.matches(':focus-visible')),
                'the first option has the keyboard focus');
            },
          });
          await gallery.screen(sco, `${kind}-right`, async () => {
            await answerRight(item);
            await form(item).locator('.lk-feedback.lk-good').waitFor();
            return form(item);
          });
        }
        const scenario = picked.branching;
        const route = rightAnswer(scenario.q);
        await gallery.screen(sco, 'scenario-open', async () => {
          await showQuestion(scenario);
          await form(scenario).locator('.lk-step:not([hidden])').first().waitFor();
          return form(scenario);
        });
        await gallery.screen(sco, 'scenario-step', async () => {
          assert.ok(route.length >= 2, `the scenario ${scenario.q.id} takes one decision only`);
          await answer(sco, scenario.quiz, scenario.q.id, route.slice(0, 1));
          await form(scenario).locator('.lk-step-feedback').first().waitFor();
          // The step the learner is at now: its choices are open.
          const open = form(scenario).locator('.lk-step:not([hidden]):has(input:not([disabled]))');
          await open.waitFor();
          return form(scenario).locator('.lk-step:not([hidden])').first();
        });
        await gallery.screen(sco, 'scenario-ending-good', async () => {
          await answer(sco, scenario.quiz, scenario.q.id, route.slice(1));
          answered.add(scenario);
          await form(scenario).locator('.lk-feedback:not([hidden])').waitFor();
          return { end: form(scenario).locator('.lk-feedback') };
        });
        await gallery.screen(sco, 'results-pass', async () => {
          for (const item of items) if (!answered.has(item)) await answerRight(item);
          await sco.locator('#lk-result.lk-card.lk-pass').waitFor();
          assert.ok(await sco.evaluate(() => document.activeElement === document.getElementById('lk-result')), 'the results card has focus');
          return '#lk-result';
        });
        await gallery.screen(sco, 'module-done', async () => {
          await sco.locator('#lk-result .lk-go-on a').click();
          await sco.locator('#lk-result #lk-proof-print').waitFor();
          await sco.locator('#lk-result #lk-result-handout-link').waitFor();
          return '#lk-result';
        });
        await gallery.screen(sco, 'contents', async () => {
          await sco.locator('.lk-tick-done').first().waitFor({ state: 'attached' });
          return null;
        }, { perSize: () => setContents(sco, true) });
        await setContents(sco, false);

        // The hand-out opens in a tab of its own from the link on the results card.
        await sco.setViewportSize(SIZES.desktop);
        await sco.locator('#lk-result').scrollIntoViewIfNeeded();
        const [handout] = await Promise.all([
          s.context.waitForEvent('page'),
          sco.locator('#lk-result-handout-link').click(),
        ]);
        await handout.waitForLoadState('load');
        await gallery.screen(handout, 'handout', async () => {
          await handout.locator('.hd-title').waitFor();
          return null;
        });
        await gallery.print(handout, 'handout-print');
        await handout.close();

        await gallery.print(sco, 'proof-print', async () => {
          await s.context.clock.pauseAt(new Date(CLOCK.getTime() + PROOF_AFTER_MS));
          await sco.evaluate(() => { window.print = () => {}; });
          await sco.locator('#lk-proof-print').click();
          await sco.waitForFunction(() => document.documentElement.classList.contains('lk-printing-proof'));
        });
        await s.context.clock.resume();
        noErrors(s, 'the right answers');
      } finally {
        await s.close();
      }
    }

    /* The learner who answers every question wrong. */
    {
      const s = await open(pkg);
      try {
        const sco = s.sco;
        const data = await moduleData(sco);
        const items = questionsOf(data);
        const form = ({ quiz, q }) => question(sco, quiz, q.id);
        const find = (item) => items.find(({ quiz, q }) => quiz === item.quiz && q.id === item.q.id);
        const shown = new Map([
          [find(picked.single), 'single-wrong'],
          [find(picked.multiple), 'multiple-wrong'],
          [find(picked['true-false']), 'true-false-wrong'],
          [find(picked.branching), 'scenario-ending-poor'],
        ]);
        const last = items[items.length - 1];
        for (const item of items) {
          const id = shown.get(item);
          if (item === last) continue;
          if (!id) {
            await answerEach(sco, [item], wrongAnswer);
            continue;
          }
          await gallery.screen(sco, id, async () => {
            await answerEach(sco, [item], wrongAnswer);
            const fb = form(item).locator('.lk-feedback:not([hidden])');
            await fb.waitFor();
            return item.q.kind === 'branching' ? { end: fb } : form(item);
          });
        }
        await gallery.screen(sco, 'results-fail', async () => {
          if (shown.has(last)) throw new Error('the last question is also one shown wrong: pick others');
          await answerEach(sco, [last], wrongAnswer);
          await sco.locator('#lk-result.lk-card.lk-fail').waitFor();
          assert.ok(await sco.evaluate(() => document.activeElement === document.getElementById('lk-result')), 'the results card has focus');
          return '#lk-result';
        });
        noErrors(s, 'the wrong answers');
      } finally {
        await s.close();
      }
    }

    const missing = STATES.filter((s) => !gallery.done.has(s.id)).map((s) => s.id);
    if (missing.length) throw new Error(`states not rendered (the script takes no path to them): ${missing.join(', ')}`);

    // Quantise into a new folder, then swap it in: the gallery is never half written.
    const dest = path.join(REPO, OUT_DIR);
    const next = path.join(scratch, 'learner');
    fs.mkdirSync(next);
    let total = 0;
    for (const file of allImages()) {
      tool('pngquant', ['--force', '--strip', '--speed', '1', '--output', path.join(next, file), '--', path.join(raw, file)]);
      total += fs.statSync(path.join(next, file)).size;
    }
    fs.mkdirSync(dest, { recursive: true });
    for (const old of fs.readdirSync(dest)) if (old.endsWith('.png')) fs.rmSync(path.join(dest, old));
    for (const file of allImages()) fs.copyFileSync(path.join(next, file), path.join(dest, file));
    console.log(`wrote ${allImages().length} images of ${STATES.length} states into ${OUT_DIR}/ (${Math.round(total / 1024)} KB)`);
  } finally {
    await browser?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => fail(brief(e)));
}
