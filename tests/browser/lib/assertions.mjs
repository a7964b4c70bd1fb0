// Assertions over what the test LMS recorded. Each throws an AssertionError
// with the recorded call sequence in its message, so a failure shows what the
// SCO actually did.
import assert from 'node:assert/strict';

export const API_NAMES = {
  scorm12: {
    init: 'LMSInitialize',
    finish: 'LMSFinish',
    commit: 'LMSCommit',
    setValue: 'LMSSetValue',
    getValue: 'LMSGetValue',
    status: 'cmi.core.lesson_status',
    sessionTime: 'cmi.core.session_time',
  },
  scorm2004: {
    init: 'Initialize',
    finish: 'Terminate',
    commit: 'Commit',
    setValue: 'SetValue',
    getValue: 'GetValue',
    status: 'cmi.completion_status',
    sessionTime: 'cmi.session_time',
  },
};

// scorm-again's LogLevelEnum: DEBUG 1, INFO 2, WARN 3, ERROR 4.
export const LOG_ERROR = 4;

/** One line per call, for failure messages. */
export function describeCalls(calls) {
  if (calls.length === 0) return '  (no API calls)';
  return calls
    .map((c, i) => {
      const args = c.args.map((a) => JSON.stringify(a)).join(', ');
      const error = c.error && c.error !== '0' ? ` [error ${c.error}]` : '';
      const threw = c.threw ? ` [threw ${c.threw.split('\n')[0]}]` : '';
      return `  ${String(i).padStart(3)}: ${c.name}(${args}) -> ${JSON.stringify(c.ret)}${error}${threw}`;
    })
    .join('\n');
}

function fail(message, calls) {
  assert.fail(`${message}\nAPI calls:\n${describeCalls(calls)}`);
}

/**
 * Initialise exactly once and first, commit at least once in between, finish
 * exactly once and last; each of these with the empty-string parameter the
 * SCORM run-time requires, and each returning "true".
 */
export function assertCallSequence(calls, std) {
  const n = API_NAMES[std];
  assert.ok(n, `unknown standard ${std}`);
  if (calls.length === 0) fail(`the SCO made no API calls (expected ${n.init} first)`, calls);

  const inits = calls.filter((c) => c.name === n.init);
  if (inits.length !== 1) fail(`${n.init} must be called exactly once, was called ${inits.length} times`, calls);
  if (calls[0].name !== n.init) fail(`${n.init} must be the first API call, first was ${calls[0].name}`, calls);

  const finishes = calls.filter((c) => c.name === n.finish);
  if (finishes.length !== 1) fail(`${n.finish} must be called exactly once, was called ${finishes.length} times`, calls);
  const last = calls[calls.length - 1];
  if (last.name !== n.finish) fail(`nothing may follow ${n.finish}, but ${last.name} was called after it`, calls);

  const commitIndex = calls.findIndex((c) => c.name === n.commit);
  if (commitIndex < 0) fail(`${n.commit} must be called at least once before ${n.finish}`, calls);

  for (const name of [n.init, n.commit, n.finish]) {
    for (const c of calls.filter((x) => x.name === name)) {
      if (c.args.length !== 1 || c.args[0] !== '') fail(`${name} must be called with the empty string "" as its one argument`, calls);
      if (c.ret !== 'true') fail(`${name} returned ${JSON.stringify(c.ret)}, expected "true"`, calls);
    }
  }
}

/** The values the SCO set for one element, in order. */
export function valuesSet(calls, std, element) {
  const n = API_NAMES[std];
  return calls.filter((c) => c.name === n.setValue && c.args[0] === element).map((c) => c.args[1]);
}

/**
 * Completion as the LMS stored it.
 * @param {object} run  {calls, stored: {status, ...}, lastPageCallIndex}
 *   lastPageCallIndex: calls.length at the moment the last page was shown;
 *   a "done" status set before then was reported too early.
 * @param {object} [options] questionsOpen: the learner paged through without answering the
 *   quiz, so a module with quizzes must not be completed (leskit's one completion rule).
 */
export function assertCompletion(run, std, { questionsOpen = false } = {}) {
  const { calls, stored, lastPageCallIndex } = run;
  const n = API_NAMES[std];
  const sets = valuesSet(calls, std, n.status);
  if (sets.length === 0) fail(`the SCO never set ${n.status}`, calls);

  const setCalls = calls.filter((c) => c.name === n.setValue && c.args[0] === n.status);
  for (const c of setCalls) {
    if (c.ret !== 'true') fail(`${n.setValue}("${n.status}", ${JSON.stringify(c.args[1])}) returned ${JSON.stringify(c.ret)}`, calls);
  }

  const done = std === 'scorm12' ? ['completed', 'passed', 'failed'] : ['completed'];
  if (lastPageCallIndex !== undefined) {
    const early = calls
      .slice(0, lastPageCallIndex)
      .find((c) => c.name === n.setValue && c.args[0] === n.status && done.includes(c.args[1]));
    if (early) fail(`${n.status} was set to "${early.args[1]}" before the last page was shown`, calls);
  }

  const lastSet = sets[sets.length - 1];
  assert.equal(stored.status, lastSet, `the LMS stored ${n.status}="${stored.status}" but the SCO last set "${lastSet}"`);

  if (std === 'scorm12') {
    // 'browsed' and 'not attempted' are no results of a normal-mode session.
    const allowed = ['passed', 'completed', 'failed', 'incomplete'];
    if (!allowed.includes(lastSet)) fail(`${n.status} ended as "${lastSet}", expected one of ${allowed.join(', ')}`, calls);
  } else {
    const want = questionsOpen ? 'incomplete' : 'completed';
    if (lastSet !== want) fail(`${n.status} must be "${want}" after the last page${questionsOpen ? ' with the questions open' : ''}, was "${lastSet}"`, calls);
  }
}

const SESSION_TIME = {
  scorm12: /^(\d{2,4}):([0-5]\d):([0-5]\d)(\.\d{1,2})?$/,
  scorm2004: /^P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?)?$/,
};

/** The session time the SCO last set must be in the standard's syntax. */
export function assertSessionTime(calls, std) {
  const n = API_NAMES[std];
  const sets = valuesSet(calls, std, n.sessionTime);
  if (sets.length === 0) fail(`the SCO never set ${n.sessionTime}`, calls);
  for (const value of sets) {
    const ok =
      typeof value === 'string' &&
      SESSION_TIME[std].test(value) &&
      // The pattern alone would accept these empty durations.
      !(std === 'scorm2004' && (value === 'P' || value.endsWith('T')));
    if (!ok) fail(`${n.sessionTime} was set to ${JSON.stringify(value)}, which is not valid ${std} syntax`, calls);
  }
}

/** scorm-again logged nothing at ERROR level. */
export function assertNoApiErrors(logs, calls) {
  const errors = logs.filter((l) => Number(l.level) >= LOG_ERROR);
  if (errors.length > 0) {
    fail(`scorm-again logged ${errors.length} error(s):\n${errors.map((e) => `  ${e.message}`).join('\n')}`, calls);
  }
}
