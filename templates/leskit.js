/* leskit page shell: navigation, quizzes, and reporting to the LMS (SCORM 1.2 or 2004, or cmi5
 * through cmi5.js). No libraries, and no requests but cmi5's to the LMS: everything the module
 * needs is in the package.
 *
 * The first half (`core`) is pure: scoring, the compact resume state and the LMS values. It runs
 * in node for unit tests too. The second half drives the page. */
(function (root) {
  'use strict';

  /* =====================================================================================
   * Core
   * ===================================================================================== */
  var core = {};

  /* ---------- Scoring ----------
   * Answers: single "b"; multiple ["a","c"]; true-false true/false; branching the list of
   * decisions "step>choice" in order. */
  core.earned = function (q, answer) {
    if (answer === undefined || answer === null) { return 0; }
    if (q.kind === 'single') {
      return q.options.some(function (o) { return o.correct && o.id === answer; }) ? q.points : 0;
    }
    if (q.kind === 'multiple') {
      var right = 0, hit = 0, wrong = 0;
      q.options.forEach(function (o) {
        var chosen = answer.indexOf(o.id) >= 0;
        if (o.correct) { right++; if (chosen) { hit++; } } else if (chosen) { wrong++; }
      });
      if (q.scoring === 'partial') { return right ? Math.max(0, (hit - wrong) / right) * q.points : 0; }
      return hit === right && wrong === 0 ? q.points : 0;
    }
    if (q.kind === 'true-false') { return answer === q.answer ? q.points : 0; }
    var ending = core.ending(q, answer);
    return ending ? q.endings[ending].points : 0;
  };

  /* The ending a list of decisions leads to, or null while the scenario is under way. */
  core.ending = function (q, decisions) {
    var at = core.position(q, decisions);
    return at !== null && q.endings[at] ? at : null;
  };

  /* Where a list of decisions stands: a step id, an ending id, or null when it does not fit the
   * scenario (the author changed it). */
  core.position = function (q, decisions) {
    var at = q.start;
    for (var i = 0; i < decisions.length; i++) {
      var parts = decisions[i].split('>');
      var step = q.steps[at];
      if (parts[0] !== at || !step) { return null; }
      var choice = core.find(step.choices, parts[1]);
      if (!choice) { return null; }
      at = choice.next;
    }
    return at;
  };

  core.complete = function (q, answer) {
    if (answer === undefined || answer === null) { return false; }
    return q.kind !== 'branching' || core.ending(q, answer) !== null;
  };

  core.find = function (list, id) {
    for (var i = 0; i < list.length; i++) { if (list[i].id === id) { return list[i]; } }
    return null;
  };

  /* The best points reachable from a step or ending (scenarios have no loops). */
  core.best = function (q, at, memo) {
    memo = memo || {};
    if (q.endings[at]) { return q.endings[at].points; }
    if (memo[at] !== undefined) { return memo[at]; }
    var best = 0;
    (q.steps[at] ? q.steps[at].choices : []).forEach(function (c) { best = Math.max(best, core.best(q, c.next, memo)); });
    memo[at] = best;
    return best;
  };

  /* The choices at a step that keep the best ending within reach: the "right" decisions. */
  core.bestChoices = function (q, stepId) {
    var step = q.steps[stepId], top = core.best(q, stepId);
    return step.choices.filter(function (c) { return core.best(q, c.next) === top; }).map(function (c) { return c.id; });
  };

  /* The module's score in percent (two decimals), with the number of open questions. */
  core.outcome = function (questions, answers, passMark) {
    var possible = 0, got = 0, open = 0;
    questions.forEach(function (item) {
      possible += item.q.points;
      var a = answers[item.key];
      if (core.complete(item.q, a)) { got += core.earned(item.q, a); } else { open++; }
    });
    var score = possible ? Math.round(got / possible * 10000) / 100 : 0;
    return { possible: possible, score: score, open: open, passed: open === 0 && score >= passMark };
  };

  /* The completion rule, the same in every standard: a module with quizzes is completed once
   * every question is answered and the learner has reached the last page or seen the result; a
   * module without quizzes once its last page is reached. (Once completed, the page keeps it so.) */
  core.completed = function (hasQuestions, allAnswered, lastPage, resultSeen) {
    return hasQuestions ? allAnswered && (lastPage || resultSeen) : lastPage;
  };

  /* A score for the learner, with the language's decimal sign: 3,33 in Dutch, 3.33 in English. */
  core.number = function (n, language) {
    return language === 'nl' ? String(n).replace('.', ',') : String(n);
  };

  /* ---------- Compact resume state ----------
   * SCORM 1.2 keeps at most 4,096 characters of suspend_data, so the state is written compactly:
   *   "3|<attempt>|<flags>|<seen pages>|<answers>|<next interaction index>"
   * flags: 1 = the last page was reached, 2 = the module was completed (completion never goes
   * back). The next interaction index is the page's own count of the interactions it wrote, for
   * LMSs that answer "" for cmi.interactions._count. States of version 2 (the same without the
   * index, flags only 0/1) still resume.
   * Every question, page and option is named by a short hash of its YAML id, never by its
   * position, so that an author who adds a page or a question does not lose anybody's progress.
   * An answer records the hash of its question's option ids: when the author changes the options,
   * only that answer is dropped (it may no longer make sense). */
  var B36 = '0123456789abcdefghijklmnopqrstuvwxyz';

  core.hash = function (text, width) {
    // FNV-1a, 32 bits, written in base 36 with a fixed width.
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    var out = '', n = h % Math.pow(36, width);
    for (var j = 0; j < width; j++) { out = B36.charAt(n % 36) + out; n = Math.floor(n / 36); }
    return out;
  };

  /* Unique four-character keys for the questions (`quiz.question`). A collision, rare, is
   * resolved by rehashing the later id in sorted order, which both sides of a resume agree on. */
  core.keys = function (ids) {
    var taken = {}, keys = {};
    ids.slice().sort().forEach(function (id) {
      var k = core.hash(id, 4), n = 0;
      while (taken[k]) { n++; k = core.hash(id + '#' + n, 4); }
      taken[k] = true;
      keys[id] = k;
    });
    return keys;
  };

  function optionIds(q) {
    if (q.kind === 'single' || q.kind === 'multiple') { return q.options.map(function (o) { return o.id; }); }
    if (q.kind === 'true-false') { return ['true', 'false']; }
    var ids = [];
    Object.keys(q.steps).sort().forEach(function (s) {
      ids.push(s);
      q.steps[s].choices.forEach(function (c) { ids.push(s + '>' + c.id + '>' + c.next); });
    });
    return ids;
  }
  core.shape = function (q) { return core.hash(q.kind + ':' + optionIds(q).join(','), 1); };

  /* One answer as a few characters. */
  core.encodeAnswer = function (q, answer) {
    if (q.kind === 'true-false') { return answer ? 't' : 'f'; }
    if (q.kind === 'single') { return B36.charAt(indexOf(q.options, answer)); }
    if (q.kind === 'multiple') {
      var bits = 0;
      q.options.forEach(function (o, i) { if (answer.indexOf(o.id) >= 0) { bits += Math.pow(2, i); } });
      return bits.toString(36);
    }
    var at = q.start;
    return answer.map(function (d) {
      var step = q.steps[at], cid = d.split('>')[1], i = indexOf(step.choices, cid);
      at = step.choices[i].next;
      return B36.charAt(i);
    }).join('');
  };

  core.decodeAnswer = function (q, text) {
    if (q.kind === 'true-false') { return text === 't' ? true : text === 'f' ? false : undefined; }
    if (q.kind === 'single') {
      var o = q.options[B36.indexOf(text)];
      return text.length === 1 && o ? o.id : undefined;
    }
    if (q.kind === 'multiple') {
      var bits = parseInt(text, 36), chosen = [];
      if (isNaN(bits)) { return undefined; }
      q.options.forEach(function (opt, i) { if (Math.floor(bits / Math.pow(2, i)) % 2 === 1) { chosen.push(opt.id); } });
      return chosen.length ? chosen : undefined;
    }
    var at = q.start, decisions = [];
    for (var k = 0; k < text.length; k++) {
      var step = q.steps[at], c = step && step.choices[B36.indexOf(text.charAt(k))];
      if (!c) { return undefined; }
      decisions.push(at + '>' + c.id);
      at = c.next;
    }
    return decisions.length ? decisions : undefined;
  };

  function indexOf(list, id) {
    for (var i = 0; i < list.length; i++) { if (list[i].id === id) { return i; } }
    return -1;
  }

  /* state: { attempt, lastPage, completed, seen: {pageId: true}, answers: {questionKey: answer},
   * nextInteraction }
   * questions: [{ key: "quiz.question", q }]; pages: [page ids]. */
  core.encodeState = function (state, questions, pages) {
    var keys = core.keys(questions.map(function (i) { return i.key; }));
    var seen = pages.filter(function (p) { return state.seen[p]; }).map(function (p) { return core.hash(p, 2); }).join('');
    var answers = questions.filter(function (i) { return state.answers[i.key] !== undefined; }).map(function (i) {
      return keys[i.key] + core.shape(i.q) + core.encodeAnswer(i.q, state.answers[i.key]);
    }).join('.');
    var flags = (state.lastPage ? 1 : 0) + (state.completed ? 2 : 0);
    return ['3', state.attempt, flags, seen, answers, (state.nextInteraction || 0).toString(36)].join('|');
  };

  core.decodeState = function (text, questions, pages) {
    var state = { attempt: 1, lastPage: false, completed: false, seen: {}, answers: {}, nextInteraction: 0 };
    var parts = String(text || '').split('|');
    if (!((parts[0] === '2' && parts.length === 5) || (parts[0] === '3' && parts.length === 6))) { return state; }
    state.attempt = Math.max(1, parseInt(parts[1], 10) || 1);
    var flags = parseInt(parts[2], 10) || 0;
    state.lastPage = (flags & 1) === 1;
    state.completed = (flags & 2) === 2;
    if (parts[0] === '3') { state.nextInteraction = Math.max(0, parseInt(parts[5], 36) || 0); }
    var seen = {};
    for (var i = 0; i + 2 <= parts[3].length; i += 2) { seen[parts[3].substr(i, 2)] = true; }
    pages.forEach(function (p) { if (seen[core.hash(p, 2)]) { state.seen[p] = true; } });
    var keys = core.keys(questions.map(function (q) { return q.key; }));
    var byKey = {};
    questions.forEach(function (item) { byKey[keys[item.key]] = item; });
    (parts[4] ? parts[4].split('.') : []).forEach(function (entry) {
      var item = byKey[entry.substr(0, 4)];
      // Answers to questions that were removed, or whose options changed, are dropped.
      if (!item || entry.charAt(4) !== core.shape(item.q)) { return; }
      var answer = core.decodeAnswer(item.q, entry.substr(5));
      if (answer !== undefined && (item.q.kind !== 'branching' || core.position(item.q, answer) !== null)) {
        state.answers[item.key] = answer;
      }
    });
    return state;
  };

  /* Whether an LMS status read at launch says the attempt was completed: 1.2 completed, passed or
   * failed (each ends the lesson), 2004 completion_status completed. */
  core.finishedStatus = function (standard, status) {
    return standard === 'scorm2004' ? status === 'completed' : ['completed', 'passed', 'failed'].indexOf(status) >= 0;
  };

  /* The index of the next interaction: the LMS's cmi.interactions._count when it is an integer,
   * else (an LMS that answers "") the next index kept in the saved state. */
  core.nextIndex = function (count, saved) {
    return /^\d+$/.test(String(count)) ? parseInt(count, 10) : saved || 0;
  };

  /* ---------- Time, in each standard's own syntax ---------- */
  function pad(n, width) { n = String(n); while (n.length < width) { n = '0' + n; } return n; }

  /* SCORM 1.2 CMITimespan: HHHH:MM:SS.SS. */
  core.timespan12 = function (ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.min(9999, Math.floor(cs / 360000));
    return pad(h, 4) + ':' + pad(Math.floor(cs / 6000) % 60, 2) + ':' + pad(Math.floor(cs / 100) % 60, 2) + '.' + pad(cs % 100, 2);
  };
  /* SCORM 2004 timeinterval (ISO 8601 duration): PT1H2M3.45S, always in the same shape. */
  core.duration2004 = function (ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var s = Math.floor(cs / 100) % 60, c = cs % 100;
    return 'PT' + Math.floor(cs / 360000) + 'H' + Math.floor(cs / 6000) % 60 + 'M' + s + (c ? '.' + pad(c, 2) : '') + 'S';
  };
  core.clock12 = function (d) { return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2); };
  core.timestamp2004 = function (d) {
    return d.getFullYear() + '-' + pad(d.getMonth() + 1, 2) + '-' + pad(d.getDate(), 2) + 'T' + core.clock12(d);
  };

  /* ---------- Interactions ----------
   * One record per answered question and one per decision in a scenario, id
   * `<quiz>.<question>[.<step>]` plus `.r<n>` from the second attempt on. The fields come in the
   * order LMSs accept: id and type first. Returns [[element suffix, value], ...]. */
  core.interaction = function (standard, rec) {
    var is2004 = standard === 'scorm2004';
    var id = rec.id + (rec.attempt > 1 ? '.r' + rec.attempt : '');
    var fields = [['id', id], ['type', rec.type]];
    var sep = is2004 ? '[,]' : ',';
    function ids(list) {
      // 1.2 allows only single characters 0-9 and a-z as choice responses: the option's letter;
      // 2004 the option's id in its safe form (core.safeId).
      return list.map(function (x) { return is2004 ? core.safeId(x.id) : B36.charAt(10 + x.index); }).join(sep);
    }
    function response(r) {
      if (rec.type === 'true-false') { return is2004 ? String(r) : (r ? 't' : 'f'); }
      return ids(r);
    }
    fields.push([is2004 ? 'learner_response' : 'student_response', response(rec.response)]);
    rec.correct.forEach(function (pattern, n) { fields.push(['correct_responses.' + n + '.pattern', response(pattern)]); });
    fields.push(['result', rec.result === 'wrong' && is2004 ? 'incorrect' : rec.result]);
    fields.push(['weighting', String(rec.weighting)]);
    fields.push(['latency', is2004 ? core.duration2004(rec.latency) : core.timespan12(rec.latency)]);
    if (is2004) {
      fields.push(['timestamp', core.timestamp2004(rec.at)]);
      fields.push(['description', core.description(rec.description)]);
    } else {
      fields.push(['time', core.clock12(rec.at)]);
    }
    return fields;
  };

  /* A SCORM 2004 choice response or pattern is a list of short identifiers: letters, digits, `_`
   * and `.` in the strictest run-times (Moodle refuses a hyphen with error 406). leskit's ids are
   * `[a-z][a-z0-9-]*`, so writing each `-` as `_` is safe, readable, stable across builds, and
   * never makes two ids one. */
  core.safeId = function (id) { return String(id).replace(/-/g, '_'); };

  /* A 2004 description: one line of at most 250 characters, not starting with "{" (which a
   * run-time reads as a {lang=..} tag). */
  core.description = function (text) {
    var line = String(text || '').replace(/\s+/g, ' ').trim().replace(/^\{+/, '');
    return line.length > 250 ? line.slice(0, 249).replace(/\s+\S*$/, '') + '…' : line;
  };

  /* Whether an LMS's error code after a refused SetValue says the value itself will never be
   * taken, so that sending it again is useless. The rule is the patterns table's
   * (refusedForGood in the preview's cmi-patterns.js, which explains the codes); a unit test
   * holds this copy to it. */
  core.refusedForGood = function (standard, code) {
    var n = parseInt(code, 10);
    if (standard === 'scorm2004') { return n === 351 || (n >= 401 && n <= 408); }
    return n === 201 || (n >= 401 && n <= 405);
  };

  /* The record for a whole answered question. */
  core.questionRecord = function (quizId, q, answer, attempt, latency, at) {
    var options = q.options.map(function (o, index) { return { id: o.id, index: index, correct: o.correct }; });
    var rec = { id: quizId + '.' + q.id, attempt: attempt, latency: latency, at: at, description: q.prompt, weighting: q.points,
      choices: q.options.map(function (o) { return { id: o.id, text: o.text }; }) };
    var score = core.earned(q, answer);
    rec.result = score >= q.points ? 'correct' : 'wrong';
    if (q.kind === 'true-false') {
      rec.type = 'true-false';
      rec.response = answer;
      rec.correct = [q.answer];
    } else {
      rec.type = 'choice';
      var chosen = q.kind === 'single' ? [answer] : answer;
      rec.response = options.filter(function (o) { return chosen.indexOf(o.id) >= 0; });
      var right = options.filter(function (o) { return o.correct; });
      rec.correct = q.kind === 'single' ? right.map(function (o) { return [o]; }) : [right];
      if (q.kind === 'multiple' && q.scoring === 'partial' && score > 0 && score < q.points) {
        rec.result = String(Math.round(score / q.points * 100) / 100);
      }
    }
    return rec;
  };

  /* The record for one decision in a scenario. */
  core.decisionRecord = function (quizId, q, stepId, choiceId, attempt, latency, at) {
    var step = q.steps[stepId];
    var options = step.choices.map(function (c, index) { return { id: c.id, index: index }; });
    var best = core.bestChoices(q, stepId);
    var plain = step.plain || '';
    return {
      id: quizId + '.' + q.id + '.' + stepId, type: 'choice', attempt: attempt, latency: latency, at: at,
      description: (q.prompt + ' ' + plain).trim(),
      weighting: 0,
      choices: step.choices.map(function (c) { return { id: c.id, text: c.text }; }),
      response: options.filter(function (o) { return o.id === choiceId; }),
      correct: options.filter(function (o) { return best.indexOf(o.id) >= 0; }).map(function (o) { return [o]; }),
      result: best.indexOf(choiceId) >= 0 ? 'correct' : 'wrong'
    };
  };

  /* The record for a whole scenario, once it reached an ending: one `choice` interaction whose
   * response is the ending (1.2 its letter, in the endings' order; 2004 its safe id), whose
   * correct patterns are the best-scoring endings, and whose weighting is the question's points,
   * so that the weightings of an attempt add up to the module's points (the decisions weigh 0).
   * The result is correct, wrong, or the share of the points earned. */
  core.scenarioRecord = function (quizId, q, decisions, attempt, latency, at) {
    var ids = Object.keys(q.endings), reached = core.ending(q, decisions);
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
  };

  /* ---------- Courses ----------
   * In a SCORM 2004 course package the previous/next buttons at a module's first and last page
   * ask the LMS for the previous or next module (adl.nav.request), but only where the package has
   * one and the LMS says the request is valid (`valid`: its adl.nav.request_valid answer).
   * Returns 'previous', 'continue' or null (the button stays within the module). */
  core.courseRequest = function (data, direction, index, count, valid) {
    var course = data.course;
    if (data.standard !== 'scorm2004' || !course || valid !== 'true') { return null; }
    if (direction === 'prev' && index === 0 && course.previous) { return 'previous'; }
    if (direction === 'next' && index === count - 1 && course.next) { return 'continue'; }
    return null;
  };

  /* ---------- Proof of participation ----------
   * What the printable proof says, from what the page knows; the words come from strings.json
   * (`S`), so the proof follows the interface language. */

  /* The learner's name as people write it: SCORM 1.2 LMSs give "Last, First", shown "First Last".
   * A name with more than one comma is shown as given. */
  core.displayName = function (raw) {
    var name = String(raw === undefined || raw === null ? '' : raw).replace(/\s+/g, ' ').trim();
    var parts = name.split(',');
    if (parts.length !== 2) { return name; }
    return (parts[1].trim() + ' ' + parts[0].trim()).trim();
  };

  /* SCORM 1.2 CMITimespan (HHHH:MM:SS.SS) in milliseconds; 0 when empty or malformed. */
  core.parseTimespan12 = function (text) {
    var m = /^(\d{2,4}):(\d{2}):(\d{2})(\.\d{1,2})?$/.exec(String(text || '').trim());
    if (!m) { return 0; }
    return ((+m[1] * 60 + +m[2]) * 60 + +m[3] + (m[4] ? +m[4] : 0)) * 1000;
  };

  /* SCORM 2004 timeinterval (ISO 8601 duration, e.g. PT1H5M3.5S) in milliseconds; 0 when empty
   * or malformed. Years and months count as 365 and 30 days: nobody spends them on a module. */
  core.parseDuration2004 = function (text) {
    var n = '(\\d+(?:\\.\\d+)?)';
    var m = new RegExp('^P(?:' + n + 'Y)?(?:' + n + 'M)?(?:' + n + 'D)?(?:T(?:' + n + 'H)?(?:' + n + 'M)?(?:' + n + 'S)?)?$')
      .exec(String(text || '').trim());
    if (!m || /T$/.test(m[0]) || m[0] === 'P') { return 0; }
    var seconds = [365 * 86400, 30 * 86400, 86400, 3600, 60, 1];
    var total = 0;
    for (var i = 0; i < 6; i++) { if (m[i + 1]) { total += parseFloat(m[i + 1]) * seconds[i]; } }
    return Math.round(total * 1000);
  };

  /* Time spent in words, to the minute: "1 uur 5 minuten", "12 minuten". */
  core.durationWords = function (ms, S) {
    if (!(ms >= 60000)) { return S.proof_under_minute; }
    var minutes = Math.round(ms / 60000), h = Math.floor(minutes / 60), m = minutes % 60, words = [];
    function say(k, one, many) { return (k === 1 ? one : many).replace('{n}', k); }
    if (h) { words.push(say(h, S.proof_hour, S.proof_hours)); }
    if (m) { words.push(say(m, S.proof_minute, S.proof_minutes)); }
    return words.join(' ');
  };

  /* A date written out: "29 november 2026". */
  core.dateWords = function (d, S) {
    var months = S.proof_months.split(',');
    return S.proof_date_format.replace('{day}', d.getDate()).replace('{month}', months[d.getMonth()].trim())
      .replace('{year}', d.getFullYear());
  };

  /* What the proof is about: the module, or, for a course's final test, the course (the build
   * says which SCO is the final test). */
  core.isFinalTest = function (data) {
    return !!(data.course && data.course.finalTest);
  };
  core.proofSubject = function (data) {
    if (core.isFinalTest(data)) { return { title: data.course.title, version: data.module.version, course: null }; }
    return { title: data.module.title, version: data.module.version, course: data.course ? data.course.title : null };
  };

  /* The proof's text. p: { name, subject (proofSubject), date, scored, score, passMark, spent (ms),
   * standalone }. Returns { statement, course, facts: [[label, value]], disclaimer }. */
  core.proofText = function (p, S) {
    function fill(text, values) { return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; }); }
    var facts = [[S.proof_date, core.dateWords(p.date, S)]];
    if (p.scored) { facts.push([S.proof_score, fill(S.proof_score_value, { score: core.number(p.score, p.language), pass: core.number(p.passMark, p.language) })]); }
    facts.push([S.proof_time, core.durationWords(p.spent, S)]);
    return {
      statement: fill(S.proof_statement, { name: p.name || S.proof_someone, title: p.subject.title, version: p.subject.version }),
      course: p.subject.course ? fill(S.proof_in_course, { course: p.subject.course }) : null,
      facts: facts,
      disclaimer: p.standalone ? S.proof_disclaimer_standalone : S.proof_disclaimer
    };
  };

  if (typeof module === 'object' && module.exports) { module.exports = core; }
  if (typeof document === 'undefined') { return; }

  /* =====================================================================================
   * The page
   * ===================================================================================== */
  var data = JSON.parse(document.getElementById('lk-data').textContent);
  var S = data.strings;
  var mod = data.module;
  var is2004 = data.standard === 'scorm2004';
  var isCmi5 = data.standard === 'cmi5';
  var isWeb = data.standard === 'web';    // the web export: no LMS, progress in the browser
  var xapi = null;           // the cmi5 session (cmi5.js), once the LMS answered
  document.documentElement.className += ' js';

  function fmt(text, values) { return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; }); }
  function $(sel, scope) { return (scope || document).querySelector(sel); }
  function $$(sel, scope) { return Array.prototype.slice.call((scope || document).querySelectorAll(sel)); }

  /* ---------- Finding the LMS ----------
   * The API object lives in a parent frame or in the window that opened this one. Frames of
   * another origin throw on access: skip them and go on. */
  function findApi(win, name) {
    for (var depth = 0; win && depth < 12; depth++) {
      try { if (win[name]) { return win[name]; } } catch (e) { /* another origin */ }
      try { if (win.parent === win) { break; } win = win.parent; } catch (e) { break; }
    }
    return null;
  }
  function locateApi(name) {
    var api = findApi(window, name);
    if (!api) {
      try { if (window.top && window.top.opener) { api = findApi(window.top.opener, name); } } catch (e) { /* gone */ }
    }
    return api;
  }

  /* ---------- One adapter over both standards, and standalone mode ---------- */
  var N = is2004
    ? { init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit',
        status: 'cmi.completion_status', location: 'cmi.location', suspend: 'cmi.suspend_data', entry: 'cmi.entry',
        exit: 'cmi.exit', time: 'cmi.session_time', raw: 'cmi.score.raw', min: 'cmi.score.min', max: 'cmi.score.max',
        mastery: 'cmi.scaled_passing_score', count: 'cmi.interactions._count', name: 'cmi.learner_name', total: 'cmi.total_time',
        error: 'GetLastError', mode: 'cmi.mode' }
    : { init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit',
        status: 'cmi.core.lesson_status', location: 'cmi.core.lesson_location', suspend: 'cmi.suspend_data', entry: 'cmi.core.entry',
        exit: 'cmi.core.exit', time: 'cmi.core.session_time', raw: 'cmi.core.score.raw', min: 'cmi.core.score.min', max: 'cmi.core.score.max',
        mastery: 'cmi.student_data.mastery_score', count: 'cmi.interactions._count', name: 'cmi.core.student_name',
        total: 'cmi.core.total_time', error: 'LMSGetLastError', mode: 'cmi.core.lesson_mode' };
  var api = isWeb || isCmi5 ? null : locateApi(is2004 ? 'API_1484_11' : 'API');
  var storeKey = 'leskit:' + mod.id + ':' + mod.version;
  var lms = { live: false, finished: false, standalone: false, failing: false, cleared: false };
  var pending = [];          // [key, value] writes not yet accepted by the LMS, in order
  var records = [];          // interactions not yet (fully) accepted: { fields, n, at }
  var nextInteraction = 0;   // the index the next interaction takes
  lms.refused = [];          // values the LMS refused for good: { element, value, code }

  function call(fn, a, b) {
    try { return String(api[fn](a === undefined ? '' : a, b)); } catch (e) { return 'false'; }
  }
  function lmsGet(key) { return lms.live && !lms.finished ? call(N.get, key) : ''; }
  /* Values are queued and sent at each save. A later value for a key replaces an earlier one
   * still waiting. */
  function lmsSet(key, value) {
    if (lms.review) { return; } // a review writes nothing
    for (var i = 0; i < pending.length; i++) {
      if (pending[i][0] === key) { pending.splice(i, 1); break; }
    }
    pending.push([key, String(value)]);
  }
  /* Sends one value on its own. 'ok' when the LMS took it; 'refused' when it answered an error
   * that says the value itself will never be taken (core.refusedForGood): it is dropped and
   * listed in lms.refused, and nothing else waits for it; 'later' when the LMS failed for
   * another reason (a lost connection): it is sent again at the next save. */
  function send(key, value) {
    if (call(N.set, key, value) === 'true') { return 'ok'; }
    var code = call(N.error);
    if (core.refusedForGood(data.standard, code)) {
      lms.refused.push({ element: key, value: value, code: code });
      return 'refused';
    }
    return 'later';
  }
  var retryTimer = null;
  function save() {
    if (lms.standalone) {
      if (lms.cleared) { return; } // the page is reloading to start afresh: keep nothing
      try {
        if (state.done) { localStorage.removeItem(storeKey); } // shared workstations keep nothing
        else { localStorage.setItem(storeKey, JSON.stringify({ location: data.pages[state.page].id, suspend: encode() })); }
      } catch (e) { /* private mode or full storage */ }
      return;
    }
    if (!lms.live || lms.finished || lms.review) { return; }
    if (xapi) { xapi.save(pageIds[state.page], encode()); return; }
    var later = false;
    // Interactions in order: each takes the next index once the LMS took its id. An id the LMS
    // refuses drops the whole interaction and uses no index.
    while (records.length && !later) {
      var r = records[0];
      if (r.n === null) {
        var first = send('cmi.interactions.' + nextInteraction + '.' + r.fields[0][0], r.fields[0][1]);
        if (first === 'later') { later = true; break; }
        if (first === 'refused') { records.shift(); continue; }
        r.n = nextInteraction++;
        r.fields.shift();
      }
      while (r.fields.length) {
        var outcome = send('cmi.interactions.' + r.n + '.' + r.fields[0][0], r.fields[0][1]);
        if (outcome === 'later') { later = true; break; }
        r.fields.shift();
      }
      if (!r.fields.length) { records.shift(); }
    }
    state.nextInteraction = nextInteraction;
    lmsSet(N.suspend, encode());
    // What resume depends on goes with every commit, never only at unload: the exit (suspend
    // while there is more to do) and the session's time so far. pagehide only repeats them.
    lmsSet(N.exit, exitValue());
    lmsSet(N.time, sessionTime());
    // Each value stands alone: one that fails holds up none of the others.
    pending = pending.filter(function (w) { return send(w[0], w[1]) === 'later'; });
    if (pending.length) { later = true; }
    if (call(N.commit) !== 'true') { later = true; }
    trouble(later);
  }
  function trouble(on) {
    var notice = $('#lk-notice');
    if (on && !lms.failing) { notice.textContent = S.lms_error; notice.hidden = false; }
    if (!on && lms.failing) { notice.hidden = true; notice.textContent = ''; }
    lms.failing = on;
    if (on && !retryTimer) { retryTimer = setTimeout(function () { retryTimer = null; save(); }, 4000); }
  }
  function finish() {
    if (!lms.live || lms.finished) { return; }
    if (xapi) { lms.finished = true; xapi.terminate(); return; }
    if (lms.review) { lms.finished = true; call(N.finish); return; } // a review writes nothing
    save();
    lms.finished = true;
    call(N.finish);
  }
  function sessionTime() {
    return is2004 ? core.duration2004(Date.now() - startedAt) : core.timespan12(Date.now() - startedAt);
  }
  function record(rec) {
    if (xapi) { xapi.answered(rec); return; }
    if (lms.review) { return; }
    records.push({ fields: core.interaction(data.standard, rec), n: null });
  }

  /* ---------- State ---------- */
  var startedAt = Date.now();
  var pages = $$('.lk-page');
  var pageIds = data.pages.map(function (p) { return p.id; });
  // The HTML ids of the pages' sections, as the build writes them (in-page links name them).
  var pageAnchors = data.pages.map(function (p) { return p.anchor; });
  var questions = [];
  Object.keys(data.quizzes).forEach(function (quizId) {
    data.quizzes[quizId].forEach(function (q) { questions.push({ quiz: quizId, q: q, key: quizId + '.' + q.id }); });
  });
  var state = { page: 0, attempt: 1, lastPage: false, completed: false, seen: {}, answers: {}, done: false, nextInteraction: 0 };
  function encode() { return core.encodeState(state, questions, pageIds); }
  function restore(text) {
    var s = core.decodeState(text, questions, pageIds);
    state.attempt = s.attempt; state.lastPage = s.lastPage; state.completed = s.completed; state.seen = s.seen;
    state.answers = s.answers; state.nextInteraction = s.nextInteraction;
  }
  var shownAt = {};          // when each question was shown, for latency
  var scenarioTime = {};     // the time spent on each scenario's decisions so far

  /* ---------- Navigation ---------- */
  var toc = $('.lk-toc-details');
  var wide = !!(window.matchMedia && window.matchMedia('(min-width: 64rem)').matches);
  if (toc && wide) { toc.open = true; }
  var prev = $('[data-lk-nav="prev"]'), next = $('[data-lk-nav="next"]');

  function show(index, moveFocus) {
    index = Math.max(0, Math.min(pages.length - 1, index));
    state.page = index;
    state.seen[pageIds[index]] = true;
    if (index === pages.length - 1) { state.lastPage = true; }
    pages.forEach(function (p, i) { p.hidden = i !== index; });
    $$('.lk-toc a').forEach(function (a, i) {
      if (i === index) { a.setAttribute('aria-current', 'page'); } else { a.removeAttribute('aria-current'); }
    });
    prev.disabled = index === 0 && !courseRequest('prev');
    next.disabled = index === pages.length - 1 && !courseRequest('next');
    $('#lk-progress').textContent = fmt(S.page_of, { n: index + 1, total: pages.length });
    document.title = data.pages[index].title + ' – ' + mod.title;
    $$('.lk-question', pages[index]).forEach(function (f) { shownAt[f.id] = shownAt[f.id] || Date.now(); });
    if (moveFocus) { $('h1', pages[index]).focus(); window.scrollTo(0, 0); }
    lmsSet(N.location, pageIds[index]);
    report();
    save();
  }
  prev.addEventListener('click', function () { if (!leaveModule('prev')) { show(state.page - 1, true); } });
  next.addEventListener('click', function () { if (!leaveModule('next')) { show(state.page + 1, true); } });
  /* In a course package: the LMS request the button makes here, if any. */
  function courseRequest(direction) {
    if (!is2004 || !data.course || !lms.live || lms.finished) { return null; }
    var kind = direction === 'prev' ? 'previous' : 'continue';
    return core.courseRequest(data, direction, state.page, pages.length, lmsGet('adl.nav.request_valid.' + kind));
  }
  /* Past the module's first or last page: ask the LMS for the previous or next module and end the
   * session, after which the LMS launches it. Returns whether the button did that. */
  function leaveModule(direction) {
    var request = courseRequest(direction);
    if (!request) { return false; }
    if (request === 'continue' && data.course.nextNeedsThis && !state.done) {
      var notice = $('#lk-notice');
      notice.textContent = S.course_finish_first;
      notice.hidden = false;
      return true;
    }
    lmsSet('adl.nav.request', request);
    prev.disabled = true;
    next.disabled = true;
    finish();
    return true;
  }
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a[href^="#"]');
    if (!a) { return; }
    var i = pageAnchors.indexOf(a.getAttribute('href').slice(1));
    if (i >= 0) {
      ev.preventDefault();
      if (toc && !wide && a.closest('.lk-toc')) { toc.open = false; }
      show(i, true);
    }
  });

  /* ---------- Questions ---------- */
  function itemOf(form) {
    var quizId = form.closest('.lk-quiz').getAttribute('data-quiz');
    for (var i = 0; i < questions.length; i++) {
      if (questions[i].quiz === quizId && questions[i].q.id === form.getAttribute('data-question')) { return questions[i]; }
    }
    return null;
  }

  function feedbackHtml(q, answer) {
    var parts = [], verdict, good = null;
    if (q.kind === 'branching') {
      var ending = q.endings[core.ending(q, answer)];
      verdict = S['ending_' + ending.outcome];
      parts.push(ending.feedback);
    } else {
      var score = core.earned(q, answer);
      good = score >= q.points;
      verdict = good ? S.correct : score > 0 ? S.partly_correct : S.incorrect;
      if (q.kind === 'true-false') {
        var f = answer ? q.trueFeedback : q.falseFeedback;
        if (f) { parts.push(f); }
      } else {
        q.options.forEach(function (o) {
          var chosen = q.kind === 'single' ? o.id === answer : answer.indexOf(o.id) >= 0;
          if (chosen && o.feedback) { parts.push(o.feedback); }
        });
      }
    }
    if (q.explanation) { parts.push('<p class="lk-label">' + S.explanation + '</p>' + q.explanation); }
    return { good: good, html: '<p class="lk-label">' + verdict + '</p>' + parts.join('') };
  }

  /* Shows a finished question: the choices made, right and wrong marked (by sign, not colour
   * alone), and the feedback. */
  function showAnswered(form, item, answer, moveFocus) {
    var q = item.q;
    if (q.kind !== 'branching') {
      $$('input', form).forEach(function (input) {
        var chosen = q.kind === 'multiple' ? answer.indexOf(input.value) >= 0
          : q.kind === 'true-false' ? String(answer) === input.value : input.value === answer;
        input.checked = chosen;
        input.disabled = true;
        var box = input.parentNode;
        box.classList.remove('lk-right', 'lk-wrong');
        if (q.kind !== 'true-false') {
          var opt = core.find(q.options, input.value);
          if (chosen || opt.correct) { box.classList.add(opt.correct ? 'lk-right' : 'lk-wrong'); }
        }
      });
    }
    $('.lk-check', form).hidden = true;
    var fb = $('.lk-feedback', form), result = feedbackHtml(q, answer);
    fb.innerHTML = result.html;
    fb.className = 'lk-feedback' + (result.good === true ? ' lk-good' : result.good === false ? ' lk-bad' : '');
    fb.hidden = false;
    if (moveFocus) { fb.focus(); }
  }

  /* Shows a scenario up to where the decisions lead; returns the open step, if any. */
  function showSteps(form, item, decisions) {
    var q = item.q, at = q.start;
    decisions.forEach(function (d) {
      var parts = d.split('>'), set = $('[data-step="' + parts[0] + '"]', form);
      var choice = core.find(q.steps[parts[0]].choices, parts[1]);
      set.hidden = false;
      $$('input', set).forEach(function (input) { input.checked = input.value === parts[1]; input.disabled = true; });
      if (choice.feedback && !$('.lk-step-feedback', set)) {
        var note = document.createElement('div');
        note.className = 'lk-step-feedback';
        note.innerHTML = choice.feedback;
        set.appendChild(note);
      }
      at = choice.next;
    });
    var check = $('.lk-check', form);
    if (!q.steps[at]) { return null; }
    var open = $('[data-step="' + at + '"]', form);
    open.hidden = false;
    $$('input', open).forEach(function (input) { input.disabled = false; input.checked = false; });
    check.hidden = false;
    check.textContent = decisions.length ? S['continue'] : S.check_answer;
    return open;
  }

  function resetQuestion(form, item) {
    $$('input', form).forEach(function (i) { i.checked = false; i.disabled = false; i.parentNode.classList.remove('lk-right', 'lk-wrong'); });
    $$('.lk-step-feedback', form).forEach(function (n) { n.parentNode.removeChild(n); });
    $$('.lk-step', form).forEach(function (s) { s.hidden = true; });
    $('.lk-feedback', form).hidden = true;
    var check = $('.lk-check', form);
    check.hidden = false;
    check.textContent = S.check_answer;
    if (item.q.kind === 'branching') { showSteps(form, item, []); }
  }

  $$('.lk-question').forEach(function (form) {
    var item = itemOf(form), q = item.q;
    resetQuestion(form, item);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var checked = $$('input:checked:not([disabled])', form).map(function (i) { return i.value; });
      var fb = $('.lk-feedback', form);
      if (!checked.length) {
        fb.className = 'lk-feedback';
        fb.textContent = S.choose_first;
        fb.hidden = false;
        fb.focus();
        return;
      }
      var now = new Date(), latency = now.getTime() - (shownAt[form.id] || now.getTime());
      shownAt[form.id] = now.getTime();
      var answer;
      if (q.kind === 'single') { answer = checked[0]; }
      else if (q.kind === 'multiple') { answer = checked; }
      else if (q.kind === 'true-false') { answer = checked[0] === 'true'; }
      else {
        var step = core.position(q, state.answers[item.key] || []);
        answer = (state.answers[item.key] || []).concat([step + '>' + checked[0]]);
        record(core.decisionRecord(item.quiz, q, step, checked[0], state.attempt, latency, now));
        // The scenario's time so far, for the record of the whole question at its ending.
        scenarioTime[form.id] = (answer.length > 1 ? scenarioTime[form.id] || 0 : 0) + latency;
        if (core.complete(q, answer)) { record(core.scenarioRecord(item.quiz, q, answer, state.attempt, scenarioTime[form.id], now)); }
      }
      state.answers[item.key] = answer;
      fb.hidden = true;
      if (q.kind !== 'branching') { record(core.questionRecord(item.quiz, q, answer, state.attempt, latency, now)); }
      if (core.complete(q, answer)) {
        if (q.kind === 'branching') { showSteps(form, item, answer); }
        showAnswered(form, item, answer, true);
      } else {
        var open = showSteps(form, item, answer);
        var legend = open && $('legend', open);
        if (legend) { legend.setAttribute('tabindex', '-1'); legend.focus(); }
      }
      report();
      save();
    });
  });

  function restoreAnswers() {
    $$('.lk-question').forEach(function (form) {
      var item = itemOf(form), answer = state.answers[item.key];
      resetQuestion(form, item);
      if (answer === undefined) { return; }
      if (item.q.kind === 'branching') {
        showSteps(form, item, answer);
        if (core.complete(item.q, answer)) { showAnswered(form, item, answer, false); }
      } else {
        showAnswered(form, item, answer, false);
      }
    });
  }

  /* ---------- Score and status ---------- */
  var lmsPassMark = null;
  function passMark() {
    // The LMS's pass mark when it gives one (from the manifest, which leskit writes from the same
    // module setting), else the module's. Asked once: it cannot change during a session.
    if (lmsPassMark === null && xapi) {
      lmsPassMark = xapi.passMark() === null ? mod.passMark : xapi.passMark();
    }
    if (lmsPassMark === null) {
      var v = parseFloat(lmsGet(N.mastery));
      lmsPassMark = isNaN(v) ? mod.passMark : is2004 ? Math.round(v * 10000) / 100 : v;
    }
    return lmsPassMark;
  }
  function progress() {
    if (state.completed) { return 1; }
    var seen = Object.keys(state.seen).length / pageIds.length;
    if (!questions.length) { return Math.min(0.99, Math.round(seen * 100) / 100); }
    var answered = questions.filter(function (i) { return core.complete(i.q, state.answers[i.key]); }).length / questions.length;
    return Math.min(0.99, Math.round((seen + answered) / 2 * 100) / 100);
  }
  /* Whether the learner sees the result box (on the module's last page). */
  function resultSeen() {
    var box = $('#lk-result'), page = box && box.closest('.lk-page');
    return !!page && !page.hidden;
  }
  var last = null;
  function report() {
    var o = core.outcome(questions, state.answers, passMark());
    var finished = mod.scored ? o.open === 0 : true;
    // One completion rule for every standard (core.completed); once completed, always completed.
    if (!state.completed && core.completed(questions.length > 0, o.open === 0, state.lastPage, resultSeen())) {
      state.completed = true;
    }
    if (xapi) {
      // cmi5.js decides which statements are due; failed goes out as soon as the attempt fails.
      xapi.report({ read: state.completed, scored: mod.scored, finished: finished, passed: o.passed, score: o.score, attempt: state.attempt });
    } else {
      reportScorm(o, finished);
    }
    state.done = state.completed && finished && (!mod.scored || o.passed);
    // The hand-out prints the answers of the module's quiz: it is offered once the quiz is passed.
    $$('.lk-handout').forEach(function (p) { p.hidden = mod.scored && !state.done; });
    state.failedFinal = mod.scored && finished && !o.passed && !mod.allowRetry;
    var key = JSON.stringify(o) + state.completed;
    if (key !== last) { last = key; showResult(o); }
  }
  /* Status and score. Completion follows core.completed and never goes back; during a retry (or
   * after a relaunch of a completed attempt) the last result stays until the new one is in. */
  function reportScorm(o, finished) {
    var before = state.completed || state.attempt > 1;
    if (is2004) {
      if (mod.scored && finished) {
        lmsSet(N.min, 0); lmsSet(N.max, 100); lmsSet(N.raw, o.score);
        lmsSet('cmi.score.scaled', Math.round(o.score * 100) / 10000);
      }
      lmsSet(N.status, state.completed ? 'completed' : 'incomplete');
      if (mod.scored) {
        if (finished) { lmsSet('cmi.success_status', o.passed ? 'passed' : 'failed'); }
        else if (!before) { lmsSet('cmi.success_status', 'unknown'); }
      }
      // In a course, a module without a quiz is passed once completed: the LMS opens the modules
      // that wait for it on that (see docs/lms-guide.md).
      else if (data.course && state.completed) { lmsSet('cmi.success_status', 'passed'); }
      lmsSet('cmi.progress_measure', progress());
    } else if (mod.scored) {
      // 1.2 has one status for both: passed or failed once completed with every question answered.
      if (finished && state.completed) {
        lmsSet(N.min, 0); lmsSet(N.max, 100); lmsSet(N.raw, o.score);
        lmsSet(N.status, o.passed ? 'passed' : 'failed');
      } else if (!before) {
        lmsSet(N.status, 'incomplete');
      }
    } else {
      lmsSet(N.status, state.completed ? 'completed' : 'incomplete');
    }
  }
  /* How the learner leaves: suspended while there is more to do (or a retry to take), normally
   * once passed, completed, or failed for good. */
  function exitValue() {
    if (state.done || state.failedFinal) { return is2004 ? 'normal' : ''; }
    return 'suspend';
  }

  function showResult(o) {
    var box = $('#lk-result');
    if (!box) { return; }
    if (lms.review && !lms.reviewData) { box.hidden = true; return; } // the LMS holds the result
    if (!mod.scored) {
      // Nothing to score: once every page was reached, say so and offer the proof.
      if (state.done) { box.innerHTML = '<p>' + S.completed + '</p>'; proofControls(box); box.hidden = false; }
      return;
    }
    if (o.open > 0) { box.innerHTML = '<p>' + fmt(S.unanswered, { n: o.open }) + '</p>'; box.hidden = false; return; }
    var html = '<h2>' + S.result_title + '</h2><p>' + fmt(S.result_score, { score: core.number(o.score, mod.language), pass: core.number(passMark(), mod.language) }) + '</p>' +
      '<p><strong>' + (o.passed ? S.passed : S.failed) + '</strong></p>';
    if (!o.passed) {
      var review = {};
      questions.forEach(function (item) {
        if (core.earned(item.q, state.answers[item.key]) < item.q.points) {
          item.q.signals.forEach(function (sid) { if (data.signals[sid]) { review[sid] = data.signals[sid]; } });
        }
      });
      var items = Object.keys(review).map(function (sid) {
        var sig = review[sid], span = document.createElement('span');
        span.textContent = sig.text;
        return '<li>' + (sig.anchor ? '<a href="#' + sig.anchor + '">' + span.innerHTML + '</a>' : span.innerHTML) + '</li>';
      });
      if (items.length) { html += '<p>' + S.review + '</p><ul>' + items.join('') + '</ul>'; }
      // cmi5 allows one passed or failed per session: once failed went out, a retry is a new session.
      if (mod.allowRetry && xapi && xapi.judged()) { html += '<p class="lk-retry-later">' + S.retry_new_session + '</p>'; }
      else if (mod.allowRetry && !lms.review) { html += '<button type="button" class="lk-button" id="lk-retry">' + S.retry + '</button>'; }
    }
    box.innerHTML = html;
    if (state.done) { proofControls(box); }
    box.hidden = false;
    var retry = $('#lk-retry');
    if (retry) {
      retry.addEventListener('click', function () {
        state.answers = {};
        state.attempt += 1;
        $$('.lk-question').forEach(function (form) { resetQuestion(form, itemOf(form)); });
        report();
        save();
        var first = $('.lk-quiz');
        show(pages.indexOf(first.closest('.lk-page')), true);
      });
    }
  }

  /* ---------- Proof of participation ----------
   * Once the module is done, a button prints a one-page proof: the learner's name where the LMS
   * gives one (or the learner types one), what was completed, date, score, time spent. The page
   * fills #lk-proof and marks <html> while printing; the print style sheet then shows only the
   * proof. It claims nothing more: the LMS holds the record. */
  var proof = { name: null, typed: '', printing: false, title: '' };
  function learnerName() {
    if (proof.name === null) {
      var raw = '';
      if (xapi) { raw = cmi5Launch && cmi5Launch.actor && typeof cmi5Launch.actor.name === 'string' ? cmi5Launch.actor.name : ''; }
      else if (lms.live) { raw = lmsGet(N.name); }
      proof.name = core.displayName(raw);
    }
    return proof.name;
  }
  function proofControls(box) {
    var wrap = document.createElement('div');
    wrap.className = 'lk-proof-controls';
    if (!learnerName()) {
      // No name from the LMS (or no LMS): the learner may type one, for the printout only.
      wrap.innerHTML = '<label for="lk-proof-name">' + S.proof_name_label + '</label>' +
        '<input type="text" id="lk-proof-name" class="lk-input" autocomplete="name" spellcheck="false" aria-describedby="lk-proof-name-hint">' +
        '<p class="lk-hint" id="lk-proof-name-hint">' + S.proof_name_hint + '</p>';
      var input = $('input', wrap);
      input.value = proof.typed;
      input.addEventListener('input', function () { proof.typed = input.value; });
    }
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'lk-button';
    button.id = 'lk-proof-print';
    button.textContent = S.proof_button;
    button.addEventListener('click', printProof);
    wrap.appendChild(button);
    box.appendChild(wrap);
  }
  /* Time spent: what the LMS counted in earlier sessions, where the standard gives it, plus this
   * session. */
  function timeSpent() {
    var now = Date.now() - startedAt;
    if (xapi) { return typeof xapi.spent === 'function' ? xapi.spent() : now; }
    if (!lms.live) { return now; }
    var total = lmsGet(N.total);
    return now + (is2004 ? core.parseDuration2004(total) : core.parseTimespan12(total));
  }
  function fillProof() {
    var o = core.outcome(questions, state.answers, passMark()), subject = core.proofSubject(data);
    var text = core.proofText({
      name: learnerName() || proof.typed.replace(/\s+/g, ' ').trim(), subject: subject, date: new Date(),
      scored: mod.scored, score: o.score, passMark: passMark(), spent: timeSpent(), standalone: lms.standalone, language: mod.language
    }, S);
    var body = $('#lk-proof-body');
    body.textContent = '';
    function add(tag, cls, content) {
      var el = document.createElement(tag);
      if (cls) { el.className = cls; }
      if (content !== undefined) { el.textContent = content; }
      return body.appendChild(el);
    }
    add('p', 'lk-proof-statement', text.statement);
    if (text.course) { add('p', 'lk-proof-course', text.course); }
    // A table with row headers: a tagged PDF keeps each label with its value (TH/TD).
    var facts = add('table', 'lk-proof-facts').appendChild(document.createElement('tbody'));
    text.facts.forEach(function (f) {
      var row = facts.insertRow(), th = document.createElement('th');
      th.scope = 'row';
      th.textContent = f[0];
      row.appendChild(th);
      row.insertCell().textContent = f[1];
    });
    var source = $('.lk-source');
    if (source) { var copy = body.appendChild(source.cloneNode(true)); copy.className = 'lk-proof-source'; }
    add('p', 'lk-proof-disclaimer', text.disclaimer);
    return S.proof_title + ' – ' + subject.title;
  }
  function printProof() {
    var title = fillProof();
    if (!proof.printing) { proof.title = document.title; }
    proof.printing = true;
    document.documentElement.classList.add('lk-printing-proof');
    document.title = title; // the printed document's title, and the name a PDF is saved under
    window.print();
  }
  // Afterwards the browser's own print command prints the pages again, as ever.
  window.addEventListener('afterprint', function () {
    if (!proof.printing) { return; }
    proof.printing = false;
    document.documentElement.classList.remove('lk-printing-proof');
    document.title = proof.title;
  });

  /* ---------- Start, and leaving ---------- */
  var startAt = 0;
  function begin() {
    restoreAnswers();
    show(startAt, false);
    if (lms.review) { showReview(); }
  }
  /* Review: every question read-only, and a notice that nothing is saved (or, when the LMS gave
   * nothing back, that the module is finished and the result is in the LMS). */
  function showReview() {
    $$('.lk-question input').forEach(function (i) { i.disabled = true; });
    $$('.lk-question .lk-check').forEach(function (b) { b.hidden = true; });
    var notice = $('#lk-notice');
    notice.textContent = lms.reviewData ? S.review_mode : S.review_nothing;
    notice.hidden = false;
  }
  function standalone() {
    lms.standalone = true;
    var notice = $('#lk-notice'), clear = document.createElement('button');
    notice.textContent = (isWeb ? S.web_progress : S.no_lms) + ' ';
    clear.type = 'button';
    clear.className = 'lk-button';
    clear.textContent = S.clear_progress;
    clear.addEventListener('click', function () {
      // Leaving the page saves (visibilitychange), which would store the progress again.
      lms.cleared = true;
      try { localStorage.removeItem(storeKey); } catch (e) { /* nothing stored */ }
      location.reload();
    });
    notice.appendChild(clear);
    notice.hidden = false;
    try {
      var local = JSON.parse(localStorage.getItem(storeKey) || 'null');
      if (local) { restore(local.suspend); startAt = Math.max(0, pageIds.indexOf(local.location)); }
    } catch (e) { /* private mode or blocked storage */ }
  }
  /* cmi5: the launch sequence takes a few requests; the first page waits, read-only, meanwhile. */
  function startCmi5(launch) {
    pages.forEach(function (p, i) { p.hidden = i !== 0; });
    prev.disabled = true;
    next.disabled = true;
    var notice = $('#lk-notice');
    notice.textContent = S.connecting;
    notice.hidden = false;
    root.LeskitCmi5.start(launch, mod.language, { trouble: trouble }, function (error, session) {
      notice.hidden = true;
      notice.textContent = '';
      if (error) {
        // Without the LMS nothing can be recorded: say so, and keep the progress in the browser.
        standalone();
        notice.insertBefore(document.createTextNode(S.lms_unreachable + ' '), notice.firstChild);
        begin();
        return;
      }
      xapi = session;
      lms.live = true;
      if (session.resume) {
        restore(session.resume.suspend);
        startAt = Math.max(0, pageIds.indexOf(session.resume.location));
      }
      if (session.returnURL) { exitButton(session.returnURL); }
      begin();
    });
  }
  /* The LMS asked to be returned to (cmi5 returnURL): a button that ends the session and goes. */
  function exitButton(url) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'lk-button lk-exit';
    button.textContent = S.exit;
    button.addEventListener('click', function () {
      finish();
      window.location.href = url;
    });
    $('.lk-header').appendChild(button);
  }

  var cmi5Launch = isCmi5 && root.LeskitCmi5 ? root.LeskitCmi5.launchParams(window.location.search) : null;
  if (cmi5Launch) {
    startCmi5(cmi5Launch);
  } else if (api && call(N.init) === 'true') {
    lms.live = true;
    // Some LMSs never set cmi.entry and answer "" for the status: resume whenever there is
    // something to resume from, whatever entry says.
    // Review mode (Moodle opens a finished attempt so): show what the LMS gives back, write
    // nothing. browse and no-credit run normally.
    lms.review = lmsGet(N.mode) === 'review';
    var saved = lmsGet(N.suspend);
    if (saved) { restore(saved); }
    lms.reviewData = !!saved;
    // A relaunch of a completed attempt never turns it back to incomplete.
    if (core.finishedStatus(data.standard, lmsGet(N.status))) { state.completed = true; }
    var at = pageIds.indexOf(lmsGet(N.location));
    if (at >= 0) { startAt = at; }
    // The LMS's count when it gives one (Moodle refuses an index above it, error 351); the
    // page's own, from the saved state, when it answers "" (Open edX).
    nextInteraction = core.nextIndex(lmsGet(N.count), state.nextInteraction);
    begin();
  } else {
    standalone();
    begin();
  }

  // Save when the page is hidden (a tab or app switch): the session goes on. End it only when the
  // page really goes away; `unload` is unreliable and blocked in some LMS frames.
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') { save(); } });
  window.addEventListener('pagehide', finish);
}(this));
