// The cmi5 test harness itself, without leskit's AU: Ralph (the LRS, lib/lrs.mjs), the test
// cmi5 LMS in front of it (lib/cmi5-lms.mjs) and the statement checker (lib/cmi5-rules.mjs),
// driven by plain HTTP and by a hand-made AU (fixtures/cmi5-reference-au) in Chromium.
//
//   node --test tests/browser/cmi5-lrs.test.mjs
//
// Needs Ralph (scripts/test installs it and sets LESKIT_RALPH), /usr/bin/chromium and
// node_modules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { REPO_ROOT } from './lib/leskit.mjs';
import { launchBrowser, WAIT } from './lib/session.mjs';
import { LAUNCH_DATA, LMS_HOME, parseCourseStructure, startLrsAndLms } from './lib/cmi5-lms.mjs';
import { CATEGORY, EXT, VERB, checkStatements, describeViolations } from './lib/cmi5-rules.mjs';

const FIXTURE = path.join(REPO_ROOT, 'tests/browser/fixtures/cmi5-reference-au');
const TEST_TIMEOUT = 300_000; // hang guard
const PROGRESS = 'urn:leskit:test:state:progress';

let browser;
let lrs;
let lms;
let stop;
let course;

before(async () => {
  ({ lrs, lms, stop } = await startLrsAndLms());
  course = lms.importCourse(FIXTURE);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stop?.();
});

const xapiHeaders = (token, json = false) => ({
  Authorization: `Basic ${token}`,
  'X-Experience-API-Version': '1.0.3',
  ...(json ? { 'Content-Type': 'application/json' } : {}),
});

/** The AU's side of a launch by HTTP: the query of the launch URL and the token. */
async function launchByHttp(options) {
  const registration = lms.register(course);
  const launch = await lms.launch(registration, options);
  const query = new URL(launch.url).searchParams;
  const answer = await (await fetch(query.get('fetch'), { method: 'POST' })).json();
  return { registration, launch, query, token: answer['auth-token'], endpoint: query.get('endpoint') };
}

function stateUrl(endpoint, { activityId, actor, registration }, stateId) {
  const q = new URLSearchParams({ activityId, agent: JSON.stringify(actor), registration });
  if (stateId !== undefined) q.set('stateId', stateId);
  return `${endpoint}activities/state?${q}`;
}

test('cmi5.xml: AUs, their attributes, defaults and URLs are read', () => {
  assert.equal(course.id, 'urn:leskit:test:course:reference');
  assert.deepEqual(course.aus.map((a) => [a.id, a.url, a.moveOn, a.masteryScore, a.launchMethod, a.launchParameters]), [
    ['urn:leskit:test:au:reference', 'index.html', 'CompletedAndPassed', 0.75, 'AnyWindow', 'quiz=short&colour=blue'],
    ['urn:leskit:test:au:misbehaving', 'index.html?misbehave=1', 'Completed', undefined, 'AnyWindow', undefined],
  ]);
  assert.throws(() => parseCourseStructure('<courseStructure><course id="x"/><au id="a"><url>i.html</url></au></courseStructure>'), /namespace/);
});

test('Ralph stores what it is sent, PUT too, and pages with more', { timeout: TEST_TIMEOUT }, async () => {
  const client = lrs.client('lms');
  const registration = crypto.randomUUID();
  const actor = { objectType: 'Agent', account: { homePage: LMS_HOME, name: 'round-trip' } };
  const sent = [];
  for (let i = 0; i < 5; i++) {
    sent.push({
      id: crypto.randomUUID(),
      timestamp: new Date(Date.UTC(2026, 10, 29, 10, 0, i)).toISOString(),
      actor,
      verb: { id: `urn:leskit:test:verb:${i}` },
      object: { id: 'urn:leskit:test:activity', objectType: 'Activity' },
      result: { score: { scaled: 0.25 * (i % 5), raw: i, min: 0, max: 4 }, duration: 'PT1.5S', extensions: { 'urn:x': { deep: [1, 'two'] } } },
      context: { registration, extensions: { 'urn:y': i } },
    });
  }
  await client.post(sent.slice(0, 3));
  await client.post(sent[3]);
  await client.put(sent[4]);
  const back = await client.statements({ registration }, { pageSize: 2 });
  assert.deepEqual(back.map((s) => s.id), sent.map((s) => s.id), 'all five, in stored order, over three pages');
  for (const [i, s] of back.entries()) {
    const { stored, authority, ...rest } = s;
    assert.deepEqual(rest, sent[i], 'the statement comes back as it was sent');
    assert.ok(stored && authority?.account?.name === 'lms', 'the LRS adds stored and authority');
  }
  assert.deepEqual((await client.get(sent[2].id)).id, sent[2].id);
  assert.deepEqual(await client.statements({ registration: crypto.randomUUID() }), []);
});

test('launch: launched in the LRS, LMS.LaunchData, a one-shot fetch URL (§8.2)', { timeout: TEST_TIMEOUT }, async () => {
  const { registration, launch, query, token, endpoint } = await launchByHttp();
  // §8.1: the five parameters.
  assert.deepEqual([...query.keys()].sort(), ['activityId', 'actor', 'endpoint', 'fetch', 'registration']);
  assert.equal(endpoint, `${lms.origin}/xapi/`);
  assert.deepEqual(JSON.parse(query.get('actor')), registration.actor);
  assert.notEqual(query.get('activityId'), course.aus[0].id, 'the activityId is the LMS\'s, not the publisher\'s (§8.1)');
  assert.ok(token, 'the first POST to the fetch URL gives an auth-token');

  // A second POST: the error of §8.2.3, status 200, JSON.
  const again = await fetch(query.get('fetch'), { method: 'POST' });
  assert.equal(again.status, 200);
  assert.match(again.headers.get('content-type'), /^application\/json/);
  assert.equal((await again.json())['error-code'], '1');
  assert.deepEqual(lms.protocolViolations.filter((v) => v.sessionId === launch.sessionId).map((v) => v.rule), ['fetch-once']);
  assert.equal((await fetch(query.get('fetch'))).status, 405, 'GET is not how the token is fetched');

  // LMS.LaunchData (§10) with the token; nothing without it.
  const data = await (await fetch(stateUrl(endpoint, { activityId: launch.activityId, actor: registration.actor, registration: registration.id }, LAUNCH_DATA), { headers: xapiHeaders(token) })).json();
  assert.deepEqual(data, {
    contextTemplate: {
      contextActivities: { grouping: [{ id: 'urn:leskit:test:au:reference', objectType: 'Activity' }] },
      extensions: { [EXT.sessionId]: launch.sessionId },
    },
    launchMode: 'Normal',
    launchMethod: 'AnyWindow',
    moveOn: 'CompletedAndPassed',
    masteryScore: 0.75,
    launchParameters: 'quiz=short&colour=blue',
  });
  const noToken = await fetch(`${endpoint}statements?registration=${registration.id}`, { headers: { 'X-Experience-API-Version': '1.0.3' } });
  assert.equal(noToken.status, 401);
  const noVersion = await fetch(`${endpoint}statements?registration=${registration.id}`, { headers: { Authorization: `Basic ${token}` } });
  assert.equal(noVersion.status, 400);
  const about = await (await fetch(`${endpoint}about`)).json();
  assert.deepEqual(about.version, ['1.0.3']);
  const options = await fetch(`${endpoint}statements`, { method: 'OPTIONS' });
  assert.equal(options.status, 204);
  assert.match(options.headers.get('allow'), /POST/);

  // The AU may not change LMS.LaunchData.
  const put = await fetch(stateUrl(endpoint, { activityId: launch.activityId, actor: registration.actor, registration: registration.id }, LAUNCH_DATA), {
    method: 'PUT', headers: xapiHeaders(token, true), body: '{}',
  });
  assert.equal(put.status, 403);

  // The launched statement, in the LRS (§9.3.1).
  const [launched] = await lms.statements(registration);
  assert.equal(launched.verb.id, VERB.launched);
  assert.deepEqual(launched.context.extensions, {
    [EXT.sessionId]: launch.sessionId,
    [EXT.launchMode]: 'Normal',
    [EXT.launchURL]: `${lms.origin}/courses/${course.key}/index.html`,
    [EXT.moveOn]: 'CompletedAndPassed',
    [EXT.masteryScore]: 0.75,
    [EXT.launchParameters]: 'quiz=short&colour=blue',
  });
  assert.deepEqual(launched.context.contextActivities.category.map((a) => a.id), [CATEGORY]);
});

test('the AU\'s URL keeps its own query next to the launch parameters (§13.1.4 url)', { timeout: TEST_TIMEOUT }, async () => {
  const registration = lms.register(course);
  const launch = await lms.launch(registration, { au: course.aus[1] });
  const url = new URL(launch.url);
  assert.equal(url.searchParams.get('misbehave'), '1');
  assert.equal(launch.launchedStatement.context.extensions[EXT.launchURL], `${lms.origin}/courses/${course.key}/index.html?misbehave=1`);
  assert.equal(launch.launchData.moveOn, 'Completed');
  assert.ok(!('masteryScore' in launch.launchData), 'no masteryScore in the course structure, none in the launch data');
});

test('State API: PUT, GET, POST merges, lists, DELETE; keyed by activity, agent, registration', { timeout: TEST_TIMEOUT }, async () => {
  const { registration, launch, token, endpoint } = await launchByHttp();
  const keys = { activityId: launch.activityId, actor: registration.actor, registration: registration.id };
  const url = (stateId) => stateUrl(endpoint, keys, stateId);
  const call = (method, stateId, body) => fetch(url(stateId), { method, headers: xapiHeaders(token, body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });

  assert.equal((await call('GET', 'mine')).status, 404);
  assert.equal((await call('PUT', 'mine', { a: 1, b: { c: 2 } })).status, 204);
  assert.deepEqual(await (await call('GET', 'mine')).json(), { a: 1, b: { c: 2 } });
  assert.equal((await call('POST', 'mine', { b: 3, d: 4 })).status, 204);
  assert.deepEqual(await (await call('GET', 'mine')).json(), { a: 1, b: 3, d: 4 });
  assert.equal((await call('PUT', 'other:stateId/with?odd=chars', [1, 2])).status, 204);
  assert.deepEqual((await (await call('GET')).json()).sort(), [LAUNCH_DATA, 'mine', 'other:stateId/with?odd=chars'].sort());
  // Another registration of the same learner sees none of it.
  const elsewhere = stateUrl(endpoint, { ...keys, registration: crypto.randomUUID() }, 'mine');
  assert.equal((await fetch(elsewhere, { headers: xapiHeaders(token) })).status, 404);
  assert.deepEqual(lms.stateDocuments(registration).mine, { a: 1, b: 3, d: 4 });
  assert.equal((await call('DELETE', 'mine')).status, 204);
  assert.equal((await call('GET', 'mine')).status, 404);
  assert.equal((await call('DELETE')).status, 204);
  assert.deepEqual(Object.keys(lms.stateDocuments(registration)), [LAUNCH_DATA], 'deleting all keeps LMS.LaunchData');

  // Agent profile (§11): none yet, then what the AU writes.
  const profile = `${endpoint}agents/profile?agent=${encodeURIComponent(JSON.stringify(registration.actor))}&profileId=cmi5LearnerPreferences`;
  assert.equal((await fetch(profile, { headers: xapiHeaders(token) })).status, 404);
  assert.equal((await fetch(profile, { method: 'PUT', headers: xapiHeaders(token, true), body: '{"languagePreference":"nl-NL"}' })).status, 204);
  assert.deepEqual(await (await fetch(profile, { headers: xapiHeaders(token) })).json(), { languagePreference: 'nl-NL' });
});

test('statements the AU sends go through the LMS to Ralph, under the LMS\'s own credentials', { timeout: TEST_TIMEOUT }, async () => {
  const { registration, launch, token, endpoint } = await launchByHttp();
  const statement = {
    id: crypto.randomUUID(),
    timestamp: new Date().toISOString(),
    actor: registration.actor,
    verb: { id: VERB.initialized },
    object: { id: launch.activityId, objectType: 'Activity' },
    context: { ...launch.launchData.contextTemplate, registration: registration.id },
  };
  const post = await fetch(`${endpoint}statements`, { method: 'POST', headers: xapiHeaders(token, true), body: JSON.stringify(statement) });
  assert.equal(post.status, 200);
  assert.deepEqual(await post.json(), [statement.id]);
  assert.equal(post.headers.get('x-experience-api-version'), '1.0.3');
  const one = await (await fetch(`${endpoint}statements?statementId=${statement.id}`, { headers: xapiHeaders(token) })).json();
  assert.equal(one.id, statement.id, 'GET by statementId answers the statement itself');
  const stored = await lms.statements(registration);
  assert.deepEqual(stored.map((s) => s.verb.id), [VERB.launched, VERB.initialized]);
  assert.equal(stored[1].authority.account.name, 'au-proxy');
  assert.equal(stored[0].authority.account.name, 'lms');
  // A statement without id or timestamp is taken, and noted.
  const { id, timestamp, ...bare } = statement;
  await fetch(`${endpoint}statements`, { method: 'POST', headers: xapiHeaders(token, true), body: JSON.stringify([bare]) });
  assert.deepEqual(lms.protocolViolations.filter((v) => v.sessionId === launch.sessionId).map((v) => v.rule).sort(), ['statement-id', 'timestamp']);
});

/** Runs the reference AU in Chromium: opens the launch URL, optionally finishes with `score`, closes the page. */
async function runReferenceAu(launch, { score } = {}) {
  const context = await browser.newContext();
  const errors = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(launch.url);
    await page.waitForFunction(() => window.au && (window.au.ready || window.au.error), null, WAIT);
    assert.equal(await page.evaluate(() => window.au.error), null);
    const au = await page.evaluate(() => ({ saved: window.au.saved, launchData: window.au.launchData }));
    if (score !== undefined) {
      await page.fill('#score', String(score));
      await page.click('#finish');
      await page.waitForFunction(() => window.au.finished || window.au.error, null, WAIT);
    }
    const terminated = lms.waitForStatement(launch.sessionId, VERB.terminated);
    await page.close();
    await terminated;
    assert.deepEqual(errors, []);
    return au;
  } finally {
    await context.close();
  }
}

test('the reference AU: a passed attempt, then a resumed session; the checker finds nothing', { timeout: TEST_TIMEOUT }, async () => {
  const registration = lms.register(course);
  const first = await lms.launch(registration);
  const seen = await runReferenceAu(first, { score: 80 });
  assert.equal(seen.saved, null, 'a new registration has no saved state');
  assert.equal(seen.launchData.masteryScore, 0.75);
  assert.deepEqual(lms.stateDocuments(registration)[PROGRESS], { visits: 1 });

  const second = await lms.launch(registration);
  const resumed = await runReferenceAu(second);
  assert.deepEqual(resumed.saved, { visits: 1 }, 'the second session reads what the first stored');
  assert.deepEqual(lms.stateDocuments(registration)[PROGRESS], { visits: 2 });

  const statements = await lms.statements(registration);
  const verbs = statements.map((s) => s.verb.id.replace(/^.*\//, ''));
  assert.deepEqual(verbs, ['launched', 'initialized', 'answered', 'completed', 'passed', 'terminated', 'launched', 'initialized', 'terminated']);
  const passed = statements.find((s) => s.verb.id === VERB.passed);
  assert.deepEqual(passed.result.score, { scaled: 0.8, raw: 80, min: 0, max: 100 });
  const found = checkStatements(statements, lms.checkContext(registration));
  assert.deepEqual(found, [], describeViolations(found));
  assert.deepEqual(lms.protocolViolations.filter((v) => registration.launches.some((l) => l.sessionId === v.sessionId)), []);
  assert.deepEqual(lms.requests.filter((r) => r.status >= 400 && r.path.startsWith(`/courses/${course.key}/`)), []);
});

test('the reference AU: a failed attempt with the LMS\'s own masteryScore', { timeout: TEST_TIMEOUT }, async () => {
  const registration = lms.register(course);
  const launch = await lms.launch(registration, { masteryScore: 0.9 });
  await runReferenceAu(launch, { score: 80 });
  const statements = await lms.statements(registration);
  const failed = statements.find((s) => s.verb.id === VERB.failed);
  assert.ok(failed, 'failed: 0.8 is under the masteryScore of 0.9 the LMS gave');
  assert.equal(failed.context.extensions[EXT.masteryScore], 0.9);
  const found = checkStatements(statements, lms.checkContext(registration));
  assert.deepEqual(found, [], describeViolations(found));
});

test('the reference AU in Browse mode sends no completed, passed or failed', { timeout: TEST_TIMEOUT }, async () => {
  const registration = lms.register(course);
  const launch = await lms.launch(registration, { launchMode: 'Browse' });
  await runReferenceAu(launch, { score: 100 });
  const statements = await lms.statements(registration);
  assert.deepEqual(statements.map((s) => s.verb.id.replace(/^.*\//, '')), ['launched', 'initialized', 'answered', 'terminated']);
  const found = checkStatements(statements, lms.checkContext(registration));
  assert.deepEqual(found, [], describeViolations(found));
});

test('a misbehaving AU is caught: no initialized, terminated without duration', { timeout: TEST_TIMEOUT }, async () => {
  const registration = lms.register(course);
  const launch = await lms.launch(registration, { au: course.aus[1] });
  await runReferenceAu(launch);
  const found = checkStatements(await lms.statements(registration), lms.checkContext(registration));
  assert.deepEqual(found.map((v) => v.rule).sort(), ['initialized-first', 'result-duration'], describeViolations(found));
});
