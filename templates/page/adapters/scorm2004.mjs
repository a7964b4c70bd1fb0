/* SCORM 2004: completion and success apart, times as ISO 8601 durations, the scaled passing
 * score, and in a course package the way on to the previous or next SCO (adl.nav). */
import { duration2004, parseDuration2004 } from '../core.mjs';
import { ELEMENTS, scorm } from './scorm.mjs';

var N = ELEMENTS.scorm2004;

export var scorm2004 = scorm({
  standard: 'scorm2004',
  api: 'API_1484_11',
  time: duration2004,
  parseTime: parseDuration2004,
  passMark: function (value) { return Math.round(value * 10000) / 100; },
  /* Status and score. Completion follows core.completed and never goes back; during a retry (or
   * after a relaunch of a completed attempt) the last result stays until the new one is in. */
  report: function (page, set, o, finished) {
    var state = page.state, mod = page.mod, before = state.completed || state.attempt > 1;
    if (mod.scored && finished) {
      set(N.min, 0); set(N.max, 100); set(N.raw, o.score);
      set(N.scaled, Math.round(o.score * 100) / 10000);
    }
    set(N.status, state.completed ? 'completed' : 'incomplete');
    if (mod.scored) {
      if (finished) { set(N.success, o.passed ? 'passed' : 'failed'); }
      else if (!before) { set(N.success, 'unknown'); }
    }
    // In a course, a module without a quiz is passed once completed: the LMS opens the modules
    // that wait for it on that (see docs/lms-guide.md).
    else if (page.data.course && state.completed) { set(N.success, 'passed'); }
    set(N.progress, page.progress());
  },
  exit: function () { return 'normal'; },
  courseNavigation: true
});
