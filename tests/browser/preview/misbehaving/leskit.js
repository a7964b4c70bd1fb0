/* A deliberately misbehaving SCO for the preview's browser tests: it replaces leskit's page shell
 * (`leskit preview --templates tests/browser/preview/misbehaving`), initialises the session and
 * then does, on command, each thing a real LMS rejects or mishandles:
 *   window.sco.misbehave('<warning id>')
 * Never use it for anything else. */
(function () {
  'use strict';
  var is2004 = document.body.getAttribute('data-standard') === 'scorm2004';
  function find(name) {
    var win = window;
    for (var i = 0; win && i < 10; i++) {
      try { if (win[name]) { return win[name]; } } catch (e) { /* another origin */ }
      if (win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }
  var api = find(is2004 ? 'API_1484_11' : 'API');
  var N = is2004
    ? { init: 'Initialize', finish: 'Terminate', set: 'SetValue', commit: 'Commit', status: 'cmi.completion_status',
        suspend: 'cmi.suspend_data', raw: 'cmi.score.raw', min: 'cmi.score.min', max: 'cmi.score.max', exit: 'cmi.exit',
        time: 'cmi.session_time', other: 'cmi.core.lesson_status' }
    : { init: 'LMSInitialize', finish: 'LMSFinish', set: 'LMSSetValue', commit: 'LMSCommit', status: 'cmi.core.lesson_status',
        suspend: 'cmi.suspend_data', raw: 'cmi.core.score.raw', min: 'cmi.core.score.min', max: 'cmi.core.score.max',
        exit: 'cmi.core.exit', time: 'cmi.core.session_time', other: 'cmi.completion_status' };
  function set(k, v) { return api[N.set](k, String(v)); }
  function commit() { return api[N.commit](''); }
  function finish() { return api[N.finish](''); }
  /* What a well-behaved SCO does before leaving for later: nothing else to warn about. */
  function suspendQuietly() {
    set(N.status, 'incomplete');
    set(N.exit, 'suspend');
    commit();
  }

  var misdeeds = {
    'suspend-data-limit': function () { set(N.suspend, new Array(5001).join('x')); commit(); },
    'status-contradicts-pass-mark': function () {
      // The manifest's pass mark is 80: 50 fails, whatever the module says.
      set(N.min, 0); set(N.max, 100); set(N.raw, 50);
      if (is2004) { set('cmi.score.scaled', 0.5); set('cmi.success_status', 'passed'); } else { set(N.status, 'passed'); }
      commit();
    },
    'no-completion': function () { finish(); },
    'other-standard': function () { set(N.other, 'completed'); },
    'session-time-syntax': function () { set(N.time, is2004 ? 'PT50S.21S' : 'PT50S'); },
    'interaction-syntax': function () {
      set('cmi.interactions.0.id', 'q1');
      set('cmi.interactions.0.type', 'choice');
      if (is2004) { set('cmi.interactions.0.description', new Array(302).join('d')); } else { set('cmi.interactions.0.student_response', 'abc'); }
    },
    'score-max-missing': function () { set(N.raw, 90); commit(); },
    'terminate-on-tab-switch': function () {
      suspendQuietly();
      document.addEventListener('visibilitychange', function () {
        if (document.visibilityState === 'hidden') { finish(); }
      });
    },
    'work-left-for-unload': function () {
      window.addEventListener('unload', function () {
        set(N.suspend, 'saved too late');
        commit();
      });
    }
  };

  var started = api && api[N.init]('') === 'true';
  window.sco = {
    started: started,
    misbehave: function (what) {
      if (!misdeeds[what]) { throw new Error('no misdeed called ' + what); }
      misdeeds[what]();
      return true;
    }
  };
}());
