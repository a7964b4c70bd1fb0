/* Cases one at a time: a quiz of more than one case shows one case card (and its questions) at
 * a time, with a previous/next case control that says where the learner is ("Casus 2 van 4").
 * The HTML holds every case, so that without the script, in print and in the hand-out every
 * case is there; this part hides all but the current one. */
import * as core from './core.mjs';
import { $, $$, fmt } from './dom.mjs';

/** @param {Page} page */
export function cases(page) {
  var S = page.S, state = page.state;
  /** @type {{ quiz: string, cards: HTMLElement[], at: number, nav: HTMLElement }[]} */
  var quizzes = [];
  $$('.lk-quiz').forEach(function (quiz) {
    var cards = $$('.lk-case', quiz);
    if (cards.length < 2) { return; }
    var nav = document.createElement('nav');
    nav.className = 'lk-case-nav';
    nav.setAttribute('aria-label', S.cases_label);
    nav.innerHTML = '<button type="button" class="lk-button" data-lk-case="prev">' + S.case_previous + '</button>' +
      '<p class="lk-case-at"></p>' +
      '<button type="button" class="lk-button lk-primary" data-lk-case="next">' + S.case_next + '</button>';
    cards[cards.length - 1].after(nav);
    var entry = { quiz: /** @type {string} */ (quiz.getAttribute('data-quiz')), cards: cards, at: 0, nav: nav };
    quizzes.push(entry);
    $('[data-lk-case="prev"]', nav).addEventListener('click', function () { show(entry, entry.at - 1, true); });
    $('[data-lk-case="next"]', nav).addEventListener('click', function () { show(entry, entry.at + 1, true); });
  });

  /** Shows one case of a quiz; with `moveFocus`, its heading (which says "Casus 2 van 4") gets
   * focus, so a screen reader hears where the learner is, once.
   * @param {{ quiz: string, cards: HTMLElement[], at: number, nav: HTMLElement }} entry @param {number} index
   * @param {boolean} moveFocus */
  function show(entry, index, moveFocus) {
    var last = entry.cards.length - 1;
    index = Math.max(0, Math.min(last, index));
    entry.at = index;
    entry.cards.forEach(function (card, i) { card.hidden = i !== index; });
    $('.lk-case-at', entry.nav).textContent = fmt(S.case_of, { n: index + 1, total: entry.cards.length });
    $('[data-lk-case="prev"]', entry.nav).disabled = index === 0;
    $('[data-lk-case="next"]', entry.nav).disabled = index === last;
    var card = entry.cards[index];
    $$('.lk-question', card).forEach(function (f) { page.shownAt[f.id] = Date.now(); });
    if (moveFocus) {
      var heading = $('h3', card);
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
      card.scrollIntoView({ block: 'start' });
    }
  }

  /** Where each quiz stands after a launch or a retry: at its first case with a question still
   * open, or at its last case when every question is answered. */
  /** @type {Record<string, Item>} */
  var byKey = {};
  page.questions.forEach(function (item) { byKey[item.key] = item; });
  page.placeCases = function () {
    quizzes.forEach(function (entry) {
      var open = entry.cards.findIndex(function (card) {
        return $$('.lk-question', card).some(function (form) {
          var item = byKey[entry.quiz + '.' + form.getAttribute('data-question')];
          return !item || !core.complete(item.q, state.answers[item.key]);
        });
      });
      show(entry, open < 0 ? entry.cards.length - 1 : open, false);
    });
  };
}
