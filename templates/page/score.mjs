/* Scoring: what an answer earns, where a scenario stands, the module's outcome and the
 * completion rule. Pure: runs in node for unit tests.
 *
 * Answers: single "b"; multiple ["a","c"]; true-false true/false; branching the list of
 * decisions "step>choice" in order. */

/**
 * What an answer earns, in points.
 * @param {Question} q
 * @param {Answer | undefined | null} answer
 * @returns {number}
 */
export function earned(q, answer) {
  if (answer === undefined || answer === null) { return 0; }
  if (q.kind === 'single') {
    return q.options.some(function (o) { return o.correct && o.id === answer; }) ? q.points : 0;
  }
  if (q.kind === 'multiple') {
    var list = /** @type {string[]} */ (answer);
    var right = 0, hit = 0, wrong = 0;
    q.options.forEach(function (o) {
      var chosen = list.indexOf(o.id) >= 0;
      if (o.correct) { right++; if (chosen) { hit++; } } else if (chosen) { wrong++; }
    });
    if (q.scoring === 'partial') { return right ? Math.max(0, (hit - wrong) / right) * q.points : 0; }
    return hit === right && wrong === 0 ? q.points : 0;
  }
  if (q.kind === 'true-false') { return answer === q.answer ? q.points : 0; }
  var end = ending(q, /** @type {string[]} */ (answer));
  return end ? q.endings[end].points : 0;
}

/**
 * The ending a list of decisions leads to, or null while the scenario is under way.
 * @param {Question} q
 * @param {string[]} decisions
 * @returns {string | null}
 */
export function ending(q, decisions) {
  var at = position(q, decisions);
  return at !== null && q.endings[at] ? at : null;
}

/**
 * Where a list of decisions stands: a step id, an ending id, or null when it does not fit the
 * scenario (the author changed it).
 * @param {Question} q
 * @param {string[]} decisions
 * @returns {string | null}
 */
export function position(q, decisions) {
  var at = q.start;
  for (var i = 0; i < decisions.length; i++) {
    var parts = decisions[i].split('>');
    var step = q.steps[at];
    if (parts[0] !== at || !step) { return null; }
    var choice = find(step.choices, parts[1]);
    if (!choice) { return null; }
    at = choice.next;
  }
  return at;
}

/**
 * Whether a question is answered: a scenario once it reached an ending.
 * @param {Question} q
 * @param {Answer | undefined | null} answer
 * @returns {boolean}
 */
export function complete(q, answer) {
  if (answer === undefined || answer === null) { return false; }
  return q.kind !== 'branching' || ending(q, /** @type {string[]} */ (answer)) !== null;
}

/**
 * The item of a list with this id, or null.
 * @template {{ id: string }} T
 * @param {T[]} list
 * @param {string} id
 * @returns {T | null}
 */
export function find(list, id) {
  for (var i = 0; i < list.length; i++) { if (list[i].id === id) { return list[i]; } }
  return null;
}

/**
 * The best points reachable from a step or ending (scenarios have no loops).
 * @param {Question} q
 * @param {string} at
 * @param {Record<string, number>} [memo]
 * @returns {number}
 */
export function best(q, at, memo) {
  var seen = memo || {};
  if (q.endings[at]) { return q.endings[at].points; }
  if (seen[at] !== undefined) { return seen[at]; }
  var top = 0;
  (q.steps[at] ? q.steps[at].choices : []).forEach(function (c) { top = Math.max(top, best(q, c.next, seen)); });
  seen[at] = top;
  return top;
}

/**
 * The choices at a step that keep the best ending within reach: the "right" decisions.
 * @param {Question} q
 * @param {string} stepId
 * @returns {string[]}
 */
export function bestChoices(q, stepId) {
  var step = q.steps[stepId], top = best(q, stepId);
  return step.choices.filter(function (c) { return best(q, c.next) === top; }).map(function (c) { return c.id; });
}

/**
 * The module's score in percent (two decimals), with the number of open questions.
 * @param {Item[]} questions
 * @param {Answers} answers
 * @param {number} passMark
 * @returns {Outcome}
 */
export function outcome(questions, answers, passMark) {
  var possible = 0, got = 0, open = 0;
  questions.forEach(function (item) {
    possible += item.q.points;
    var a = answers[item.key];
    if (complete(item.q, a)) { got += earned(item.q, a); } else { open++; }
  });
  var score = possible ? Math.round(got / possible * 10000) / 100 : 0;
  return { possible: possible, score: score, open: open, passed: open === 0 && score >= passMark };
}

/**
 * The completion rule, the same in every standard: a module with quizzes is completed once
 * every question is answered and the learner has reached the last page or seen the result; a
 * module without quizzes once its last page is reached. (Once completed, the page keeps it so.)
 * @param {boolean} hasQuestions
 * @param {boolean} allAnswered
 * @param {boolean} lastPage
 * @param {boolean} resultSeen
 * @returns {boolean}
 */
export function completed(hasQuestions, allAnswered, lastPage, resultSeen) {
  return hasQuestions ? allAnswered && (lastPage || resultSeen) : lastPage;
}

/**
 * A score for the learner, with the language's decimal sign: 3,33 in Dutch, 3.33 in English.
 * @param {number} n
 * @param {string} language
 * @returns {string}
 */
export function number(n, language) {
  return language === 'nl' ? String(n).replace('.', ',') : String(n);
}

/**
 * Whether a learner who failed may take the quizzes again: the module allows it and the attempt
 * cap the build embeds (`limits.attempts`, policy.rs) is not reached. Beyond the cap the LMS's
 * interaction ids (`<id>.r<attempt>`) would outgrow their budget.
 * @param {boolean} allowRetry
 * @param {number} attempt
 * @param {number} cap
 * @returns {boolean}
 */
export function retryLeft(allowRetry, attempt, cap) {
  return allowRetry && attempt < cap;
}
