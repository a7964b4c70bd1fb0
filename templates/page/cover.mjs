/* The cover: what a learner sees when the module opens, before its first page (index.hbs,
 * #lk-cover). Its button says where the learner goes: "Begin" on a first visit, "Verder waar
 * je was: <page>" when there is a place to resume (with a smaller link to read from the
 * beginning), "Bekijk je resultaat" once the module is completed: the result card, with the
 * proof and the hand-out, is what a learner comes back to a finished module for.
 *
 * The cover is not a page: it is never counted in "Pagina N van M" or the progress bar, and it
 * tells the LMS no location, so the place kept for resuming stays the page the learner was on.
 * It does report and save, as the first page did, so that the status and exit=suspend reach
 * the LMS even when the learner leaves from the cover. */
import { $, fmt } from './dom.mjs';

/** @param {Page} page */
export function cover(page) {
  var S = page.S, state = page.state;
  var box = $('#lk-cover'), nav = $('.lk-nav');
  var start = box && $('#lk-cover-start', box), restart = box && $('#lk-cover-restart', box);
  /** Where the start button leads, and whether to the result card. */
  var target = 0, toResult = false;

  /** @param {boolean} on */
  function covering(on) {
    if (!box) { return; }
    box.hidden = !on;
    nav.hidden = on;
    if (on) { page.pages.forEach(function (p) { p.hidden = true; }); }
  }
  page.leaveCover = function () { covering(false); };

  /* While the LMS connects (cmi5), the cover waits: its button is no link yet. Without a cover
   * (an index.hbs of its own), the first page waits instead. */
  page.hold = function () {
    if (box) {
      covering(true);
      start.removeAttribute('href');
      return;
    }
    page.pages.forEach(function (p, i) { p.hidden = i !== 0; });
    $('[data-lk-nav="prev"]').disabled = true;
    $('[data-lk-nav="next"]').disabled = true;
  };

  page.showCover = function () {
    if (!box) { page.show(page.startAt, false); return; }
    var been = page.startAt > 0 || Object.keys(state.seen).length > 0;
    toResult = state.completed;
    target = toResult ? page.pages.length - 1 : page.startAt;
    start.textContent = toResult ? S.cover_results
      : been ? fmt(S.cover_resume, { title: page.data.pages[target].title }) : S.cover_begin;
    start.setAttribute('href', '#' + page.data.pages[target].anchor);
    restart.hidden = !been;
    $('#lk-cover-done').hidden = !toResult;
    // What a save keeps as the place (the browser's store, cmi5's state) until the learner starts.
    state.page = page.startAt;
    covering(true);
    $('#lk-progress').textContent = '';
    document.title = page.mod.title;
    page.report();
    page.save();
  };

  if (!box) { return; }
  start.addEventListener('click', function (/** @type {Event} */ ev) {
    ev.preventDefault();
    ev.stopPropagation();
    if (!start.hasAttribute('href')) { return; }
    page.show(target, true);
    var result = $('#lk-result');
    if (toResult && result && !result.hidden) {
      result.focus({ preventScroll: true });
      result.scrollIntoView({ block: 'start' });
    }
  });
  restart.addEventListener('click', function (/** @type {Event} */ ev) {
    ev.preventDefault();
    ev.stopPropagation();
    page.show(0, true);
  });
}
