/* Time, in each standard's own syntax, written and read. Pure. */

/**
 * @param {number} n
 * @param {number} width
 * @returns {string}
 */
export function pad(n, width) {
  var s = String(n);
  while (s.length < width) { s = '0' + s; }
  return s;
}

/**
 * SCORM 1.2 CMITimespan: HHHH:MM:SS.SS.
 * @param {number} ms
 * @returns {string}
 */
export function timespan12(ms) {
  var cs = Math.max(0, Math.round(ms / 10));
  var h = Math.min(9999, Math.floor(cs / 360000));
  return pad(h, 4) + ':' + pad(Math.floor(cs / 6000) % 60, 2) + ':' + pad(Math.floor(cs / 100) % 60, 2) + '.' + pad(cs % 100, 2);
}

/**
 * SCORM 2004 timeinterval (ISO 8601 duration): PT1H2M3.45S, always in the same shape. cmi5's
 * durations are written so too.
 * @param {number} ms
 * @returns {string}
 */
export function duration2004(ms) {
  var cs = Math.max(0, Math.round(ms / 10));
  var s = Math.floor(cs / 100) % 60, c = cs % 100;
  return 'PT' + Math.floor(cs / 360000) + 'H' + Math.floor(cs / 6000) % 60 + 'M' + s + (c ? '.' + pad(c, 2) : '') + 'S';
}

/**
 * SCORM 1.2 CMITime: HH:MM:SS.
 * @param {Date} d
 * @returns {string}
 */
export function clock12(d) { return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2); }

/**
 * SCORM 2004 time (a timestamp without zone): 2026-11-29T10:00:00.
 * @param {Date} d
 * @returns {string}
 */
export function timestamp2004(d) {
  return d.getFullYear() + '-' + pad(d.getMonth() + 1, 2) + '-' + pad(d.getDate(), 2) + 'T' + clock12(d);
}

/**
 * SCORM 1.2 CMITimespan (HHHH:MM:SS.SS) in milliseconds; 0 when empty or malformed.
 * @param {string} text
 * @returns {number}
 */
export function parseTimespan12(text) {
  var m = /^(\d{2,4}):(\d{2}):(\d{2})(\.\d{1,2})?$/.exec(String(text || '').trim());
  if (!m) { return 0; }
  return ((+m[1] * 60 + +m[2]) * 60 + +m[3] + (m[4] ? +m[4] : 0)) * 1000;
}

/**
 * SCORM 2004 timeinterval (ISO 8601 duration, e.g. PT1H5M3.5S) in milliseconds; 0 when empty
 * or malformed. Years and months count as 365 and 30 days: nobody spends them on a module.
 * @param {string} text
 * @returns {number}
 */
export function parseDuration2004(text) {
  var n = '(\\d+(?:\\.\\d+)?)';
  var m = new RegExp('^P(?:' + n + 'Y)?(?:' + n + 'M)?(?:' + n + 'D)?(?:T(?:' + n + 'H)?(?:' + n + 'M)?(?:' + n + 'S)?)?$')
    .exec(String(text || '').trim());
  if (!m || /T$/.test(m[0]) || m[0] === 'P') { return 0; }
  var seconds = [365 * 86400, 30 * 86400, 86400, 3600, 60, 1];
  var total = 0;
  for (var i = 0; i < 6; i++) { if (m[i + 1]) { total += parseFloat(m[i + 1]) * seconds[i]; } }
  return Math.round(total * 1000);
}
