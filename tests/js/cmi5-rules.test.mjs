// Unit tests of the cmi5 statement checker (tests/browser/lib/cmi5-rules.mjs): a correct
// registration of two sessions, as Ralph returns it, passes; every rule has a mutation of it
// that breaks that rule, and only that one.
//
//   node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CATEGORY, EXT, INTERACTION_TYPE, MOVEON_CATEGORY, RULES, VERB, checkStatements, describeViolations,
} from '../browser/lib/cmi5-rules.mjs';

const HOME = 'http://127.0.0.1/leskit-test-lms';
const ACTOR = { objectType: 'Agent', account: { homePage: HOME, name: 'learner-1' } };
const LMS = { objectType: 'Agent', name: 'LMS', account: { homePage: HOME, name: 'lms' } };
const PROXY = { objectType: 'Agent', account: { homePage: HOME, name: 'au-proxy' } };
const REGISTRATION = '5e0c1a8e-2f4b-4c8a-9d3e-7f6a5b4c3d2e';
const PUBLISHER_ID = 'urn:leskit:au:voorbeeld';
const ACTIVITY = `${HOME}/au/${encodeURIComponent(PUBLISHER_ID)}`;
const MASTERY = 0.8;
const T0 = Date.parse('2026-11-29T10:00:00.000Z');

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
const at = (seconds) => new Date(T0 + seconds * 1000).toISOString();

function template(sessionId) {
  return {
    contextActivities: { grouping: [{ id: PUBLISHER_ID, objectType: 'Activity' }] },
    extensions: { [EXT.sessionId]: sessionId },
  };
}

function launchData(sessionId, launchMode = 'Normal') {
  return { contextTemplate: template(sessionId), launchMode, launchMethod: 'AnyWindow', moveOn: 'CompletedAndPassed', masteryScore: MASTERY };
}

/** What an LRS returns: stored and authority added. */
function stored(statement, authority) {
  return { ...statement, stored: statement.timestamp, authority };
}

function launched(sessionId, seconds, mode = 'Normal') {
  return stored({
    id: uuid(),
    timestamp: at(seconds),
    actor: ACTOR,
    verb: { id: VERB.launched, display: { 'en-US': 'launched' } },
    object: { id: ACTIVITY, objectType: 'Activity' },
    context: {
      registration: REGISTRATION,
      contextActivities: { category: [{ id: CATEGORY }], grouping: [{ id: PUBLISHER_ID }] },
      extensions: {
        [EXT.sessionId]: sessionId,
        [EXT.launchMode]: mode,
        [EXT.launchURL]: 'http://127.0.0.1:4000/courses/1/index.html',
        [EXT.moveOn]: 'CompletedAndPassed',
        [EXT.masteryScore]: MASTERY,
      },
    },
  }, LMS);
}

function defined(sessionId, seconds, verb, result, extra = {}) {
  const categories = [{ id: CATEGORY, objectType: 'Activity' }];
  if (result && ('success' in result || 'completion' in result)) categories.push({ id: MOVEON_CATEGORY, objectType: 'Activity' });
  const context = template(sessionId);
  context.registration = REGISTRATION;
  context.contextActivities.category = categories;
  Object.assign(context.extensions, extra);
  const s = { id: uuid(), timestamp: at(seconds), actor: ACTOR, verb: { id: VERB[verb], display: { 'en-US': verb } }, object: { id: ACTIVITY, objectType: 'Activity' }, context };
  if (result) s.result = result;
  return stored(s, PROXY);
}

function answered(sessionId, seconds, question, correct) {
  const context = template(sessionId);
  context.registration = REGISTRATION;
  context.contextActivities.parent = [{ id: ACTIVITY, objectType: 'Activity' }];
  return stored({
    id: uuid(),
    timestamp: at(seconds),
    actor: ACTOR,
    verb: { id: VERB.answered, display: { 'en-US': 'answered' } },
    object: {
      id: `${ACTIVITY}/quiz/${question}`,
      objectType: 'Activity',
      definition: {
        type: INTERACTION_TYPE, name: { nl: question }, interactionType: 'choice', correctResponsesPattern: ['b'],
        choices: [{ id: 'a', description: { nl: 'A' } }, { id: 'b', description: { nl: 'B' } }],
      },
    },
    result: { response: correct ? 'b' : 'a', success: correct, duration: 'PT3S' },
    context,
  }, PROXY);
}

const judged = (verb, scaled) => ({ success: verb === 'passed', score: { scaled, raw: Math.round(scaled * 100), min: 0, max: 100 }, duration: 'PT1M' });
const mastery = { [EXT.masteryScore]: MASTERY };

/**
 * A correct registration: session 1 answers two questions, completes and passes; session 2
 * (resumed) answers one more and ends. Returns {statements, context, s1, s2, by(verb, session)}.
 */
function registration() {
  const s1 = 'session-1-6d1f';
  const s2 = 'session-2-90ab';
  const statements = [
    launched(s1, 0),
    defined(s1, 1, 'initialized'),
    answered(s1, 10, 'q1', true),
    answered(s1, 20, 'q2', true),
    defined(s1, 21, 'completed', { completion: true, duration: 'PT20S' }),
    defined(s1, 22, 'passed', judged('passed', 1), mastery),
    defined(s1, 30, 'terminated', { duration: 'PT29S' }),
    launched(s2, 100),
    defined(s2, 101, 'initialized'),
    answered(s2, 110, 'q3', false),
    defined(s2, 120, 'terminated', { duration: 'PT19S' }),
  ];
  const context = {
    actor: ACTOR,
    registration: REGISTRATION,
    activityId: ACTIVITY,
    lmsAuthority: LMS,
    launches: [{ sessionId: s1, launchData: launchData(s1) }, { sessionId: s2, launchData: launchData(s2) }],
  };
  const by = (verb, session) => statements.find((s) => s.verb.id === VERB[verb] && s.context.extensions[EXT.sessionId] === session);
  return { statements, context, s1, s2, by };
}

/** A registration of one Browse session: initialized and terminated only. */
function browseRegistration() {
  const s = 'session-browse-1';
  const statements = [launched(s, 0, 'Browse'), defined(s, 1, 'initialized'), defined(s, 5, 'terminated', { duration: 'PT4S' })];
  const context = {
    actor: ACTOR, registration: REGISTRATION, activityId: ACTIVITY, lmsAuthority: LMS,
    launches: [{ sessionId: s, launchData: launchData(s, 'Browse') }],
  };
  return { statements, context, s };
}

test('a correct registration of two sessions has no violations', () => {
  const { statements, context } = registration();
  const found = checkStatements(statements, context);
  assert.deepEqual(found, [], describeViolations(found));
});

test('a correct Browse session has no violations', () => {
  const { statements, context } = browseRegistration();
  assert.deepEqual(checkStatements(statements, context), []);
});

test('a failed attempt, then a passed one in a later session, has no violations', () => {
  const r = registration();
  const passed = r.by('passed', r.s1);
  Object.assign(passed, { verb: { id: VERB.failed }, result: judged('failed', 0.6) });
  r.statements.splice(r.statements.indexOf(r.by('terminated', r.s2)), 0, defined(r.s2, 115, 'passed', judged('passed', 0.8), mastery));
  assert.deepEqual(checkStatements(r.statements, r.context), []);
});

test('the order of the input does not matter: statements are ordered by timestamp', () => {
  const { statements, context } = registration();
  assert.deepEqual(checkStatements([...statements].reverse(), context), []);
});

// One mutation per rule: each must be reported as that rule and nothing else.
const MUTATIONS = {
  'statement-id': (r) => { r.by('initialized', r.s1).id = 'not-a-uuid'; },
  timestamp: (r) => { r.by('initialized', r.s1).timestamp = '2026-11-29T11:00:01.000+01:00'; },
  actor: (r) => { r.statements[2].actor = { objectType: 'Agent', account: { homePage: HOME, name: 'someone-else' } }; },
  registration: (r) => { r.statements[2].context.registration = '11111111-2222-4333-8444-555555555555'; },
  'session-id': (r) => { delete r.statements[2].context.extensions[EXT.sessionId]; },
  'context-template': (r) => { delete r.statements[3].context.contextActivities.grouping; },
  'cmi5-category': (r) => { r.by('initialized', r.s1).context.contextActivities.category = []; },
  'allowed-category': (r) => { r.statements[2].context.contextActivities.category = [{ id: CATEGORY }]; },
  'moveon-category': (r) => { r.by('passed', r.s1).context.contextActivities.category = [{ id: CATEGORY }]; },
  'verb-id': (r) => { r.by('passed', r.s1).verb.id = 'https://adlnet.gov/expapi/verbs/passed'; },
  'object-id': (r) => { r.by('initialized', r.s1).object.id = PUBLISHER_ID; },
  'initialized-first': (r) => { r.by('initialized', r.s1).timestamp = at(15); },
  'terminated-last': (r) => { r.statements.splice(r.statements.indexOf(r.by('terminated', r.s2)), 1); },
  'after-terminated': (r) => { r.statements.push(answered(r.s2, 130, 'q4', true)); },
  'duplicate-verb': (r) => { r.statements.push(defined(r.s1, 2, 'initialized')); },
  'judged-once-per-session': (r) => { r.statements.push(defined(r.s1, 21.5, 'failed', judged('failed', 0.4), mastery)); },
  'completed-once': (r) => { r.statements.push(defined(r.s2, 111, 'completed', { completion: true, duration: 'PT9S' })); },
  'passed-once': (r) => { r.statements.push(defined(r.s2, 111, 'passed', judged('passed', 0.9), mastery)); },
  'failed-after-passed': (r) => { r.statements.push(defined(r.s2, 111, 'failed', judged('failed', 0.2), mastery)); },
  'launch-mode': (r) => { r.statements.push(defined(r.s, 3, 'completed', { completion: true, duration: 'PT2S' })); },
  'result-completion': (r) => { r.by('completed', r.s1).result.completion = false; },
  'result-success': (r) => { r.by('passed', r.s1).result.success = false; },
  'result-score': (r) => { r.by('passed', r.s1).result.score = { scaled: 1.5 }; },
  'result-duration': (r) => { delete r.by('terminated', r.s2).result.duration; },
  'mastery-score': (r) => { delete r.by('passed', r.s1).context.extensions[EXT.masteryScore]; },
  'score-vs-mastery': (r) => { r.by('passed', r.s1).result.score = { scaled: 0.5, raw: 50, min: 0, max: 100 }; },
  'answered-interaction': (r) => { r.statements[2].object.id = ACTIVITY; },
  'no-voiding': (r) => {
    const context = template(r.s1);
    context.registration = REGISTRATION;
    r.statements.push(stored({ id: uuid(), timestamp: at(25), actor: ACTOR, verb: { id: VERB.voided }, object: { objectType: 'StatementRef', id: r.statements[2].id }, context }, PROXY));
  },
  launched: (r) => { delete r.statements[0].context.extensions[EXT.launchURL]; },
  'launched-first': (r) => { r.statements[0].timestamp = at(5); },
};

test('every rule has a mutation in this file', () => {
  assert.deepEqual(Object.keys(MUTATIONS).sort(), Object.keys(RULES).sort());
});

for (const [rule, mutate] of Object.entries(MUTATIONS)) {
  test(`${rule} (${RULES[rule].section}): the mutation is reported, as that rule only`, () => {
    const r = rule === 'launch-mode' ? browseRegistration() : registration();
    mutate(r);
    const found = checkStatements(r.statements, r.context);
    assert.ok(found.length >= 1, `the mutation for ${rule} was not reported`);
    assert.deepEqual([...new Set(found.map((v) => v.rule))], [rule], `expected only ${rule}:\n${describeViolations(found)}`);
    for (const v of found) {
      assert.equal(v.section, RULES[rule].section);
      assert.ok(v.message.length > 10, 'a violation says what is wrong');
    }
  });
}

test('a violation names the statement it is about', () => {
  const r = registration();
  const passed = r.by('passed', r.s1);
  passed.result.success = false;
  const [v] = checkStatements(r.statements, r.context);
  assert.equal(v.statementId, passed.id);
  assert.match(v.message, /passed has result.success false, not true/);
});
