/* Questions: checking an answer, its feedback, scenarios step by step, and showing the answers
 * of a resumed session. */
import * as core from './core.mjs';
import { $, $$ } from './dom.mjs';

/** @param {Page} page */
export function questions(page) {
  var S = page.S, state = page.state;

  page.itemOf = function (form) {
    var quizId = /** @type {HTMLElement} */ (form.closest('.lk-quiz')).getAttribute('data-quiz');
    for (var i = 0; i < page.questions.length; i++) {
      var item = page.questions[i];
      if (item.quiz === quizId && item.q.id === form.getAttribute('data-question')) { return item; }
    }
    return /** @type {Item} */ (/** @type {unknown} */ (null));
  };

  /** @param {Question} q @param {Answer} answer */
  function feedbackHtml(q, answer) {
    /** @type {string[]} */
    var parts = [];
    /** @type {boolean | null} */
    var good = null;
    var verdict;
    if (q.kind === 'branching') {
      var ending = q.endings[/** @type {string} */ (core.ending(q, /** @type {string[]} */ (answer)))];
      verdict = S['ending_' + ending.outcome];
      parts.push(/** @type {string} */ (ending.feedback));
    } else {
      var score = core.earned(q, answer);
      good = score >= q.points;
      verdict = good ? S.correct : score > 0 ? S.partly_correct : S.incorrect;
      if (q.kind === 'true-false') {
        var f = answer ? q.trueFeedback : q.falseFeedback;
        if (f) { parts.push(f); }
      } else {
        q.options.forEach(function (o) {
          var chosen = q.kind === 'single' ? o.id === answer : /** @type {string[]} */ (answer).indexOf(o.id) >= 0;
          if (chosen && o.feedback) { parts.push(o.feedback); }
        });
      }
    }
    if (q.explanation) { parts.push('<p class="lk-label">' + S.explanation + '</p>' + q.explanation); }
    return { good: good, html: '<p class="lk-label">' + verdict + '</p>' + parts.join('') };
  }

  /** Marks an option by sign and words as well as colour: the learner's choice, and whether it
   * is right; a right option the learner did not choose says so too. The words describe the
   * option's input for a screen reader.
   * @param {HTMLInputElement} input @param {boolean} chosen @param {boolean | null} right null: a
   *   scenario's choice, which is neither */
  function mark(input, chosen, right) {
    var box = /** @type {HTMLElement} */ (input.parentNode), note = document.createElement('span');
    if (chosen) { box.classList.add('lk-chosen'); }
    if (right !== null) { box.classList.add(right ? 'lk-right' : 'lk-wrong'); }
    note.className = 'lk-mark';
    note.id = input.id + '-mark';
    note.textContent = right === null ? S.answer_chosen : !chosen ? S.answer_right : right ? S.answer_yours_right : S.answer_yours_wrong;
    box.appendChild(note);
    input.setAttribute('aria-describedby', note.id);
  }
  /** @param {HTMLElement} form */
  function unmark(form) {
    $$('.lk-mark', form).forEach(function (n) { n.parentNode.removeChild(n); });
    $$('input', form).forEach(function (i) { i.removeAttribute('aria-describedby'); i.parentNode.classList.remove('lk-chosen', 'lk-right', 'lk-wrong'); });
  }

  /** Shows a finished question: the choices made, right and wrong marked (by sign, not colour
   * alone), and the feedback.
   * @param {HTMLElement} form @param {Item} item @param {Answer} answer @param {boolean} moveFocus */
  function showAnswered(form, item, answer, moveFocus) {
    var q = item.q;
    if (q.kind !== 'branching') {
      unmark(form);
      $$('input', form).forEach(function (input) {
        var chosen = q.kind === 'multiple' ? /** @type {string[]} */ (answer).indexOf(input.value) >= 0
          : q.kind === 'true-false' ? String(answer) === input.value : input.value === answer;
        input.checked = chosen;
        input.disabled = true;
        var right = q.kind === 'true-false' ? String(q.answer) === input.value
          : /** @type {QuestionOption} */ (core.find(q.options, input.value)).correct;
        if (chosen || right) { mark(input, chosen, right); }
      });
    }
    $('.lk-check', form).hidden = true;
    var fb = $('.lk-feedback', form), result = feedbackHtml(q, answer);
    fb.innerHTML = result.html;
    fb.className = 'lk-feedback' + (result.good === true ? ' lk-good' : result.good === false ? ' lk-bad' : '');
    fb.hidden = false;
    if (moveFocus) { fb.focus(); }
  }

  /** Shows a scenario up to where the decisions lead; returns the open step, if any.
   * @param {HTMLElement} form @param {Item} item @param {string[]} decisions */
  function showSteps(form, item, decisions) {
    var q = item.q, at = q.start;
    decisions.forEach(function (d) {
      var parts = d.split('>'), set = $('[data-step="' + parts[0] + '"]', form);
      var choice = /** @type {Step['choices'][number]} */ (core.find(q.steps[parts[0]].choices, parts[1]));
      set.hidden = false;
      $$('input', set).forEach(function (input) {
        input.checked = input.value === parts[1];
        input.disabled = true;
        if (input.checked && !$('.lk-mark', input.parentNode)) { mark(input, true, null); }
      });
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
    check.textContent = decisions.length ? S.continue : S.check_answer;
    return open;
  }

  page.resetQuestion = function (form, item) {
    unmark(form);
    $$('input', form).forEach(function (i) { i.checked = false; i.disabled = false; });
    $$('.lk-step-feedback', form).forEach(function (n) { n.parentNode.removeChild(n); });
    $$('.lk-step', form).forEach(function (s) { s.hidden = true; });
    $('.lk-feedback', form).hidden = true;
    var check = $('.lk-check', form);
    check.hidden = false;
    check.textContent = S.check_answer;
    if (item.q.kind === 'branching') { showSteps(form, item, []); }
  };

  $$('.lk-question').forEach(function (form) {
    var item = page.itemOf(form), q = item.q, quiz = /** @type {string} */ (item.quiz);
    page.resetQuestion(form, item);
    form.addEventListener('submit', function (/** @type {Event} */ ev) {
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
      var now = new Date(), latency = now.getTime() - (page.shownAt[form.id] || now.getTime());
      page.shownAt[form.id] = now.getTime();
      /** @type {Answer} */
      var answer;
      if (q.kind === 'single') { answer = checked[0]; }
      else if (q.kind === 'multiple') { answer = checked; }
      else if (q.kind === 'true-false') { answer = checked[0] === 'true'; }
      else {
        var before = /** @type {string[]} */ (state.answers[item.key] || []);
        var step = /** @type {string} */ (core.position(q, before));
        var decisions = before.concat([step + '>' + checked[0]]);
        answer = decisions;
        page.lms.record(core.decisionRecord(quiz, q, step, checked[0], state.attempt, latency, now));
        // The scenario's time so far, for the record of the whole question at its ending.
        page.scenarioTime[form.id] = (decisions.length > 1 ? page.scenarioTime[form.id] || 0 : 0) + latency;
        if (core.complete(q, decisions)) { page.lms.record(core.scenarioRecord(quiz, q, decisions, state.attempt, page.scenarioTime[form.id], now)); }
      }
      state.answers[item.key] = answer;
      fb.hidden = true;
      if (q.kind !== 'branching') { page.lms.record(core.questionRecord(quiz, q, answer, state.attempt, latency, now)); }
      var done = core.complete(q, answer);
      if (done) {
        if (q.kind === 'branching') { showSteps(form, item, /** @type {string[]} */ (answer)); }
        showAnswered(form, item, answer, false);
      } else {
        var open = showSteps(form, item, /** @type {string[]} */ (answer));
        var legend = open && $('legend', open);
        if (legend) { legend.setAttribute('tabindex', '-1'); legend.focus(); }
      }
      page.report();
      page.save();
      // Focus goes to the feedback; after the last open question, to the results card instead.
      if (done && !page.revealResult(form)) { fb.focus(); }
    });
  });

  page.restoreAnswers = function () {
    $$('.lk-question').forEach(function (form) {
      var item = page.itemOf(form), answer = state.answers[item.key];
      page.resetQuestion(form, item);
      if (answer === undefined) { return; }
      if (item.q.kind === 'branching') {
        showSteps(form, item, /** @type {string[]} */ (answer));
        if (core.complete(item.q, answer)) { showAnswered(form, item, answer, false); }
      } else {
        showAnswered(form, item, answer, false);
      }
    });
  };
}
