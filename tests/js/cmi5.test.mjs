// Unit tests of the cmi5 run-time's pure half (templates/page/cmi5.mjs): launch parameters, the
// statements it builds and which verbs are due when. The whole unit against a real LRS is tested
// in tests/browser/cmi5.test.mjs.
//
//   node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as C from '../../templates/page/cmi5.mjs';
const plain = (v) => JSON.parse(JSON.stringify(v));

const actor = { objectType: 'Agent', account: { homePage: 'https://lms.example', name: 'learner-1' } };
const launch = {
  endpoint: 'https://lms.example/xapi/', fetch: 'https://lms.example/token?k=1', actor,
  registration: '760e3480-ba55-4991-94b0-01820dbd23a2', activityId: 'https://lms.example/au/7',
};
const template = {
  contextActivities: { grouping: [{ id: 'urn:leskit:module:voorbeeld:au' }] },
  extensions: { [C.SESSION]: 'session-1' },
};

test('the launch parameters are read in any order, URL-decoded', () => {
  const q = '?registration=' + encodeURIComponent(launch.registration) +
    '&actor=' + encodeURIComponent(JSON.stringify(actor)) +
    '&activityId=' + encodeURIComponent(launch.activityId) +
    '&fetch=' + encodeURIComponent(launch.fetch) +
    '&endpoint=' + encodeURIComponent('https://lms.example/xapi');
  const got = plain(C.launchParams(q));
  // The endpoint is a base: a missing trailing slash is added.
  assert.deepEqual(got, launch);
});

test('a page not launched by a cmi5 LMS has no launch parameters', () => {
  assert.equal(C.launchParams(''), null);
  assert.equal(C.launchParams('?endpoint=x&fetch=y&registration=z&activityId=a'), null, 'actor missing');
  assert.equal(C.launchParams('?endpoint=x&fetch=y&actor=%7Bnot-json&registration=z&activityId=a'), null);
  assert.equal(C.launchParams('?endpoint=x&fetch=y&actor=%25E0%A4%A&registration=z&activityId=a'), null);
});

test('statement ids are version 4 UUIDs', () => {
  const id = C.uuid(new Uint8Array(16).fill(255));
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(C.uuid(new Uint8Array(16)), '00000000-0000-4000-8000-000000000000');
});

test('a defined statement keeps the context template whole and adds the cmi5 category', () => {
  const at = new Date(Date.UTC(2026, 10, 29, 9, 30, 0));
  const s = plain(C.defined(launch, template, 'initialized', null, null, 'id-1', at));
  assert.equal(s.verb.id, 'http://adlnet.gov/expapi/verbs/initialized');
  assert.equal(s.object.id, launch.activityId);
  assert.equal(s.timestamp, '2026-11-29T09:30:00.000Z');
  assert.deepEqual(s.actor, actor);
  assert.equal(s.context.registration, launch.registration);
  assert.deepEqual(s.context.contextActivities.grouping, template.contextActivities.grouping);
  assert.equal(s.context.extensions[C.SESSION], 'session-1');
  assert.deepEqual(s.context.contextActivities.category.map((a) => a.id), [C.CATEGORY]);
  assert.equal(s.result, undefined);
  // The template itself is not changed.
  assert.equal(template.contextActivities.category, undefined);
});

test('completed, passed and failed carry the moveOn category; the others do not', () => {
  const at = new Date();
  for (const verb of ['completed', 'passed', 'failed']) {
    const s = plain(C.defined(launch, template, verb, {}, null, 'x', at));
    assert.deepEqual(s.context.contextActivities.category.map((a) => a.id), [C.CATEGORY, C.MOVEON], verb);
  }
  for (const verb of ['initialized', 'terminated']) {
    const s = plain(C.defined(launch, template, verb, {}, null, 'x', at));
    assert.deepEqual(s.context.contextActivities.category.map((a) => a.id), [C.CATEGORY], verb);
  }
});

test('an extension the template already has is not overwritten', () => {
  const s = plain(C.defined(launch, template, 'passed', {}, { [C.SESSION]: 'mine', [C.MASTERY]: 0.8 }, 'x', new Date()));
  assert.equal(s.context.extensions[C.SESSION], 'session-1');
  assert.equal(s.context.extensions[C.MASTERY], 0.8);
});

test('a score is scaled, with raw, min and max only for whole percentages', () => {
  assert.deepEqual(plain(C.score(80)), { scaled: 0.8, raw: 80, min: 0, max: 100 });
  assert.deepEqual(plain(C.score(83.33)), { scaled: 0.8333 });
  assert.deepEqual(plain(C.score(0)), { scaled: 0, raw: 0, min: 0, max: 100 });
});

test('durations are ISO 8601', () => {
  assert.equal(C.duration(0), 'PT0H0M0S');
  assert.equal(C.duration(3_723_450), 'PT1H2M3.45S');
  assert.equal(C.duration(61_050), 'PT0H1M1.05S');
});

test('an answered question is an allowed statement about its own activity', () => {
  const rec = {
    id: 'voorbeeld-quiz.vraag-1', type: 'choice', attempt: 2, latency: 4200, at: new Date(Date.UTC(2026, 0, 2)),
    description: 'Welke signalen zie je?', weighting: 2, result: '0.5',
    choices: [{ id: 'a', text: 'Een <em>lange</em> vakantie &amp; meer' }, { id: 'b', text: 'Niets' }, { id: 'c', text: 'Stil' }],
    response: [{ id: 'a', index: 0 }, { id: 'c', index: 2 }],
    correct: [[{ id: 'a', index: 0 }, { id: 'b', index: 1 }]],
  };
  const s = plain(C.answered(launch, template, 'nl', rec, 'id-9'));
  assert.equal(s.verb.id, 'http://adlnet.gov/expapi/verbs/answered');
  assert.equal(s.object.id, launch.activityId + '/voorbeeld-quiz/vraag-1');
  assert.notEqual(s.object.id, launch.activityId);
  assert.equal(s.object.definition.type, C.INTERACTION);
  assert.equal(s.object.definition.interactionType, 'choice');
  assert.deepEqual(s.object.definition.correctResponsesPattern, ['a[,]b']);
  assert.deepEqual(s.object.definition.choices[0], { id: 'a', description: { nl: 'Een lange vakantie & meer' } });
  assert.equal(s.result.response, 'a[,]c');
  assert.equal(s.result.success, undefined, 'partly right is neither success nor failure');
  assert.deepEqual(s.result.score, { scaled: 0.5, raw: 1, min: 0, max: 2 });
  assert.equal(s.result.duration, 'PT0H0M4.20S');
  const categories = (s.context.contextActivities.category || []).map((a) => a.id);
  assert.ok(!categories.includes(C.CATEGORY), 'no cmi5 category on an allowed statement');
  assert.ok(!categories.includes(C.MOVEON));
  assert.deepEqual(s.context.contextActivities.parent.map((a) => a.id), [launch.activityId]);
  assert.equal(s.context.extensions[C.SESSION], 'session-1', 'the session id still travels');
  assert.equal(s.context.extensions['https://w3id.org/xapi/leskit/extensions/attempt'], 2);
});

test('a true-false answer says true or false', () => {
  const rec = { id: 'q.s', type: 'true-false', attempt: 1, latency: 0, at: new Date(), description: 'Klopt?',
    weighting: 1, result: 'correct', response: false, correct: [false] };
  const s = plain(C.answered(launch, template, 'nl', rec, 'x'));
  assert.equal(s.object.definition.interactionType, 'true-false');
  assert.deepEqual(s.object.definition.correctResponsesPattern, ['false']);
  assert.equal(s.object.definition.choices, undefined);
  assert.equal(s.result.response, 'false');
  assert.equal(s.result.success, true);
});

const none = { completed: false, passed: false, judged: false, failedAttempt: null };
const done = (passed, score, attempt = 1) => ({ read: true, scored: true, finished: true, passed, score, attempt });

test('completed goes out once the last page is reached, once per registration', () => {
  assert.deepEqual(plain(C.due('Normal', none, { read: false, scored: false, finished: true })), []);
  assert.deepEqual(plain(C.due('Normal', none, { read: true, scored: false, finished: true })), ['completed']);
  assert.deepEqual(plain(C.due('Normal', { ...none, completed: true }, { read: true, scored: false, finished: true })), []);
});

test('passed goes out with completed, and never twice in a registration', () => {
  assert.deepEqual(plain(C.due('Normal', none, done(true, 90))), ['completed', 'passed']);
  assert.deepEqual(plain(C.due('Normal', { completed: true, passed: true, judged: false, failedAttempt: null }, done(true, 90))), []);
});

test('a failed attempt is reported at once, retry or not, and once per attempt', () => {
  assert.deepEqual(plain(C.due('Normal', { ...none, completed: true }, done(false, 40))), ['failed']);
  // A later session shows the same failed attempt again: not reported twice.
  assert.deepEqual(plain(C.due('Normal', { ...none, completed: true, failedAttempt: 1 }, done(false, 40, 1))), []);
  // Its retry, failed too, is a new attempt.
  assert.deepEqual(plain(C.due('Normal', { ...none, completed: true, failedAttempt: 1 }, done(false, 30, 2))), ['failed']);
  assert.deepEqual(plain(C.due('Normal', { ...none, completed: true, failedAttempt: 1 }, done(true, 90, 2))), ['passed']);
});

test('failed never follows passed, and one judgement per session', () => {
  assert.deepEqual(plain(C.due('Normal', { completed: true, passed: true, judged: false, failedAttempt: null }, done(false, 40))), []);
  assert.deepEqual(plain(C.due('Normal', { completed: true, passed: false, judged: true, failedAttempt: 1 }, done(true, 90, 2))), []);
});

test('no judgement while questions are open', () => {
  assert.deepEqual(plain(C.due('Normal', none, { read: true, scored: true, finished: false, passed: false, score: 0, attempt: 1 })), ['completed']);
});

test('bodies are counted in UTF-8 bytes, as the keepalive budget is', () => {
  assert.equal(C.bytes('abc'), 3);
  assert.equal(C.bytes('één'), 5);
  assert.equal(C.bytes('“ja”'), 8);
  assert.equal(C.bytes('😀'), 4);
  assert.equal(C.bytes(JSON.stringify({ t: 'é'.repeat(100) })), 2 * 100 + 8);
});

test('during the session a keepalive body leaves the reserve free; at the end the reserve is used', () => {
  assert.equal(C.QUOTA, 65536);
  assert.ok(C.fits(40000, 0, false));
  assert.ok(!C.fits(40000, 10000, false), 'a 40,000-byte state while 10,000 bytes are out would eat the reserve');
  assert.ok(C.fits(6000, 50000, true), 'termination may use the reserve');
  assert.ok(!C.fits(20000, 50000, true), 'never over 64 KiB together');
});

const stmt = (verb, text = '') => ({ id: verb + text.length, verb: { id: C.VERBS[verb] }, object: { definition: { name: { nl: text } } } });

test('termination sends the cmi5 statements first and keeps the keepalive bodies under 64 KiB together', () => {
  const answered = Array.from({ length: 8 }, (_, i) => stmt('answered', 'é'.repeat(5000 + i)));
  const batches = plain(C.finalBatches([answered[0], stmt('failed'), ...answered.slice(1), stmt('terminated')], 20000));
  const first = JSON.parse(batches[0].body).map((s) => s.verb.id);
  assert.deepEqual(first, [C.VERBS.failed, C.VERBS.terminated], 'judgement and terminated go first, together');
  assert.ok(batches[0].keepalive);
  const kept = batches.filter((b) => b.keepalive).reduce((n, b) => n + Buffer.byteLength(b.body), 0);
  assert.ok(20000 + kept <= 65536, `${kept} keepalive bytes next to 20,000 in flight`);
  assert.ok(batches.some((b) => !b.keepalive), 'what does not fit still goes, without keepalive');
  // Every statement goes, once.
  const all = batches.flatMap((b) => JSON.parse(b.body).map((s) => s.id)).sort();
  assert.deepEqual(all, [...answered.map((s) => s.id), 'failed0', 'terminated0'].sort());
  // Little to send: one body.
  assert.equal(C.finalBatches([stmt('answered', 'x'), stmt('terminated')], 0).length, 2);
  assert.deepEqual(plain(C.finalBatches([stmt('terminated')], 0)).map((b) => b.keepalive), [true]);
});

test('Browse and Review mode send nothing but initialized and terminated', () => {
  for (const mode of ['Browse', 'Review']) {
    assert.deepEqual(plain(C.due(mode, none, done(true, 100))), [], mode);
    assert.deepEqual(plain(C.due(mode, none, done(false, 0))), [], mode);
  }
});
