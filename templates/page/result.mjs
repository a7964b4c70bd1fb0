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
  /* Whether the learner sees the module's last page, where the result box is written; the page
   * may move the box up to the quiz (placeResult), which changes nothing the LMS hears. */
  function resultSeen() {
    var section = page.pages[page.pages.length - 1];
    return !!$('#lk-result') && !!section && !section.hidden;
  }
  function retryLeft() { return core.retryLeft(mod.allowRetry, state.attempt, data.limits.attempts); }
  /** The results card follows the quiz answered last (at first the module's last quiz) while
   * that quiz's page is shown, and is back at the end of the last page when that one is: where
   * the learner is once the module is completed, with the hand-out and the proof. */
  var quizzes = $$('.lk-quiz'), lastQuiz = quizzes[quizzes.length - 1] || null;
  function placeResult() {
    var box = $('#lk-result'), shown = page.pages[state.page], end = page.pages[page.pages.length - 1];
    if (!box || !mod.scored || !shown) { return; }
    if (lastQuiz && shown.contains(lastQuiz)) { if (lastQuiz.nextElementSibling !== box) { lastQuiz.after(box); } }
    else if (shown === end && box.parentNode !== end) { end.appendChild(box); }
  }
  /** After an answer: when it was the last open one, the results card comes right after its quiz,
   * scrolled into view and focused. Returns whether it did.
   * @param {HTMLElement} form */
  page.revealResult = function (form) {
    var box = $('#lk-result');
    if (!box || !mod.scored || core.outcome(page.questions, state.answers, page.passMark()).open > 0) { return false; }
    lastQuiz = form.closest('.lk-quiz');
    placeResult();
    if (box.hidden) { return false; }
    box.focus({ preventScroll: true });
    box.scrollIntoView({ block: 'start' });
    return true;
  };
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
    placeResult();
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
    box.classList.remove('lk-card', 'lk-pass', 'lk-fail');
    box.removeAttribute('aria-labelledby');
    if (o.open > 0) { box.innerHTML = '<p>' + fmt(S.unanswered, { n: o.open }) + '</p>'; box.hidden = false; return; }
    var score = core.number(o.score, mod.language), pass = page.passMark();
    // The ring: the score as an arc of a circle whose length is 100, and a notch at the pass mark.
    var ring = '<svg class="lk-ring" viewBox="0 0 36 36" aria-hidden="true" focusable="false">' +
      '<circle class="lk-ring-track" cx="18" cy="18" r="15.9155"/>' +
      '<circle class="lk-ring-value" cx="18" cy="18" r="15.9155" transform="rotate(-90 18 18)" stroke-dasharray="' + Math.max(0, Math.min(100, o.score)) + ' 100"/>' +
      '<circle class="lk-ring-mark" cx="18" cy="18" r="15.9155" transform="rotate(-90 18 18)" stroke-dasharray="0.6 99.4" stroke-dashoffset="' + (0.3 - pass) + '"/>' +
      '<text x="18" y="18">' + score + '\u00a0%</text></svg>';
    var html = '<h2 id="lk-result-title">' + S.result_title + '</h2><div class="lk-score">' + ring + '<div>' +
      '<p class="lk-verdict"><span class="lk-verdict-icon" aria-hidden="true">' + (o.passed ? '\u2714' : '\u2718') + '</span><strong>' + (o.passed ? S.passed : S.failed) + '</strong></p>' +
      '<p>' + fmt(S.result_score, { score: score, pass: core.number(pass, mod.language) }) + '</p></div></div>';
    /** @type {string[]} */
    var next = [];
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
      if (items.length) { html += '<div class="lk-review"><p>' + S.review + '</p><ul>' + items.join('') + '</ul></div>'; }
      // At the last attempt no retry is offered, and the learner is told why.
      if (mod.allowRetry && !retryLeft()) { next.push('<p class="lk-retry-limit">' + fmt(S.retry_limit, { n: data.limits.attempts }) + '</p>'); }
      // cmi5 allows one passed or failed per session: once failed went out, a retry is a new session.
      else if (mod.allowRetry && page.lms.retryLater()) { next.push('<p class="lk-retry-later">' + S.retry_new_session + '</p>'); }
      else if (mod.allowRetry && !page.lms.review) { next.push('<button type="button" class="lk-button lk-primary" id="lk-retry">' + S.retry + '</button>'); }
    }
    // The hand-out, once it is due: the link the contents offer (report() shows and hides both).
    var handout = state.done && $('.lk-toc .lk-handout');
    if (handout) { next.push('<p class="lk-handout" id="lk-result-handout"></p>'); }
    // Passed, and the module is completed on its last page: a link there.
    var end = data.pages[data.pages.length - 1];
    if (o.passed && !state.done && end) {
      var title = document.createElement('span');
      title.textContent = end.title;
      next.push('<p class="lk-go-on"><a href="#' + end.anchor + '">' + fmt(S.result_go_on, { title: title.innerHTML }) + '</a></p>');
    }
    if (next.length) { html += '<div class="lk-next">' + next.join('') + '</div>'; }
    box.innerHTML = html;
    if (handout) { $('#lk-result-handout').appendChild($('a', handout).cloneNode(true)).id = 'lk-result-handout-link'; }
    box.classList.add('lk-card', o.passed ? 'lk-pass' : 'lk-fail');
    box.setAttribute('aria-labelledby', 'lk-result-title');
    if (state.done) { proofControls(box); }
    box.hidden = false;
    var retry = $('#lk-retry');
    if (retry) {
      retry.addEventListener('click', function () {
        state.answers = {};
        state.attempt += 1;
        $$('.lk-question').forEach(function (form) { page.resetQuestion(form, page.itemOf(form)); });
        page.placeCases();
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
