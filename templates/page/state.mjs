/* The compact resume state, and what the LMS says about an earlier session. Pure.
 *
 * SCORM 1.2 keeps at most 4,096 characters of suspend_data, so the state is written compactly:
 *   "3|<attempt>|<flags>|<seen pages>|<answers>|<next interaction index>"
 * flags: 1 = the last page was reached, 2 = the module was completed (completion never goes
 * back). The next interaction index is the page's own count of the interactions it wrote, for
 * LMSs that answer "" for cmi.interactions._count. States of version 2 (the same without the
 * index, flags only 0/1) still resume.
 * Every question, page and option is named by a short hash of its YAML id, never by its
 * position, so that an author who adds a page or a question does not lose anybody's progress.
 * An answer records the hash of its question's option ids: when the author changes the options,
 * only that answer is dropped (it may no longer make sense). */
import { position } from './score.mjs';

export var B36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * FNV-1a, 32 bits, written in base 36 with a fixed width.
 * @param {string} text
 * @param {number} width
 * @returns {string}
 */
export function hash(text, width) {
  var h = 0x811c9dc5;
  for (var i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  var out = '', n = h % Math.pow(36, width);
  for (var j = 0; j < width; j++) { out = B36.charAt(n % 36) + out; n = Math.floor(n / 36); }
  return out;
}

/**
 * Unique four-character keys for the questions (`quiz.question`). A collision, rare, is
 * resolved by rehashing the later id in sorted order, which both sides of a resume agree on.
 * @param {string[]} ids
 * @returns {Record<string, string>}
 */
export function keys(ids) {
  /** @type {Record<string, boolean>} */
  var taken = {};
  /** @type {Record<string, string>} */
  var out = {};
  ids.slice().sort().forEach(function (id) {
    var k = hash(id, 4), n = 0;
    while (taken[k]) { n++; k = hash(id + '#' + n, 4); }
    taken[k] = true;
    out[id] = k;
  });
  return out;
}

/** @param {Question} q @returns {string[]} */
function optionIds(q) {
  if (q.kind === 'single' || q.kind === 'multiple') { return q.options.map(function (o) { return o.id; }); }
  if (q.kind === 'true-false') { return ['true', 'false']; }
  /** @type {string[]} */
  var ids = [];
  Object.keys(q.steps).sort().forEach(function (s) {
    ids.push(s);
    q.steps[s].choices.forEach(function (c) { ids.push(s + '>' + c.id + '>' + c.next); });
  });
  return ids;
}

/**
 * One character that changes when the question's options do.
 * @param {Question} q
 * @returns {string}
 */
export function shape(q) { return hash(q.kind + ':' + optionIds(q).join(','), 1); }

/**
 * @param {{ id: string }[]} list
 * @param {string} id
 * @returns {number}
 */
function indexOf(list, id) {
  for (var i = 0; i < list.length; i++) { if (list[i].id === id) { return i; } }
  return -1;
}

/**
 * One answer as a few characters.
 * @param {Question} q
 * @param {Answer} answer
 * @returns {string}
 */
export function encodeAnswer(q, answer) {
  if (q.kind === 'true-false') { return answer ? 't' : 'f'; }
  if (q.kind === 'single') { return B36.charAt(indexOf(q.options, /** @type {string} */ (answer))); }
  var list = /** @type {string[]} */ (answer);
  if (q.kind === 'multiple') {
    var bits = 0;
    q.options.forEach(function (o, i) { if (list.indexOf(o.id) >= 0) { bits += Math.pow(2, i); } });
    return bits.toString(36);
  }
  var at = q.start;
  return list.map(function (d) {
    var step = q.steps[at], cid = d.split('>')[1], i = indexOf(step.choices, cid);
    at = step.choices[i].next;
    return B36.charAt(i);
  }).join('');
}

/**
 * An answer back from its characters, or undefined when they do not fit the question.
 * @param {Question} q
 * @param {string} text
 * @returns {Answer | undefined}
 */
export function decodeAnswer(q, text) {
  if (q.kind === 'true-false') { return text === 't' ? true : text === 'f' ? false : undefined; }
  if (q.kind === 'single') {
    var o = q.options[B36.indexOf(text)];
    return text.length === 1 && o ? o.id : undefined;
  }
  if (q.kind === 'multiple') {
    /** @type {string[]} */
    var chosen = [];
    var bits = parseInt(text, 36);
    if (Number.isNaN(bits)) { return undefined; }
    q.options.forEach(function (opt, i) { if (Math.floor(bits / Math.pow(2, i)) % 2 === 1) { chosen.push(opt.id); } });
    return chosen.length ? chosen : undefined;
  }
  /** @type {string[]} */
  var decisions = [];
  var at = q.start;
  for (var k = 0; k < text.length; k++) {
    var step = q.steps[at], c = step && step.choices[B36.indexOf(text.charAt(k))];
    if (!c) { return undefined; }
    decisions.push(at + '>' + c.id);
    at = c.next;
  }
  return decisions.length ? decisions : undefined;
}

/**
 * The state as the LMS keeps it.
 * @param {Saved} state
 * @param {Item[]} questions
 * @param {string[]} pages the page ids
 * @returns {string}
 */
export function encodeState(state, questions, pages) {
  var ks = keys(questions.map(function (i) { return i.key; }));
  var seen = pages.filter(function (p) { return state.seen[p]; }).map(function (p) { return hash(p, 2); }).join('');
  var answers = questions.filter(function (i) { return state.answers[i.key] !== undefined; }).map(function (i) {
    return ks[i.key] + shape(i.q) + encodeAnswer(i.q, state.answers[i.key]);
  }).join('.');
  var flags = (state.lastPage ? 1 : 0) + (state.completed ? 2 : 0);
  return ['3', state.attempt, flags, seen, answers, (state.nextInteraction || 0).toString(36)].join('|');
}

/**
 * The state back from what the LMS kept; a fresh state when it is not one.
 * @param {string | null | undefined} text
 * @param {Item[]} questions
 * @param {string[]} pages the page ids
 * @returns {Saved}
 */
export function decodeState(text, questions, pages) {
  /** @type {Saved} */
  var state = { attempt: 1, lastPage: false, completed: false, seen: {}, answers: {}, nextInteraction: 0 };
  var parts = String(text || '').split('|');
  if (!((parts[0] === '2' && parts.length === 5) || (parts[0] === '3' && parts.length === 6))) { return state; }
  state.attempt = Math.max(1, parseInt(parts[1], 10) || 1);
  var flags = parseInt(parts[2], 10) || 0;
  state.lastPage = (flags & 1) === 1;
  state.completed = (flags & 2) === 2;
  if (parts[0] === '3') { state.nextInteraction = Math.max(0, parseInt(parts[5], 36) || 0); }
  /** @type {Record<string, boolean>} */
  var seen = {};
  for (var i = 0; i + 2 <= parts[3].length; i += 2) { seen[parts[3].substr(i, 2)] = true; }
  pages.forEach(function (p) { if (seen[hash(p, 2)]) { state.seen[p] = true; } });
  var ks = keys(questions.map(function (q) { return q.key; }));
  /** @type {Record<string, Item>} */
  var byKey = {};
  questions.forEach(function (item) { byKey[ks[item.key]] = item; });
  (parts[4] ? parts[4].split('.') : []).forEach(function (entry) {
    var item = byKey[entry.substr(0, 4)];
    // Answers to questions that were removed, or whose options changed, are dropped.
    if (!item || entry.charAt(4) !== shape(item.q)) { return; }
    var answer = decodeAnswer(item.q, entry.substr(5));
    if (answer !== undefined && (item.q.kind !== 'branching' || position(item.q, /** @type {string[]} */ (answer)) !== null)) {
      state.answers[item.key] = answer;
    }
  });
  return state;
}

/**
 * Whether an LMS status read at launch says the attempt was completed: 1.2 completed, passed or
 * failed (each ends the lesson), 2004 completion_status completed.
 * @param {string} standard
 * @param {string} status
 * @returns {boolean}
 */
export function finishedStatus(standard, status) {
  return standard === 'scorm2004' ? status === 'completed' : ['completed', 'passed', 'failed'].indexOf(status) >= 0;
}

/**
 * The index of the next interaction: the LMS's cmi.interactions._count when it is an integer,
 * else (an LMS that answers "") the next index kept in the saved state.
 * @param {string | number} count
 * @param {number | undefined} saved
 * @returns {number}
 */
export function nextIndex(count, saved) {
  return /^\d+$/.test(String(count)) ? parseInt(String(count), 10) : saved || 0;
}
