// Runs the packages leskit builds in a test LMS (scorm-again) in Chromium and
// checks how the page shell talks to the SCORM run-time API.
//
//   node --test tests/browser/
//
// Needs /usr/bin/chromium, unzip and node_modules (scripts/test installs them).
// Uses $LESKIT_BIN when set, otherwise builds target/debug/leskit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, buildProject, unzip } from './lib/leskit.mjs';
import { launchBrowser, runSco, pageThrough } from './lib/session.mjs';
import {
  assertCallSequence,
  assertCompletion,
  assertNoApiErrors,
  assertSessionTime,
  describeCalls,
} from './lib/assertions.mjs';

const STANDARDS = ['scorm12', 'scorm2004'];
// The example's module by its file: a bare build of the project writes its course's package too.
const EXAMPLE = 'examples/minimal/modules/voorbeeld.yaml';
const FIXTURES = path.join(REPO_ROOT, 'tests/browser/fixtures');
const TEST_TIMEOUT = 300_000; // hang guard

let browser;
let scratch;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-browser-'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

// Built once, on first use, for both targets.
let built;
function builtPackages() {
  built ??= (() => {
    try {
      const out = path.join(scratch, 'out');
      fs.mkdirSync(out);
      return { out, zips: buildProject(EXAMPLE, STANDARDS, out) };
    } catch (error) {
      return { error };
    }
  })();
  if (built.error) throw built.error;
  return built;
}

/** Everything a well-behaved session must show, for one standard. */
function assertGoodSession(run, std, options) {
  assertCallSequence(run.calls, std);
  assertCompletion(run, std, options);
  assertSessionTime(run.calls, std);
  assertNoApiErrors(run.logs, run.calls);
  assert.deepEqual(run.pageErrors, [], `uncaught errors in the page:\n${run.pageErrors.join('\n')}`);
  assert.deepEqual(run.consoleErrors, [], `console errors:\n${run.consoleErrors.join('\n')}`);
  assert.deepEqual(run.notFound, [], 'the SCO requested files the package does not contain');
}

for (const std of STANDARDS) {
  test(`${std}: the example package runs in the LMS`, { timeout: TEST_TIMEOUT }, async () => {
    const { out, zips } = builtPackages();
    const mine = zips.filter((z) => z.endsWith(`-${std}.zip`));
    assert.equal(mine.length, 1, `expected one *-${std}.zip in the build output, found: ${zips.join(', ') || 'none'}`);
    const dir = unzip(path.join(out, mine[0]), path.join(scratch, `pkg-${std}`));
    assert.ok(fs.existsSync(path.join(dir, 'index.html')), `${mine[0]} has no index.html at its root`);

    const run = await runSco(browser, { std, packageDir: dir, flow: (frame, page) => pageThrough(frame, page) });
    // Paged through without answering: reaching the last page completes nothing while questions are open.
    assertGoodSession(run, std, { questionsOpen: true });
  });

  // The harness itself: a hand-made SCO that behaves must pass...
  test(`${std}: a well-behaved reference SCO passes the same checks`, { timeout: TEST_TIMEOUT }, async () => {
    const run = await runSco(browser, {
      std,
      packageDir: path.join(FIXTURES, 'reference-sco'),
      flow: (frame, page) => pageThrough(frame, page),
    });
    assertGoodSession(run, std);
  });

  // ...and one that misbehaves must fail them.
  test(`${std}: a SCO that initialises twice fails the call-sequence check`, { timeout: TEST_TIMEOUT }, async () => {
    const run = await runSco(browser, {
      std,
      packageDir: path.join(FIXTURES, 'double-init'),
      flow: (frame) => frame.waitForFunction(() => window.lkDone === true, null, { timeout: 60_000 }).then(() => undefined),
    });
    const init = std === 'scorm12' ? 'LMSInitialize' : 'Initialize';
    assert.equal(run.calls.filter((c) => c.name === init).length, 2, `the fixture should have initialised twice:\n${describeCalls(run.calls)}`);
    assert.throws(() => assertCallSequence(run.calls, std), new RegExp(`${init} must be called exactly once, was called 2 times`));
  });
}
