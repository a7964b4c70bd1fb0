/* leskit preview: a simulated LMS. It offers scorm-again's SCORM 1.2 or 2004 run-time to the
 * module in the frame, reads the package's manifest as an LMS does (launch page, mastery score),
 * stores what the module commits (in this tab's sessionStorage) and launches it again with that
 * data, and shows every call, the values the LMS holds and what real LMSs would reject.
 * A course package runs as a course: SCORM 2004 through scorm-again's sequencer, built from the
 * manifest's sequencing (course.js, which the browser tests' course LMS reads with too), SCORM 1.2
 * SCO by SCO, each opening once its adlcp:prerequisites are met; the inspector shows what the LMS
 * records for each SCO.
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
  // In a preview of the whole project each module and course has its own address.
  var route = location.pathname.match(/^\/(modules|courses)\/[^/]+\//);
  var STATE_URL = route ? route[0] + 'state.json' : '/lms/state.json';
  var EVENTS_URL = route ? route[0] + 'events' : '/events';
  var info = null;             // the server's latest state
  var view = { target: params.get('target'), lang: params.get('lang') };
  var loadedBuild = 0;
  var session = null;          // the running SCO session
  var sessionCount = 0;
  var calls = [];              // every call of every session since the last restart
  var warnings = [];
  var launching = null;        // a promise while a launch runs
  var queued = null;           // the launch asked for meanwhile
  var course = null;           // a course package: its SCOs, what the LMS records of each, its run-time

  /* The state of the page, for people in the console and for tests. */
  window.leskitPreview = {
    get build() { return loadedBuild; },
    get session() { return session ? { n: session.n, loaded: session.loaded, target: session.target, lang: session.lang } : null; },
    get calls() { return calls.slice(); },
    get warnings() { return warnings.map(function (w) { return w.id; }); },
    get ok() { return !!(info && info.ok); },
    /* A course: every SCO in order, with whether the LMS lets the learner open it now and what
     * it records of it. */
    get course() {
      return course ? course.items.map(function (i) {
        return { id: i.id, title: i.title, open: isOpen(i), record: recordOf(i.id) };
      }) : null;
    },
    get current() { return course ? course.current : null; }
  };

  /* ---------- What the LMS stores between launches ---------- */
  /* A module's data lives in this tab's sessionStorage; a course's per SCO in the page, with its
   * run-time (the SCORM 2004 sequencer's state cannot outlive the page). */
  function storeKey(target) { return 'leskit-preview:' + (info ? info.kind + ':' + info.module : '') + ':' + target; }
  function loadStored(target, item) {
    if (item) { return course.stored[item] || null; }
    try { return JSON.parse(sessionStorage.getItem(storeKey(target)) || 'null'); } catch (e) { return null; }
  }
  function saveStored(s) {
    var data = {
      cmi: JSON.parse(JSON.stringify(s.api.cmi)), exit: s.monitor.values[N[s.target].exit] || '', attempt: s.attempt
    };
    if (s.item) {
      if (course && course.target === s.target) { course.stored[s.item] = data; renderCourse(); }
      return;
    }
    try {
      sessionStorage.setItem(storeKey(s.target), JSON.stringify(data));
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
  function base() { return info.base + view.target + '/' + encodeURIComponent(view.lang) + '/'; }

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
    if (!session || session.closed) { return Promise.resolve(); }
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
    if (!s || s.closed || win.location.pathname.indexOf(info.base) !== 0) { return; }
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
      if (mode === 'fresh' || info.kind === 'course' && !(course && course.target === target && course.lang === lang)) {
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
      if (info.kind === 'course') { return launchCourse(text, mode, reason, target, lang); }
      var manifest = readManifest(text, target);
      var stored = loadStored(target);
      var resume = !!(stored && stored.exit === 'suspend');
      var attempt = stored ? (resume ? stored.attempt : stored.attempt + 1) : 1;
      var s = {
        n: ++sessionCount, target: target, lang: lang, build: build, attempt: attempt, manifest: manifest,
        initialized: false, finished: false, loaded: false, closed: false
      };
      s.api = createApi(target);
      prepare(s.api, s, resume ? stored.cmi : null, resume);
      s.monitor = C.monitor(target, { passMark: manifest.passMark, initial: C.flatten(JSON.parse(JSON.stringify(s.api.cmi)), 'cmi') });
      session = s;
      addSessionLine(s, reason + (resume ? ', resuming from the stored data' : attempt > 1 ? ', new attempt ' + attempt : ''));
      render();
      return navigateFrame(url + manifest.href);
    });
  }

  var SETTINGS = {
    autocommit: false,
    lmsCommitUrl: false,
    logLevel: 5,
    autoCompleteLessonStatus: false,
    accumulateSessionTimeOnTerminate: true
  };

  /* A run-time, offered to the frame, whose every call is recorded for the session running at
   * the time. `sequencing`: scorm-again's sequencing settings (a SCORM 2004 course). */
  function createApi(target, sequencing) {
    var settings = Object.assign({}, SETTINGS);
    if (sequencing) { settings.sequencing = sequencing; }
    var api = target === 'scorm12' ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    var names = METHODS[target];
    var getLastError = api[names[5]], getErrorString = api[names[6]];
    names.forEach(function (name) {
      var original = api[name];
      api[name] = function () {
        var s = session;
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

  /* What the LMS gives the SCO of session `s` at its launch: the stored data when it resumes,
   * the learner, the mode, and the manifest's pass mark. */
  function prepare(api, s, cmi, resume) {
    var data = cmi ? JSON.parse(JSON.stringify(cmi)) : {};
    if (s.target === 'scorm12') {
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
  }

  /* ---------- A course ---------- */
  /* Starts the course afresh (another standard or language, Restart attempt, the first launch)
   * or, when it runs already, launches the SCO that ran last again (the sources changed, Close
   * and relaunch). */
  function launchCourse(text, mode, reason, target, lang) {
    var read = window.LeskitCourse.read(text);
    var same = course && course.target === target && course.lang === lang && mode !== 'fresh';
    if (same) {
      course.items = read.items;
      var again = course.current || read.items[0].id;
      return target === 'scorm2004' ? choose(again, reason) : startSco(again, reason);
    }
    course = {
      target: target, lang: lang, items: read.items, title: read.title, org: read.org,
      stored: {}, current: null, deliveries: [], api: null, used: false, sequencing: null
    };
    if (target === 'scorm12') {
      var first = read.items.filter(function (i) { return isOpen(i); })[0];
      renderCourse();
      return first ? startSco(first.id, reason) : Promise.resolve();
    }
    var tree = read.tree();
    course.passMarks = {};
    (function walk(a) {
      var p = a.primaryObjective;
      if (p && p.satisfiedByMeasure) { course.passMarks[a.id] = String(p.minNormalizedMeasure); }
      (a.children || []).forEach(walk);
    })(tree);
    var c = course;
    course.api = createApi(target, {
      activityTree: tree,
      eventListeners: {
        onActivityDelivery: function (activity) {
          c.deliveries.push(activity.id);
          // Delivery happens inside the previous SCO's Terminate: launch once that returned.
          setTimeout(function () { if (course === c) { startSco(activity.id, 'delivered by the course\'s sequencing'); } }, 0);
        }
      }
    });
    // Before the sequencer delivers the first SCO: its calls need a session to be recorded in.
    session = { n: 0, target: target, closed: true, monitor: C.monitor(target, { passMark: null, initial: {} }) };
    var ok = course.api.processNavigationRequest('start');
    if (!ok) { noteText('the course\'s sequencing delivered nothing at its start'); }
    renderCourse();
    return Promise.resolve();
  }

  /* Launches the SCO `id` of the course in the frame, with what the LMS stored of it. */
  function startSco(id, reason) {
    var c = course;
    var item = c.items.filter(function (i) { return i.id === id; })[0];
    if (!item) { return Promise.resolve(); }
    return closeFrame().then(function () {
      if (course !== c) { return null; }
      var stored = loadStored(c.target, id);
      var resume = !!(stored && stored.exit === 'suspend');
      var attempt = stored ? (resume ? stored.attempt : stored.attempt + 1) : 1;
      var mastery = c.target === 'scorm12' ? item.masteryscore : c.passMarks[id];
      var manifest = { href: item.href, mastery: mastery || undefined, passMark: mastery ? Number(mastery) * (c.target === 'scorm12' ? 1 : 100) : null };
      var s = {
        n: ++sessionCount, target: c.target, lang: c.lang, build: info.build, attempt: attempt, manifest: manifest, item: id,
        initialized: false, finished: false, loaded: false, closed: false
      };
      if (c.target === 'scorm2004') {
        // One run-time for the whole course, reset between SCOs: the sequencer's state lives on.
        if (c.used) { c.api.reset(); }
        c.used = true;
        s.api = c.api;
      } else {
        s.api = createApi(c.target);
      }
      prepare(s.api, s, resume ? stored.cmi : null, resume);
      s.monitor = C.monitor(c.target, { passMark: manifest.passMark, initial: C.flatten(JSON.parse(JSON.stringify(s.api.cmi)), 'cmi') });
      session = s;
      c.current = id;
      addSessionLine(s, item.title + ': ' + reason + (resume ? ', resuming from the stored data' : attempt > 1 ? ', new attempt ' + attempt : ''));
      renderCourse();
      render();
      return navigateFrame(base() + item.href);
    });
  }

  /* The learner opens `id` from the LMS's list of the course's modules. SCORM 2004: a choice
   * navigation request, which the sequencer grants or refuses by the course's rules; 1.2: a
   * launch, if the SCO's prerequisites are met. */
  function choose(id, reason) {
    var c = course;
    return closeFrame().then(function () {
      if (course !== c) { return; }
      if (c.target === 'scorm12') {
        var item = c.items.filter(function (i) { return i.id === id; })[0];
        if (!isOpen(item)) { noteText(item.title + ' is closed: its prerequisites are not met'); return; }
        return startSco(id, reason);
      }
      var before = c.deliveries.length;
      var ok = c.api.processNavigationRequest('choice', id);
      var state = c.api.getSequencingService().getSequencingState();
      if (ok && c.deliveries.length === before && state.currentActivity && state.currentActivity.id === id) {
        // scorm-again announces no delivery when the sequencer delivers again the activity whose
        // SCO just ended (a suspended attempt it resumes): the LMS launches it all the same.
        c.deliveries.push(id);
        return startSco(id, reason);
      }
      if (c.deliveries.length === before) {
        noteText('the course\'s sequencing refused to open ' + id);
        renderCourse();
      }
    });
  }

  /* Whether the LMS lets the learner open `item` now. */
  function isOpen(item) {
    if (!course || !item) { return false; }
    if (course.target === 'scorm12') {
      var status = {};
      Object.keys(course.stored).forEach(function (id) {
        var core = course.stored[id].cmi.core || {};
        status[id] = core.lesson_status;
      });
      return window.LeskitCourse.met12(item, status);
    }
    try {
      // What the run-time answers for adl.nav.request_valid.choice.{target=…}.
      var process = course.api.adl.nav.sequencing.overallSequencingProcess;
      if (process.invalidateNavigationCache) { process.invalidateNavigationCache(); }
      return !!process.predictChoiceEnabled(item.id);
    } catch (e) { return false; }
  }

  /* What the LMS records of the SCO `id`: what it last committed. */
  function recordOf(id) {
    var stored = course && course.stored[id];
    if (!stored) { return null; }
    var cmi = C.flatten(JSON.parse(JSON.stringify(stored.cmi)), 'cmi'), names = N[course.target];
    var out = {};
    ['status', 'success', 'raw', 'max', 'location'].forEach(function (k) {
      if (names[k] && cmi[names[k]] !== undefined) { out[k] = cmi[names[k]]; }
    });
    out.exit = stored.exit;
    out.suspend = (cmi[names.suspend] || '').length;
    out.attempt = stored.attempt;
    return out;
  }

  /* The course's state as its sequencer rolled it up (SCORM 2004). */
  function rollup() {
    try {
      var root = course.api.getSequencingService().getSequencingState().rootActivity;
      var out = root.completionStatus || 'unknown';
      if (root.objectiveSatisfiedStatusKnown) { out += ', ' + (root.objectiveSatisfiedStatus ? 'passed' : 'failed'); }
      if (root.objectiveMeasureStatus) { out += ', score ' + Math.round(root.objectiveNormalizedMeasure * 100) + ' %'; }
      return out;
    } catch (e) { return ''; }
  }

  function renderCourse() {
    var section = $('course-section');
    section.hidden = !course;
    if (!course) { return; }
    $('course-state').textContent = course.target === 'scorm2004' ? 'course: ' + rollup() : C.LABEL.scorm12;
    $('course-title').textContent = course.title;
    $('course-rule').textContent = course.target === 'scorm12'
      ? 'SCORM 1.2: the LMS opens a module once its prerequisites (adlcp:prerequisites) are completed or passed.'
      : 'SCORM 2004: the course\'s sequencing rules (imsss) decide which module opens; the module\'s own buttons ask for the next one.';
    var list = $('outline');
    var rows = course.items.map(function (item) {
      return { item: item, open: isOpen(item), rec: recordOf(item.id), running: course.current === item.id && !!session && !session.closed };
    });
    // Drawn again only when something changed: a button that keeps its place keeps the focus.
    var drawn = JSON.stringify([course.target, rows.map(function (r) { return [r.item.id, r.item.title, r.open, r.rec, r.running]; })]);
    if (list.getAttribute('data-drawn') === drawn) { return; }
    list.setAttribute('data-drawn', drawn);
    var focused = document.activeElement && document.activeElement.closest && document.activeElement.closest('#outline li');
    var refocus = focused ? focused.getAttribute('data-item') : null;
    list.textContent = '';
    rows.forEach(function (row, i) {
      var item = row.item, open = row.open, rec = row.rec, running = row.running;
      var li = el('li', { 'data-item': item.id, 'data-open': String(open), 'class': running ? 'current' : '' });
      var head = el('div', { 'class': 'o-head' });
      head.appendChild(el('span', { 'class': 'o-title' }, (i + 1) + '. ' + item.title));
      var badge = el('span', { 'class': 'o-state ' + (running ? 'running' : open ? 'open' : 'closed') }, running ? 'running' : open ? 'open' : 'closed');
      head.appendChild(badge);
      li.appendChild(head);
      var what = rec
        ? [rec.status, rec.success && rec.success !== 'unknown' ? rec.success : '', rec.raw !== undefined && rec.raw !== '' ? 'score ' + rec.raw + (rec.max ? '/' + rec.max : '') : '',
          rec.location ? 'at ' + rec.location : '', rec.exit ? 'exit ' + rec.exit : '', rec.suspend + ' chars suspend_data']
          .filter(Boolean).join(' · ')
        : 'not attempted';
      li.appendChild(el('div', { 'class': 'o-record' }, what));
      if (!open && item.prerequisites && course.target === 'scorm12') {
        li.appendChild(el('div', { 'class': 'o-why' }, 'waits for ' + item.prerequisites.split('&').map(function (p) {
          var other = course.items.filter(function (x) { return x.id === p.trim(); })[0];
          return other ? other.title : p;
        }).join(' and ')));
      }
      var button = el('button', { type: 'button', 'class': 'o-open' }, running ? 'Open again' : 'Open');
      button.disabled = !open;
      button.setAttribute('aria-label', (running ? 'Open again: ' : 'Open: ') + item.title + (open ? '' : ' (closed)'));
      button.addEventListener('click', function () { launchQueued(function () { return choose(item.id, 'opened from the course\'s list'); }); });
      li.appendChild(button);
      list.appendChild(li);
      if (refocus === item.id) { (button.disabled ? list : button).focus(); }
    });
  }

  /* Runs `work` (which returns a promise) once no launch is under way. */
  function launchQueued(work) {
    var run = function () { return work().catch(function (e) { noteText('the preview could not open the module: ' + (e && e.message || e)); }); };
    launching = (launching || Promise.resolve()).then(run).then(function () { launching = null; });
    return launching;
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
    if (course) { renderCourse(); }
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
    $('view-count').textContent = String(warnings.length);
    $('view-count').className = count.className;
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
    $('back').hidden = !state.index;
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
    var source = new EventSource(EVENTS_URL);
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
    course = null;
    if (info && info.build) { launch('resume', 'switched to ' + C.LABEL[view.target]); }
  });
  $('lang').addEventListener('change', function (e) {
    view.lang = e.target.value;
    course = null;
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
  /* On a narrow screen the module and the inspector take turns, so that the inspector never covers
   * the module's own buttons. */
  $('view-switch').addEventListener('click', function () {
    var show = !document.body.classList.contains('show-inspector');
    document.body.classList.toggle('show-inspector', show);
    var button = $('view-switch');
    button.setAttribute('aria-expanded', String(show));
    button.firstChild.textContent = show ? 'Back to the module ' : 'Inspector ';
    if (show) { $('inspector').focus(); }
  });
  $('overlay-hide').addEventListener('click', function () { $('overlay').hidden = true; $('overlay-show').hidden = false; });
  $('overlay-show').addEventListener('click', function () { $('overlay').hidden = false; $('overlay-show').hidden = true; });

  fetch(STATE_URL, { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (state) {
    applyState(state);
    keepInUrl();
    // After the page's load event: an open event stream would hold it back for ever.
    if (document.readyState === 'complete') { connect(); } else { window.addEventListener('load', connect); }
  });
}());
