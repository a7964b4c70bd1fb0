/* leskit preview: a simulated LMS. It offers scorm-again's SCORM 1.2 or 2004 run-time to the
 * module in the frame, reads the package's manifest as an LMS does (launch page, mastery score),
 * stores what the module commits (in this tab's sessionStorage) and launches it again with that
 * data, and shows every call, the values the LMS holds and what real LMSs would reject.
 * The module's files are never changed: everything here happens around the frame. */
(function () {
  'use strict';

  var C = window.LeskitChecks;
  var N = C.NAMES;
  var METHODS = {
    scorm12: ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic'],
    scorm2004: ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError', 'GetErrorString', 'GetDiagnostic']
  };
  var MAX_CALLS = 5000;

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  var frame = $('sco');
  var params = new URLSearchParams(location.search);
  var info = null;             // the server's latest state
  var view = { target: params.get('target'), lang: params.get('lang') };
  var loadedBuild = 0;
  var session = null;          // the running SCO session
  var sessionCount = 0;
  var calls = [];              // every call of every session since the last restart
  var warnings = [];
  var launching = null;        // a promise while a launch runs
  var queued = null;           // the launch asked for meanwhile

  /* The state of the page, for people in the console and for tests. */
  window.leskitPreview = {
    get build() { return loadedBuild; },
    get session() { return session ? { n: session.n, loaded: session.loaded, target: session.target, lang: session.lang } : null; },
    get calls() { return calls.slice(); },
    get warnings() { return warnings.map(function (w) { return w.id; }); },
    get ok() { return !!(info && info.ok); }
  };

  /* ---------- What the LMS stores between launches ---------- */
  function storeKey(target) { return 'leskit-preview:' + (info ? info.module : '') + ':' + target; }
  function loadStored(target) {
    try { return JSON.parse(sessionStorage.getItem(storeKey(target)) || 'null'); } catch (e) { return null; }
  }
  function saveStored(s) {
    try {
      sessionStorage.setItem(storeKey(s.target), JSON.stringify({
        cmi: JSON.parse(JSON.stringify(s.api.cmi)), exit: s.monitor.values[N[s.target].exit] || '', attempt: s.attempt
      }));
    } catch (e) { /* storage full or blocked: the relaunch starts afresh */ }
  }
  function clearStored(target) { try { sessionStorage.removeItem(storeKey(target)); } catch (e) { /* nothing stored */ } }

  /* ---------- The manifest, read as an LMS reads it ---------- */
  function readManifest(text, target) {
    var doc = new DOMParser().parseFromString(text, 'application/xml');
    var first = function (name) { return doc.getElementsByTagNameNS('*', name)[0] || null; };
    var resource = first('resource');
    var out = { href: resource ? resource.getAttribute('href') : 'index.html', passMark: null };
    if (target === 'scorm12') {
      var mastery = first('masteryscore');
      if (mastery && mastery.textContent.trim() !== '') { out.mastery = mastery.textContent.trim(); out.passMark = Number(out.mastery); }
    } else {
      var objective = first('primaryObjective');
      var measure = objective && objective.getAttribute('satisfiedByMeasure') === 'true' ? first('minNormalizedMeasure') : null;
      if (measure) { out.mastery = measure.textContent.trim(); out.passMark = Number(out.mastery) * 100; }
    }
    return out;
  }

  /* ---------- Frame ---------- */
  function base() { return '/module/' + view.target + '/' + encodeURIComponent(view.lang) + '/'; }

  function navigateFrame(src) {
    return new Promise(function (resolve) {
      var done = false;
      function loaded() { if (!done) { done = true; frame.removeEventListener('load', loaded); resolve(); } }
      frame.addEventListener('load', loaded);
      frame.src = src;
      setTimeout(loaded, 5000); // a module that never finishes loading must not block the LMS
    });
  }

  /* Closes the running module as an LMS closes its window: the page goes away (pagehide and
   * unload run in it). */
  function closeFrame() {
    if (!session) { return Promise.resolve(); }
    var s = session;
    return navigateFrame('about:blank').then(function () {
      if (s.initialized && !s.finished) {
        note(s, 'closed without ' + N[s.target].finish + ': what was not committed is lost');
      }
      s.closed = true;
    });
  }

  frame.addEventListener('load', function () {
    var s = session;
    var win, doc;
    try { win = frame.contentWindow; doc = win.document; } catch (e) { return; }
    if (!s || s.closed || !/^\/module\//.test(win.location.pathname)) { return; }
    s.loaded = true;
    s.window = win;
    render();
  });

  /* Which event of the module's page a call is made in: the module's window names the event its
   * listeners are handling (window.event), whatever order they were added in. */
  function phaseOf(s) {
    var ev = null, hidden = document.visibilityState === 'hidden';
    try {
      var win = s.window || frame.contentWindow;
      ev = win.event || null;
      hidden = hidden || win.document.visibilityState === 'hidden';
    } catch (e) { /* the frame is gone */ }
    var type = ev && ev.type;
    if (type === 'unload' || type === 'beforeunload') { return 'unload'; }
    if (type === 'pagehide') { return 'pagehide'; }
    if (hidden) { return 'hidden'; }
    return 'run';
  }

  /* ---------- Launching ---------- */
  function launch(mode, reason) {
    if (launching) {
      queued = { mode: queued && queued.mode === 'fresh' ? 'fresh' : mode, reason: reason };
      return launching;
    }
    launching = doLaunch(mode, reason).catch(function (e) {
      noteText('the preview could not launch the module: ' + (e && e.message || e));
    }).then(function () {
      launching = null;
      if (queued) { var q = queued; queued = null; return launch(q.mode, q.reason); }
    });
    return launching;
  }

  function doLaunch(mode, reason) {
    var target = view.target, lang = view.lang, build = info.build;
    var url = base();
    return closeFrame().then(function () {
      if (mode === 'fresh') {
        clearStored(target);
        calls = [];
        warnings = [];
        $('calls').textContent = '';
        renderedCalls = 0;
      }
      return fetch(url + 'imsmanifest.xml', { cache: 'no-store' });
    }).then(function (r) {
      if (!r.ok) { throw new Error('the package has no imsmanifest.xml (' + r.status + ')'); }
      return r.text();
    }).then(function (text) {
      var manifest = readManifest(text, target);
      var stored = loadStored(target);
      var resume = !!(stored && stored.exit === 'suspend');
      var attempt = stored ? (resume ? stored.attempt : stored.attempt + 1) : 1;
      var s = {
        n: ++sessionCount, target: target, lang: lang, build: build, attempt: attempt, manifest: manifest,
        initialized: false, finished: false, loaded: false, closed: false
      };
      s.api = createApi(s, resume ? stored.cmi : null, resume);
      s.monitor = C.monitor(target, { passMark: manifest.passMark, initial: C.flatten(JSON.parse(JSON.stringify(s.api.cmi)), 'cmi') });
      session = s;
      addSessionLine(s, reason + (resume ? ', resuming from the stored data' : attempt > 1 ? ', new attempt ' + attempt : ''));
      render();
      return navigateFrame(url + manifest.href);
    });
  }

  function createApi(s, cmi, resume) {
    var target = s.target;
    var settings = {
      autocommit: false,
      lmsCommitUrl: false,
      logLevel: 5,
      autoCompleteLessonStatus: false,
      accumulateSessionTimeOnTerminate: true
    };
    var api = target === 'scorm12' ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    var data = cmi ? JSON.parse(JSON.stringify(cmi)) : {};
    if (target === 'scorm12') {
      data.core = data.core || {};
      delete data.core.exit; delete data.core.session_time;
      data.core.student_id = 'preview';
      data.core.student_name = 'Learner, Preview';
      data.core.credit = 'credit';
      data.core.lesson_mode = 'normal';
      data.core.entry = resume ? 'resume' : 'ab-initio';
      if (s.manifest.mastery) { data.student_data = data.student_data || {}; data.student_data.mastery_score = s.manifest.mastery; }
    } else {
      delete data.exit; delete data.session_time; delete data.entry;
      data.learner_id = 'preview';
      data.learner_name = 'Learner, Preview';
      data.credit = 'credit';
      data.mode = 'normal';
      data.entry = resume ? 'resume' : 'ab-initio';
      if (s.manifest.mastery) { data.scaled_passing_score = s.manifest.mastery; }
    }
    api.loadFromJSON(data);

    var names = METHODS[target];
    var getLastError = api[names[5]], getErrorString = api[names[6]];
    names.forEach(function (name) {
      var original = api[name];
      api[name] = function () {
        var args = Array.prototype.slice.call(arguments);
        while (args.length && args[args.length - 1] === undefined) { args.pop(); }
        var entry = { session: s.n, name: name, args: args.map(function (a) { return a === undefined || a === null ? '' : String(a); }), phase: phaseOf(s) };
        var ret;
        try {
          ret = original.apply(api, arguments);
        } catch (e) {
          entry.threw = String(e && e.message || e);
          record(s, entry);
          throw e;
        }
        entry.ret = String(ret);
        entry.error = String(getLastError.call(api));
        if (entry.error !== '0') { entry.errorText = String(getErrorString.call(api, entry.error)); }
        if (name === names[0] && entry.ret === 'true') { s.initialized = true; }
        if (name === names[1] && entry.ret === 'true') { s.finished = true; }
        // What the module committed is what the LMS keeps.
        if ((name === names[4] || name === names[1]) && entry.ret === 'true') { saveStored(s); }
        record(s, entry);
        return ret;
      };
    });
    if (target === 'scorm12') { window.API = api; window.API_1484_11 = undefined; } else { window.API_1484_11 = api; window.API = undefined; }
    return api;
  }

  function record(s, entry) {
    var found = s.monitor.call(entry);
    if (calls.length < MAX_CALLS) { calls.push(entry); }
    found.forEach(function (w) { w.session = s.n; w.call = calls.length; warnings.push(w); });
    render();
  }
  function note(s, text) {
    if (calls.length < MAX_CALLS) { calls.push({ session: s.n, note: text }); }
    render();
  }
  function noteText(text) { calls.push({ session: session ? session.n : 0, note: text }); render(); }
  function addSessionLine(s, reason) {
    calls.push({ session: s.n, line: 'Session ' + s.n + ' (' + C.LABEL[s.target] + ', ' + s.lang + '): ' + reason });
  }

  /* ---------- Rendering ---------- */
  var renderedCalls = 0;
  var renderQueued = false;
  function render() {
    if (renderQueued) { return; }
    renderQueued = true;
    requestAnimationFrame(function () { renderQueued = false; renderNow(); });
  }

  function renderNow() {
    renderWarnings();
    renderValues();
    renderCalls();
  }

  function renderWarnings() {
    var list = $('warnings');
    if (list.childElementCount === warnings.length && list.getAttribute('data-for') === String(sessionCount)) { return; }
    list.textContent = '';
    list.setAttribute('data-for', String(sessionCount));
    warnings.forEach(function (w) {
      var doc = C.WARNINGS[w.id];
      var li = el('li', { 'data-warning': w.id });
      li.appendChild(el('div', { 'class': 'w-title' }, doc.title));
      li.appendChild(el('div', { 'class': 'w-detail' }, w.detail));
      li.appendChild(el('div', { 'class': 'w-lms' }, doc.lms));
      li.appendChild(el('div', { 'class': 'w-doc' }, 'Session ' + w.session + ', call ' + w.call + '. See docs/preview.md#' + w.id + ' in the leskit repository.'));
      list.appendChild(li);
    });
    var count = $('warning-count');
    count.textContent = String(warnings.length);
    count.className = 'count' + (warnings.length ? ' bad' : '');
    $('no-warnings').hidden = warnings.length > 0;
  }

  function valueRow(tbody, element, value, extra) {
    var tr = el('tr', { 'data-element': element });
    tr.appendChild(el('th', { scope: 'row' }, element));
    var td = el('td', { 'class': 'value' }, value === undefined ? '' : value);
    if (extra) { td.appendChild(extra); }
    tr.appendChild(td);
    tbody.appendChild(tr);
  }

  function renderValues() {
    var tbody = $('values');
    tbody.textContent = '';
    if (!session) { return; }
    var s = session, names = N[s.target];
    $('session').textContent = C.LABEL[s.target] + ', session ' + s.n + ', attempt ' + s.attempt;
    var cmi = {};
    try { cmi = C.flatten(JSON.parse(JSON.stringify(s.api.cmi)), 'cmi'); } catch (e) { /* not readable yet */ }
    var set = s.monitor.values;
    var get = function (k) { return set[k] !== undefined ? set[k] : cmi[k] !== undefined ? cmi[k] : ''; };
    var rows = s.target === 'scorm12'
      ? [names.status, names.raw, names.min, names.max, 'cmi.student_data.mastery_score', names.location, names.entry, names.exit, names.time, names.total]
      : [names.status, names.success, names.scaled, names.raw, names.min, names.max, 'cmi.scaled_passing_score', names.progress, names.location, names.entry, names.exit, names.time, names.total];
    rows.forEach(function (k) { valueRow(tbody, k, get(k)); });
    var suspend = get(names.suspend), limit = C.LIMITS[s.target].suspend;
    var meter = el('span', { 'class': 'meter' + (suspend.length > limit ? ' over' : '') });
    var bar = el('span');
    bar.style.width = Math.min(100, suspend.length / limit * 100) + '%';
    meter.appendChild(bar);
    valueRow(tbody, names.suspend, suspend.length.toLocaleString('en') + ' of ' + limit.toLocaleString('en') + ' characters', meter);
    renderInteractions(cmi, s.target);
  }

  function renderInteractions(cmi, target) {
    var fields = target === 'scorm12'
      ? ['id', 'type', 'student_response', 'correct_responses.0.pattern', 'result', 'weighting', 'latency', 'time']
      : ['id', 'type', 'learner_response', 'correct_responses.0.pattern', 'result', 'weighting', 'latency', 'timestamp', 'description'];
    var head = $('interactions-head');
    head.textContent = '';
    var hr = el('tr');
    hr.appendChild(el('th', {}, '#'));
    fields.forEach(function (f) { hr.appendChild(el('th', {}, f.replace('correct_responses.0.pattern', 'correct'))); });
    head.appendChild(hr);
    var body = $('interactions');
    body.textContent = '';
    var n = 0;
    for (; cmi['cmi.interactions.' + n + '.id'] !== undefined || cmi['cmi.interactions.' + n + '.type'] !== undefined; n++) {
      var tr = el('tr', { 'data-interaction': String(n) });
      tr.appendChild(el('td', {}, String(n)));
      for (var i = 0; i < fields.length; i++) { tr.appendChild(el('td', {}, cmi['cmi.interactions.' + n + '.' + fields[i]] || '')); }
      body.appendChild(tr);
    }
    $('interaction-count').textContent = String(n);
  }

  function describe(c) {
    var args = c.args.map(function (a) { return JSON.stringify(a.length > 200 ? a.slice(0, 197) + '...' : a); }).join(', ');
    return c.name + '(' + args + ')';
  }

  function renderCalls() {
    var list = $('calls');
    var atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
    for (; renderedCalls < calls.length; renderedCalls++) {
      var c = calls[renderedCalls], li;
      if (c.line) {
        li = el('li', { 'class': 'session' }, c.line);
      } else if (c.note) {
        li = el('li', { 'class': 'note' }, '— ' + c.note);
      } else {
        var failed = c.threw || (c.error && c.error !== '0');
        li = el('li', { 'data-name': c.name, 'class': failed ? 'error' : '' });
        li.appendChild(document.createTextNode(describe(c) + ' → '));
        li.appendChild(el('span', { 'class': 'ret' }, c.threw ? 'threw ' + c.threw : JSON.stringify(c.ret) + (failed ? ' error ' + c.error + (c.errorText ? ' (' + c.errorText + ')' : '') : '')));
        if (c.phase !== 'run') { li.appendChild(el('span', { 'class': 'phase' }, ' during ' + c.phase)); }
      }
      list.appendChild(li);
    }
    $('call-count').textContent = String(calls.filter(function (c) { return c.name; }).length);
    if (atBottom) { list.scrollTop = list.scrollHeight; }
  }

  /* ---------- The server's state: builds and problems ---------- */
  function fillSelect(select, values, current, label) {
    var have = Array.prototype.map.call(select.options, function (o) { return o.value; }).join(',');
    if (have !== values.join(',')) {
      select.textContent = '';
      values.forEach(function (v) { select.appendChild(el('option', { value: v }, label ? label(v) : v)); });
    }
    select.value = current;
  }

  function showProblems(state) {
    var overlay = $('overlay'), banner = $('overlay-show');
    if (state.ok) {
      overlay.hidden = true;
      banner.hidden = true;
      return;
    }
    var list = $('problems');
    list.textContent = '';
    state.errors.forEach(function (p) {
      var li = el('li', { 'data-code': p.code || '' });
      var where = p.file ? p.file + (p.line ? ':' + p.line + ':' + p.column : '') : '';
      if (where) { li.appendChild(el('span', { 'class': 'where' }, where)); li.appendChild(document.createTextNode(' ')); }
      li.appendChild(el('span', { 'class': 'message' }, (p.code ? p.code + ': ' : '') + p.message));
      li.appendChild(el('pre', {}, p.text));
      list.appendChild(li);
    });
    $('overlay-note').textContent = state.build > 0
      ? 'The module below is the last good version and stays usable. Fix the file and save: the page updates by itself.'
      : 'There is nothing to show until they are fixed. Save the file and the page updates by itself.';
    var n = state.errors.length;
    banner.textContent = n + (n === 1 ? ' error' : ' errors') + ' in the sources: show';
    if (banner.hidden) { overlay.hidden = false; }
  }

  function applyState(state) {
    info = state;
    $('title').textContent = state.title ? '· ' + state.title : '';
    if (state.title) { document.title = state.title + ' – leskit preview'; }
    if (state.targets.indexOf(view.target) < 0) { view.target = state.target; }
    if (state.languages.length && state.languages.indexOf(view.lang) < 0) { view.lang = state.languages[0]; }
    fillSelect($('target'), state.targets, view.target, function (t) { return C.LABEL[t]; });
    fillSelect($('lang'), state.languages, view.lang);
    showProblems(state);
    if (state.build > 0 && state.build !== loadedBuild) {
      var first = loadedBuild === 0;
      loadedBuild = state.build;
      launch('resume', first ? 'launched' : 'the sources changed');
    }
  }

  function keepInUrl() {
    var q = new URLSearchParams(location.search);
    if (view.target) { q.set('target', view.target); }
    if (view.lang) { q.set('lang', view.lang); }
    history.replaceState(null, '', '?' + q.toString());
  }

  function connect() {
    var live = $('live');
    var source = new EventSource('/events');
    source.addEventListener('state', function (e) {
      live.textContent = 'live';
      live.className = 'live';
      applyState(JSON.parse(e.data));
    });
    source.onerror = function () {
      live.textContent = 'not connected: is leskit preview still running?';
      live.className = 'live off';
    };
  }

  /* ---------- Controls ---------- */
  $('restart').addEventListener('click', function () { if (info && info.build) { launch('fresh', 'a new attempt'); } });
  $('relaunch').addEventListener('click', function () { if (info && info.build) { launch('resume', 'closed and launched again'); } });
  $('target').addEventListener('change', function (e) {
    view.target = e.target.value;
    keepInUrl();
    warnings = [];
    if (info && info.build) { launch('resume', 'switched to ' + C.LABEL[view.target]); }
  });
  $('lang').addEventListener('change', function (e) {
    view.lang = e.target.value;
    keepInUrl();
    if (info && info.build) { launch('resume', 'switched the interface language to ' + view.lang); }
  });
  $('tabswitch').addEventListener('click', function () {
    // As when the learner switches to another tab and back: the module's page is hidden, then
    // visible again.
    var doc;
    try { doc = frame.contentWindow.document; } catch (e) { return; }
    ['hidden', 'visible'].forEach(function (state) {
      Object.defineProperty(doc, 'visibilityState', { configurable: true, get: function () { return state; } });
      Object.defineProperty(doc, 'hidden', { configurable: true, get: function () { return state === 'hidden'; } });
      doc.dispatchEvent(new Event('visibilitychange'));
    });
    delete doc.visibilityState;
    delete doc.hidden;
  });
  $('overlay-hide').addEventListener('click', function () { $('overlay').hidden = true; $('overlay-show').hidden = false; });
  $('overlay-show').addEventListener('click', function () { $('overlay').hidden = false; $('overlay-show').hidden = true; });

  fetch('/lms/state.json', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (state) {
    applyState(state);
    keepInUrl();
    // After the page's load event: an open event stream would hold it back for ever.
    if (document.readyState === 'complete') { connect(); } else { window.addEventListener('load', connect); }
  });
}());
