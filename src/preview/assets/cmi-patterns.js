/* The values the strictest SCORM run-times accept, element by element: the one table that the
 * preview's checks (checks.js), the test LMS of the browser tests and later tools share.
 *
 * The specifications leave room, and run-times differ in how they use it. Moodle's run-times
 * (mod/scorm/datamodels/scorm_12.js and scorm_13.js) check every SetValue against patterns of
 * their own and answer error 405 (1.2) or 406/407 (2004) when a value does not fit; scorm-again
 * accepts far more. This table is the strictest of the two with the specifications' own limits
 * (SCORM 1.2 choice responses are single characters 0-9 and a-z), so a value it accepts is
 * accepted everywhere we know of. It was written from reading those run-times, not copied.
 *
 * refusal(std, element, value, type) says whether such a run-time refuses `value` for `element`
 * (`type`: the interaction's type, for responses), with the error code it answers. Loads in node
 * (module.exports) and in a page (window.LeskitPatterns). */
(function (root) {
  'use strict';

  var P = {};

  /* ---------- Shapes of values ---------- */
  function up(n) { return new RegExp('^[\\s\\S]{0,' + n + '}$'); }
  var DECIMAL_12 = /^-?\d{0,3}(\.\d*)?$/;              // 1.2: at most three digits before the point
  var DECIMAL_2004 = /^-?\d{1,5}(\.\d{1,18})?$/;       // 2004: real(10,7), as run-times read it
  var TIMESPAN_12 = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/;
  var TIME_12 = /^[0-2]\d:[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
  // 2004 timeinterval: after T at least one of H, M, S, in that order.
  var INTERVAL_2004 = /^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H(\d+M)?(\d+(\.\d{1,2})?S)?|\d+M(\d+(\.\d{1,2})?S)?|\d+(\.\d{1,2})?S))?$/;
  // 2004 time (a point in time): years 1970-2038, each part optional from the right, a zone only
  // after fractions of a second.
  var TIME_2004 = /^(19[7-9]\d|20[0-2]\d|203[0-8])(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3])(:[0-5]\d(:[0-5]\d(\.\d{1,2}(Z|[+-]([01]\d|2[0-3])(:[0-5]\d)?)?)?)?)?)?)?)?$/;
  var ID_12 = /^[\x21-\x7e]{1,255}$/;
  var LONG_ID_2004 = /^(?!urn:)\S{1,4000}$|^urn:[A-Za-z0-9-]{1,31}:\S{1,4000}$/;
  // A short identifier (choice and likert responses, matching and sequencing items): letters,
  // digits, `_` and `.` only. No hyphen: Moodle answers 406 to "geen-reden".
  var SHORT_ID_2004 = /^[\w.]{1,250}$/;
  // A localized string of at most 250 characters, on one line, not starting with "{" unless that
  // is a {lang=..} tag.
  var LANG_250 = /^(\{lang=([a-zA-Z]{2,3}|i|x)(-[a-zA-Z0-9-]{2,8})?\})?([^{\n\r][^\n\r]{0,249})?$/;

  function oneOf(words) { return new RegExp('^(' + words.join('|') + ')$'); }

  /* element shape (indexes written .n) -> { format, range: [lo, hi] } */
  P.ELEMENTS = {
    scorm12: {
      'cmi.core.lesson_location': { format: up(255) },
      'cmi.core.lesson_status': { format: oneOf(['passed', 'completed', 'failed', 'incomplete', 'browsed']) },
      'cmi.core.score.raw': { format: DECIMAL_12, range: [0, 100] },
      'cmi.core.score.min': { format: DECIMAL_12, range: [0, 100] },
      'cmi.core.score.max': { format: DECIMAL_12, range: [0, 100] },
      'cmi.core.exit': { format: /^(time-out|suspend|logout|)$/ },
      'cmi.core.session_time': { format: TIMESPAN_12 },
      'cmi.suspend_data': { format: up(4096) },
      'cmi.comments': { format: up(4096) },
      'cmi.interactions.n.id': { format: ID_12 },
      'cmi.interactions.n.objectives.n.id': { format: ID_12 },
      'cmi.interactions.n.time': { format: TIME_12 },
      'cmi.interactions.n.type': { format: oneOf(['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric']) },
      'cmi.interactions.n.weighting': { format: DECIMAL_12, range: [-100, 100] },
      'cmi.interactions.n.student_response': { response: true },
      'cmi.interactions.n.correct_responses.n.pattern': { response: true },
      'cmi.interactions.n.result': { format: /^(correct|wrong|unanticipated|neutral|\d{0,3}(\.\d*)?)$/ },
      'cmi.interactions.n.latency': { format: TIMESPAN_12 }
    },
    scorm2004: {
      'cmi.completion_status': { format: oneOf(['completed', 'incomplete', 'not attempted', 'unknown']) },
      'cmi.success_status': { format: oneOf(['passed', 'failed', 'unknown']) },
      'cmi.exit': { format: /^(time-out|suspend|logout|normal|)$/ },
      'cmi.location': { format: up(1000) },
      'cmi.suspend_data': { format: up(64000) },
      'cmi.session_time': { format: INTERVAL_2004 },
      'cmi.score.scaled': { format: DECIMAL_2004, range: [-1, 1] },
      'cmi.score.raw': { format: DECIMAL_2004 },
      'cmi.score.min': { format: DECIMAL_2004 },
      'cmi.score.max': { format: DECIMAL_2004 },
      'cmi.progress_measure': { format: DECIMAL_2004, range: [0, 1] },
      'cmi.interactions.n.id': { format: LONG_ID_2004 },
      'cmi.interactions.n.objectives.n.id': { format: LONG_ID_2004 },
      'cmi.interactions.n.type': { format: oneOf(['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other']) },
      'cmi.interactions.n.timestamp': { format: TIME_2004 },
      'cmi.interactions.n.weighting': { format: DECIMAL_2004 },
      'cmi.interactions.n.learner_response': { response: true },
      'cmi.interactions.n.correct_responses.n.pattern': { response: true },
      'cmi.interactions.n.result': { format: /^(correct|incorrect|unanticipated|neutral|-?\d{1,4}(\.\d{1,18})?)$/ },
      'cmi.interactions.n.latency': { format: INTERVAL_2004 },
      'cmi.interactions.n.description': { format: LANG_250 },
      'cmi.objectives.n.id': { format: LONG_ID_2004 },
      'adl.nav.request': { format: /^(previous|continue|exit|exitAll|abandon|abandonAll|suspendAll|_none_|\{target=\S{0,200}[a-zA-Z0-9]\}(choice|jump))$/ }
    }
  };

  /* Responses and correct-response patterns, by interaction type: the items, how they are
   * separated, how many there may be, and whether an item may repeat. */
  var CHAR_12 = /^[0-9a-z]$/;
  P.RESPONSES = {
    scorm12: {
      'true-false': { whole: /^[01tf]$/ },
      choice: { item: CHAR_12, sep: ',', max: 26, unique: true, braces: true },
      sequencing: { item: CHAR_12, sep: ',', max: 36 },
      likert: { whole: /^[0-9a-z]?$/ },
      matching: { item: /^[0-9a-z]\.[0-9a-z]$/, sep: ',', max: 36, braces: true },
      numeric: { whole: DECIMAL_12 },
      'fill-in': { whole: up(255) },
      performance: { whole: up(255) }
    },
    scorm2004: {
      'true-false': { whole: /^(true|false)$/ },
      choice: { item: SHORT_ID_2004, sep: '[,]', max: 36, unique: true },
      sequencing: { item: SHORT_ID_2004, sep: '[,]', max: 36 },
      likert: { whole: SHORT_ID_2004 },
      matching: { item: /^[\w.]{1,250}\[\.\][\w.]{1,250}$/, sep: '[,]', max: 36 },
      numeric: { whole: DECIMAL_2004, pattern: /^(-?\d{1,5}(\.\d{1,18})?)?\[:\](-?\d{1,5}(\.\d{1,18})?)?$/ },
      'fill-in': { item: LANG_250, sep: '[,]', max: 10 },
      'long-fill-in': { whole: up(4000) },
      performance: { whole: up(4000) },
      other: { whole: up(4000) }
    }
  };

  /* What is wrong with a response or pattern of `type`, or null. */
  function responseProblem(std, type, value, isPattern) {
    var rule = P.RESPONSES[std][type];
    if (!rule) { return type ? null : 'the interaction has no type yet: set its type before its response'; }
    if (isPattern && rule.pattern) { return rule.pattern.test(value) ? null : 'a ' + type + ' pattern is min[:]max'; }
    if (rule.whole) { return rule.whole.test(value) ? null : '"' + value + '" is no ' + type + ' response'; }
    var inner = rule.braces && /^\{.*\}$/.test(value) ? value.slice(1, -1) : value;
    var items = inner.split(rule.sep);
    if (items.length > rule.max) { return 'at most ' + rule.max + ' items'; }
    for (var i = 0; i < items.length; i++) {
      if (!rule.item.test(items[i])) {
        return std === 'scorm2004' && /-/.test(items[i])
          ? '"' + items[i] + '" holds a hyphen: a short identifier is letters, digits, _ and . only'
          : '"' + items[i] + '" is no ' + type + ' item of ' + (std === 'scorm12' ? 'SCORM 1.2' : 'SCORM 2004');
      }
      if (rule.unique && items.indexOf(items[i]) < i) { return '"' + items[i] + '" is given twice'; }
    }
    return null;
  }

  /* The element's shape in the table: indexes become .n. */
  P.shape = function (element) { return String(element).replace(/\.\d+(?=\.|$)/g, '.n'); };

  /* null when the strictest run-time accepts the value, else { code, reason }. Elements the
   * table does not name are not judged here (the run-time answers for them). */
  P.refusal = function (std, element, value, type) {
    var shape = P.shape(element), rule = P.ELEMENTS[std] && P.ELEMENTS[std][shape];
    if (!rule) { return null; }
    var v = value === undefined || value === null ? '' : String(value);
    var typeError = std === 'scorm12' ? '405' : '406';
    if (rule.response) {
      var problem = responseProblem(std, type, v, /pattern$/.test(shape));
      return problem ? { code: type ? typeError : (std === 'scorm12' ? '405' : '408'), reason: problem } : null;
    }
    if (!rule.format.test(v)) { return { code: typeError, reason: '"' + (v.length > 60 ? v.slice(0, 57) + '...' : v) + '" does not have the form of ' + shape }; }
    if (rule.range && (Number(v) < rule.range[0] || Number(v) > rule.range[1])) {
      return { code: std === 'scorm12' ? '405' : '407', reason: v + ' is outside ' + rule.range[0] + ' to ' + rule.range[1] };
    }
    return null;
  };

  /* Whether a run-time's error code after a refused SetValue is about the value itself, so that
   * it will be refused again: 1.2 201 (invalid argument) and 401-405 (not implemented, keyword,
   * read-only, write-only, wrong type); 2004 351 (e.g. set out of order) and 401-408 (undefined,
   * read-only, write-only, wrong type, out of range, dependency not set). Anything else (101
   * general, 391 commit failed, a lost connection) may pass at the next try. The page shell
   * keeps a copy of this rule in its pure core (a unit test holds the two together). */
  P.refusedForGood = function (std, code) {
    var n = parseInt(code, 10);
    return std === 'scorm2004' ? n === 351 || (n >= 401 && n <= 408) : n === 201 || (n >= 401 && n <= 405);
  };

  if (typeof module === 'object' && module.exports) { module.exports = P; } else { root.LeskitPatterns = P; }
}(this));
