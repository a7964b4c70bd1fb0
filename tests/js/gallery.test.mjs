// The gallery of learner states (docs/learner.md) stays honest: every state scripts/screenshots
// renders has its images committed in docs/images/learner/, at the size it is rendered at, and
// shown in docs/learner.md; the page shows no image that is not there, and the folder holds no
// image of a state the script no longer renders. It reads the files only: no browser, no pixel
// comparison.
//
//   node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { OUT_DIR, REPO, SIZES, STATES, allImages, imagesOf } from '../../scripts/screenshots.mjs';

const DOC = path.join(REPO, 'docs/learner.md');
const IMAGES = path.join(REPO, OUT_DIR);

/** Every image docs/learner.md shows (Markdown images and <img> tags), as paths from docs/. */
function shownImages(markdown) {
  const found = [];
  for (const m of markdown.matchAll(/!\[[^\]]*\]\(([^)\s]+)[^)]*\)/g)) found.push(m[1]);
  for (const m of markdown.matchAll(/<img\b[^>]*\bsrc="([^"]+)"/g)) found.push(m[1]);
  return found;
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(file) {
  const b = fs.readFileSync(file);
  assert.equal(b.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', `${file} is not a PNG`);
  assert.equal(b.subarray(12, 16).toString('latin1'), 'IHDR', `${file} has no IHDR first`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

test('the gallery names each state once, each with its sizes', () => {
  const ids = STATES.map((s) => s.id);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'a state is listed twice');
  for (const s of STATES) {
    assert.match(s.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${s.id}: a file name of lower-case words`);
    assert.ok(s.sizes.length > 0, `${s.id} has no size`);
  }
  assert.deepEqual(imagesOf(0).map((i) => i.file), [`01-${STATES[0].id}-desktop.png`, `01-${STATES[0].id}-phone.png`]);
});

test('every image of every state is committed, at the size it is rendered at', () => {
  const missing = allImages().filter((file) => !fs.existsSync(path.join(IMAGES, file)));
  assert.deepEqual(missing, [], `not in ${OUT_DIR}/: run scripts/screenshots`);
  STATES.forEach((state, i) => {
    for (const { size, file } of imagesOf(i)) {
      const got = pngSize(path.join(IMAGES, file));
      if (SIZES[size]) {
        assert.equal(got.width, SIZES[size].width, `${file}: ${got.width} px wide, not ${SIZES[size].width}`);
        assert.equal(got.height, SIZES[size].height, `${file}: ${got.height} px high, not the viewport's ${SIZES[size].height}`);
      } else {
        assert.equal(size, 'a4', `${file}: an unknown size ${size}`);
        // A4 upright at 96 dpi: about 794 × 1123 pixels (pdftoppm rounds up).
        assert.ok(Math.abs(got.width - 794) <= 2 && Math.abs(got.height - 1123) <= 2,
          `${file}: ${got.width} × ${got.height} px is not an A4 page at 96 dpi`);
      }
    }
  });
});

test('the folder holds no image of a state the script no longer renders', () => {
  const wanted = new Set(allImages());
  const stale = fs.readdirSync(IMAGES).filter((f) => !wanted.has(f));
  assert.deepEqual(stale, [], `left over in ${OUT_DIR}/: run scripts/screenshots, which removes them`);
});

test('docs/learner.md shows every image of every state, and no image that does not exist', () => {
  const doc = fs.readFileSync(DOC, 'utf8');
  const shown = shownImages(doc);
  const prefix = path.relative(path.dirname(DOC), IMAGES).split(path.sep).join('/') + '/';
  const notShown = allImages().filter((file) => !shown.includes(prefix + file));
  assert.deepEqual(notShown, [], 'images docs/learner.md does not show');
  const absent = shown.filter((src) => !fs.existsSync(path.join(path.dirname(DOC), src)));
  assert.deepEqual(absent, [], 'docs/learner.md shows images that do not exist');
  // Each state is shown in the order the learner meets it.
  const order = STATES.map((_, i) => shown.indexOf(prefix + imagesOf(i)[0].file));
  assert.deepEqual([...order].sort((a, b) => a - b), order, 'docs/learner.md shows the states out of order');
});

test('the README links the gallery', () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  assert.ok(readme.includes('](docs/learner.md)'), 'README.md links docs/learner.md');
});
