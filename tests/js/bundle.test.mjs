// The committed page shells (templates/leskit-<standard>.js) are what scripts/bundle-page makes
// of the modules in templates/page/, as the committed schemas are what the model generates: a
// change to a module that was not bundled again fails here.
//
//   node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { STANDARDS, bundle, fileName } = createRequire(import.meta.url)(path.join(root, 'scripts/bundle-page'));

test('every committed page shell is the bundle of its sources', () => {
  assert.deepEqual(STANDARDS, ['scorm12', 'scorm2004', 'cmi5', 'web']);
  for (const standard of STANDARDS) {
    const committed = fs.readFileSync(path.join(root, 'templates', fileName(standard)), 'utf8');
    assert.ok(committed === bundle(standard), `templates/${fileName(standard)} is stale: run scripts/bundle-page`);
  }
});

test('the bundles are the same bytes every time, and each holds only its own run-time', () => {
  const shells = Object.fromEntries(STANDARDS.map((s) => [s, bundle(s)]));
  for (const s of STANDARDS) assert.equal(bundle(s), shells[s], s);
  const cmi5 = 'https://w3id.org/xapi/cmi5/';
  assert.ok(shells.cmi5.includes(cmi5));
  for (const s of ['scorm12', 'scorm2004', 'web']) assert.ok(!shells[s].includes(cmi5), s);
  assert.ok(shells.scorm2004.includes('API_1484_11') && !shells.scorm12.includes('API_1484_11'));
  assert.ok(!shells.web.includes('LMSInitialize') && !shells.cmi5.includes('LMSInitialize'));
  // Minified: well under the size of the sources.
  for (const s of STANDARDS) assert.ok(shells[s].split('\n').length <= 3, `${s} is minified`);
});

test('a copy of the modules joins the same way, into the page shells a --templates folder takes', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-page-'));
  try {
    const copy = path.join(scratch, 'page');
    fs.cpSync(path.join(root, 'templates/page'), copy, { recursive: true });
    assert.equal(bundle('scorm12', copy), bundle('scorm12'));
    // A change in the copy shows in its bundle, and only there.
    const main = path.join(copy, 'main.mjs');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace("className += ' js'", "className += ' js mine'"));
    const mine = bundle('web', copy);
    assert.ok(mine.includes(' js mine') && !bundle('web').includes(' js mine'));
    const out = path.join(scratch, 'templates');
    execFileSync(process.execPath, [path.join(root, 'scripts/bundle-page'), '--src', copy, '--out', out], { stdio: 'pipe' });
    assert.deepEqual(fs.readdirSync(out).sort(), STANDARDS.map(fileName).sort());
    assert.equal(fs.readFileSync(path.join(out, fileName('web')), 'utf8'), mine);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});
