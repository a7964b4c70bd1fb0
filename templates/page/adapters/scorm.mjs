/* The SCORM run-time, the same for 1.2 and 2004 but for what each version's file (scorm12.mjs,
 * scorm2004.mjs) says: the LMS's API object, a queue of values sent at each save, and the
 * interactions in order. Without an API the page keeps its progress in the browser (local.mjs). */
import ELEMENTS from '../scorm-elements.json' with { type: 'json' };
import { finishedStatus, interaction, nextIndex, refusedForGood } from '../core.mjs';
import { local } from './local.mjs';

/**
 * What differs between the SCORM versions.
 * @typedef {object} Version
 * @property {'scorm12' | 'scorm2004'} standard
 * @property {string} api the name of the API object
 * @property {(ms: number) => string} time a timespan in the version's syntax
 * @property {(text: string) => number} parseTime a timespan back in ms, 0 when malformed
 * @property {(value: number) => number} passMark the mastery element's value in percent
 * @property {(page: Page, set: (element: string, value: string | number) => void, o: Outcome, finished: boolean) => void} report
 * @property {(page: Page) => string} exit the exit value once the learner is done
 * @property {boolean} courseNavigation whether a course package asks the LMS for the next SCO
 */

/**
 * The API object lives in a parent frame or in the window that opened this one. Frames of
 * another origin throw on access: skip them and go on.
 * @param {any} win
 * @param {string} name
 */
function findApi(win, name) {
  for (var depth = 0; win && depth < 12; depth++) {
    try { if (win[name]) { return win[name]; } } catch (_e) { /* another origin */ }
    try { if (win.parent === win) { break; } win = win.parent; } catch (_e) { break; }
  }
  return null;
}
/** @param {string} name */
function locateApi(name) {
  var api = findApi(window, name);
  if (!api) {
    try { if (window.top && window.top.opener) { api = findApi(window.top.opener, name); } } catch (_e) { /* gone */ }
  }
  return api;
}

/**
 * @param {Version} v
 * @returns {Adapter}
 */
export function scorm(v) {
  /** @type {Record<string, string>} */
  var N = ELEMENTS[v.standard];
  /** @type {any} */
  var api = null;
  /** @type {Page} */
  var page;
  var finished = false;
  /** @type {[string, string][]} writes not yet accepted by the LMS, in order */
  var pending = [];
  /** @type {{ fields: [string, string][], n: number | null }[]} interactions not yet (fully) accepted */
  var records = [];
  var nextInteraction = 0;   // the index the next interaction takes
  /** @type {{ element: string, value: string, code: string }[]} values the LMS refused for good */
  var refused = [];

  /** @param {string} fn @param {string} [a] @param {string} [b] */
  function call(fn, a, b) {
    try { return String(api[fn](a === undefined ? '' : a, b)); } catch (_e) { return 'false'; }
  }
  /** @param {string} key */
  function get(key) { return lms.live && !finished ? call(N.get, key) : ''; }
  /** Values are queued and sent at each save. A later value for a key replaces an earlier one
   * still waiting.
   * @param {string} key @param {string | number} value */
  function set(key, value) {
    if (lms.review) { return; } // a review writes nothing
    for (var i = 0; i < pending.length; i++) {
      if (pending[i][0] === key) { pending.splice(i, 1); break; }
    }
    pending.push([key, String(value)]);
  }
  /** Sends one value on its own. 'ok' when the LMS took it; 'refused' when it answered an error
   * that says the value itself will never be taken (refusedForGood): it is dropped and listed in
   * `refused`, and nothing else waits for it; 'later' when the LMS failed for another reason (a
   * lost connection): it is sent again at the next save.
   * @param {string} key @param {string} value */
  function send(key, value) {
    if (call(N.set, key, value) === 'true') { return 'ok'; }
    var code = call(N.error);
    if (refusedForGood(v.standard, code)) {
      refused.push({ element: key, value: value, code: code });
      return 'refused';
    }
    return 'later';
  }
  /* How the learner leaves: suspended while there is more to do (or a retry to take), normally
   * once passed, completed, or failed for good. */
  function exitValue() {
    if (page.state.done || page.state.failedFinal) { return v.exit(page); }
    return 'suspend';
  }

  /** @type {Adapter} */
  var lms = {
    live: false,
    review: false,
    reviewData: false,
    standalone: false,
    start: function (p, ready) {
      page = p;
      api = locateApi(v.api);
      if (!(api && call(N.init) === 'true')) {
        page.lms = local('no_lms');
        page.lms.start(page, ready);
        return;
      }
      lms.live = true;
      // Some LMSs never set cmi.entry and answer "" for the status: resume whenever there is
      // something to resume from, whatever entry says.
      // Review mode (Moodle opens a finished attempt so): show what the LMS gives back, write
      // nothing. browse and no-credit run normally.
      lms.review = get(N.mode) === 'review';
      var saved = get(N.suspend);
      if (saved) { page.restore(saved); }
      lms.reviewData = !!saved;
      // A relaunch of a completed attempt never turns it back to incomplete.
      if (finishedStatus(v.standard, get(N.status))) { page.state.completed = true; }
      var at = page.pageIds.indexOf(get(N.location));
      if (at >= 0) { page.startAt = at; }
      // The LMS's count when it gives one (Moodle refuses an index above it, error 351); the
      // page's own, from the saved state, when it answers "" (Open edX).
      nextInteraction = nextIndex(get(N.count), page.state.nextInteraction);
      ready();
    },
    get: get,
    set: set,
    place: function (pageId) { set(N.location, pageId); },
    save: function () {
      if (!lms.live || finished || lms.review) { return; }
      var later = false;
      // Interactions in order: each takes the next index once the LMS took its id. An id the LMS
      // refuses drops the whole interaction and uses no index.
      while (records.length && !later) {
        var r = records[0];
        if (r.n === null) {
          var first = send('cmi.interactions.' + nextInteraction + '.' + r.fields[0][0], r.fields[0][1]);
          if (first === 'later') { later = true; break; }
          if (first === 'refused') { records.shift(); continue; }
          r.n = nextInteraction++;
          r.fields.shift();
        }
        while (r.fields.length) {
          var outcome = send('cmi.interactions.' + r.n + '.' + r.fields[0][0], r.fields[0][1]);
          if (outcome === 'later') { later = true; break; }
          r.fields.shift();
        }
        if (!r.fields.length) { records.shift(); }
      }
      page.state.nextInteraction = nextInteraction;
      // A state longer than the run-time keeps would be cut off or refused, and lost whole at the
      // next launch: the LMS keeps the last one that fitted instead (check makes this unreachable).
      var text = page.encode(), most = page.data.limits.suspendData;
      if (most === null || text.length <= most) { set(N.suspend, text); }
      // What resume depends on goes with every commit, never only at unload: the exit (suspend
      // while there is more to do) and the session's time so far. pagehide only repeats them.
      set(N.exit, exitValue());
      set(N.time, v.time(Date.now() - page.startedAt));
      // Each value stands alone: one that fails holds up none of the others.
      pending = pending.filter(function (w) { return send(w[0], w[1]) === 'later'; });
      if (pending.length) { later = true; }
      if (call(N.commit) !== 'true') { later = true; }
      page.trouble(later);
    },
    finish: function () {
      if (!lms.live || finished) { return; }
      if (lms.review) { finished = true; call(N.finish); return; } // a review writes nothing
      lms.save();
      finished = true;
      call(N.finish);
    },
    record: function (rec) {
      if (lms.review) { return; }
      var fields = interaction(v.standard, rec);
      // An id longer than the build's budget would be refused by the LMS: it is not sent.
      if (String(fields[0][1]).length > page.data.limits.interactionId) { return; }
      records.push({ fields: fields, n: null });
    },
    passMark: function () {
      var value = parseFloat(get(N.mastery));
      return Number.isNaN(value) ? null : v.passMark(value);
    },
    report: function (o, done) { v.report(page, set, o, done); },
    learnerName: function () { return lms.live ? get(N.name) : ''; },
    spent: function (now) { return lms.live ? now + v.parseTime(get(N.total)) : now; },
    canNavigate: function () { return v.courseNavigation && lms.live && !finished; },
    retryLater: function () { return false; }
  };
  return lms;
}

export { ELEMENTS };
