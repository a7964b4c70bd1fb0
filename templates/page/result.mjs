/* The result: score and status after every change, the result box on the last page, a retry,
 * and the printable proof of participation. */
import * as core from './core.mjs';
import { $, $$, fmt } from './dom.mjs';

/** @param {Page} page */
export function result(page) {
  var data = page.data, S = page.S, mod = page.mod, state = page.state;

  /** @type {number | null} */
  var passMark = null;
  page.passMark = function () {
    // The LMS's pass mark when it gives one (from the manifest, which leskit writes from the same
    // module setting), else the module's. Asked once: it cannot change during a session.
    if (passMark === null) {
      var lms = page.lms.passMark();
      passMark = lms === null ? mod.passMark : lms;
    }
    return passMark;
  };
  page.progress = function () {
    if (state.completed) { return 1; }
    var seen = Object.keys(state.seen).length / page.pageIds.length;
    if (!page.questions.length) { return Math.min(0.99, Math.round(seen * 100) / 100); }
    var answered = page.questions.filter(function (i) { return core.complete(i.q, state.answers[i.key]); }).length / page.questions.length;
    return Math.min(0.99, Math.round((seen + answered) / 2 * 100) / 100);
  };
  /* Whether the learner sees the result box (on the module's last page). */
  function resultSeen() {
    var box = $('#lk-result'), section = box && box.closest('.lk-page');
    return !!section && !section.hidden;
  }
  function retryLeft() { return core.retryLeft(mod.allowRetry, state.attempt, data.limits.attempts); }
  /** @type {string | null} */
  var last = null;
  page.report = function () {
    var o = core.outcome(page.questions, state.answers, page.passMark());
    var finished = mod.scored ? o.open === 0 : true;
    // One completion rule for every standard (core.completed); once completed, always completed.
    if (!state.completed && core.completed(page.questions.length > 0, o.open === 0, state.lastPage, resultSeen())) {
      state.completed = true;
    }
    page.lms.report(o, finished);
    state.done = state.completed && finished && (!mod.scored || o.passed);
    // The hand-out prints the answers of the module's quiz: it is offered once the quiz is passed.
    $$('.lk-handout').forEach(function (p) { p.hidden = mod.scored && !state.done; });
    state.failedFinal = mod.scored && finished && !o.passed && !retryLeft();
    var key = JSON.stringify(o) + state.completed;
    if (key !== last) { last = key; showResult(o); }
  };

  /** @param {Outcome} o */
  function showResult(o) {
    var box = $('#lk-result');
    if (!box) { return; }
    if (page.lms.review && !page.lms.reviewData) { box.hidden = true; return; } // the LMS holds the result
    if (!mod.scored) {
      // Nothing to score: once every page was reached, say so and offer the proof.
      if (state.done) { box.innerHTML = '<p>' + S.completed + '</p>'; proofControls(box); box.hidden = false; }
      return;
    }
    if (o.open > 0) { box.innerHTML = '<p>' + fmt(S.unanswered, { n: o.open }) + '</p>'; box.hidden = false; return; }
    var html = '<h2>' + S.result_title + '</h2><p>' + fmt(S.result_score, { score: core.number(o.score, mod.language), pass: core.number(page.passMark(), mod.language) }) + '</p>' +
      '<p><strong>' + (o.passed ? S.passed : S.failed) + '</strong></p>';
    if (!o.passed) {
      /** @type {PageData['signals']} */
      var review = {};
      page.questions.forEach(function (item) {
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
      // At the last attempt no retry is offered, and the learner is told why.
      if (mod.allowRetry && !retryLeft()) { html += '<p class="lk-retry-limit">' + fmt(S.retry_limit, { n: data.limits.attempts }) + '</p>'; }
      // cmi5 allows one passed or failed per session: once failed went out, a retry is a new session.
      else if (mod.allowRetry && page.lms.retryLater()) { html += '<p class="lk-retry-later">' + S.retry_new_session + '</p>'; }
      else if (mod.allowRetry && !page.lms.review) { html += '<button type="button" class="lk-button" id="lk-retry">' + S.retry + '</button>'; }
    }
    box.innerHTML = html;
    if (state.done) { proofControls(box); }
    box.hidden = false;
    var retry = $('#lk-retry');
    if (retry) {
      retry.addEventListener('click', function () {
        state.answers = {};
        state.attempt += 1;
        $$('.lk-question').forEach(function (form) { page.resetQuestion(form, page.itemOf(form)); });
        page.report();
        page.save();
        var first = $('.lk-quiz');
        page.show(page.pages.indexOf(first.closest('.lk-page')), true);
      });
    }
  }

  /* ---------- Proof of participation ----------
   * Once the module is done, a button prints a one-page proof: the learner's name where the LMS
   * gives one (or the learner types one), what was completed, date, score, time spent. The page
   * fills #lk-proof and marks <html> while printing; the print style sheet then shows only the
   * proof. It claims nothing more: the LMS holds the record. */
  /** @type {{ name: string | null, typed: string, printing: boolean, title: string }} */
  var proof = { name: null, typed: '', printing: false, title: '' };
  function learnerName() {
    if (proof.name === null) { proof.name = core.displayName(page.lms.learnerName()); }
    return proof.name;
  }
  /** @param {HTMLElement} box */
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
  function fillProof() {
    var o = core.outcome(page.questions, state.answers, page.passMark()), subject = core.proofSubject(data);
    var text = core.proofText({
      name: learnerName() || proof.typed.replace(/\s+/g, ' ').trim(), subject: subject, date: new Date(),
      scored: mod.scored, score: o.score, passMark: page.passMark(), spent: page.lms.spent(Date.now() - page.startedAt),
      standalone: page.lms.standalone, language: mod.language, organisation: mod.organisation
    }, S);
    var body = $('#lk-proof-body');
    body.textContent = '';
    /** @param {string} tag @param {string} cls @param {string} [content] */
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
}
