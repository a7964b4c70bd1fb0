/* No LMS: the web export, or a package opened without its LMS. Progress is kept in the
 * browser (localStorage), until the module is done or the learner clears it. */
import { $ } from '../dom.mjs';

/* The notice is one compact line the learner can close; closed, it stays closed for the rest of
 * the browser session (sessionStorage), on every page of the module. */
/** @param {HTMLElement} notice @param {string} key @param {string} label */
function dismissible(notice, key, label) {
  var flag = key + ':notice-closed', close = document.createElement('button');
  try { if (sessionStorage.getItem(flag)) { return; } } catch (_e) { /* storage blocked: show it */ }
  close.type = 'button';
  close.className = 'lk-notice-close';
  close.setAttribute('aria-label', label);
  close.textContent = '\u00d7';
  close.addEventListener('click', function () {
    notice.hidden = true;
    close.remove();
    try { sessionStorage.setItem(flag, '1'); } catch (_e) { /* not remembered */ }
    var heading = $('.lk-page:not([hidden]) h1');
    if (heading) { heading.focus(); }
  });
  /** @type {HTMLElement} */ (notice.parentNode).appendChild(close);
  notice.hidden = false;
}

/**
 * @param {'web_progress' | 'no_lms'} says the notice's string: why progress stays here
 * @returns {Adapter}
 */
export function local(says) {
  /** @type {Page} */
  var page;
  var storeKey = '';
  var cleared = false;
  function nothing() { /* no LMS to tell */ }
  /** @type {Adapter} */
  var lms = {
    live: false,
    review: false,
    reviewData: false,
    standalone: true,
    start: function (p, ready) {
      page = p;
      storeKey = 'leskit:' + page.mod.id + ':' + page.mod.version;
      var notice = $('#lk-notice'), clear = document.createElement('button');
      notice.textContent = page.S[says] + ' ';
      clear.type = 'button';
      clear.className = 'lk-button';
      clear.textContent = page.S.clear_progress;
      clear.addEventListener('click', function () {
        // Leaving the page saves (visibilitychange), which would store the progress again.
        cleared = true;
        try { localStorage.removeItem(storeKey); } catch (_e) { /* nothing stored */ }
        location.reload();
      });
      notice.appendChild(clear);
      dismissible(notice, storeKey, page.S.dismiss_notice);
      try {
        var saved = JSON.parse(localStorage.getItem(storeKey) || 'null');
        if (saved) { page.restore(saved.suspend); page.startAt = Math.max(0, page.pageIds.indexOf(saved.location)); }
      } catch (_e) { /* private mode or blocked storage */ }
      ready();
    },
    get: function () { return ''; },
    set: nothing,
    place: nothing,
    save: function () {
      if (cleared) { return; } // the page is reloading to start afresh: keep nothing
      try {
        if (page.state.done) { localStorage.removeItem(storeKey); } // shared workstations keep nothing
        else { localStorage.setItem(storeKey, JSON.stringify({ location: page.data.pages[page.state.page].id, suspend: page.encode() })); }
      } catch (_e) { /* private mode or full storage */ }
    },
    finish: nothing,
    record: nothing,
    passMark: function () { return null; },
    report: nothing,
    learnerName: function () { return ''; },
    spent: function (now) { return now; },
    canNavigate: function () { return false; },
    retryLater: function () { return false; }
  };
  return lms;
}
