// Unit tests of the preview's inspector (src/preview/assets/checks.js) for the behaviour of real
// run-times (issue #13): each warning given where a real LMS would lose data, and not otherwise.
//
//   node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const C = createRequire(import.meta.url)('../../src/preview/assets/checks.js');

function run(std, calls, initial = {}) {
  const m = C.monitor(std, { initial });
  return calls.flatMap(([name, args, ret = 'true', phase = 'run', error = '0']) => m.call({ name, args, ret, phase, error }).map((w) => w.id));
}

test('a value Moodle refuses, although the specification allows it', () => {
  assert.deepEqual(run('scorm2004', [
    ['SetValue', ['cmi.interactions.0.id', 'q.een']], ['SetValue', ['cmi.interactions.0.type', 'choice']],
    ['SetValue', ['cmi.interactions.0.learner_response', 'geen-reden']],
  ]), ['strict-lms-refuses']);
  assert.deepEqual(run('scorm2004', [
    ['SetValue', ['cmi.interactions.0.id', 'q.een']], ['SetValue', ['cmi.interactions.0.type', 'choice']],
    ['SetValue', ['cmi.interactions.0.learner_response', 'geen_reden']],
  ]), []);
});

test('a refused value sent again', () => {
  const refused = ['SetValue', ['cmi.interactions.0.learner_response', 'x-y'], 'false', 'run', '406'];
  assert.deepEqual(run('scorm2004', [refused, refused]).filter((w) => w === 'value-refused'), ['value-refused']);
  const lost = ['SetValue', ['cmi.location', 'p2'], 'false', 'run', '101'];
  assert.deepEqual(run('scorm2004', [lost, lost]), [], 'a general failure may be retried');
});

test('writing in review mode', () => {
  assert.deepEqual(run('scorm2004', [['SetValue', ['cmi.completion_status', 'incomplete']]], { 'cmi.mode': 'review' }), ['review-mode-write']);
  assert.deepEqual(run('scorm12', [['LMSSetValue', ['cmi.core.lesson_status', 'incomplete']]], { 'cmi.core.lesson_mode': 'review' }), ['review-mode-write']);
  assert.deepEqual(run('scorm2004', [['SetValue', ['cmi.completion_status', 'incomplete']]], { 'cmi.mode': 'normal' }), []);
});

test('an interaction of an earlier session written over', () => {
  const held = { 'cmi.interactions.0.id': 'q.een', 'cmi.interactions.1.id': 'q.twee' };
  assert.deepEqual(run('scorm2004', [['SetValue', ['cmi.interactions.0.id', 'q.drie']]], held), ['interaction-overwritten']);
  assert.deepEqual(run('scorm2004', [['SetValue', ['cmi.interactions.2.id', 'q.drie']]], held), []);
});

test('exit and session_time sent only as the page goes away', () => {
  assert.deepEqual(run('scorm2004', [['SetValue', ['cmi.exit', 'suspend'], 'true', 'pagehide']]), ['resume-left-for-pagehide']);
  assert.deepEqual(run('scorm2004', [
    ['SetValue', ['cmi.exit', 'suspend']], ['SetValue', ['cmi.session_time', 'PT5S']], ['Commit', ['']],
    ['SetValue', ['cmi.exit', 'suspend'], 'true', 'pagehide'], ['SetValue', ['cmi.session_time', 'PT9S'], 'true', 'pagehide'],
  ]), [], 'repeated at pagehide after a regular commit: fine');
});
