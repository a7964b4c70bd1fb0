/* cmi5: the launch parameters, the xAPI statements of an assignable unit (AU) and which verbs
 * are due when. Pure: runs in node for unit tests. The session that sends them to the LMS is
 * adapters/cmi5.mjs. Section numbers (§) are those of the cmi5 specification (Quartz). */
import { duration2004 } from './time.mjs';

/**
 * The launch parameters (§8.1).
 * @typedef {{ endpoint: string, fetch: string, actor: Json, registration: string, activityId: string }} Launch
 * @typedef {Record<string, any>} Json a JSON object: a statement, a context, a result
 * @typedef {{ completed: boolean, passed: boolean, judged: boolean, failedAttempt: number | null }} Sent
 * @typedef {{ read: boolean, scored: boolean, finished: boolean, passed: boolean, score: number, attempt: number }} Report
 */

var ADL = 'http://adlnet.gov/expapi/verbs/';
export var VERBS = {
  initialized: ADL + 'initialized',
  completed: ADL + 'completed',
  passed: ADL + 'passed',
  failed: ADL + 'failed',
  terminated: ADL + 'terminated',
  answered: ADL + 'answered'
};
var CMI5 = 'https://w3id.org/xapi/cmi5/';
export var CATEGORY = CMI5 + 'context/categories/cmi5';          // §9.6.2.1
export var MOVEON = CMI5 + 'context/categories/moveon';          // §9.6.2.2
export var MASTERY = CMI5 + 'context/extensions/masteryscore';   // §9.6.3.2
export var SESSION = CMI5 + 'context/extensions/sessionid';      // §9.6.3.1
export var INTERACTION = 'http://adlnet.gov/expapi/activities/cmi.interaction';
export var LAUNCH_DATA = 'LMS.LaunchData';
/* Where the unit keeps its own resume data (the State API, §10 leaves other ids to the AU). */
export var PROGRESS = 'https://w3id.org/xapi/leskit/state/progress';

/* ---------- Launch (§8.1) ----------
 * The five parameters from the query string, in any order; null when one is missing or the
 * actor is not JSON (the page was not launched by a cmi5 LMS). */
/** @param {string} search @returns {Launch | null} */
export function launchParams(search) {
  /** @type {Record<string, string>} */
  var params = {};
  String(search || '').replace(/^\?/, '').split('&').forEach(function (pair) {
    if (!pair) { return; }
    var at = pair.indexOf('='), key = at < 0 ? pair : pair.slice(0, at);
    var value = at < 0 ? '' : pair.slice(at + 1);
    try { params[decodeURIComponent(key)] = decodeURIComponent(value.replace(/\+/g, ' ')); } catch (_e) { /* malformed */ }
  });
  var names = ['endpoint', 'fetch', 'actor', 'registration', 'activityId'];
  for (var i = 0; i < names.length; i++) { if (!params[names[i]]) { return null; } }
  var actor;
  try { actor = JSON.parse(params.actor); } catch (_e) { return null; }
  if (!actor || typeof actor !== 'object') { return null; }
  var endpoint = params.endpoint.charAt(params.endpoint.length - 1) === '/' ? params.endpoint : params.endpoint + '/';
  return { endpoint: endpoint, fetch: params.fetch, actor: actor, registration: params.registration, activityId: params.activityId };
}

/* A version 4 UUID (§9.1) from 16 random bytes. */
/** @param {Uint8Array | number[]} bytes @returns {string} */
export function uuid(bytes) {
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  var hex = '';
  for (var i = 0; i < 16; i++) {
    hex += (bytes[i] + 0x100).toString(16).slice(1);
    if (i === 3 || i === 5 || i === 7 || i === 9) { hex += '-'; }
  }
  return hex;
}

/** @param {unknown} value @returns {any} */
function copy(value) { return value === undefined ? undefined : JSON.parse(JSON.stringify(value)); }

/* The context of a statement: the LMS's template, never overwritten (§10), with the
 * registration (§9.6.1). `kind`: 'defined' adds the cmi5 category, 'moveon' the moveOn category
 * too (§9.6.2.2); 'allowed' adds neither (§7.1.3) and names the unit as the parent. */
/**
 * @param {Launch} launch
 * @param {Json | null | undefined} template
 * @param {'defined' | 'moveon' | 'allowed'} kind
 * @param {Json | null} [extensions]
 * @returns {Json}
 */
export function context(launch, template, kind, extensions) {
  var ctx = copy(template) || {};
  ctx.registration = launch.registration;
  ctx.contextActivities = ctx.contextActivities || {};
  /** @type {Record<string, Json[]>} */
  var acts = ctx.contextActivities;
  /** @param {string} list @param {string} id */
  function add(list, id) {
    acts[list] = acts[list] ? /** @type {Json[]} */ ([]).concat(acts[list]) : [];
    if (!acts[list].some(function (a) { return a && a.id === id; })) { acts[list].push({ id: id, objectType: 'Activity' }); }
  }
  if (kind === 'defined' || kind === 'moveon') { add('category', CATEGORY); }
  if (kind === 'moveon') { add('category', MOVEON); }
  if (kind === 'allowed') { add('parent', launch.activityId); }
  Object.keys(extensions || {}).forEach(function (k) {
    ctx.extensions = ctx.extensions || {};
    if (!(k in ctx.extensions)) { ctx.extensions[k] = /** @type {Json} */ (extensions)[k]; }
  });
  return ctx;
}

/* A cmi5 defined statement about the unit itself (§9.4). */
/**
 * @param {Launch} launch
 * @param {Json | null | undefined} template
 * @param {keyof typeof VERBS} verb
 * @param {Json | null | undefined} result
 * @param {Json | null | undefined} extensions
 * @param {string} id
 * @param {Date} at
 * @returns {Json}
 */
export function defined(launch, template, verb, result, extensions, id, at) {
  var moveon = verb === 'completed' || verb === 'passed' || verb === 'failed';
  /** @type {Json} */
  var s = {
    id: id,
    timestamp: at.toISOString(),
    actor: launch.actor,
    verb: { id: VERBS[verb], display: { 'en-US': verb } },
    object: { id: launch.activityId, objectType: 'Activity' },
    context: context(launch, template, moveon ? 'moveon' : 'defined', extensions)
  };
  if (result) { s.result = result; }
  return s;
}

/* The score of a passed or failed statement (§9.5.1): scaled always; raw, min and max only
 * when the percentage is a whole number (raw must be an integer). */
/** @param {number} percent @returns {{ scaled: number, raw?: number, min?: number, max?: number }} */
export function score(percent) {
  /** @type {{ scaled: number, raw?: number, min?: number, max?: number }} */
  var score = { scaled: Math.round(percent * 100) / 10000 };
  if (Math.round(percent) === percent) { score.raw = percent; score.min = 0; score.max = 100; }
  return score;
}

/* An ISO 8601 duration: PT1H2M3.45S, as SCORM 2004 writes it. */
export var duration = duration2004;

/** @param {string | undefined} html */
function plain(html) {
  return String(html || '').replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

/* A cmi5 allowed statement for one answered question or one decision in a scenario: the
 * interaction as its own activity under the unit, without the cmi5 category (§7.1.3). `rec` is
 * the page shell's record (see core.questionRecord in leskit.js). */
/**
 * @param {Launch} launch
 * @param {Json | null | undefined} template
 * @param {string} lang
 * @param {InteractionRecord} rec
 * @param {string} id
 * @returns {Json}
 */
export function answered(launch, template, lang, rec, id) {
  /** @type {Record<string, string>} */
  var name = {};
  name[lang] = rec.description.slice(0, 250);
  var choice = rec.type === 'choice';
  /** @param {RecordResponse} r */
  function response(r) {
    if (!choice) { return String(r); }
    return /** @type {RecordOption[]} */ (r).map(function (o) { return o.id; }).join('[,]');
  }
  /** @type {Json} */
  var definition = {
    type: INTERACTION,
    name: name,
    interactionType: choice ? 'choice' : 'true-false',
    correctResponsesPattern: rec.correct.map(response)
  };
  if (choice) {
    definition.choices = rec.choices.map(function (c) {
      /** @type {Record<string, string>} */
      var d = {};
      d[lang] = plain(c.text);
      return { id: c.id, description: d };
    });
  }
  /** @type {Json} */
  var result = { response: response(rec.response), duration: duration(rec.latency) };
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
    verb: { id: VERBS.answered, display: { 'en-US': 'answered' } },
    object: {
      id: launch.activityId + '/' + rec.id.split('.').map(encodeURIComponent).join('/'),
      objectType: 'Activity',
      definition: definition
    },
    result: result,
    context: context(launch, template, 'allowed', attempt)
  };
}

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
/**
 * @param {string} mode
 * @param {Sent} sent
 * @param {Report} report
 * @returns {('completed' | 'passed' | 'failed')[]}
 */
export function due(mode, sent, report) {
  /** @type {('completed' | 'passed' | 'failed')[]} */
  var verbs = [];
  if (mode !== 'Normal') { return verbs; }
  if (report.read && !sent.completed) { verbs.push('completed'); }
  if (report.scored && report.finished && !sent.passed && !sent.judged) {
    if (report.passed) { verbs.push('passed'); }
    else if (sent.failedAttempt !== report.attempt) { verbs.push('failed'); }
  }
  return verbs;
}

/* ---------- Requests that outlive the page ----------
 * A keepalive request goes on after the page is gone, but the browser lets a page have at most
 * 64 KiB of keepalive bodies in flight together (Fetch: inflight keepalive bytes), counted in
 * UTF-8 bytes; a request over that budget is refused at once. During the session a request
 * goes keepalive only while RESERVE stays free for what termination sends (the statements due
 * and terminated, then the state); a request that does not fit goes without keepalive. */
export var QUOTA = 65536;
export var RESERVE = 16384;
/** @param {string} text @returns {number} UTF-8 bytes */
export function bytes(text) {
  var n = 0;
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    if (c < 0x80) { n += 1; } else if (c < 0x800) { n += 2; }
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { n += 4; i++; } // a surrogate pair
    else { n += 3; }
  }
  return n;
}
/* Whether a body of `bytes` may go keepalive while `inFlight` bytes are; `final`: at
 * termination, when the reserve is there to be used. */
/** @param {number} bytes @param {number} inFlight @param {boolean} [final] @returns {boolean} */
export function fits(bytes, inFlight, final) {
  return inFlight + bytes <= QUOTA - (final ? 0 : RESERVE);
}
/* The statements termination sends, as POST bodies in the order to send them, each
 * {body, keepalive}: the cmi5 statements (judgements and terminated) first, whole, then the
 * others (answered) in as few bodies as the budget left allows, the rest without keepalive
 * (sent, but lost if the page is gone first). `inFlight`: the keepalive bytes already out. */
/**
 * @param {Json[]} statements
 * @param {number} inFlight
 * @returns {{ body: string, keepalive: boolean }[]}
 */
export function finalBatches(statements, inFlight) {
  /** @type {string[]} */
  var first = [];
  /** @type {string[]} */
  var rest = [];
  statements.forEach(function (st) { (st.verb.id === VERBS.answered ? rest : first).push(JSON.stringify(st)); });
  /** @type {{ body: string, keepalive: boolean }[]} */
  var out = [];
  var used = inFlight;
  /** @param {string[]} list @param {boolean} keepalive */
  function add(list, keepalive) {
    var body = '[' + list.join(',') + ']', n = bytes(body);
    out.push({ body: body, keepalive: keepalive && fits(n, used, true) });
    if (out[out.length - 1].keepalive) { used += n; }
  }
  if (first.length) { add(first, true); }
  /** @type {string[]} */
  var chunk = [];
  var size = 2;
  rest.forEach(function (text) {
    var n = bytes(text) + 1;
    if (chunk.length && !fits(size + n, used, true)) { add(chunk, true); chunk = []; size = 2; }
    chunk.push(text);
    size += n;
  });
  if (chunk.length) { add(chunk, true); }
  return out;
}

