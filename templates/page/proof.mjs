/* Proof of participation: what the printable proof says, from what the page knows. The words
 * come from strings.json (`S`), so the proof follows the interface language. Pure. */
import { number } from './score.mjs';

/**
 * The learner's name as people write it: SCORM 1.2 LMSs give "Last, First", shown "First Last".
 * A name with more than one comma is shown as given.
 * @param {unknown} raw
 * @returns {string}
 */
export function displayName(raw) {
  var name = String(raw === undefined || raw === null ? '' : raw).replace(/\s+/g, ' ').trim();
  var parts = name.split(',');
  if (parts.length !== 2) { return name; }
  return (parts[1].trim() + ' ' + parts[0].trim()).trim();
}

/**
 * Time spent in words, to the minute: "1 uur 5 minuten", "12 minuten".
 * @param {number} ms
 * @param {Strings} S
 * @returns {string}
 */
export function durationWords(ms, S) {
  if (!(ms >= 60000)) { return S.proof_under_minute; }
  /** @type {string[]} */
  var words = [];
  var minutes = Math.round(ms / 60000), h = Math.floor(minutes / 60), m = minutes % 60;
  /** @param {number} k @param {string} one @param {string} many */
  function say(k, one, many) { return (k === 1 ? one : many).replace('{n}', String(k)); }
  if (h) { words.push(say(h, S.proof_hour, S.proof_hours)); }
  if (m) { words.push(say(m, S.proof_minute, S.proof_minutes)); }
  return words.join(' ');
}

/**
 * A date written out: "29 november 2026".
 * @param {Date} d
 * @param {Strings} S
 * @returns {string}
 */
export function dateWords(d, S) {
  var months = S.proof_months.split(',');
  return S.proof_date_format.replace('{day}', String(d.getDate())).replace('{month}', months[d.getMonth()].trim())
    .replace('{year}', String(d.getFullYear()));
}

/**
 * Whether this SCO is a course's final test (the build says so).
 * @param {PageData} data
 * @returns {boolean}
 */
export function isFinalTest(data) {
  return !!(data.course && data.course.finalTest);
}

/**
 * What the proof is about: the module, or, for a course's final test, the course.
 * @param {PageData} data
 * @returns {ProofSubject}
 */
export function proofSubject(data) {
  if (data.course && isFinalTest(data)) { return { title: data.course.title, version: data.module.version, course: null }; }
  return { title: data.module.title, version: data.module.version, course: data.course ? data.course.title : null };
}

/**
 * The proof's text; the organisation leskit.toml names, if any, is its first fact.
 * @param {ProofFacts} p
 * @param {Strings} S
 * @returns {{ statement: string, course: string | null, facts: [string, string][], disclaimer: string }}
 */
export function proofText(p, S) {
  /** @param {string} text @param {Record<string, string>} values */
  function fill(text, values) { return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; }); }
  /** @type {[string, string][]} */
  var facts = p.organisation ? [[S.proof_organisation, p.organisation]] : [];
  facts.push([S.proof_date, dateWords(p.date, S)]);
  if (p.scored) { facts.push([S.proof_score, fill(S.proof_score_value, { score: number(p.score, p.language), pass: number(p.passMark, p.language) })]); }
  facts.push([S.proof_time, durationWords(p.spent, S)]);
  return {
    statement: fill(S.proof_statement, { name: p.name || S.proof_someone, title: p.subject.title, version: p.subject.version }),
    course: p.subject.course ? fill(S.proof_in_course, { course: p.subject.course }) : null,
    facts: facts,
    disclaimer: p.standalone ? S.proof_disclaimer_standalone : S.proof_disclaimer
  };
}
