/* Navigation: one page at a time, the contents (a sidebar on wide screens, behind a menu button
 * on narrow ones) with a tick for each page seen and each exercise done, the progress bar, the
 * previous/next buttons, links between pages and, in a SCORM 2004 course package, the way on to
 * the previous or next module. */
import { complete, courseRequest as courseRule } from './core.mjs';
import { $, $$, fmt } from './dom.mjs';

/** @param {Page} page */
export function navigation(page) {
  var data = page.data, S = page.S, state = page.state, pages = page.pages;
  var menu = contentsMenu();
  var prev = $('[data-lk-nav="prev"]'), next = $('[data-lk-nav="next"]');
  // The HTML ids of the pages' sections, as the build writes them (in-page links name them).
  var pageAnchors = data.pages.map(function (p) { return p.anchor; });

  page.show = function (index, moveFocus) {
    index = Math.max(0, Math.min(pages.length - 1, index));
    page.leaveCover();
    state.page = index;
    state.seen[page.pageIds[index]] = true;
    if (index === pages.length - 1) { state.lastPage = true; }
    pages.forEach(function (p, i) { p.hidden = i !== index; });
    $$('.lk-toc a').forEach(function (a, i) {
      if (i === index) { a.setAttribute('aria-current', 'page'); } else { a.removeAttribute('aria-current'); }
    });
    prev.disabled = index === 0 && !courseRequest('prev');
    next.disabled = index === pages.length - 1 && !courseRequest('next');
    $('#lk-progress').textContent = fmt(S.page_of, { n: index + 1, total: pages.length });
    document.title = data.pages[index].title + ' – ' + page.mod.title;
    $$('.lk-question', pages[index]).forEach(function (f) { page.shownAt[f.id] = page.shownAt[f.id] || Date.now(); });
    if (moveFocus) { $('h1', pages[index]).focus(); window.scrollTo(0, 0); }
    page.lms.place(page.pageIds[index]);
    page.report();
    page.save();
  };
  prev.addEventListener('click', function () { if (!leaveModule('prev')) { page.show(state.page - 1, true); } });
  next.addEventListener('click', function () { if (!leaveModule('next')) { page.show(state.page + 1, true); } });

  /** In a course package: the LMS request the button makes here, if any.
   * @param {'prev' | 'next'} direction */
  function courseRequest(direction) {
    if (!data.course || !page.lms.canNavigate()) { return null; }
    var kind = direction === 'prev' ? 'previous' : 'continue';
    return courseRule(data, direction, state.page, pages.length, page.lms.get('adl.nav.request_valid.' + kind));
  }
  /** Past the module's first or last page: ask the LMS for the previous or next module and end
   * the session, after which the LMS launches it. Returns whether the button did that.
   * @param {'prev' | 'next'} direction */
  function leaveModule(direction) {
    var request = courseRequest(direction);
    if (!request) { return false; }
    if (request === 'continue' && data.course && data.course.nextNeedsThis && !state.done) {
      var notice = $('#lk-notice');
      notice.textContent = S.course_finish_first;
      notice.hidden = false;
      return true;
    }
    page.lms.set('adl.nav.request', request);
    prev.disabled = true;
    next.disabled = true;
    page.finish();
    return true;
  }
  document.addEventListener('click', function (ev) {
    var target = /** @type {any} */ (ev.target);
    var a = target.closest && target.closest('a[href^="#"]');
    if (!a) { return; }
    var i = pageAnchors.indexOf(a.getAttribute('href').slice(1));
    if (i >= 0) {
      ev.preventDefault();
      if (a.closest('.lk-toc')) { menu.close(false); }
      page.show(i, true);
    }
  });

  /* What the learner has done so far, shown twice: the progress bar (pages seen of all pages)
   * and, in the contents, a tick for each page seen and a star for each page whose exercises
   * are all answered. Icons carry a text for screen readers, so colour is never all there is. */
  var bar = $('#lk-progress-bar'), fill = $('.lk-progress-fill', bar);
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', String(pages.length));
  /** The questions on each page, by page index. */
  var onPage = pages.map(function (section) {
    var quizzes = $$('.lk-quiz', section).map(function (q) { return q.getAttribute('data-quiz'); });
    return page.questions.filter(function (item) { return quizzes.indexOf(item.quiz) >= 0; });
  });
  page.marks = function () {
    var seen = page.pageIds.filter(function (id) { return state.seen[id]; }).length;
    bar.setAttribute('aria-valuenow', String(seen));
    bar.setAttribute('aria-valuetext', fmt(S.pages_seen, { n: seen, total: pages.length }));
    fill.style.width = (100 * seen / pages.length) + '%';
    $$('[data-lk-ticks]').forEach(function (box) {
      var i = page.pageIds.indexOf(box.getAttribute('data-lk-ticks'));
      var items = onPage[i] || [];
      var done = items.length > 0 && items.every(function (item) { return complete(item.q, state.answers[item.key]); });
      var key = (state.seen[page.pageIds[i]] ? 's' : '') + (done ? 'd' : '');
      if (box.getAttribute('data-state') === key) { return; }
      box.setAttribute('data-state', key);
      box.textContent = '';
      if (key.indexOf('s') >= 0) { box.appendChild(mark('lk-tick-seen', '\u2713', S.mark_seen)); }
      if (done) { box.appendChild(mark('lk-tick-done', '\u2605', S.mark_quiz_done)); }
    });
  };
  /** @param {string} kind @param {string} icon @param {string} text */
  function mark(kind, icon, text) {
    var m = document.createElement('span'), i = document.createElement('span'), t = document.createElement('span');
    m.className = 'lk-tick ' + kind;
    i.setAttribute('aria-hidden', 'true');
    i.textContent = icon;
    t.className = 'lk-sr';
    t.textContent = ' (' + text + ')';
    m.appendChild(i);
    m.appendChild(t);
    return m;
  }

  /* The LMS asked to be returned to (cmi5 returnURL): a button that ends the session and goes. */
  page.exitButton = function (url) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'lk-button lk-exit';
    button.textContent = S.exit;
    button.addEventListener('click', function () {
      page.finish();
      window.location.href = url;
    });
    $('.lk-header').appendChild(button);
  };
}

/* The menu button of the contents: on a narrow screen it shows and hides the list (a disclosure:
 * aria-expanded, aria-controls); Escape closes it and puts focus back on the button. On a wide
 * screen the CSS hides the button and always shows the list as a sidebar. */
function contentsMenu() {
  var nav = $('.lk-toc'), button = $('.lk-toc-button', nav);
  /** @param {boolean} open @param {boolean} focus whether focus goes back to the button */
  function set(open, focus) {
    nav.classList.toggle('lk-open', open);
    button.setAttribute('aria-expanded', String(open));
    if (focus) { button.focus(); }
  }
  button.addEventListener('click', function () { set(button.getAttribute('aria-expanded') !== 'true', false); });
  nav.addEventListener('keydown', function (/** @type {KeyboardEvent} */ ev) {
    if (ev.key === 'Escape' && button.getAttribute('aria-expanded') === 'true') {
      ev.preventDefault();
      set(false, button.getClientRects().length > 0);
    }
  });
  return { close: function (/** @type {boolean} */ focus) { set(false, focus); } };
}
