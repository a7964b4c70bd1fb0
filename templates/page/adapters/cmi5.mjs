/* cmi5: the launch sequence and the xAPI statements of an assignable unit (AU), sent to the LMS
 * with fetch(). The statements themselves, and which are due when, are ../cmi5.mjs. Section
 * numbers (§) are those of the cmi5 specification (Quartz). Without launch parameters, or when
 * the LMS cannot be reached, the page keeps its progress in the browser (local.mjs). */
import * as C from '../cmi5.mjs';
import { $ } from '../dom.mjs';
import { local } from './local.mjs';

function newId() {
  var bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return C.uuid(bytes);
}

/* Starts a session: fetches the token (§8.2), reads LMS.LaunchData (§10), the learner
 * preferences (§11) and the unit's own progress, then sends initialized (§7.1.1).
 * `done(error, session)`; the session's `resume` holds the saved progress, if any.
 * `hooks.trouble(on)` is told after each write whether it failed; the page retries by calling
 * `save()`. */
/**
 * @param {C.Launch} launch
 * @param {string} lang
 * @param {{ trouble: (on: boolean) => void }} hooks
 * @param {(error: unknown, session: any) => void} done
 */
export function connect(launch, lang, hooks, done) {
  /** @type {string | null} */
  var token = null;
  /** @type {C.Json} */
  var template = {};
  /** @type {C.Json} */
  var launchData = {};
  var stateQuery = 'activityId=' + encodeURIComponent(launch.activityId) +
    '&agent=' + encodeURIComponent(JSON.stringify(launch.actor)) +
    '&registration=' + encodeURIComponent(launch.registration);
  var progressPath = 'activities/state?' + stateQuery + '&stateId=' + encodeURIComponent(C.PROGRESS);

  /* Writes outlive the page (keepalive) where the budget allows (C.fits), so that leaving
   * right after an answer loses nothing. Writes carry no cache mode: Chromium has been seen
   * holding back a keepalive request that needs a CORS preflight (an LRS on another origin)
   * and has cache 'no-store' until the browser closes. Reads bypass the cache, since an LRS
   * may not say that its documents must not be cached. `final`: sent at termination.
   * A string body is sent as it is (a batch already written out). */
  var keepaliveBytes = 0;
  /**
   * @param {string} method
   * @param {string} path
   * @param {C.Json | C.Json[] | string} [body]
   * @param {boolean | 'no-keepalive'} [final]
   * @returns {Promise<Response>}
   */
  function request(method, path, body, final) {
    /** @type {Record<string, string>} */
    var headers = { 'X-Experience-API-Version': '1.0.3', Authorization: 'Basic ' + token };
    var text = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
    /** @type {RequestInit} */
    var init = { method: method, headers: headers, credentials: 'omit' };
    if (text === undefined) { init.cache = 'no-store'; return fetch(launch.endpoint + path, init); }
    headers['Content-Type'] = 'application/json';
    init.body = text;
    var n = C.bytes(text);
    init.keepalive = final === 'no-keepalive' ? false : C.fits(n, keepaliveBytes, !!final);
    if (!init.keepalive) { return fetch(launch.endpoint + path, init); }
    keepaliveBytes += n;
    var release = function () { keepaliveBytes -= n; };
    return fetch(launch.endpoint + path, init).then(function (r) { release(); return r; }, function (e) { release(); throw e; });
  }
  /** @param {string} path @param {boolean} [optional] @returns {Promise<any>} */
  function getJson(path, optional) {
    return request('GET', path).then(function (r) {
      if (r.status === 404 && optional) { return null; }
      if (!r.ok) { throw new Error('GET ' + path.split('?')[0] + ': ' + r.status); }
      return r.text().then(function (t) { return t ? JSON.parse(t) : null; });
    });
  }

  fetch(launch.fetch, { method: 'POST', credentials: 'omit' })
    .then(function (r) { return r.json(); })
    .then(function (answer) {
      if (!answer || !answer['auth-token']) {
        throw new Error('the LMS gave no auth-token' + (answer && answer['error-text'] ? ': ' + answer['error-text'] : ''));
      }
      token = answer['auth-token'];
      return getJson('activities/state?' + stateQuery + '&stateId=' + encodeURIComponent(C.LAUNCH_DATA));
    })
    .then(function (data) {
      if (!data || !data.contextTemplate || !data.launchMode) { throw new Error('LMS.LaunchData lacks contextTemplate or launchMode'); }
      launchData = data;
      template = data.contextTemplate;
      // Read as §11 asks; the module has one language, so the answer changes nothing.
      return getJson('agents/profile?agent=' + encodeURIComponent(JSON.stringify(launch.actor)) + '&profileId=cmi5LearnerPreferences', true)
        .catch(function () { return null; });
    })
    .then(function () {
      return getJson(progressPath, true);
    })
    .then(function (saved) { done(null, session(saved || {})); })
    .catch(function (e) { done(e, null); });

  /** @param {C.Json} saved */
  function session(saved) {
    var startedAt = Date.now();
    var sent = { completed: !!saved.completed, passed: !!saved.passed, judged: false,
      failedAttempt: typeof saved.failedAttempt === 'number' ? saved.failedAttempt : null };
    // A state of version 1 predates failedAttempt: its session sent failed when it ended, so a
    // failed attempt it left is taken as reported (see report below).
    var legacy = saved.v === 1;
    var spentBefore = typeof saved.spent === 'number' ? saved.spent : 0;
    /** @type {C.Json[]} */
    var queue = [];
    var inFlight = 0, ended = false;
    var progress = { location: saved.location, suspend: saved.suspend }, progressDirty = false, progressInFlight = false;
    /** @type {C.Report | null} */
    var last = null;
    var mastery = typeof launchData.masteryScore === 'number' ? launchData.masteryScore : null;

    /* Every write's outcome goes to the page, which shows the notice and, while writes fail,
     * calls save() again a little later: that sends what is still waiting. */
    /** @param {boolean} on */
    function trouble(on) {
      if (!ended) { hooks.trouble(on); }
    }
    function flush() {
      if (inFlight || !queue.length || ended) { return; }
      var batch = queue.slice();
      inFlight = batch.length;
      request('POST', 'statements', batch).then(function (r) {
        if (!r.ok) { throw new Error('statements: ' + r.status); }
        inFlight = 0;
        queue.splice(0, batch.length);
        trouble(false);
        flush();
      }).catch(function () { inFlight = 0; trouble(true); });
    }
    function progressDoc() {
      return { v: 2, location: progress.location, suspend: progress.suspend, completed: sent.completed, passed: sent.passed,
        failedAttempt: sent.failedAttempt, spent: spentBefore + Date.now() - startedAt };
    }
    function putProgress() {
      if (!progressDirty || progressInFlight || ended) { return; }
      progressDirty = false;
      progressInFlight = true;
      request('PUT', progressPath, progressDoc()).then(function (r) {
        progressInFlight = false;
        if (!r.ok) { throw new Error('state: ' + r.status); }
        trouble(false);
        putProgress();
      }).catch(function () { progressInFlight = false; progressDirty = true; trouble(true); });
    }
    /** @param {keyof typeof C.VERBS} verb @param {C.Json} [result] @param {C.Json | null} [extensions] */
    function defined(verb, result, extensions) {
      queue.push(C.defined(launch, template, verb, result, extensions, newId(), new Date()));
    }
    function masteryExtension() {
      /** @type {C.Json} */
      var e = {};
      e[C.MASTERY] = mastery;
      return e;
    }
    /** @param {('completed' | 'passed' | 'failed')[]} verbs */
    function judge(verbs) {
      verbs.forEach(function (verb) {
        var spent = C.duration(spentBefore + Date.now() - startedAt);
        if (verb === 'completed') {
          sent.completed = true;
          defined('completed', { completion: true, duration: spent });
        } else {
          // Passed and failed are due only after a report (C.due), so `last` is set.
          var judged = /** @type {C.Report} */ (last);
          sent.judged = true;
          if (verb === 'passed') { sent.passed = true; } else { sent.failedAttempt = judged.attempt; }
          defined(verb, { success: verb === 'passed', score: C.score(judged.score), duration: spent },
            mastery === null ? null : masteryExtension());
        }
      });
      if (verbs.length) { progressDirty = true; }
    }

    defined('initialized');
    flush();

    return {
      resume: saved.suspend ? { location: saved.location, suspend: saved.suspend } : null,
      mode: launchData.launchMode,
      returnURL: typeof launchData.returnURL === 'string' && launchData.returnURL ? launchData.returnURL : null,
      /* The LMS's pass mark in percent, or null. */
      passMark: function () { return mastery === null ? null : Math.round(mastery * 10000) / 100; },
      /* Time spent in the unit so far, this session and the earlier ones, in milliseconds. */
      spent: function () { return spentBefore + Date.now() - startedAt; },
      /* The page shell's outcome, after every change. */
      /** @param {C.Report} report */
      report: function (report) {
        if (ended) { return; }
        if (legacy) {
          legacy = false;
          if (report.scored && report.finished && !report.passed) { sent.failedAttempt = report.attempt; }
        }
        last = report;
        judge(C.due(launchData.launchMode, sent, report));
        flush();
      },
      /* Whether passed or failed went out in this session: then no other can (§9.3), and the
       * page offers no retry. */
      judged: function () { return sent.judged; },
      /** @param {InteractionRecord} rec */
      answered: function (rec) {
        if (ended) { return; }
        queue.push(C.answered(launch, template, lang, rec, newId()));
        flush();
      },
      /** @param {string} location @param {string} suspend */
      save: function (location, suspend) {
        if (ended) { return; }
        progress = { location: location, suspend: suspend };
        progressDirty = true;
        putProgress();
        flush(); // statements a failed request left waiting
      },
      /* Ends the session (§7.1.2): what is still due, then terminated, and then the progress,
       * in requests that outlive the page (keepalive) as far as the budget allows (see
       * C.finalBatches): the statements first, since the state can wait for the next save of
       * a next session but a lost terminated cannot be sent again. */
      terminate: function () {
        if (ended) { return; }
        if (last) { judge(C.due(launchData.launchMode, sent, last)); }
        defined('terminated', { duration: C.duration(Date.now() - startedAt) });
        ended = true;
        // The batch in flight, if any, goes on by itself: send only the rest.
        var batch = queue.slice(inFlight);
        queue = [];
        C.finalBatches(batch, keepaliveBytes).forEach(function (b) {
          request('POST', 'statements', b.body, b.keepalive ? true : 'no-keepalive').catch(function () { /* the page is going */ });
        });
        request('PUT', progressPath, progressDoc(), true)
          .catch(function () { /* the page is going */ });
      }
    };
  }
}


/**
 * The page's run-time in a cmi5 package.
 * @returns {Adapter}
 */
function adapter() {
  /** @type {Page} */
  var page;
  /** @type {any} the launch parameters (§8.1), or null */
  var launch = null;
  /** @type {any} the session, once the LMS answered */
  var session = null;
  var finished = false;
  function nothing() { /* the statements say it */ }
  /** @type {Adapter} */
  var lms = {
    live: false,
    review: false,
    reviewData: false,
    standalone: false,
    /* The launch sequence takes a few requests; the first page waits, read-only, meanwhile. */
    start: function (p, ready) {
      page = p;
      launch = C.launchParams(window.location.search);
      if (!launch) {
        page.lms = local('no_lms');
        page.lms.start(page, ready);
        return;
      }
      page.hold();
      var notice = $('#lk-notice');
      notice.textContent = page.S.connecting;
      notice.hidden = false;
      connect(launch, page.mod.language, { trouble: page.trouble }, function (/** @type {any} */ error, /** @type {any} */ s) {
        notice.hidden = true;
        notice.textContent = '';
        if (error) {
          // Without the LMS nothing can be recorded: say so, and keep the progress in the browser.
          page.lms = local('no_lms');
          page.lms.start(page, function () {
            notice.insertBefore(document.createTextNode(page.S.lms_unreachable + ' '), notice.firstChild);
            ready();
          });
          return;
        }
        session = s;
        lms.live = true;
        if (s.resume) {
          page.restore(s.resume.suspend);
          page.startAt = Math.max(0, page.pageIds.indexOf(s.resume.location));
        }
        if (s.returnURL) { page.exitButton(s.returnURL); }
        ready();
      });
    },
    get: function () { return ''; },
    set: nothing,
    place: nothing,
    save: function () {
      if (!lms.live || finished) { return; }
      session.save(page.pageIds[page.state.page], page.encode());
    },
    finish: function () {
      if (!lms.live || finished) { return; }
      finished = true;
      session.terminate();
    },
    record: function (rec) { if (session) { session.answered(rec); } },
    passMark: function () { return session ? session.passMark() : null; },
    report: function (o, done) {
      // The session decides which statements are due; failed goes out as soon as the attempt fails.
      if (session) {
        var state = page.state;
        session.report({ read: state.completed, scored: page.mod.scored, finished: done, passed: o.passed, score: o.score, attempt: state.attempt });
      }
    },
    learnerName: function () {
      return session && launch.actor && typeof launch.actor.name === 'string' ? launch.actor.name : '';
    },
    spent: function (now) { return session ? session.spent() : now; },
    canNavigate: function () { return false; },
    /* cmi5 allows one passed or failed per session: once failed went out, a retry is a new one. */
    retryLater: function () { return !!session && session.judged(); }
  };
  return lms;
}

export var cmi5 = adapter();
