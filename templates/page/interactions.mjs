/* Interactions: one record per answered question and one per decision in a scenario, and the
 * values each SCORM version writes for a record. Pure.
 *
 * A record's id is `<quiz>.<question>[.<step>]`, plus `.r<n>` from the second attempt on. */
import { bestChoices, earned, ending } from './score.mjs';
import { B36 } from './state.mjs';
import { clock12, duration2004, timespan12, timestamp2004 } from './time.mjs';

/**
 * The fields of one record for a SCORM version, in the order LMSs accept: id and type first.
 * Returns [[element suffix, value], ...].
 * @param {string} standard
 * @param {InteractionRecord} rec
 * @returns {[string, string][]}
 */
export function interaction(standard, rec) {
  var is2004 = standard === 'scorm2004';
  var id = rec.id + (rec.attempt > 1 ? '.r' + rec.attempt : '');
  /** @type {[string, string][]} */
  var fields = [['id', id], ['type', rec.type]];
  var sep = is2004 ? '[,]' : ',';
  /** @param {RecordOption[]} list */
  function ids(list) {
    // 1.2 allows only single characters 0-9 and a-z as choice responses: the option's letter;
    // 2004 the option's id in its safe form (safeId).
    return list.map(function (x) { return is2004 ? safeId(x.id) : B36.charAt(10 + x.index); }).join(sep);
  }
  /** @param {RecordResponse} r */
  function response(r) {
    if (rec.type === 'true-false') { return is2004 ? String(r) : (r ? 't' : 'f'); }
    return ids(/** @type {RecordOption[]} */ (r));
  }
  fields.push([is2004 ? 'learner_response' : 'student_response', response(rec.response)]);
  rec.correct.forEach(function (pattern, n) { fields.push(['correct_responses.' + n + '.pattern', response(pattern)]); });
  fields.push(['result', rec.result === 'wrong' && is2004 ? 'incorrect' : rec.result]);
  fields.push(['weighting', String(rec.weighting)]);
  fields.push(['latency', is2004 ? duration2004(rec.latency) : timespan12(rec.latency)]);
  if (is2004) {
    fields.push(['timestamp', timestamp2004(rec.at)]);
    fields.push(['description', description(rec.description)]);
  } else {
    fields.push(['time', clock12(rec.at)]);
  }
  return fields;
}

/**
 * A SCORM 2004 choice response or pattern is a list of short identifiers: letters, digits, `_`
 * and `.` in the strictest run-times (Moodle refuses a hyphen with error 406). leskit's ids are
 * `[a-z][a-z0-9-]*`, so writing each `-` as `_` is safe, readable, stable across builds, and
 * never makes two ids one.
 * @param {string} id
 * @returns {string}
 */
export function safeId(id) { return String(id).replace(/-/g, '_'); }

/**
 * A 2004 description: one line of at most 250 characters, not starting with "{" (which a
 * run-time reads as a {lang=..} tag).
 * @param {string} text
 * @returns {string}
 */
export function description(text) {
  var line = String(text || '').replace(/\s+/g, ' ').trim().replace(/^\{+/, '');
  return line.length > 250 ? line.slice(0, 249).replace(/\s+\S*$/, '') + '…' : line;
}

/**
 * Whether an LMS's error code after a refused SetValue says the value itself will never be
 * taken, so that sending it again is useless. The rule is the patterns table's
 * (refusedForGood in the preview's cmi-patterns.js, which explains the codes); a unit test
 * holds this copy to it.
 * @param {string} standard
 * @param {string} code
 * @returns {boolean}
 */
export function refusedForGood(standard, code) {
  var n = parseInt(code, 10);
  if (standard === 'scorm2004') { return n === 351 || (n >= 401 && n <= 408); }
  return n === 201 || (n >= 401 && n <= 405);
}

/**
 * The record for a whole answered question.
 * @param {string} quizId
 * @param {Question} q
 * @param {Answer} answer
 * @param {number} attempt
 * @param {number} latency
 * @param {Date} at
 * @returns {InteractionRecord}
 */
export function questionRecord(quizId, q, answer, attempt, latency, at) {
  var options = q.options.map(function (o, index) { return { id: o.id, index: index, correct: o.correct }; });
  /** @type {InteractionRecord} */
  var rec = { id: quizId + '.' + q.id, type: 'choice', attempt: attempt, latency: latency, at: at, description: q.prompt, weighting: q.points,
    choices: q.options.map(function (o) { return { id: o.id, text: o.text }; }), response: [], correct: [], result: 'wrong' };
  var score = earned(q, answer);
  rec.result = score >= q.points ? 'correct' : 'wrong';
  if (q.kind === 'true-false') {
    rec.type = 'true-false';
    rec.response = /** @type {boolean} */ (answer);
    rec.correct = [/** @type {boolean} */ (q.answer)];
  } else {
    rec.type = 'choice';
    var chosen = q.kind === 'single' ? [answer] : /** @type {string[]} */ (answer);
    rec.response = options.filter(function (o) { return chosen.indexOf(o.id) >= 0; });
    var right = options.filter(function (o) { return o.correct; });
    rec.correct = q.kind === 'single' ? right.map(function (o) { return [o]; }) : [right];
    if (q.kind === 'multiple' && q.scoring === 'partial' && score > 0 && score < q.points) {
      rec.result = String(Math.round(score / q.points * 100) / 100);
    }
  }
  return rec;
}

/**
 * The record for one decision in a scenario.
 * @param {string} quizId
 * @param {Question} q
 * @param {string} stepId
 * @param {string} choiceId
 * @param {number} attempt
 * @param {number} latency
 * @param {Date} at
 * @returns {InteractionRecord}
 */
export function decisionRecord(quizId, q, stepId, choiceId, attempt, latency, at) {
  var step = q.steps[stepId];
  var options = step.choices.map(function (c, index) { return { id: c.id, index: index }; });
  var top = bestChoices(q, stepId);
  var plain = step.plain || '';
  return {
    id: quizId + '.' + q.id + '.' + stepId, type: 'choice', attempt: attempt, latency: latency, at: at,
    description: (q.prompt + ' ' + plain).trim(),
    weighting: 0,
    choices: step.choices.map(function (c) { return { id: c.id, text: c.text }; }),
    response: options.filter(function (o) { return o.id === choiceId; }),
    correct: options.filter(function (o) { return top.indexOf(o.id) >= 0; }).map(function (o) { return [o]; }),
    result: top.indexOf(choiceId) >= 0 ? 'correct' : 'wrong'
  };
}

/**
 * The record for a whole scenario, once it reached an ending: one `choice` interaction whose
 * response is the ending (1.2 its letter, in the endings' order; 2004 its safe id), whose
 * correct patterns are the best-scoring endings, and whose weighting is the question's points,
 * so that the weightings of an attempt add up to the module's points (the decisions weigh 0).
 * The result is correct, wrong, or the share of the points earned.
 * @param {string} quizId
 * @param {Question} q
 * @param {string[]} decisions
 * @param {number} attempt
 * @param {number} latency
 * @param {Date} at
 * @returns {InteractionRecord}
 */
export function scenarioRecord(quizId, q, decisions, attempt, latency, at) {
  var ids = Object.keys(q.endings), reached = /** @type {string} */ (ending(q, decisions));
  var options = ids.map(function (id, index) { return { id: id, index: index }; });
  var top = 0;
  ids.forEach(function (id) { top = Math.max(top, q.endings[id].points); });
  var points = q.endings[reached].points;
  return {
    id: quizId + '.' + q.id, type: 'choice', attempt: attempt, latency: latency, at: at, description: q.prompt,
    weighting: q.points,
    choices: ids.map(function (id) { return { id: id, text: q.endings[id].feedback || id }; }),
    response: options.filter(function (o) { return o.id === reached; }),
    correct: options.filter(function (o) { return q.endings[o.id].points === top; }).map(function (o) { return [o]; }),
    result: points >= q.points ? 'correct' : points > 0 ? String(Math.round(points / q.points * 10000) / 10000) : 'wrong'
  };
}
