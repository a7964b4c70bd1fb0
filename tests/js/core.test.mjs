// Unit tests of the page shell's pure core (templates/page/core.mjs): scoring, the compact resume
// state and its bound, and the values written to the LMS.
//
//   node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as core from '../../templates/page/core.mjs';

const require = createRequire(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const single = { id: 'een', kind: 'single', points: 1, prompt: 'Wat doe je?', signals: [],
  options: [{ id: 'a', correct: false }, { id: 'b', correct: true }, { id: 'c', correct: false }] };
const multiple = (scoring) => ({ id: 'meer', kind: 'multiple', scoring, points: 2, prompt: 'Welke?', signals: [],
  options: [{ id: 'a', correct: true }, { id: 'b', correct: true }, { id: 'c', correct: false }, { id: 'd', correct: false }] });
const trueFalse = { id: 'stelling', kind: 'true-false', points: 1, answer: false, prompt: 'Klopt het?', options: [], signals: [] };
const scenario = {
  id: 'route', kind: 'branching', points: 2, prompt: 'Wat nu?', options: [], signals: [], start: 'begin',
  steps: {
    begin: { choices: [{ id: 'thuis', next: 'vervolg' }, { id: 'direct', next: 'dicht' }] },
    vervolg: { choices: [{ id: 'advies', next: 'goed' }, { id: 'wachten', next: 'te-laat' }] },
  },
  endings: { goed: { points: 2, outcome: 'good' }, dicht: { points: 1, outcome: 'partial' }, 'te-laat': { points: 0, outcome: 'poor' } },
};

test('scoring follows the documented rules', () => {
  assert.equal(core.earned(single, 'b'), 1);
  assert.equal(core.earned(single, 'a'), 0);
  assert.equal(core.earned(multiple('all-or-nothing'), ['a', 'b']), 2);
  assert.equal(core.earned(multiple('all-or-nothing'), ['a']), 0);
  assert.equal(core.earned(multiple('all-or-nothing'), ['a', 'b', 'c']), 0);
  // partial: (right chosen − wrong chosen) / right, never below zero, times the points
  assert.equal(core.earned(multiple('partial'), ['a']), 1);
  assert.equal(core.earned(multiple('partial'), ['a', 'b', 'c']), 1);
  assert.equal(core.earned(multiple('partial'), ['a', 'c', 'd']), 0);
  assert.equal(core.earned(trueFalse, false), 1);
  assert.equal(core.earned(trueFalse, true), 0);
  assert.equal(core.earned(scenario, ['begin>thuis', 'vervolg>advies']), 2);
  assert.equal(core.earned(scenario, ['begin>direct']), 1);
  assert.equal(core.ending(scenario, ['begin>thuis']), null, 'a scenario under way has no ending');
  assert.deepEqual([...core.bestChoices(scenario, 'begin')], ['thuis']);
});

test('the module outcome is earned over possible, in percent', () => {
  const qs = [{ key: 'q.een', q: single }, { key: 'q.route', q: scenario }];
  const o = core.outcome(qs, { 'q.een': 'b', 'q.route': ['begin>direct'] }, 80);
  assert.equal(o.score, 66.67);
  assert.equal(o.open, 0);
  assert.equal(o.passed, false);
  assert.equal(core.outcome(qs, { 'q.een': 'b' }, 80).open, 1);
});

function items(list) { return list.map((q) => ({ key: 'quiz.' + q.id, q })); }

test('resume state round-trips', () => {
  const qs = items([single, multiple('partial'), trueFalse, scenario]);
  const pages = ['welkom', 'signalen', 'oefenen'];
  const state = { attempt: 2, lastPage: true, seen: { welkom: true, oefenen: true },
    answers: { 'quiz.een': 'c', 'quiz.meer': ['a', 'd'], 'quiz.stelling': true, 'quiz.route': ['begin>thuis'] } };
  const text = core.encodeState(state, qs, pages);
  const back = core.decodeState(text, qs, pages);
  assert.equal(back.attempt, 2);
  assert.equal(back.lastPage, true);
  assert.deepEqual(JSON.parse(JSON.stringify(back.seen)), { welkom: true, oefenen: true });
  assert.deepEqual(JSON.parse(JSON.stringify(back.answers)), JSON.parse(JSON.stringify(state.answers)));
  assert.equal(back.completed, false);
  assert.equal(back.nextInteraction, 0);
});

test('the saved state keeps completion and the next interaction index (version 3)', () => {
  const qs = items([single, trueFalse, scenario]);
  const pages = ['welkom', 'signalen', 'oefenen'];
  const state = { attempt: 3, lastPage: false, completed: true, seen: { welkom: true }, answers: {}, nextInteraction: 41 };
  const text = core.encodeState(state, qs, pages);
  assert.match(text, /^3\|/);
  const back = core.decodeState(text, qs, pages);
  assert.equal(back.completed, true);
  assert.equal(back.lastPage, false);
  assert.equal(back.nextInteraction, 41);
  assert.equal(back.attempt, 3);
});

test('a state saved by the previous version (2) still resumes', () => {
  // Written by the shell before version 3 for: attempt 2, last page reached, welkom and oefenen
  // seen, een = c, stelling = true, route under way after begin>thuis.
  const qs = items([single, trueFalse, scenario]);
  const back = core.decodeState('2|2|1|5oc9|19tif2.d1i4kt.q98n70', qs, ['welkom', 'signalen', 'oefenen']);
  assert.equal(back.attempt, 2);
  assert.equal(back.lastPage, true);
  assert.equal(back.completed, false);
  assert.equal(back.nextInteraction, 0, 'version 2 kept no index: the LMS\'s _count is used, or 0');
  assert.deepEqual(JSON.parse(JSON.stringify(back.seen)), { welkom: true, oefenen: true });
  assert.deepEqual(JSON.parse(JSON.stringify(back.answers)), { 'quiz.een': 'c', 'quiz.stelling': true, 'quiz.route': ['begin>thuis'] });
});

test('the next interaction index: the LMS\'s integer count, else the page\'s own', () => {
  assert.equal(core.nextIndex('7', 3), 7);
  assert.equal(core.nextIndex('0', 3), 0, 'an LMS that kept nothing starts at 0, whatever the state says');
  assert.equal(core.nextIndex('', 12), 12, 'Open edX answers "": the saved index');
  assert.equal(core.nextIndex('', undefined), 0);
  assert.equal(core.nextIndex('x', 5), 5);
});

test('an author adding pages and questions, or changing one question, keeps the other answers', () => {
  const pages = ['welkom', 'oefenen'];
  const state = { attempt: 1, lastPage: false, seen: { welkom: true }, answers: { 'quiz.een': 'b', 'quiz.stelling': false } };
  const text = core.encodeState(state, items([single, trueFalse]), pages);
  const newQuestion = { ...trueFalse, id: 'nieuw' };
  const changed = { ...single, options: [...single.options, { id: 'd', correct: false }] };
  const back = core.decodeState(text, items([newQuestion, changed, trueFalse]), ['intro', 'welkom', 'extra', 'oefenen']);
  assert.equal(back.seen.welkom, true);
  assert.equal(back.answers['quiz.stelling'], false, 'an untouched question keeps its answer');
  assert.equal(back.answers['quiz.een'], undefined, 'a question whose options changed starts afresh');
  assert.equal(back.answers['quiz.nieuw'], undefined);
  assert.equal(core.decodeState('garbage', items([single]), pages).attempt, 1);
  assert.equal(core.decodeState('{"v":1}', items([single]), pages).answers['quiz.een'], undefined);
});

test('the worst case of 100 questions fits the 4,096 characters of SCORM 1.2', () => {
  const id = (prefix, n) => (prefix + '-' + n + '-').padEnd(32, 'x');
  const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
  const qs = [];
  const answers = {};
  for (let n = 0; n < 100; n++) {
    let q;
    if (n % 2 === 0) {
      // multiple response with the most options, every one chosen
      q = { id: id('vraag', n), kind: 'multiple', points: 1, signals: [], prompt: '',
        options: letters.map((l) => ({ id: id(l, n), correct: true })) };
      answers[id('quiz', 0) + '.' + q.id] = q.options.map((o) => o.id);
    } else {
      // the longest scenario path: 26 steps, each with 26 choices, the last one taken
      const steps = {};
      const decisions = [];
      for (let s = 0; s < 26; s++) {
        const here = id('stap' + s, n);
        const next = s === 25 ? 'einde' : id('stap' + (s + 1), n);
        steps[here] = { choices: letters.map((l, i) => ({ id: id(l, s), next: i === 25 ? next : 'einde' })) };
        decisions.push(here + '>' + id('z', s));
      }
      q = { id: id('scenario', n), kind: 'branching', points: 1, signals: [], prompt: '', options: [],
        start: id('stap0', n), steps, endings: { einde: { points: 1 } } };
      answers[id('quiz', 0) + '.' + q.id] = decisions;
    }
    qs.push({ key: id('quiz', 0) + '.' + q.id, q });
  }
  const pages = Array.from({ length: 200 }, (_, i) => id('pagina', i));
  const seen = Object.fromEntries(pages.map((p) => [p, true]));
  const state = { attempt: 99, lastPage: true, seen, answers };
  const text = core.encodeState(state, qs, pages);
  assert.ok(text.length <= 4096, `suspend_data is ${text.length} characters`);
  const back = core.decodeState(text, qs, pages);
  assert.equal(Object.keys(back.answers).length, 100, 'every answer comes back');
  assert.deepEqual(JSON.parse(JSON.stringify(back.answers)), JSON.parse(JSON.stringify(answers)));
});

test('question keys are unique even when hashes collide', () => {
  const ids = Array.from({ length: 3000 }, (_, i) => 'quiz.vraag-' + i);
  const keys = core.keys(ids);
  assert.equal(new Set(Object.values(keys)).size, ids.length);
  for (const k of Object.values(keys)) assert.match(k, /^[0-9a-z]{4}$/);
});

// Patterns from the SCORM run-time specifications (1.2 RTE; 2004 4th edition RTE).
const TIMESPAN_12 = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/;
const DURATION_2004 = /^P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?)?$/;

test('times are written in each standard\'s syntax', () => {
  for (const ms of [0, 10, 999, 61_000, 3_600_000 * 3 + 5_250, 3_600_000 * 12_000]) {
    assert.match(core.timespan12(ms), TIMESPAN_12);
    assert.match(core.duration2004(ms), DURATION_2004);
  }
  assert.equal(core.timespan12(3_723_450), '0001:02:03.45');
  assert.equal(core.duration2004(3_723_450), 'PT1H2M3.45S');
  assert.equal(core.duration2004(1000), 'PT0H0M1S');
  const d = new Date(2026, 10, 28, 9, 5, 7);
  assert.equal(core.clock12(d), '09:05:07');
  assert.equal(core.timestamp2004(d), '2026-11-28T09:05:07');
});

function fields(std, rec) { return Object.fromEntries(core.interaction(std, rec)); }

test('interactions use each standard\'s response syntax, id and type first', () => {
  const at = new Date(2026, 10, 28, 9, 5, 7);
  const rec = core.questionRecord('signalen-quiz', multiple('all-or-nothing'), ['a', 'c'], 1, 12_340, at);
  const f12 = core.interaction('scorm12', rec);
  assert.deepEqual([...f12.slice(0, 2).map((f) => f[0])], ['id', 'type']);
  const v12 = fields('scorm12', rec);
  assert.equal(v12.id, 'signalen-quiz.meer');
  assert.equal(v12.type, 'choice');
  assert.equal(v12.student_response, 'a,c');
  assert.equal(v12['correct_responses.0.pattern'], 'a,b');
  assert.equal(v12.result, 'wrong');
  assert.match(v12.latency, TIMESPAN_12);
  assert.equal(v12.time, '09:05:07');
  const v04 = fields('scorm2004', rec);
  assert.equal(v04.learner_response, 'a[,]c');
  assert.equal(v04['correct_responses.0.pattern'], 'a[,]b');
  assert.equal(v04.result, 'incorrect');
  assert.match(v04.latency, DURATION_2004);
  assert.equal(v04.timestamp, '2026-11-28T09:05:07');
  assert.equal(v04.description, 'Welke?');

  const tf = fields('scorm12', core.questionRecord('q', trueFalse, false, 2, 0, at));
  assert.equal(tf.id, 'q.stelling.r2', 'a retry adds records with a suffix');
  assert.equal(tf.type, 'true-false');
  assert.equal(tf.student_response, 'f');
  assert.equal(tf.result, 'correct');
  assert.equal(fields('scorm2004', core.questionRecord('q', trueFalse, true, 1, 0, at)).learner_response, 'true');

  // 1.2 allows only single characters as choice responses: long option ids become letters
  const long = { ...single, options: [{ id: 'bel-de-politie', correct: false }, { id: 'vraag-advies', correct: true }] };
  const l12 = fields('scorm12', core.questionRecord('q', long, 'vraag-advies', 1, 0, at));
  assert.equal(l12.student_response, 'b');
  assert.equal(l12['correct_responses.0.pattern'], 'b');
  // 2004: the id in its safe form, since Moodle refuses a hyphen in a choice response (406)
  const l04 = fields('scorm2004', core.questionRecord('q', long, 'vraag-advies', 1, 0, at));
  assert.equal(l04.learner_response, 'vraag_advies');
  assert.equal(l04['correct_responses.0.pattern'], 'vraag_advies');
  assert.equal(l04.id, 'q.een', 'interaction ids keep their hyphens (every run-time takes them)');

  const partial = fields('scorm2004', core.questionRecord('q', multiple('partial'), ['a'], 1, 0, at));
  assert.equal(partial.result, '0.5');
});

test('each decision in a scenario is its own interaction', () => {
  const at = new Date(2026, 10, 28, 9, 5, 7);
  const good = fields('scorm2004', core.decisionRecord('q', scenario, 'begin', 'thuis', 1, 500, at));
  assert.equal(good.id, 'q.route.begin');
  assert.equal(good.learner_response, 'thuis');
  assert.equal(good['correct_responses.0.pattern'], 'thuis');
  assert.equal(good.result, 'correct');
  const bad = fields('scorm12', core.decisionRecord('q', scenario, 'begin', 'direct', 3, 500, at));
  assert.equal(bad.id, 'q.route.begin.r3');
  assert.equal(bad.student_response, 'b');
  assert.equal(bad.result, 'wrong');
  for (const f of [good, bad]) assert.match(f.id, /^[a-z0-9._-]{1,64}$/);
});

test('in a SCORM 2004 course, previous/next past a module edge ask the LMS, where it says that is valid', () => {
  const course = { id: 'c', title: 'C', previous: true, next: true, nextNeedsThis: false };
  const data = { standard: 'scorm2004', course };
  // Within the module the buttons page as ever.
  assert.equal(core.courseRequest(data, 'next', 0, 3, 'true'), null);
  assert.equal(core.courseRequest(data, 'prev', 2, 3, 'true'), null);
  // At the edges they ask for the neighbouring module...
  assert.equal(core.courseRequest(data, 'prev', 0, 3, 'true'), 'previous');
  assert.equal(core.courseRequest(data, 'next', 2, 3, 'true'), 'continue');
  assert.equal(core.courseRequest(data, 'next', 0, 1, 'true'), 'continue', 'a one-page module is at both edges');
  // ...only when the LMS says the request is valid ("false" or "unknown": no)...
  assert.equal(core.courseRequest(data, 'next', 2, 3, 'false'), null);
  assert.equal(core.courseRequest(data, 'next', 2, 3, 'unknown'), null);
  assert.equal(core.courseRequest(data, 'next', 2, 3, ''), null);
  // ...and only where the course has a module on that side.
  const first = { standard: 'scorm2004', course: { ...course, previous: false } };
  assert.equal(core.courseRequest(first, 'prev', 0, 3, 'true'), null);
  const last = { standard: 'scorm2004', course: { ...course, next: false } };
  assert.equal(core.courseRequest(last, 'next', 2, 3, 'true'), null);
  // A single-module package, or SCORM 1.2 (no navigation requests), never does.
  assert.equal(core.courseRequest({ standard: 'scorm2004' }, 'next', 2, 3, 'true'), null);
  assert.equal(core.courseRequest({ standard: 'scorm12', course }, 'next', 2, 3, 'true'), null);
});

const patterns = require(path.join(root, 'src/preview/assets/cmi-patterns.js'));

test('the strictest patterns refuse what Moodle refuses and take what it takes', () => {
  const r = (std, el, v, type) => patterns.refusal(std, el, v, type);
  assert.equal(r('scorm2004', 'cmi.interactions.3.learner_response', 'geen-reden', 'choice').code, '406');
  assert.equal(r('scorm2004', 'cmi.interactions.3.learner_response', 'geen_reden[,]b', 'choice'), null);
  assert.equal(r('scorm2004', 'cmi.interactions.3.learner_response', 'a[,]a', 'choice').code, '406', 'choice items are unique');
  assert.equal(r('scorm2004', 'cmi.interactions.3.correct_responses.0.pattern', 'x-y', 'choice').code, '406');
  assert.equal(r('scorm2004', 'cmi.interactions.3.id', 'signalen-quiz.sem-stappen'), null);
  assert.equal(r('scorm2004', 'cmi.interactions.0.description', 'twee\nregels').code, '406');
  assert.equal(r('scorm2004', 'cmi.interactions.0.description', 'x'.repeat(251)).code, '406');
  assert.equal(r('scorm2004', 'cmi.score.scaled', '1.5').code, '407');
  assert.equal(r('scorm2004', 'cmi.score.scaled', '0.3333'), null);
  assert.equal(r('scorm2004', 'cmi.session_time', 'PT50S.21S').code, '406');
  assert.equal(r('scorm2004', 'cmi.session_time', 'PT0H1M2.5S'), null);
  assert.equal(r('scorm2004', 'cmi.interactions.0.timestamp', '2026-11-28T09:05:07'), null);
  assert.equal(r('scorm12', 'cmi.interactions.0.student_response', 'ab', 'choice').code, '405');
  assert.equal(r('scorm12', 'cmi.interactions.0.student_response', 'a,b', 'choice'), null);
  assert.equal(r('scorm12', 'cmi.core.score.raw', '100'), null);
  assert.equal(r('scorm12', 'cmi.core.score.raw', '100.5').code, '405');
  assert.equal(r('scorm12', 'cmi.core.lesson_status', 'not attempted').code, '405');
});

test('every value the shell writes for an interaction passes the strictest patterns', () => {
  const at = new Date(2026, 10, 28, 9, 5, 7);
  const hyphens = { ...multiple('partial'), id: 'welke-signalen', prompt: '{x} Een vraag\nover twee regels ' + 'heel '.repeat(80),
    options: [{ id: 'geen-reden', correct: true }, { id: 'wel-reden', correct: true }, { id: 'twijfel-nu', correct: false }] };
  const recs = [
    core.questionRecord('signalen-quiz', hyphens, ['geen-reden', 'twijfel-nu'], 2, 61_000, at),
    core.questionRecord('q', trueFalse, true, 1, 10, at),
    core.questionRecord('q', single, 'c', 1, 10, at),
    core.decisionRecord('q', scenario, 'vervolg', 'wachten', 1, 10, at),
  ];
  for (const std of ['scorm12', 'scorm2004']) {
    for (const rec of recs) {
      const f = fields(std, rec);
      for (const [name, value] of Object.entries(f)) {
        assert.equal(patterns.refusal(std, `cmi.interactions.7.${name}`, value, f.type), null, `${std} ${rec.id} ${name} = ${value}`);
      }
    }
  }
  assert.ok(fields('scorm2004', recs[0]).description.length <= 250);
});

test('an error that says the value is wrong drops it; any other failure retries it', () => {
  for (const code of ['351', '401', '403', '406', '407', '408']) assert.equal(core.refusedForGood('scorm2004', code), true, code);
  for (const code of ['0', '101', '391', '']) assert.equal(core.refusedForGood('scorm2004', code), false, code);
  for (const code of ['201', '403', '405']) assert.equal(core.refusedForGood('scorm12', code), true, code);
  for (const code of ['0', '101', '301']) assert.equal(core.refusedForGood('scorm12', code), false, code);
  // The shell's copy of the rule is the patterns table's (which the package cannot load).
  for (const std of ['scorm12', 'scorm2004']) {
    for (let code = 0; code < 1000; code++) assert.equal(core.refusedForGood(std, String(code)), patterns.refusedForGood(std, String(code)), `${std} ${code}`);
  }
});

test('one completion rule: with quizzes every question answered and the last page or the result seen', () => {
  assert.equal(core.completed(true, false, true, true), false, 'jumping to the last page completes nothing');
  assert.equal(core.completed(true, true, false, false), false);
  assert.equal(core.completed(true, true, true, false), true);
  assert.equal(core.completed(true, true, false, true), true, 'the result seen right after the last answer');
  assert.equal(core.completed(false, true, false, false), false);
  assert.equal(core.completed(false, true, true, false), true, 'without quizzes: the last page');
  assert.equal(core.finishedStatus('scorm2004', 'completed'), true);
  assert.equal(core.finishedStatus('scorm2004', 'incomplete'), false);
  assert.equal(core.finishedStatus('scorm2004', ''), false);
  for (const s of ['completed', 'passed', 'failed']) assert.equal(core.finishedStatus('scorm12', s), true, s);
  assert.equal(core.finishedStatus('scorm12', 'incomplete'), false);
});

test('scores in the result use the language\'s decimal sign', () => {
  assert.equal(core.number(3.33, 'nl'), '3,33');
  assert.equal(core.number(100, 'nl'), '100');
  assert.equal(core.number(3.33, 'en'), '3.33');
});

test('a scenario reports itself: one choice interaction for the ending reached, weighted with its points', () => {
  const at = new Date(2026, 10, 28, 9, 5, 7);
  const good = core.scenarioRecord('q', scenario, ['begin>thuis', 'vervolg>advies'], 1, 9_000, at);
  const g04 = fields('scorm2004', good);
  assert.equal(g04.id, 'q.route');
  assert.equal(g04.type, 'choice');
  assert.equal(g04.learner_response, 'goed');
  assert.equal(g04['correct_responses.0.pattern'], 'goed');
  assert.equal(g04.result, 'correct');
  assert.equal(g04.weighting, '2');
  assert.match(g04.latency, DURATION_2004);
  const late = fields('scorm2004', core.scenarioRecord('q', scenario, ['begin>thuis', 'vervolg>wachten'], 2, 0, at));
  assert.equal(late.learner_response, 'te_laat', 'the ending in its safe form');
  assert.equal(late.result, 'incorrect');
  assert.equal(late.id, 'q.route.r2');
  // 1.2: the ending's letter in the endings' order (goed a, dicht b, te-laat c)
  const half = fields('scorm12', core.scenarioRecord('q', scenario, ['begin>direct'], 1, 0, at));
  assert.equal(half.student_response, 'b');
  assert.equal(half['correct_responses.0.pattern'], 'a');
  assert.equal(half.result, '0.5', 'the share of the points');
  for (const std of ['scorm12', 'scorm2004']) {
    for (const [name, value] of Object.entries(fields(std, good))) {
      assert.equal(patterns.refusal(std, `cmi.interactions.0.${name}`, value, 'choice'), null, `${std} ${name} = ${value}`);
    }
  }
});

test('the weightings of one attempt add up to the module\'s points', () => {
  const at = new Date(2026, 10, 28, 9, 5, 7);
  const qs = [single, multiple('partial'), trueFalse, scenario];
  const recs = [
    core.questionRecord('q', single, 'b', 1, 0, at),
    core.questionRecord('q', multiple('partial'), ['a'], 1, 0, at),
    core.questionRecord('q', trueFalse, true, 1, 0, at),
    core.decisionRecord('q', scenario, 'begin', 'thuis', 1, 0, at),
    core.decisionRecord('q', scenario, 'vervolg', 'advies', 1, 0, at),
    core.scenarioRecord('q', scenario, ['begin>thuis', 'vervolg>advies'], 1, 0, at),
  ];
  const sum = recs.reduce((n, r) => n + Number(fields('scorm2004', r).weighting), 0);
  assert.equal(sum, qs.reduce((n, q) => n + q.points, 0));
});
