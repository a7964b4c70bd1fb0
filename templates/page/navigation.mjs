/* Navigation: one page at a time, the contents, the previous/next buttons, links between pages
 * and, in a SCORM 2004 course package, the way on to the previous or next module. */
import { courseRequest as courseRule } from './core.mjs';
import { $, $$, fmt } from './dom.mjs';

/** @param {Page} page */
export function navigation(page) {
  var data = page.data, S = page.S, state = page.state, pages = page.pages;
  var toc = $('.lk-toc-details');
  var wide = !!(window.matchMedia && window.matchMedia('(min-width: 64rem)').matches);
  if (toc && wide) { toc.open = true; }
  var prev = $('[data-lk-nav="prev"]'), next = $('[data-lk-nav="next"]');
  // The HTML ids of the pages' sections, as the build writes them (in-page links name them).
  var pageAnchors = data.pages.map(function (p) { return p.anchor; });

  page.show = function (index, moveFocus) {
    index = Math.max(0, Math.min(pages.length - 1, index));
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
      if (toc && !wide && a.closest('.lk-toc')) { toc.open = false; }
      page.show(i, true);
    }
  });

  page.hold = function () {
    pages.forEach(function (p, i) { p.hidden = i !== 0; });
    prev.disabled = true;
    next.disabled = true;
  };

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
