/* The page shell's pure core: scoring, the compact resume state, interactions, time and the
 * proof's text, plus the course navigation rule. Nothing here touches the page or the LMS, so it
 * all runs in node for unit tests (tests/js/). */
export * from './score.mjs';
export * from './state.mjs';
export * from './time.mjs';
export * from './interactions.mjs';
export * from './proof.mjs';

/**
 * In a SCORM 2004 course package the previous/next buttons at a module's first and last page
 * ask the LMS for the previous or next module (adl.nav.request), but only where the package has
 * one and the LMS says the request is valid (`valid`: its adl.nav.request_valid answer).
 * Returns 'previous', 'continue' or null (the button stays within the module).
 * @param {PageData} data
 * @param {'prev' | 'next'} direction
 * @param {number} index
 * @param {number} count
 * @param {string} valid
 * @returns {'previous' | 'continue' | null}
 */
export function courseRequest(data, direction, index, count, valid) {
  var course = data.course;
  if (data.standard !== 'scorm2004' || !course || valid !== 'true') { return null; }
  if (direction === 'prev' && index === 0 && course.previous) { return 'previous'; }
  if (direction === 'next' && index === count - 1 && course.next) { return 'continue'; }
  return null;
}
