/* The page shell: one session of one module, driven by the run-time of its standard (an
 * adapter, see adapters/). Everything the page knows lives in one object, `page`, which the
 * parts (navigation, questions, result) fill in and share. No libraries, and no requests but
 * cmi5's to the LMS: everything the module needs is in the package. */
import { decodeState, encodeState } from './core.mjs';
import { cases } from './cases.mjs';
import { cover } from './cover.mjs';
import { $, $$ } from './dom.mjs';
import { navigation } from './navigation.mjs';
import { questions } from './questions.mjs';
import { result } from './result.mjs';

/**
 * Runs the page with the run-time of its standard.
 * @param {Adapter} adapter
 */
export function run(adapter) {
  /** @type {PageData} */
  var data = JSON.parse($('#lk-data').textContent);
  document.documentElement.className += ' js';

  /** @type {Item[]} */
  var items = [];
  Object.keys(data.quizzes).forEach(function (quizId) {
    data.quizzes[quizId].forEach(function (q) { items.push({ quiz: quizId, q: q, key: quizId + '.' + q.id }); });
  });
  var pageIds = data.pages.map(function (p) { return p.id; });
  var failing = false;
  /** @type {ReturnType<typeof setTimeout> | null} */
  var retryTimer = null;

  /** @type {Page} */
  var page = /** @type {Page} */ (/** @type {unknown} */ ({
    data: data,
    S: data.strings,
    mod: data.module,
    startedAt: Date.now(),
    pages: $$('.lk-page'),
    pageIds: pageIds,
    questions: items,
    state: { page: 0, attempt: 1, lastPage: false, completed: false, seen: {}, answers: {}, done: false, failedFinal: false, nextInteraction: 0 },
    startAt: 0,
    shownAt: {},
    scenarioTime: {},
    lms: adapter
  }));
  var state = page.state;

  page.encode = function () { return encodeState(state, items, pageIds); };
  page.restore = function (text) {
    var s = decodeState(text, items, pageIds);
    state.attempt = s.attempt; state.lastPage = s.lastPage; state.completed = !!s.completed; state.seen = s.seen;
    state.answers = s.answers; state.nextInteraction = s.nextInteraction || 0;
  };
  // Whatever is saved (a page seen, an answer, a retry) is also what the progress marks show.
  page.save = function () { page.marks(); page.lms.save(); };
  page.finish = function () { page.lms.finish(); };
  /* A write to the LMS failed (on) or went through again (off): the notice says so, and a
   * little later the page saves again, which sends what is still waiting. */
  page.trouble = function (on) {
    var notice = $('#lk-notice');
    if (on && !failing) { notice.textContent = page.S.lms_error; notice.hidden = false; }
    if (!on && failing) { notice.hidden = true; notice.textContent = ''; }
    failing = on;
    if (on && !retryTimer) { retryTimer = setTimeout(function () { retryTimer = null; page.save(); }, 4000); }
  };

  navigation(page);
  questions(page);
  cases(page);
  result(page);
  cover(page);

  adapter.start(page, function begin() {
    page.restoreAnswers();
    page.placeCases();
    page.showCover();
    if (page.lms.review) { showReview(); }
  });

  /* Review: every question read-only, and a notice that nothing is saved (or, when the LMS gave
   * nothing back, that the module is finished and the result is in the LMS). */
  function showReview() {
    $$('.lk-question input').forEach(function (i) { i.disabled = true; });
    $$('.lk-question .lk-check').forEach(function (b) { b.hidden = true; });
    var notice = $('#lk-notice');
    notice.textContent = page.lms.reviewData ? page.S.review_mode : page.S.review_nothing;
    notice.hidden = false;
  }

  // Save when the page is hidden (a tab or app switch): the session goes on. End it only when the
  // page really goes away; `unload` is unreliable and blocked in some LMS frames.
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') { page.save(); } });
  window.addEventListener('pagehide', function () { page.finish(); });
}
