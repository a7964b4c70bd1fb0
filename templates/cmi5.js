/* leskit cmi5 run-time: the launch sequence and the xAPI statements of an assignable unit (AU).
 * Loaded before leskit.js in cmi5 packages only; leskit.js drives it through `LeskitCmi5.start`.
 * Section numbers (§) are those of the cmi5 specification (Quartz).
 *
 * The first half is pure (launch parameters, statements, which verbs are due) and runs in node
 * for unit tests; the second talks to the LMS with fetch(). */
(function (root) {
  'use strict';

  var C = {};
  var ADL = 'http://adlnet.gov/expapi/verbs/';
  C.VERBS = {
    initialized: ADL + 'initialized',
    completed: ADL + 'completed',
    passed: ADL + 'passed',
    failed: ADL + 'failed',
    terminated: ADL + 'terminated',
    answered: ADL + 'answered'
  };
  var CMI5 = 'https://w3id.org/xapi/cmi5/';
  C.CATEGORY = CMI5 + 'context/categories/cmi5';          // §9.6.2.1
  C.MOVEON = CMI5 + 'context/categories/moveon';          // §9.6.2.2
  C.MASTERY = CMI5 + 'context/extensions/masteryscore';   // §9.6.3.2
  C.SESSION = CMI5 + 'context/extensions/sessionid';      // §9.6.3.1
  C.INTERACTION = 'http://adlnet.gov/expapi/activities/cmi.interaction';
  C.LAUNCH_DATA = 'LMS.LaunchData';
  /* Where the unit keeps its own resume data (the State API, §10 leaves other ids to the AU). */
  C.PROGRESS = 'https://w3id.org/xapi/leskit/state/progress';

  /* ---------- Launch (§8.1) ----------
   * The five parameters from the query string, in any order; null when one is missing or the
   * actor is not JSON (the page was not launched by a cmi5 LMS). */
  C.launchParams = function (search) {
    var params = {};
    String(search || '').replace(/^\?/, '').split('&').forEach(function (pair) {
      if (!pair) { return; }
      var at = pair.indexOf('='), key = at < 0 ? pair : pair.slice(0, at);
      var value = at < 0 ? '' : pair.slice(at + 1);
      try { params[decodeURIComponent(key)] = decodeURIComponent(value.replace(/\+/g, ' ')); } catch (e) { /* malformed */ }
    });
    var names = ['endpoint', 'fetch', 'actor', 'registration', 'activityId'];
    for (var i = 0; i < names.length; i++) { if (!params[names[i]]) { return null; } }
    var actor;
    try { actor = JSON.parse(params.actor); } catch (e) { return null; }
    if (!actor || typeof actor !== 'object') { return null; }
    var endpoint = params.endpoint.charAt(params.endpoint.length - 1) === '/' ? params.endpoint : params.endpoint + '/';
    return { endpoint: endpoint, fetch: params.fetch, actor: actor, registration: params.registration, activityId: params.activityId };
  };

  /* A version 4 UUID (§9.1) from 16 random bytes. */
  C.uuid = function (bytes) {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = '';
    for (var i = 0; i < 16; i++) {
      hex += (bytes[i] + 0x100).toString(16).slice(1);
      if (i === 3 || i === 5 || i === 7 || i === 9) { hex += '-'; }
    }
    return hex;
  };

  function copy(value) { return value === undefined ? undefined : JSON.parse(JSON.stringify(value)); }

  /* The context of a statement: the LMS's template, never overwritten (§10), with the
   * registration (§9.6.1). `kind`: 'defined' adds the cmi5 category, 'moveon' the moveOn category
   * too (§9.6.2.2); 'allowed' adds neither (§7.1.3) and names the unit as the parent. */
  C.context = function (launch, template, kind, extensions) {
    var ctx = copy(template) || {};
    ctx.registration = launch.registration;
    var acts = ctx.contextActivities = ctx.contextActivities || {};
    function add(list, id) {
      acts[list] = acts[list] ? [].concat(acts[list]) : [];
      if (!acts[list].some(function (a) { return a && a.id === id; })) { acts[list].push({ id: id, objectType: 'Activity' }); }
    }
    if (kind === 'defined' || kind === 'moveon') { add('category', C.CATEGORY); }
    if (kind === 'moveon') { add('category', C.MOVEON); }
    if (kind === 'allowed') { add('parent', launch.activityId); }
    Object.keys(extensions || {}).forEach(function (k) {
      ctx.extensions = ctx.extensions || {};
      if (!(k in ctx.extensions)) { ctx.extensions[k] = extensions[k]; }
    });
    return ctx;
  };

  /* A cmi5 defined statement about the unit itself (§9.4). */
  C.defined = function (launch, template, verb, result, extensions, id, at) {
    var moveon = verb === 'completed' || verb === 'passed' || verb === 'failed';
    var s = {
      id: id,
      timestamp: at.toISOString(),
      actor: launch.actor,
      verb: { id: C.VERBS[verb], display: { 'en-US': verb } },
      object: { id: launch.activityId, objectType: 'Activity' },
      context: C.context(launch, template, moveon ? 'moveon' : 'defined', extensions)
    };
    if (result) { s.result = result; }
    return s;
  };

  /* The score of a passed or failed statement (§9.5.1): scaled always; raw, min and max only
   * when the percentage is a whole number (raw must be an integer). */
  C.score = function (percent) {
    var score = { scaled: Math.round(percent * 100) / 10000 };
    if (Math.round(percent) === percent) { score.raw = percent; score.min = 0; score.max = 100; }
    return score;
  };

  /* An ISO 8601 duration: PT1H2M3.45S. */
  C.duration = function (ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var s = Math.floor(cs / 100) % 60, c = cs % 100;
    return 'PT' + Math.floor(cs / 360000) + 'H' + Math.floor(cs / 6000) % 60 + 'M' + s + (c ? '.' + (c < 10 ? '0' : '') + c : '') + 'S';
  };

  function plain(html) {
    return String(html || '').replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
  }

  /* A cmi5 allowed statement for one answered question or one decision in a scenario: the
   * interaction as its own activity under the unit, without the cmi5 category (§7.1.3). `rec` is
   * the page shell's record (see core.questionRecord in leskit.js). */
  C.answered = function (launch, template, lang, rec, id) {
    var name = {};
    name[lang] = rec.description.slice(0, 250);
    var choice = rec.type === 'choice';
    function response(r) {
      if (!choice) { return String(r); }
      return r.map(function (o) { return o.id; }).join('[,]');
    }
    var definition = {
      type: C.INTERACTION,
      name: name,
      interactionType: choice ? 'choice' : 'true-false',
      correctResponsesPattern: rec.correct.map(response)
    };
    if (choice) {
      definition.choices = rec.choices.map(function (c) {
        var d = {};
        d[lang] = plain(c.text);
        return { id: c.id, description: d };
      });
    }
    var result = { response: response(rec.response), duration: C.duration(rec.latency) };
    if (rec.result === 'correct' || rec.result === 'wrong') { result.success = rec.result === 'correct'; }
    if (rec.weighting > 0) {
      var part = rec.result === 'correct' ? 1 : rec.result === 'wrong' ? 0 : parseFloat(rec.result);
      result.score = { scaled: Math.round(part * 10000) / 10000, raw: Math.round(part * rec.weighting * 100) / 100, min: 0, max: rec.weighting };
    }
    var attempt = rec.attempt > 1 ? { 'https://w3id.org/xapi/leskit/extensions/attempt': rec.attempt } : null;
    return {
      id: id,
      timestamp: rec.at.toISOString(),
      actor: launch.actor,
      verb: { id: C.VERBS.answered, display: { 'en-US': 'answered' } },
      object: {
        id: launch.activityId + '/' + rec.id.split('.').map(encodeURIComponent).join('/'),
        objectType: 'Activity',
        definition: definition
      },
      result: result,
      context: C.context(launch, template, 'allowed', attempt)
    };
  };

  /* ---------- Which verbs are due (§9.3, §10 launchMode) ----------
   * `sent`: what this registration has had already ({completed, passed, failedAttempt: the
   * attempt whose failed went out last}) and what this session has ({judged: true once passed or
   * failed went out}). `report`: what the page shell found ({read, scored, finished, passed,
   * score, attempt}).
   * Completed and passed go out once per registration; failed never after passed, once per
   * attempt, and at most one of passed and failed per session. Failed goes out as soon as the
   * attempt fails, never held back for the end of the session: a learner who fails and leaves
   * in any way is recorded. The page then offers no retry in this session (a pass could not be
   * reported in it); reopening the module is a new session with a new try. In Browse and Review
   * mode nothing but initialized and terminated goes out. */
  C.due = function (mode, sent, report) {
    var verbs = [];
    if (mode !== 'Normal') { return verbs; }
    if (report.read && !sent.completed) { verbs.push('completed'); }
    if (report.scored && report.finished && !sent.passed && !sent.judged) {
      if (report.passed) { verbs.push('passed'); }
      else if (sent.failedAttempt !== report.attempt) { verbs.push('failed'); }
    }
    return verbs;
  };

  /* ---------- Requests that outlive the page ----------
   * A keepalive request goes on after the page is gone, but the browser lets a page have at most
   * 64 KiB of keepalive bodies in flight together (Fetch: inflight keepalive bytes), counted in
   * UTF-8 bytes; a request over that budget is refused at once. During the session a request
   * goes keepalive only while RESERVE stays free for what termination sends (the statements due
   * and terminated, then the state); a request that does not fit goes without keepalive. */
  C.QUOTA = 65536;
  C.RESERVE = 16384;
  C.bytes = function (text) {
    var n = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c < 0x80) { n += 1; } else if (c < 0x800) { n += 2; }
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { n += 4; i++; } // a surrogate pair
      else { n += 3; }
    }
    return n;
  };
  /* Whether a body of `bytes` may go keepalive while `inFlight` bytes are; `final`: at
   * termination, when the reserve is there to be used. */
  C.fits = function (bytes, inFlight, final) {
    return inFlight + bytes <= C.QUOTA - (final ? 0 : C.RESERVE);
  };
  /* The statements termination sends, as POST bodies in the order to send them, each
   * {body, keepalive}: the cmi5 statements (judgements and terminated) first, whole, then the
   * others (answered) in as few bodies as the budget left allows, the rest without keepalive
   * (sent, but lost if the page is gone first). `inFlight`: the keepalive bytes already out. */
  C.finalBatches = function (statements, inFlight) {
    var first = [], rest = [];
    statements.forEach(function (st) { (st.verb.id === C.VERBS.answered ? rest : first).push(JSON.stringify(st)); });
    var out = [], used = inFlight;
    function add(list, keepalive) {
      var body = '[' + list.join(',') + ']', n = C.bytes(body);
      out.push({ body: body, keepalive: keepalive && C.fits(n, used, true) });
      if (out[out.length - 1].keepalive) { used += n; }
    }
    if (first.length) { add(first, true); }
    var chunk = [], size = 2;
    rest.forEach(function (text) {
      var n = C.bytes(text) + 1;
      if (chunk.length && !C.fits(size + n, used, true)) { add(chunk, true); chunk = []; size = 2; }
      chunk.push(text);
      size += n;
    });
    if (chunk.length) { add(chunk, true); }
    return out;
  };

  if (typeof module === 'object' && module.exports) { module.exports = C; }
  if (typeof window === 'undefined') { return; }

  /* =====================================================================================
   * Talking to the LMS
   * ===================================================================================== */
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
  C.start = function (launch, lang, hooks, done) {
    var token = null, template = {}, launchData = {};
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
    function request(method, path, body, final) {
      var headers = { 'X-Experience-API-Version': '1.0.3', Authorization: 'Basic ' + token };
      var text = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
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

    function session(saved) {
      var startedAt = Date.now();
      var sent = { completed: !!saved.completed, passed: !!saved.passed, judged: false,
        failedAttempt: typeof saved.failedAttempt === 'number' ? saved.failedAttempt : null };
      // A state of version 1 predates failedAttempt: its session sent failed when it ended, so a
      // failed attempt it left is taken as reported (see report below).
      var legacy = saved.v === 1;
      var spentBefore = typeof saved.spent === 'number' ? saved.spent : 0;
      var queue = [], inFlight = 0, ended = false;
      var progress = { location: saved.location, suspend: saved.suspend }, progressDirty = false, progressInFlight = false;
      var last = null;
      var mastery = typeof launchData.masteryScore === 'number' ? launchData.masteryScore : null;

      /* Every write's outcome goes to the page, which shows the notice and, while writes fail,
       * calls save() again a little later: that sends what is still waiting. */
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
      function defined(verb, result, extensions) {
        queue.push(C.defined(launch, template, verb, result, extensions, newId(), new Date()));
      }
      function judge(verbs) {
        verbs.forEach(function (verb) {
          var spent = C.duration(spentBefore + Date.now() - startedAt);
          if (verb === 'completed') {
            sent.completed = true;
            defined('completed', { completion: true, duration: spent });
          } else {
            sent.judged = true;
            if (verb === 'passed') { sent.passed = true; } else { sent.failedAttempt = last.attempt; }
            defined(verb, { success: verb === 'passed', score: C.score(last.score), duration: spent },
              mastery === null ? null : (function () { var e = {}; e[C.MASTERY] = mastery; return e; }()));
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
        answered: function (rec) {
          if (ended) { return; }
          queue.push(C.answered(launch, template, lang, rec, newId()));
          flush();
        },
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
  };

  root.LeskitCmi5 = C;
}(this));
