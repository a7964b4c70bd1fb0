// What a package's leskit/facts.json says a saved answer is tied to (`shape`, from src/policy.rs's
// answer_shape), against what the page's own core ties it to (`shape` in state.mjs): `leskit diff` decides
// from the facts whether a learner half-way keeps an answer, so the two must say the same.
// tests/js/fixtures/facts.json is written by a Rust test (tests/facts.rs) from the bundled
// modules' packages; page-data.json by tests/page_data.rs.
//
//   node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '../../templates/page/core.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (name) => JSON.parse(fs.readFileSync(path.join(root, 'tests/js/fixtures', name), 'utf8'));
const pageData = read('page-data.json');
const facts = read('facts.json');

test('every question of every bundled module is tied to the shape its facts name', () => {
  let compared = 0;
  assert.equal(facts.modules.length, pageData.modules.length);
  for (const m of pageData.modules) {
    const shapes = facts.modules.find((f) => f.module === m.module).shapes;
    const keys = [];
    for (const quiz of Object.keys(m.data.quizzes)) {
      for (const q of m.data.quizzes[quiz]) {
        // The key main.mjs gives the question, under which the saved state keeps its answer.
        const key = quiz + '.' + q.id;
        keys.push(key);
        // The page keeps one character of it (`shape`): a text that differs from the page's
        // misses it by chance once in 36 questions, so a rule written apart fails here.
        assert.equal(core.shape(q), core.hash(shapes[key], 1), key);
        compared++;
      }
    }
    assert.deepEqual(keys.sort(), Object.keys(shapes).sort(), m.module);
  }
  assert.ok(compared > 40, compared + ' questions');
});

test('a question whose options move no longer has the shape of its facts', () => {
  let differ = 0, moved = 0;
  for (const m of pageData.modules) {
    const shapes = facts.modules.find((f) => f.module === m.module).shapes;
    for (const quiz of Object.keys(m.data.quizzes)) {
      for (const q of m.data.quizzes[quiz]) {
        if (q.options.length < 2) { continue; }
        const swapped = { ...q, options: [q.options[1], q.options[0], ...q.options.slice(2)] };
        moved++;
        if (core.shape(swapped) !== core.hash(shapes[quiz + '.' + q.id], 1)) { differ++; }
      }
    }
  }
  // One character of 36: nearly every moved question is told apart.
  assert.ok(moved > 20 && differ >= moved - 3, differ + ' of ' + moved);
});
