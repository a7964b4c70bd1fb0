/* leskit page shell: navigation, quizzes and reporting to the LMS (SCORM 1.2 or 2004).
 * No libraries and no requests: everything the module needs is in the package. */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('lk-data').textContent);
  var S = data.strings;
  var mod = data.module;
  var is2004 = data.standard === 'scorm2004';
  document.documentElement.className += ' js';

  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }
  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  /* ---------- Finding the LMS ----------
   * The API object lives in a parent frame or in the window that opened this one. Frames of
   * another origin throw on access: skip them and go on. */
  function findApi(win, name) {
    for (var depth = 0; win && depth < 12; depth++) {
      try { if (win[name]) { return win[name]; } } catch (e) { /* cross-origin frame */ }
      try { if (win.parent === win) { break; } win = win.parent; } catch (e) { break; }
    }
    return null;
  }
  function locateApi(name) {
    var api = findApi(window, name);
    if (!api) {
      try { if (window.top && window.top.opener) { api = findApi(window.top.opener, name); } } catch (e) { /* closed or foreign opener */ }
    }
    return api;
  }

  /* ---------- One adapter over both standards and standalone mode ---------- */
  var names = is2004
    ? { init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit', err: 'GetLastError',
        status: 'cmi.completion_status', location: 'cmi.location', suspend: 'cmi.suspend_data', entry: 'cmi.entry',
        exit: 'cmi.exit', time: 'cmi.session_time', raw: 'cmi.score.raw', min: 'cmi.score.min', max: 'cmi.score.max',
        mastery: 'cmi.scaled_passing_score' }
    : { init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit', err: 'LMSGetLastError',
        status: 'cmi.core.lesson_status', location: 'cmi.core.lesson_location', suspend: 'cmi.suspend_data', entry: 'cmi.core.entry',
        exit: 'cmi.core.exit', time: 'cmi.core.session_time', raw: 'cmi.core.score.raw', min: 'cmi.core.score.min', max: 'cmi.core.score.max',
        mastery: 'cmi.student_data.mastery_score' };
  var api = locateApi(is2004 ? 'API_1484_11' : 'API');
  var storeKey = 'leskit:' + mod.id + ':' + mod.version;
  var lms = { live: false, finished: false, failing: false, standalone: false };

  function call(fn, a, b) {
    try { return String(api[fn](a === undefined ? '' : a, b)); } catch (e) { return 'false'; }
  }
  lms.start = function () {
    if (api && call(names.init) === 'true') { lms.live = true; return; }
    lms.standalone = true;
    var notice = $('#lk-notice');
    notice.textContent = S.no_lms + ' ';
    var clear = document.createElement('button');
    clear.type = 'button'; clear.className = 'lk-button'; clear.textContent = S.clear_progress;
    clear.addEventListener('click', function () { try { localStorage.removeItem(storeKey); } catch (e) {} location.reload(); });
    notice.appendChild(clear);
    notice.hidden = false;
  };
  lms.get = function (key) {
    if (!lms.live) { return ''; }
    return call(names.get, key);
  };
  /* Values are queued and written at each save, so a failing LMS loses nothing: what did not
   * reach it is sent again at the next save. */
  var pending = {};
  lms.set = function (key, value) { pending[key] = String(value); };
  lms.save = function () {
    if (lms.standalone) {
      try { localStorage.setItem(storeKey, JSON.stringify({ location: state.page, suspend: encodeState(), done: state.done })); } catch (e) {}
      return;
    }
    if (!lms.live || lms.finished) { return; }
    pending[names.suspend] = encodeState();
    var ok = true;
    Object.keys(pending).forEach(function (key) {
      if (call(names.set, key, pending[key]) === 'true') { delete pending[key]; } else { ok = false; }
    });
    if (call(names.commit) !== 'true') { ok = false; }
    showLmsTrouble(!ok);
  };
  lms.finish = function () {
    if (!lms.live || lms.finished) { return; }
    lms.set(names.time, sessionTime());
    lms.set(names.exit, exitValue());
    lms.save();
    lms.finished = true;
    call(names.finish);
  };
  var retryTimer = null;
  function showLmsTrouble(trouble) {
    var notice = $('#lk-notice');
    if (trouble && !lms.failing) { notice.textContent = S.lms_error; notice.hidden = false; }
    if (!trouble && lms.failing) { notice.hidden = true; }
    lms.failing = trouble;
    if (trouble && !retryTimer) {
      retryTimer = setTimeout(function () { retryTimer = null; lms.save(); }, 5000);
    }
  }

  /* ---------- Time ---------- */
  var startedAt = Date.now();
  function sessionTime() {
    var cs = Math.max(0, Math.round((Date.now() - startedAt) / 10));
    var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = Math.floor(cs / 100) % 60, c = cs % 100;
    if (is2004) { return 'PT' + h + 'H' + m + 'M' + s + (c ? '.' + (c < 10 ? '0' : '') + c : '') + 'S'; }
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return (h < 10 ? '000' : h < 100 ? '00' : h < 1000 ? '0' : '') + Math.min(h, 9999) + ':' + two(m) + ':' + two(s) + '.' + two(c);
  }

  /* ---------- State, and its compact form in suspend_data ---------- */
  var pages = $$('.lk-page');
  var state = { page: 0, seen: {}, answers: {}, attempt: 1, done: false };
  var questions = [];
  Object.keys(data.quizzes).forEach(function (quizId) {
    data.quizzes[quizId].forEach(function (q) { questions.push({ quiz: quizId, q: q, key: quizId + '.' + q.id }); });
  });

  function encodeState() {
    return JSON.stringify({ v: 1, s: Object.keys(state.seen), a: state.answers, r: state.attempt });
  }
  function decodeState(text) {
    try {
      var saved = JSON.parse(text);
      if (!saved || saved.v !== 1) { return; }
      (saved.s || []).forEach(function (id) { state.seen[id] = true; });
      // Answers are keyed by YAML ids: answers to questions that no longer exist are dropped.
      Object.keys(saved.a || {}).forEach(function (key) {
        if (questions.some(function (x) { return x.key === key; })) { state.answers[key] = saved.a[key]; }
      });
      state.attempt = saved.r || 1;
    } catch (e) { /* unreadable: start afresh */ }
  }
  function pageIndex(id) {
    for (var i = 0; i < data.pages.length; i++) { if (data.pages[i].id === id) { return i; } }
    return -1;
  }

  /* ---------- Navigation ---------- */
  // The contents are open beside the page on wide screens, folded above it on narrow ones.
  var toc = $('.lk-toc-details'), wide = window.matchMedia && window.matchMedia('(min-width: 64rem)').matches;
  if (toc && wide) { toc.open = true; }
  var prev = $('[data-lk-nav="prev"]'), next = $('[data-lk-nav="next"]');
  function show(index, moveFocus) {
    index = Math.max(0, Math.min(pages.length - 1, index));
    state.page = index;
    state.seen[data.pages[index].id] = true;
    pages.forEach(function (p, i) { p.hidden = i !== index; });
    $$('.lk-toc a').forEach(function (a, i) {
      if (i === index) { a.setAttribute('aria-current', 'page'); } else { a.removeAttribute('aria-current'); }
    });
    prev.disabled = index === 0;
    next.disabled = index === pages.length - 1;
    $('#lk-progress').textContent = fmt(S.page_of, { n: index + 1, total: pages.length });
    document.title = data.pages[index].title + ' – ' + mod.title;
    if (moveFocus) { $('h1', pages[index]).focus(); window.scrollTo(0, 0); }
    lms.set(names.location, data.pages[index].id);
    report();
    lms.save();
  }
  prev.addEventListener('click', function () { show(state.page - 1, true); });
  next.addEventListener('click', function () { show(state.page + 1, true); });
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a[href^="#p-"]');
    if (!a) { return; }
    var i = pageIndex(a.getAttribute('href').slice(3));
    if (i >= 0) {
      ev.preventDefault();
      if (toc && !wide && a.closest('.lk-toc')) { toc.open = false; }
      show(i, true);
    }
  });

  /* ---------- Quizzes ---------- */
  function findQuestion(quizId, qid) {
    for (var i = 0; i < questions.length; i++) { if (questions[i].quiz === quizId && questions[i].q.id === qid) { return questions[i]; } }
    return null;
  }
  /* The points an answer earns. Answers: single "b"; multiple ["a","c"]; true-false true/false;
   * branching the list of "step>choice" decisions. */
  function earned(q, answer) {
    if (answer === undefined || answer === null) { return 0; }
    if (q.kind === 'single') {
      return q.options.some(function (o) { return o.correct && o.id === answer; }) ? q.points : 0;
    }
    if (q.kind === 'multiple') {
      var right = q.options.filter(function (o) { return o.correct; }).length, hit = 0, miss = 0;
      q.options.forEach(function (o) {
        var chosen = answer.indexOf(o.id) >= 0;
        if (chosen && o.correct) { hit++; } else if (chosen !== o.correct) { miss++; }
      });
      if (q.scoring === 'partial') {
        var wrongChosen = q.options.filter(function (o) { return !o.correct && answer.indexOf(o.id) >= 0; }).length;
        return Math.max(0, (hit - wrongChosen) / right) * q.points;
      }
      return miss === 0 ? q.points : 0;
    }
    if (q.kind === 'true-false') { return answer === q.answer ? q.points : 0; }
    var ending = branchEnding(q, answer);
    return ending ? q.endings[ending].points : 0;
  }
  function branchEnding(q, decisions) {
    var at = q.start;
    for (var i = 0; i < decisions.length; i++) {
      var parts = decisions[i].split('>');
      if (parts[0] !== at || !q.steps[at]) { return null; }
      var choice = q.steps[at].choices.filter(function (c) { return c.id === parts[1]; })[0];
      if (!choice) { return null; }
      at = choice.next;
    }
    return q.endings[at] ? at : null;
  }
  function complete(q, answer) {
    return answer !== undefined && (q.kind !== 'branching' || branchEnding(q, answer) !== null);
  }

  function feedbackFor(q, answer) {
    var parts = [], score = earned(q, answer), verdict;
    if (q.kind === 'branching') {
      var ending = q.endings[branchEnding(q, answer)];
      verdict = S['ending_' + ending.outcome];
      parts.push(ending.feedback);
    } else {
      verdict = score >= q.points ? S.correct : score > 0 ? S.partly_correct : S.incorrect;
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
    return { good: q.kind === 'branching' ? null : score >= q.points, html: '<p class="lk-label">' + verdict + '</p>' + parts.join('') };
  }

  function showAnswered(form, item, answer, moveFocus) {
    var q = item.q;
    $$('input', form).forEach(function (input) {
      var chosen = q.kind === 'multiple' ? answer.indexOf(input.value) >= 0
        : q.kind === 'true-false' ? String(answer) === input.value
        : q.kind === 'single' ? input.value === answer : input.checked;
      if (q.kind !== 'branching') { input.checked = chosen; input.disabled = true; }
      var box = input.parentNode;
      box.classList.remove('lk-right', 'lk-wrong');
      if (q.kind === 'single' || q.kind === 'multiple') {
        var opt = q.options.filter(function (o) { return o.id === input.value; })[0];
        if (chosen || opt.correct) { box.classList.add(opt.correct ? 'lk-right' : 'lk-wrong'); }
      }
    });
    $('.lk-check', form).hidden = true;
    var fb = $('.lk-feedback', form), result = feedbackFor(q, answer);
    fb.innerHTML = result.html;
    fb.className = 'lk-feedback' + (result.good === true ? ' lk-good' : result.good === false ? ' lk-bad' : '');
    fb.hidden = false;
    if (moveFocus) { fb.focus(); }
  }

  function showStep(form, item, decisions) {
    var q = item.q, at = q.start;
    decisions.forEach(function (d) {
      var parts = d.split('>');
      var choice = q.steps[parts[0]].choices.filter(function (c) { return c.id === parts[1]; })[0];
      var set = $('[data-step="' + parts[0] + '"]', form);
      set.hidden = false;
      $$('input', set).forEach(function (input) { input.checked = input.value === parts[1]; input.disabled = true; });
      var note = set.querySelector('.lk-step-feedback');
      if (!note && choice.feedback) {
        note = document.createElement('div'); note.className = 'lk-step-feedback'; note.innerHTML = choice.feedback; set.appendChild(note);
      }
      at = choice.next;
    });
    if (q.steps[at]) {
      var current = $('[data-step="' + at + '"]', form);
      current.hidden = false;
      $$('input', current).forEach(function (input) { input.disabled = false; input.checked = false; });
      $('.lk-check', form).hidden = false;
      $('.lk-check', form).textContent = S['continue'];
      return current;
    }
    return null;
  }

  $$('.lk-question').forEach(function (form) {
    var quizId = form.closest('.lk-quiz').getAttribute('data-quiz');
    var item = findQuestion(quizId, form.getAttribute('data-question'));
    var q = item.q;
    if (q.kind === 'branching') { showStep(form, item, []); }
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var checked = $$('input:checked:not([disabled])', form).map(function (i) { return i.value; });
      var fb = $('.lk-feedback', form);
      if (!checked.length) {
        fb.className = 'lk-feedback'; fb.textContent = S.choose_first; fb.hidden = false; fb.focus();
        return;
      }
      var answer;
      if (q.kind === 'single') { answer = checked[0]; }
      else if (q.kind === 'multiple') { answer = checked; }
      else if (q.kind === 'true-false') { answer = checked[0] === 'true'; }
      else {
        var open = $$('.lk-step:not([hidden])', form).filter(function (s) { return $('input:not([disabled])', s); })[0];
        answer = (state.answers[item.key] || []).concat([open.getAttribute('data-step') + '>' + checked[0]]);
      }
      state.answers[item.key] = answer;
      fb.hidden = true;
      if (complete(q, answer)) {
        if (q.kind === 'branching') { showStep(form, item, answer); }
        showAnswered(form, item, answer, true);
      } else {
        var nextStep = showStep(form, item, answer);
        if (nextStep) { $('legend', nextStep).setAttribute('tabindex', '-1'); $('legend', nextStep).focus(); }
      }
      report();
      lms.save();
    });
  });

  function restoreAnswers() {
    $$('.lk-question').forEach(function (form) {
      var item = findQuestion(form.closest('.lk-quiz').getAttribute('data-quiz'), form.getAttribute('data-question'));
      var answer = state.answers[item.key];
      if (answer === undefined) { return; }
      if (item.q.kind === 'branching') {
        showStep(form, item, answer);
        if (complete(item.q, answer)) { showAnswered(form, item, answer, false); }
      } else {
        showAnswered(form, item, answer, false);
      }
    });
  }

  /* ---------- Score and status ---------- */
  function passMark() {
    // The LMS's pass mark when it gives one (it comes from the manifest, which leskit writes from
    // the same module setting), else the module's.
    var v = parseFloat(lms.get(names.mastery));
    if (!isNaN(v)) { return is2004 ? v * 100 : v; }
    return mod.passMark;
  }
  function outcome() {
    var possible = 0, got = 0, open = 0;
    questions.forEach(function (item) {
      possible += item.q.points;
      var a = state.answers[item.key];
      if (complete(item.q, a)) { got += earned(item.q, a); } else { open++; }
    });
    var score = possible ? Math.round(got / possible * 10000) / 100 : 0;
    return { possible: possible, score: score, open: open, passed: score >= passMark() };
  }
  var lastSeen = function () { return !!state.seen[data.pages[data.pages.length - 1].id]; };

  function report() {
    var o = outcome();
    var readAll = lastSeen();
    if (mod.scored) {
      var finished = o.open === 0;
      if (finished) {
        lms.set(names.raw, o.score); lms.set(names.min, 0); lms.set(names.max, 100);
        if (is2004) { lms.set('cmi.score.scaled', Math.round(o.score * 100) / 10000); }
      }
      if (is2004) {
        lms.set(names.status, finished && readAll ? 'completed' : 'incomplete');
        lms.set('cmi.success_status', finished ? (o.passed ? 'passed' : 'failed') : 'unknown');
        lms.set('cmi.progress_measure', progress());
      } else {
        lms.set(names.status, finished ? (o.passed ? 'passed' : 'failed') : 'incomplete');
      }
      state.done = finished && readAll && o.passed;
      showResult(o);
    } else {
      lms.set(names.status, readAll ? 'completed' : 'incomplete');
      if (is2004) { lms.set('cmi.progress_measure', progress()); }
      state.done = readAll;
    }
  }
  function progress() {
    var seen = Object.keys(state.seen).length / data.pages.length;
    var answered = questions.length ? questions.filter(function (i) { return complete(i.q, state.answers[i.key]); }).length / questions.length : 1;
    return Math.round((questions.length ? (seen + answered) / 2 : seen) * 100) / 100;
  }
  function exitValue() {
    if (state.done) { return is2004 ? 'normal' : ''; }
    return 'suspend';
  }

  function showResult(o) {
    var box = $('#lk-result');
    if (!box) { return; }
    if (o.open > 0) { box.innerHTML = '<p>' + fmt(S.unanswered, { n: o.open }) + '</p>'; box.hidden = false; return; }
    var html = '<h2>' + S.result_title + '</h2><p>' + fmt(S.result_score, { score: o.score, pass: passMark() }) + '</p>';
    html += '<p><strong>' + (o.passed ? S.passed : S.failed) + '</strong></p>';
    if (!o.passed) {
      var review = {};
      questions.forEach(function (item) {
        if (earned(item.q, state.answers[item.key]) < item.q.points) {
          item.q.signals.forEach(function (sid) { var sig = data.signals[sid]; if (sig) { review[sid] = sig; } });
        }
      });
      var ids = Object.keys(review);
      if (ids.length) {
        html += '<p>' + S.review + '</p><ul>' + ids.map(function (sid) {
          var sig = review[sid], text = document.createElement('span');
          text.textContent = sig.text;
          return '<li>' + (sig.page ? '<a href="#p-' + sig.page + '">' + text.innerHTML + '</a>' : text.innerHTML) + '</li>';
        }).join('') + '</ul>';
      }
      if (mod.allowRetry) { html += '<button type="button" class="lk-button" id="lk-retry">' + S.retry + '</button>'; }
    }
    box.innerHTML = html;
    box.hidden = false;
    var retry = $('#lk-retry');
    if (retry) {
      retry.addEventListener('click', function () {
        state.answers = {}; state.attempt += 1;
        location.hash = '';
        $$('.lk-question').forEach(function (form) {
          $$('input', form).forEach(function (i) { i.checked = false; i.disabled = false; i.parentNode.classList.remove('lk-right', 'lk-wrong'); });
          $$('.lk-step-feedback', form).forEach(function (n) { n.parentNode.removeChild(n); });
          $$('.lk-step', form).forEach(function (s) { s.hidden = true; });
          $('.lk-feedback', form).hidden = true;
          var check = $('.lk-check', form); check.hidden = false; check.textContent = S.check_answer;
          var item = findQuestion(form.closest('.lk-quiz').getAttribute('data-quiz'), form.getAttribute('data-question'));
          if (item.q.kind === 'branching') { showStep(form, item, []); }
        });
        report(); lms.save();
        var first = $('.lk-quiz');
        show(pages.indexOf(first.closest('.lk-page')), true);
      });
    }
  }

  /* ---------- Start, and leaving ---------- */
  lms.start();
  var startAt = 0;
  if (lms.live) {
    if (lms.get(names.status) === 'not attempted' || lms.get(names.status) === '') { lms.set(names.status, 'incomplete'); }
    // Some LMSs never set cmi.entry: resume whenever there is something to resume from.
    var saved = lms.get(names.suspend);
    if (saved) { decodeState(saved); }
    var at = pageIndex(lms.get(names.location));
    if (at >= 0) { startAt = at; }
  } else if (lms.standalone) {
    try {
      var local = JSON.parse(localStorage.getItem(storeKey) || 'null');
      if (local) { decodeState(local.suspend); startAt = Math.max(0, local.location || 0); }
    } catch (e) { /* private mode or blocked storage */ }
  }
  restoreAnswers();
  show(startAt, false);
  if (lms.standalone && state.done) { try { localStorage.removeItem(storeKey); } catch (e) {} }

  // Save when the page is hidden (tab switch, app switch): the session goes on. End it only when
  // the page really goes away; `unload` is unreliable and blocked in some LMS frames.
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') { lms.save(); } });
  window.addEventListener('pagehide', function () { lms.finish(); });
}());
