// The data model values a SCO may write, from the SCORM specifications (1.2 RTE
// chapter 3; 2004 4th edition RTE chapter 4) and the reporting rules of
// leskit's issue #3. scorm-again is lenient (its 1.2 mode keeps 64,000
// characters of suspend_data and checks no response syntax), so the tests
// hold every value the SCO set against these patterns and lengths.
import assert from 'node:assert/strict';
import { API_NAMES, describeCalls } from './assertions.mjs';

const DECIMAL = /^-?\d+(\.\d+)?$/;
const TIMESPAN_12 = /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
const TIME_12 = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
const DURATION_2004 = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;
const TIMESTAMP_2004 = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
export const INTERACTION_ID = /^[a-z0-9._-]{1,64}$/;
const CHOICE_12 = /^[0-9a-z](,[0-9a-z])*$/;
const CHOICE_2004 = /^[a-z][a-z0-9_]{0,31}(\[,\][a-z][a-z0-9_]{0,31})*$/; // the safe form of option ids (docs/reporting.md)

const inRange = (lo, hi) => (v) => DECIMAL.test(v) && Number(v) >= lo && Number(v) <= hi;
const oneOf = (...values) => (v) => values.includes(v);
const matches = (re) => (v) => re.test(v);
const maxLength = (n) => (v) => v.length <= n;

/** element -> check, for the elements leskit writes outside interactions. */
const RULES = {
  scorm12: {
    'cmi.core.lesson_status': oneOf('passed', 'completed', 'failed', 'incomplete'),
    'cmi.core.lesson_location': maxLength(255),
    'cmi.core.score.raw': inRange(0, 100),
    'cmi.core.score.min': (v) => v === '0',
    'cmi.core.score.max': (v) => v === '100',
    'cmi.core.session_time': matches(TIMESPAN_12),
    'cmi.core.exit': oneOf('', 'suspend'),
    'cmi.suspend_data': maxLength(4096),
  },
  scorm2004: {
    'cmi.completion_status': oneOf('completed', 'incomplete'),
    'cmi.success_status': oneOf('passed', 'failed', 'unknown'),
    'cmi.location': maxLength(1000),
    'cmi.score.raw': inRange(0, 100),
    'cmi.score.min': (v) => v === '0',
    'cmi.score.max': (v) => v === '100',
    'cmi.score.scaled': inRange(0, 1),
    'cmi.progress_measure': inRange(0, 1),
    'cmi.session_time': matches(DURATION_2004),
    'cmi.exit': oneOf('normal', 'suspend'),
    'cmi.suspend_data': maxLength(64000),
  },
};

/** The checks of one interaction field, given the interaction's type. */
function interactionRule(std, field, type) {
  const is12 = std === 'scorm12';
  if (field === 'id') return matches(INTERACTION_ID);
  if (field === 'type') return oneOf('choice', 'true-false');
  if (field === 'student_response' || field === 'learner_response' || /^correct_responses\.\d+\.pattern$/.test(field)) {
    if (field === (is12 ? 'learner_response' : 'student_response')) return () => false;
    if (type === 'true-false') return is12 ? oneOf('t', 'f') : oneOf('true', 'false');
    return (v) => {
      if (!(is12 ? CHOICE_12 : CHOICE_2004).test(v)) return false;
      const parts = v.split(is12 ? ',' : '[,]');
      return new Set(parts).size === parts.length;
    };
  }
  if (field === 'result') {
    const words = is12 ? ['correct', 'wrong', 'unanticipated', 'neutral'] : ['correct', 'incorrect', 'unanticipated', 'neutral'];
    return (v) => words.includes(v) || DECIMAL.test(v);
  }
  if (field === 'weighting') return matches(DECIMAL);
  if (field === 'latency') return matches(is12 ? TIMESPAN_12 : DURATION_2004);
  if (field === 'time' && is12) return matches(TIME_12);
  if (field === 'timestamp' && !is12) return matches(TIMESTAMP_2004);
  if (field === 'description' && !is12) return maxLength(250);
  return () => false;
}

/**
 * Every value the SCO set (with "true" returned) obeys its element's syntax;
 * the SCO sets no element leskit has no rule for; each interaction's first two
 * fields are id and type; interaction indexes are used in order.
 */
export function assertValuesValid(calls, std) {
  const n = API_NAMES[std];
  const rules = RULES[std];
  const types = {};
  const firstFields = {};
  let highest = -1;
  for (const c of calls) {
    if (c.name !== n.setValue || c.failed) continue;
    const [element, value] = c.args;
    const bad = (why) => assert.fail(`${n.setValue}(${JSON.stringify(element)}, ${JSON.stringify(value)}): ${why}\n${describeCalls(calls)}`);
    if (typeof value !== 'string') bad('the value is not a string');
    const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(element);
    if (m) {
      const index = Number(m[1]);
      const field = m[2];
      if (!firstFields[index]) {
        // A new record takes the next index (a resumed session starts at the LMS's _count).
        if (highest >= 0 && index !== highest + 1) bad(`a new interaction should be ${highest + 1}`);
        highest = index;
        firstFields[index] = [];
      }
      if (firstFields[index].length < 2) firstFields[index].push(field);
      if (field === 'type') types[index] = value;
      if (!interactionRule(std, field, types[index])(value)) bad(`not a valid ${std} value for interactions.n.${field}`);
    } else {
      const rule = rules[element];
      if (!rule) bad('the SCO should not set this element');
      if (!rule(value)) bad(`not a valid value for ${element}`);
    }
  }
  for (const [index, fields] of Object.entries(firstFields)) {
    if (fields.join() !== 'id,type') {
      assert.fail(`interaction ${index} must be written id first, then type; was ${fields.join(', ')}\n${describeCalls(calls)}`);
    }
  }
}

/** The values set for one element (accepted by the LMS), in order. */
export function setValues(calls, std, element) {
  const n = API_NAMES[std];
  return calls.filter((c) => c.name === n.setValue && c.args[0] === element && c.ret === 'true').map((c) => c.args[1]);
}

/** The last value set for an element, or undefined. */
export function lastSet(calls, std, element) {
  const all = setValues(calls, std, element);
  return all[all.length - 1];
}

/** The interactions as the LMS stored them: [{id, type, ...fields}] in index order. */
export function storedInteractions(cmi) {
  const out = [];
  for (const [key, value] of Object.entries(cmi)) {
    const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(key);
    if (!m || typeof value !== 'string') continue;
    (out[Number(m[1])] ??= {})[m[2]] = value;
  }
  return out;
}

/** Terminate (LMSFinish) exactly once, last, and Commit with success just before it. */
export function assertFinishedOnce(calls, std) {
  const n = API_NAMES[std];
  const problem = (message) => assert.fail(`${message}\n${describeCalls(calls)}`);
  const finishes = calls.filter((c) => c.name === n.finish);
  if (finishes.length !== 1) problem(`${n.finish} must be called exactly once, was called ${finishes.length} times`);
  if (calls[calls.length - 1].name !== n.finish) problem(`nothing may follow ${n.finish}`);
  if (finishes[0].ret !== 'true') problem(`${n.finish} returned ${JSON.stringify(finishes[0].ret)}`);
  const commit = calls.findLastIndex((c) => c.name === n.commit);
  if (commit < 0 || calls[commit].ret !== 'true') problem(`a successful ${n.commit} must precede ${n.finish}`);
}
