/* leskit preview: what real LMSs reject or mishandle, checked against the SCORM specifications.
 * scorm-again accepts more than most LMSs do, so these checks look at every call the SCO makes
 * themselves. Pure functions and one small state machine per session; loads in node for tests.
 * Every warning is documented, with the LMS behaviour behind it, in docs/preview.md. */
(function (root) {
  'use strict';

  var C = {};
  // The strictest run-times' patterns (cmi-patterns.js, loaded before this file in the page).
  var P = typeof module === 'object' && module.exports ? require('./cmi-patterns.js') : root.LeskitPatterns;

  C.LIMITS = {
    scorm12: { suspend: 4096 },
    scorm2004: { suspend: 64000 }
  };

  // The SCORM elements and API functions by role, one table with the page shell's
  // (templates/page/scorm-elements.json; the preview serves it as scorm-elements.js).
  C.NAMES = typeof module === 'object' && module.exports
    ? require('../../../templates/page/scorm-elements.json') : root.LeskitElements;

  C.LABEL = { scorm12: 'SCORM 1.2', scorm2004: 'SCORM 2004' };

  /* The warnings, with what real LMSs do that makes each one matter. */
  C.WARNINGS = {
    'suspend-data-limit': {
      title: 'suspend_data is longer than the standard allows',
      lms: 'SCORM 1.2 allows 4,096 characters of suspend_data. Strict LMSs cut the value there or refuse it, so the learner\'s place and answers are lost at the next launch. (SCORM 2004 allows 64,000.)'
    },
    'status-contradicts-pass-mark': {
      title: 'The status contradicts the pass mark',
      lms: 'Moodle and other LMSs set the status themselves from the manifest\'s mastery score whenever a score is reported, overwriting the one the module sent: the learner and the reports then see another result than the module showed.'
    },
    'no-completion': {
      title: 'No completion was reported',
      lms: 'An LMS marks an activity complete only when the SCO says so. Without it the activity stays incomplete for ever: Moodle\'s and Open edX\'s completion rules never fire, and courses that depend on it stay locked.'
    },
    'other-standard': {
      title: 'An element of the other standard',
      lms: 'LMSs refuse elements of the other SCORM version (error 401 or 201), so the value is not saved at all.'
    },
    'session-time-syntax': {
      title: 'session_time is not in the standard\'s syntax',
      lms: 'LMSs refuse a session_time such as PT50S.21S, or a SCORM 1.2 value not written HHHH:MM:SS.SS; the time of the session is lost, and some LMSs refuse the whole commit.'
    },
    'interaction-syntax': {
      title: 'An interaction value breaks the specification',
      lms: 'Most LMSs check interactions more strictly than scorm-again: SCORM 1.2 choice responses must be single characters 0-9 or a-z, SCORM 2004 descriptions may hold at most 250 characters. The value is refused and the question\'s report stays empty or the commit fails.'
    },
    'strict-lms-refuses': {
      title: 'A value the strictest LMSs refuse',
      lms: 'Moodle checks every value against patterns of its own, stricter than scorm-again: a SCORM 2004 choice response with a hyphen ("geen-reden"), a description on two lines, a score above 100 in SCORM 1.2. It answers error 405/406 and stores nothing; a module that then keeps sending the refused value may never send score and status.'
    },
    'value-refused': {
      title: 'The LMS refused a value, and the module sent it again',
      lms: 'A value the LMS refused with an error about the value itself (SCORM 1.2 201 or 401-405, SCORM 2004 351 or 401-408) will be refused every time. A module whose write queue stops at it and retries it sends nothing after it: score, status, exit and session time never reach the LMS.'
    },
    'review-mode-write': {
      title: 'The module wrote to the LMS in review mode',
      lms: 'Moodle opens a finished SCORM 2004 attempt in review mode (cmi.mode = review) and reloads none of its data. Whatever the module then sets (completion_status incomplete, a new location, new suspend_data) overwrites the finished attempt: the learner shows as incomplete again.'
    },
    'interaction-overwritten': {
      title: 'An interaction of an earlier session was written over',
      lms: 'Open edX answers "" for cmi.interactions._count on a resumed session. A module that takes that as 0 writes its new interactions over the earlier session\'s answers; keep the next index in the saved state instead.'
    },
    'resume-left-for-pagehide': {
      title: 'exit or session_time was sent only as the page went away',
      lms: 'An LMS that commits with synchronous XHR loses what is sent while the page is dismissed (Chromium refuses such requests). If cmi.exit=suspend is sent only then, a SCORM 2004 LMS starts a new attempt at the next launch and resume is lost. Set exit and session_time with the regular commits.'
    },
    'score-max-missing': {
      title: 'A score without score.max',
      lms: 'Brightspace (D2L) puts a SCORM score in the grade book only when score.max is above 0; other LMSs assume a maximum of 100, which is wrong for any other scale.'
    },
    'terminate-on-tab-switch': {
      title: 'The session ended when the learner switched tabs',
      lms: 'Terminating on visibilitychange ends the session as soon as the learner switches to another tab or app; everything the learner does afterwards is refused by the LMS.'
    },
    'work-left-for-unload': {
      title: 'Work was left for unload',
      lms: 'Browsers no longer run unload reliably: Chrome blocks it by permissions policy (as in Moodle 4.5), iOS Safari skips it, and synchronous requests during unload are blocked. What is saved there is lost; save on pagehide and visibilitychange instead.'
    }
  };

  /* ---------- Elements of each standard ---------- */
  function shape(element) { return String(element).replace(/\.\d+(?=\.|$)/g, '.n'); }

  var ONLY_12 = [
    /^cmi\.core\./, /^cmi\.student_data\./, /^cmi\.student_preference\./, /^cmi\.comments$/,
    /^cmi\.interactions\.n\.(student_response|time)$/, /^cmi\.objectives\.n\.status$/
  ];
  var ONLY_2004 = [
    /^cmi\.(completion_status|success_status|location|session_time|total_time|exit|entry|credit|mode|progress_measure|scaled_passing_score|completion_threshold|learner_id|learner_name|max_time_allowed|time_limit_action|_version)$/,
    /^cmi\.score\.(scaled|raw|min|max|_children)$/, /^cmi\.learner_preference\./, /^cmi\.comments_from_learner/,
    /^cmi\.comments_from_lms\./, /^cmi\.interactions\.n\.(learner_response|timestamp|description)$/,
    /^cmi\.objectives\.n\.(success_status|completion_status|progress_measure|description|score\.scaled)$/, /^adl\./
  ];

  /* 'scorm12', 'scorm2004' or null (both, or neither). */
  C.standardOf = function (element) {
    var s = shape(element);
    if (ONLY_12.some(function (r) { return r.test(s); })) { return 'scorm12'; }
    if (ONLY_2004.some(function (r) { return r.test(s); })) { return 'scorm2004'; }
    return null;
  };

  /* ---------- Syntax ---------- */
  var TIMESPAN_12 = /^\d{2,4}:([0-5]\d):([0-5]\d)(\.\d{1,2})?$/;
  var INTERVAL_2004 = /^P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?)?$/;
  C.timespan12 = function (v) { return TIMESPAN_12.test(v); };
  C.interval2004 = function (v) { return INTERVAL_2004.test(v) && v !== 'P' && v.charAt(v.length - 1) !== 'T'; };
  C.sessionTime = function (std, v) { return std === 'scorm12' ? C.timespan12(v) : C.interval2004(v); };

  var DECIMAL = /^-?\d+(\.\d+)?$/;
  var REAL = /^-?(\d+(\.\d*)?|\.\d+)$/;
  var CHAR = '[0-9a-z]';
  var TIME_12 = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
  var TIMESTAMP_2004 = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3])(:[0-5]\d(:[0-5]\d(\.\d{1,2})?)?)?)?)?)?(Z|[+-]([01]\d|2[0-3])(:[0-5]\d)?)?$/;
  var TYPES_12 = ['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'];
  var TYPES_2004 = TYPES_12.concat(['long-fill-in', 'other']);

  function list12(v, item) {
    var inner = v.charAt(0) === '{' && v.charAt(v.length - 1) === '}' ? v.slice(1, -1) : v;
    return new RegExp('^' + item + '(,' + item + ')*$').test(inner);
  }
  function shortId(v) { return v.length > 0 && v.length <= 250 && !/\s/.test(v) && v.indexOf('[') < 0; }
  function langString(v, max) { return v.replace(/^\{lang=[^}]*\}/, '').length <= max; }

  /* A SCORM 1.2 student_response or correct response pattern of `type`; null when fine. */
  function response12(type, v) {
    switch (type) {
      case 'true-false': return /^[01tf]$/.test(v) ? null : 'a true-false response is one of 0, 1, t, f';
      case 'choice': return v === '' || list12(v, CHAR) ? null : 'a choice response is single characters 0-9 or a-z, separated by commas';
      case 'sequencing': return list12(v, CHAR) ? null : 'a sequencing response is single characters 0-9 or a-z, separated by commas';
      case 'likert': return /^[0-9a-z]?$/.test(v) ? null : 'a likert response is one character 0-9 or a-z';
      case 'matching': return list12(v, CHAR + '\\.' + CHAR) ? null : 'a matching response is pairs like 1.a, separated by commas';
      case 'numeric': return DECIMAL.test(v) ? null : 'a numeric response is a decimal number';
      default: return v.length <= 255 ? null : 'a response may hold at most 255 characters';
    }
  }

  /* A SCORM 2004 learner_response of `type`; null when fine. */
  function response2004(type, v, pattern) {
    var parts = v === '' ? [] : v.split('[,]');
    switch (type) {
      case 'true-false': return /^(true|false)$/.test(v) ? null : 'a true-false response is true or false';
      case 'choice': return parts.every(shortId) ? null : 'a choice response is identifiers without spaces, separated by [,]';
      case 'sequencing': return parts.length && parts.every(shortId) ? null : 'a sequencing response is identifiers without spaces, separated by [,]';
      case 'likert': return shortId(v) ? null : 'a likert response is one identifier without spaces';
      case 'matching': return parts.length && parts.every(function (p) { var t = p.split('[.]'); return t.length === 2 && shortId(t[0]) && shortId(t[1]); }) ? null : 'a matching response is pairs source[.]target, separated by [,]';
      case 'performance': return parts.every(function (p) { return p.split('[.]').length <= 2; }) ? null : 'a performance response is steps step[.]answer, separated by [,]';
      case 'numeric':
        if (pattern) { return /^(-?[\d.]*)\[:\](-?[\d.]*)$/.test(v) ? null : 'a numeric pattern is min[:]max'; }
        return REAL.test(v) ? null : 'a numeric response is a number';
      case 'fill-in': return parts.every(function (p) { return langString(p, 250); }) ? null : 'a fill-in response may hold at most 250 characters per answer';
      default: return v.length <= 4000 ? null : 'a response may hold at most 4,000 characters';
    }
  }

  /* What is wrong with a value set for an interaction field (`field` without the
   * `cmi.interactions.n.` prefix), or null. `type` is the interaction's type when known. */
  C.interactionProblem = function (std, field, value, type) {
    var v = String(value);
    var is12 = std === 'scorm12';
    var f = field.replace(/\.\d+(?=\.|$)/g, '.n');
    if (f === 'id') {
      if (is12) { return /^[\x21-\x7e]{1,255}$/.test(v) ? null : 'an interaction id is at most 255 characters without spaces'; }
      return v.length && v.length <= 4000 && !/\s/.test(v) ? null : 'an interaction id is a URI without spaces, at most 4,000 characters';
    }
    if (f === 'type') {
      return (is12 ? TYPES_12 : TYPES_2004).indexOf(v) >= 0 ? null : '"' + v + '" is no interaction type of ' + C.LABEL[std];
    }
    if (f === 'description') { return langString(v, 250) ? null : 'a description may hold at most 250 characters (it has ' + v.length + ')'; }
    if (f === 'weighting') { return (is12 ? DECIMAL : REAL).test(v) ? null : 'the weighting is a number'; }
    if (f === 'latency') {
      return (is12 ? C.timespan12(v) : C.interval2004(v)) ? null : 'the latency is not written as ' + (is12 ? 'HHHH:MM:SS.SS' : 'an ISO 8601 duration (PT1M2.5S)');
    }
    if (f === 'time') { return TIME_12.test(v) ? null : 'the time of an interaction is written HH:MM:SS'; }
    if (f === 'timestamp') { return TIMESTAMP_2004.test(v) ? null : 'the timestamp is not an ISO 8601 date and time'; }
    if (f === 'result') {
      var words = is12 ? ['correct', 'wrong', 'unanticipated', 'neutral'] : ['correct', 'incorrect', 'unanticipated', 'neutral'];
      return words.indexOf(v) >= 0 || (is12 ? DECIMAL : REAL).test(v) ? null : '"' + v + '" is no result of ' + C.LABEL[std] + ' (' + words.join(', ') + ', or a number)';
    }
    if (f === 'student_response' || f === 'learner_response' || f === 'correct_responses.n.pattern') {
      if (!type) { return null; }
      return is12 ? response12(type, v) : response2004(type, v, f !== 'learner_response');
    }
    return null;
  };

  /* ---------- One session ----------
   * monitor(std, { passMark: percent or null, initial: { element: value } })
   * .call({ name, args, ret, phase }) returns the new warnings: [{ id, detail, key }].
   * phase: 'run', 'hidden' (the page was hidden), 'pagehide', or 'unload'. */
  C.monitor = function (std, options) {
    options = options || {};
    var N = C.NAMES[std];
    var other = std === 'scorm12' ? 'scorm2004' : 'scorm12';
    var values = {};
    Object.keys(options.initial || {}).forEach(function (k) { values[k] = String(options.initial[k]); });
    var setHere = {};      // elements the SCO set successfully in this session
    var seen = {};         // warning keys already given
    var refused = {};      // element -> the value the LMS refused for good
    var reviewing = values[std === 'scorm12' ? 'cmi.core.lesson_mode' : 'cmi.mode'] === 'review';
    var heldBefore = {};   // interaction indexes the LMS held at the start of the session
    Object.keys(values).forEach(function (k) { var im = /^cmi\.interactions\.(\d+)\.id$/.exec(k); if (im) { heldBefore[im[1]] = values[k]; } });
    var committedWith = {}; // exit and session_time: set before a commit during the run
    var refusedCode = {};
    var m = { values: values };

    function warn(out, id, detail, key) {
      key = id + '|' + (key === undefined ? detail : key);
      if (seen[key]) { return; }
      seen[key] = true;
      out.push({ id: id, detail: detail, key: key });
    }
    function num(v) { return v === undefined || v === '' ? NaN : Number(v); }

    /* Checks of what the LMS holds, at every commit and at the end. */
    function onCommit(out) {
      var raw = num(values[N.raw]), max = num(values[N.max]);
      // scorm-again fills in a maximum of 100 by itself; an LMS has none unless the module sets it.
      if (setHere[N.raw] && !isNaN(raw) && !(setHere[N.max] && max > 0)) {
        warn(out, 'score-max-missing', !setHere[N.max]
          ? N.raw + ' is ' + values[N.raw] + ' but ' + N.max + ' was never set'
          : N.raw + ' is ' + values[N.raw] + ' but ' + N.max + ' is ' + values[N.max], 'max');
      }
      var pass = options.passMark;
      if (pass === null || pass === undefined || isNaN(pass)) { return; }
      if (std === 'scorm12') {
        var status = values[N.status];
        if (!isNaN(raw) && (status === 'passed' || status === 'failed')) {
          var expected = raw >= pass ? 'passed' : 'failed';
          if (status !== expected) {
            warn(out, 'status-contradicts-pass-mark', 'score ' + raw + ' with the mastery score ' + pass + ' means ' + expected + ', but the status is ' + status, status + raw);
          }
        }
      } else {
        var success = values[N.success], scaled = num(values[N.scaled]);
        if (isNaN(scaled) && !isNaN(raw) && max > 0) { scaled = (raw - (num(values[N.min]) || 0)) / (max - (num(values[N.min]) || 0)); }
        if (!isNaN(scaled) && (success === 'passed' || success === 'failed')) {
          var want = scaled >= pass / 100 ? 'passed' : 'failed';
          if (success !== want) {
            warn(out, 'status-contradicts-pass-mark', 'scaled score ' + scaled + ' with the passing score ' + pass / 100 + ' means ' + want + ', but success_status is ' + success, success + scaled);
          }
        }
      }
    }

    function onFinish(out, phase) {
      if (phase === 'hidden') {
        warn(out, 'terminate-on-tab-switch', N.finish + ' was called while the page was hidden, not when it was closed', 'finish');
      }
      var status = values[N.status];
      var done = std === 'scorm12' ? ['completed', 'passed', 'failed'].indexOf(status) >= 0 : status === 'completed';
      var never = !setHere[N.status] && ['', 'not attempted', 'unknown', undefined].indexOf(status) >= 0;
      if (never) {
        warn(out, 'no-completion', 'the session ended without ever setting ' + N.status, 'completion');
      } else if (!done && values[N.exit] !== 'suspend') {
        warn(out, 'no-completion', 'the session ended (exit "' + (values[N.exit] || '') + '", not "suspend") with ' + N.status + ' "' + (status || '') + '"', 'completion');
      }
    }

    m.call = function (c) {
      var out = [];
      var ok = String(c.ret) === 'true';
      if (c.phase === 'unload') {
        warn(out, 'work-left-for-unload', c.name + (c.args && c.args[0] ? '("' + c.args[0] + '")' : '') + ' was called during unload', 'unload');
      }
      if (c.name === N.get || c.name === N.set) {
        var element = String(c.args[0] || '');
        if (C.standardOf(element) === other) {
          warn(out, 'other-standard', element + ' belongs to ' + C.LABEL[other] + '; this is a ' + C.LABEL[std] + ' session', element);
        }
      }
      if (c.name === N.set && reviewing) {
        warn(out, 'review-mode-write', N.set + '("' + String(c.args[0] || '') + '") in a session the LMS opened with ' + (std === 'scorm12' ? 'cmi.core.lesson_mode' : 'cmi.mode') + ' "review"', 'review');
      }
      if (c.name === N.set) {
        var warnedBefore = out.length;
        var el = String(c.args[0] || ''), value = c.args[1] === undefined || c.args[1] === null ? '' : String(c.args[1]);
        if (el === N.time && !C.sessionTime(std, value)) {
          warn(out, 'session-time-syntax', '"' + value + '" is not ' + (std === 'scorm12' ? 'HHHH:MM:SS.SS' : 'an ISO 8601 duration such as PT1H5M20.5S'), value);
        }
        if (el === N.suspend && value.length > C.LIMITS[std].suspend) {
          warn(out, 'suspend-data-limit', value.length.toLocaleString('en') + ' characters; ' + C.LABEL[std] + ' allows ' + C.LIMITS[std].suspend.toLocaleString('en'), 'suspend');
        }
        var was = refused[el];
        if (was !== undefined && was === value) { warn(out, 'value-refused', el + ' = "' + (value.length > 60 ? value.slice(0, 57) + '...' : value) + '" was refused (error ' + refusedCode[el] + ') and sent again', el); }
        if (!ok && P.refusedForGood(std, c.error)) { refused[el] = value; refusedCode[el] = c.error; } else if (ok) { delete refused[el]; }
        var over = /^cmi\.interactions\.(\d+)\.id$/.exec(el);
        if (over && heldBefore[over[1]] !== undefined && heldBefore[over[1]] !== value) {
          warn(out, 'interaction-overwritten', el + ' = "' + value + '" replaces "' + heldBefore[over[1]] + '", recorded in an earlier session', 'overwrite');
        }
        if ((el === N.exit || el === N.time) && ok && c.phase === 'run') { committedWith[el] = 'set'; }
        if ((el === N.exit || el === N.time) && ok && c.phase === 'pagehide' && committedWith[el] !== 'committed') {
          warn(out, 'resume-left-for-pagehide', el + ' was first sent during ' + c.phase + ', not with a regular commit before it', 'pagehide|' + el);
        }
        var im = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(el);
        if (im && im[2] !== '_count' && im[2] !== '_children') {
          var problem = C.interactionProblem(std, im[2], value, values['cmi.interactions.' + im[1] + '.type']);
          if (problem) { warn(out, 'interaction-syntax', el + ' = "' + (value.length > 60 ? value.slice(0, 57) + '...' : value) + '": ' + problem, el + '=' + value); }
        }
        // What the specification allows but the strictest run-times refuse (when no check above
        // has said so already).
        var index = /^cmi\.interactions\.(\d+)\./.exec(el);
        var strict = P.refusal(std, el, value, index ? values['cmi.interactions.' + index[1] + '.type'] : undefined);
        if (strict && out.length === warnedBefore) { warn(out, 'strict-lms-refuses', el + ': ' + strict.reason + ' (Moodle answers error ' + strict.code + ')', el + '=' + value); }
        if (ok) { values[el] = value; setHere[el] = true; }
      }
      if (ok && c.name === N.commit) {
        onCommit(out);
        if (c.phase === 'run' || c.phase === 'hidden') { Object.keys(committedWith).forEach(function (k) { committedWith[k] = 'committed'; }); }
      }
      if (c.name === N.finish) {
        onCommit(out);
        onFinish(out, c.phase);
      }
      return out;
    };
    return m;
  };

  /* A flat { element: value } view of a scorm-again cmi object as JSON. */
  C.flatten = function (obj, prefix, out) {
    out = out || {};
    Object.keys(obj || {}).forEach(function (k) {
      var v = obj[k], name = prefix ? prefix + '.' + k : k;
      if (v !== null && typeof v === 'object') { C.flatten(v, name, out); } else if (v !== undefined && v !== '') { out[name] = String(v); }
    });
    return out;
  };

  if (typeof module === 'object' && module.exports) { module.exports = C; } else { root.LeskitChecks = C; }
}(this));
