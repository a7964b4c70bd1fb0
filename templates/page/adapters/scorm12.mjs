/* SCORM 1.2: one status for completion and success, times as HHHH:MM:SS.SS, the mastery score
 * in percent. */
import { parseTimespan12, timespan12 } from '../core.mjs';
import { ELEMENTS, scorm } from './scorm.mjs';

var N = ELEMENTS.scorm12;

export var scorm12 = scorm({
  standard: 'scorm12',
  api: 'API',
  time: timespan12,
  parseTime: parseTimespan12,
  passMark: function (value) { return value; },
  /* Status and score. Completion follows core.completed and never goes back; during a retry (or
   * after a relaunch of a completed attempt) the last result stays until the new one is in. */
  report: function (page, set, o, finished) {
    var state = page.state, before = state.completed || state.attempt > 1;
    if (page.mod.scored) {
      // 1.2 has one status for both: passed or failed once completed with every question answered.
      if (finished && state.completed) {
        set(N.min, 0); set(N.max, 100); set(N.raw, o.score);
        set(N.status, o.passed ? 'passed' : 'failed');
      } else if (!before) {
        set(N.status, 'incomplete');
      }
    } else {
      set(N.status, state.completed ? 'completed' : 'incomplete');
    }
  },
  exit: function () { return ''; },
  courseNavigation: false
});
