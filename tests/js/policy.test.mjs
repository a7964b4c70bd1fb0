// The learner-side rules leskit computes in Rust (src/policy.rs) against the page's own core, on
// real page data: tests/js/fixtures/page-data.json is written by a Rust test (tests/page_data.rs)
// from the bundled project's modules, with leskit's worst case of each module's saved state per
// standard.
//
//   node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '../../templates/page/core.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = JSON.parse(fs.readFileSync(path.join(root, 'tests/js/fixtures/page-data.json'), 'utf8'));

/* The questions as the page lists them. */
function questionsOf(data) {
  const out = [];
  for (const quiz of Object.keys(data.quizzes)) {
    for (const q of data.quizzes[quiz]) out.push({ quiz, q, key: quiz + '.' + q.id });
  }
  return out;
}

/* Every path through a scenario from its start, as lists of decisions `step>choice`. */
function paths(q, at = q.start, sofar = []) {
  if (!q.steps[at]) return [sofar];
  return q.steps[at].choices.flatMap((c) => paths(q, c.next, sofar.concat([at + '>' + c.id])));
}
function longestPath(q) {
  return paths(q).reduce((a, b) => (b.length > a.length ? b : a), []);
}

/* The answer that takes the most characters in the saved state, found by trying them. */
function longestAnswer(q) {
  if (q.kind === 'true-false') return true;
  if (q.kind === 'single') return q.options[0].id;
  if (q.kind === 'multiple') return q.options.map((o) => o.id);
  return longestPath(q);
}

test('the fixture covers every standard and the modules have questions of every kind', () => {
  assert.ok(fixture.modules.length >= 5);
  const kinds = new Set();
  for (const m of fixture.modules) {
    assert.deepEqual(Object.keys(m.worstCase).sort(), ['cmi5', 'scorm12', 'scorm2004', 'web']);
    questionsOf(m.data).forEach((i) => kinds.add(i.q.kind));
  }
  assert.deepEqual([...kinds].sort(), ['branching', 'multiple', 'single', 'true-false']);
});

test('leskit\'s worst case of the saved state is what the page\'s encoder writes at its longest', () => {
  for (const m of fixture.modules) {
    const questions = questionsOf(m.data);
    const pages = m.data.pages.map((p) => p.id);
    for (const standard of Object.keys(m.worstCase)) {
      const limits = m.limits[standard];
      // The page counts the interactions it wrote only for SCORM: one per question, and one per
      // decision and one for the whole of a scenario, in each attempt.
      const perAttempt = questions.reduce((n, i) => n + (i.q.kind === 'branching' ? longestPath(i.q).length + 1 : 1), 0);
      const counted = standard === 'scorm12' || standard === 'scorm2004';
      const answers = Object.fromEntries(questions.map((i) => [i.key, longestAnswer(i.q)]));
      const state = {
        attempt: limits.attempts, lastPage: true, completed: true,
        seen: Object.fromEntries(pages.map((p) => [p, true])), answers,
        nextInteraction: counted ? limits.attempts * perAttempt : 0,
      };
      const text = core.encodeState(state, questions, pages);
      assert.equal(text.length, m.worstCase[standard], `${m.module} (${standard}): ${text}`);
      if (limits.suspendData !== null) assert.ok(text.length <= limits.suspendData, `${m.module} fits ${standard}`);
      const back = core.decodeState(text, questions, pages);
      assert.equal(Object.keys(back.answers).length, questions.length, 'every answer comes back');
      assert.equal(back.attempt, limits.attempts);

      // No other answer is longer: every single choice, every path of every scenario.
      for (const i of questions) {
        const others = i.q.kind === 'branching' ? paths(i.q) : i.q.kind === 'single' ? i.q.options.map((o) => o.id) : [];
        for (const other of others) {
          const one = core.encodeState({ ...state, answers: { ...answers, [i.key]: other } }, questions, pages);
          assert.ok(one.length <= text.length, `${i.key}: ${JSON.stringify(other)}`);
        }
      }
    }
  }
});

test('at the attempt cap every interaction id fits the budget the build embeds', () => {
  const at = new Date(2026, 10, 28, 9, 5, 7);
  for (const m of fixture.modules) {
    for (const standard of ['scorm12', 'scorm2004']) {
      const { attempts, interactionId } = m.limits[standard];
      for (const i of questionsOf(m.data)) {
        const recs = [];
        if (i.q.kind === 'branching') {
          const route = longestPath(i.q);
          route.forEach((d) => { const [step, choice] = d.split('>'); recs.push(core.decisionRecord(i.quiz, i.q, step, choice, attempts, 0, at)); });
          recs.push(core.scenarioRecord(i.quiz, i.q, route, attempts, 0, at));
        } else {
          recs.push(core.questionRecord(i.quiz, i.q, longestAnswer(i.q), attempts, 0, at));
        }
        for (const rec of recs) {
          const id = Object.fromEntries(core.interaction(standard, rec)).id;
          assert.ok(id.endsWith('.r' + attempts), id);
          assert.ok(id.length <= interactionId, `${id} is ${id.length} characters`);
        }
      }
    }
  }
});

test('the points leskit gives each question are what its best answer earns in the page', () => {
  for (const m of fixture.modules) {
    for (const { q } of questionsOf(m.data)) {
      let best;
      if (q.kind === 'true-false') best = q.answer;
      else if (q.kind === 'single') best = q.options.find((o) => o.correct).id;
      else if (q.kind === 'multiple') best = q.options.filter((o) => o.correct).map((o) => o.id);
      else best = paths(q).reduce((a, b) => (core.earned(q, b) > core.earned(q, a) ? b : a));
      assert.equal(core.earned(q, best), q.points, `${m.module}: ${q.id}`);
      if (q.kind === 'branching') assert.equal(core.best(q, q.start), q.points, `${m.module}: ${q.id}`);
    }
    const scored = questionsOf(m.data).some((i) => i.q.points > 0);
    assert.equal(m.data.module.scored, scored, m.module);
  }
});

test('a retry is left below the attempt cap the build embeds, never at it or beyond', () => {
  for (const m of fixture.modules) {
    for (const standard of Object.keys(m.limits)) {
      const cap = m.limits[standard].attempts;
      assert.equal(core.retryLeft(true, 1, cap), true);
      assert.equal(core.retryLeft(true, cap - 1, cap), true, 'the last attempt is still offered');
      assert.equal(core.retryLeft(true, cap, cap), false, `${m.module} (${standard}): no retry at the cap`);
      assert.equal(core.retryLeft(true, cap + 1, cap), false, 'a state from beyond the cap offers none either');
      assert.equal(core.retryLeft(false, 1, cap), false, 'allow_retry: false offers none');
    }
  }
});
