// The statement checker of the cmi5 tests: every statement of one registration
// of one AU, as read back from the LRS, held against the cmi5 specification
// (Quartz; § numbers are its sections) and the xAPI rules the AU's allowed
// statements rest on.
//
//   const violations = checkStatements(statements, context);
//   // [{rule, section, message, statementId}], [] when all is well
//
// context (the test LMS gives it: cmi5-lms.mjs checkContext()):
//   actor          the Agent the LMS launched the AU with (§8.1 actor)
//   registration   the registration id (§8.1, §9.6.1)
//   activityId     the AU's activity id the LMS generated (§8.1 activityId)
//   lmsAuthority   the Agent the LRS records as authority of the LMS's own
//                  statements (launched); every other statement is the AU's
//   launches       [{sessionId, launchData}] in launch order: one per session,
//                  with the LMS.LaunchData document of that launch (§10)
//
// Statements are ordered by timestamp, as §9.3 orders them, ties in the order
// given (the LRS's stored order).
import { isDeepStrictEqual } from 'node:util';

const ADL = 'http://adlnet.gov/expapi/verbs/';
const W3ID = 'https://w3id.org/xapi/adl/verbs/';
export const VERB = {
  launched: ADL + 'launched',
  initialized: ADL + 'initialized',
  completed: ADL + 'completed',
  passed: ADL + 'passed',
  failed: ADL + 'failed',
  abandoned: W3ID + 'abandoned',
  waived: W3ID + 'waived',
  terminated: ADL + 'terminated',
  satisfied: W3ID + 'satisfied',
  answered: ADL + 'answered',
  voided: ADL + 'voided',
};
const CMI5 = 'https://w3id.org/xapi/cmi5/';
export const CATEGORY = CMI5 + 'context/categories/cmi5';
export const MOVEON_CATEGORY = CMI5 + 'context/categories/moveon';
export const EXT = {
  sessionId: CMI5 + 'context/extensions/sessionid',
  masteryScore: CMI5 + 'context/extensions/masteryscore',
  launchMode: CMI5 + 'context/extensions/launchmode',
  launchURL: CMI5 + 'context/extensions/launchurl',
  moveOn: CMI5 + 'context/extensions/moveon',
  launchParameters: CMI5 + 'context/extensions/launchparameters',
};
export const INTERACTION_TYPE = 'http://adlnet.gov/expapi/activities/cmi.interaction';

/** The cmi5 defined verbs an AU sends (§9.3); launched, abandoned, waived and satisfied are the LMS's. */
const AU_VERBS = ['initialized', 'completed', 'passed', 'failed', 'terminated'];
const LMS_VERBS = ['launched', 'abandoned', 'waived', 'satisfied'];
const JUDGED = ['passed', 'failed'];

/** Every rule: its id, the section it rests on and what that section requires. */
export const RULES = {
  'statement-id': { section: '§9.1', text: 'The AU MUST assign a statement id property in UUID format for all statements it issues.' },
  timestamp: { section: '§9.7', text: 'All statements MUST include a timestamp property; all timestamps MUST be recorded in UTC time.' },
  actor: { section: '§9.2, §8.1', text: 'The Actor is defined by the LMS (the launch actor): an Agent with an account; the AU MUST use it.' },
  registration: { section: '§9.6.1', text: 'The registration in the context MUST be the value provided by the LMS.' },
  'session-id': { section: '§9.6.3.1', text: 'An AU MUST include the session ID provided by the LMS in the context as an extension for all cmi5 defined and cmi5 allowed statements.' },
  'context-template': { section: '§10 (contextTemplate), §9.6.2', text: 'The AU MUST use the contextTemplate as a template for the context of all statements; it MUST NOT overwrite any values provided in it.' },
  'cmi5-category': { section: '§9.6.2.1, §7.1.3', text: 'cmi5 defined statements carry the cmi5 category activity.' },
  'allowed-category': { section: '§7.1.3', text: 'cmi5 allowed statements use any verb and the context template, but NOT the cmi5 category.' },
  'moveon-category': { section: '§9.6.2.2', text: 'cmi5 defined statements with a result with success or completion MUST have the moveon category; other statements MUST NOT.' },
  'verb-id': { section: '§9.3', text: 'cmi5 defined statements of the AU use exactly the verb ids of §9.3.2–§9.3.5 and §9.3.8; launched, abandoned, waived and satisfied are the LMS\'s.' },
  'object-id': { section: '§9.4, §8.1', text: 'The Object id of a cmi5 defined statement about the AU MUST match the activityId of the launch URL.' },
  'initialized-first': { section: '§7.1.1, §9.3.2', text: 'The AU MUST use Initialized in the first statement (of any kind) in the AU session.' },
  'terminated-last': { section: '§7.1.2, §9.3.8, §10 (launchMode)', text: 'The AU MUST send a Terminated statement, the last statement of the session, in every launch mode.' },
  'after-terminated': { section: '§9.3.8, §7.1.3', text: 'Terminated MUST be the last statement (of any kind) sent by the AU in a session; allowed statements occur between Initialized and Terminated.' },
  'duplicate-verb': { section: '§9.3', text: 'Within an AU session, verbs MUST NOT be duplicated in cmi5 defined statements.' },
  'judged-once-per-session': { section: '§9.3', text: 'Within an AU session, more than one of the set of {Passed, Failed} MUST NOT be used.' },
  'completed-once': { section: '§9.3, §9.3.3', text: 'Only one Completed cmi5 defined statement is allowed per registration.' },
  'passed-once': { section: '§9.3, §9.3.4', text: 'Only one Passed cmi5 defined statement is allowed per registration.' },
  'failed-after-passed': { section: '§9.3', text: 'A Failed statement must not follow a Passed statement per registration.' },
  'launch-mode': { section: '§10 (launchMode)', text: 'In Browse and Review mode the AU MUST send Initialized and Terminated and MUST NOT send other cmi5 defined statements.' },
  'result-completion': { section: '§9.5.3', text: 'completion MUST be true in Completed statements; other cmi5 defined statements MUST NOT include it.' },
  'result-success': { section: '§9.5.2', text: 'success MUST be true in Passed and false in Failed statements; other cmi5 defined statements MUST NOT include it.' },
  'result-score': { section: '§9.5.1', text: 'score only in Passed and Failed; scaled between 0 and 1; raw an integer between min and max, which are then given. (leskit reports scaled on every Passed and Failed.)' },
  'result-duration': { section: '§9.5.4.1', text: 'The AU MUST include an ISO 8601 duration in Terminated, Completed, Passed and Failed statements.' },
  'mastery-score': { section: '§9.6.3.2', text: 'An AU MUST include the masteryScore of the launch data as a context extension in Passed and Failed statements.' },
  'score-vs-mastery': { section: '§9.3.4, §9.3.5, §9.5.1', text: 'The scaled score of Passed MUST be equal to or greater than masteryScore, that of Failed less than it.' },
  'answered-interaction': { section: '§7.1.3; xAPI 1.0.3 Data §2.4.4.1', text: 'An answered (allowed) statement is about the question, an interaction activity of its own: not the AU\'s activityId, with a cmi.interaction definition and a valid interactionType.' },
  'no-voiding': { section: '§6.3', text: 'The AU cannot void statements: the LMS MUST NOT give it credentials to.' },
  launched: { section: '§9.3.1, §9.6.3.3, §9.6.3.4, §9.6.3.6, §9.6.3.2, §9.6.3.7, §9.6.2.3', text: 'The LMS records one Launched statement per session, with launchMode, launchURL, moveOn (and masteryScore, launchParameters when in the launch data), the session id and the publisher id grouping.' },
  'launched-first': { section: '§9.3.1, §9.3.2', text: 'Launched is recorded before the AU is launched; Initialized follows it.' },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const UTC_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]00:?00)$/;
const DURATION = /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;
const INTERACTION_TYPES = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'];

/** The cmi5 verb a verb id is, also when written slightly wrong (https, case, trailing slash); else null. */
function cmi5VerbOf(id) {
  if (typeof id !== 'string') return null;
  const loose = id.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');
  for (const [name, exact] of Object.entries(VERB)) {
    if (name === 'answered' || name === 'voided') continue;
    if (exact.toLowerCase().replace(/^https?:\/\//, '') === loose) return name;
  }
  return null;
}

function asList(value) {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function categoryIds(s) {
  return asList(s.context?.contextActivities?.category).map((a) => a?.id);
}

/** An Agent's identity: its inverse functional identifier. */
function agentKey(agent) {
  if (!agent || typeof agent !== 'object') return JSON.stringify(agent);
  if (agent.account) return `account:${agent.account.homePage}|${agent.account.name}`;
  for (const ifi of ['mbox', 'mbox_sha1sum', 'openid']) if (agent[ifi]) return `${ifi}:${agent[ifi]}`;
  return JSON.stringify(agent);
}

function sameAgent(a, b) {
  return agentKey(a) === agentKey(b) && (a.objectType ?? 'Agent') === (b.objectType ?? 'Agent');
}

function time(s) {
  const t = Date.parse(s.timestamp);
  return Number.isNaN(t) ? Infinity : t;
}

function label(s) {
  const verb = s.verb?.id ?? '?';
  return `${verb.slice(verb.lastIndexOf('/') + 1)} ${s.id ?? '(no id)'} at ${s.timestamp ?? '(no timestamp)'}`;
}

/**
 * All violations of the rules above in `statements` (one registration, one AU).
 * Each: {rule, section, message, statementId}.
 */
export function checkStatements(statements, context) {
  const { actor, registration, activityId, lmsAuthority, launches = [] } = context;
  const violations = [];
  const report = (rule, s, message) => {
    if (!RULES[rule]) throw new Error(`unknown rule ${rule}`);
    violations.push({ rule, section: RULES[rule].section, message, statementId: s?.id ?? null });
  };
  const launchData = new Map(launches.map((l) => [l.sessionId, l.launchData ?? {}]));

  // In timestamp order (§9.3), stable.
  const ordered = statements.map((s, i) => ({ s, i })).sort((a, b) => time(a.s) - time(b.s) || a.i - b.i).map(({ s }) => s);
  const isLms = (s) => lmsAuthority !== undefined && s.authority !== undefined && sameAgent(s.authority, lmsAuthority);
  const sessionOf = (s) => s.context?.extensions?.[EXT.sessionId];

  // Which session was current at a time: the last launched at or before it.
  const launchedAt = new Map();
  for (const s of ordered) {
    if (isLms(s) && cmi5VerbOf(s.verb?.id) === 'launched' && !launchedAt.has(sessionOf(s))) launchedAt.set(sessionOf(s), time(s));
  }
  const currentSession = (t) => {
    let current = null;
    for (const l of launches) if (launchedAt.has(l.sessionId) && launchedAt.get(l.sessionId) <= t) current = l.sessionId;
    return current;
  };

  /* ---------- Every statement ---------- */
  for (const s of ordered) {
    if (typeof s.id !== 'string' || !UUID.test(s.id)) report('statement-id', s, `statement id ${JSON.stringify(s.id)} is not a UUID (${label(s)})`);
    if (typeof s.timestamp !== 'string' || !UTC_TIMESTAMP.test(s.timestamp) || Number.isNaN(Date.parse(s.timestamp))) {
      report('timestamp', s, `timestamp ${JSON.stringify(s.timestamp)} is not an ISO 8601 time in UTC (${label(s)})`);
    }
    if (!s.actor || !sameAgent(s.actor, actor) || !s.actor.account) {
      report('actor', s, `actor ${JSON.stringify(s.actor)} is not the launch actor ${JSON.stringify(actor)} (${label(s)})`);
    }
    if (s.context?.registration !== registration) {
      report('registration', s, `context.registration ${JSON.stringify(s.context?.registration)} is not the registration ${registration} (${label(s)})`);
    }
  }

  /* ---------- The LMS's statements ---------- */
  const lmsStatements = ordered.filter(isLms);
  for (const l of launches) {
    const data = l.launchData ?? {};
    const mine = lmsStatements.filter((s) => cmi5VerbOf(s.verb?.id) === 'launched' && sessionOf(s) === l.sessionId);
    if (mine.length !== 1) {
      report('launched', mine[1] ?? null, `session ${l.sessionId} has ${mine.length} launched statements; the LMS records exactly one`);
      continue;
    }
    const s = mine[0];
    const ext = s.context?.extensions ?? {};
    const problems = [];
    if (ext[EXT.launchMode] !== data.launchMode) problems.push(`launchMode ${JSON.stringify(ext[EXT.launchMode])} (launch data: ${JSON.stringify(data.launchMode)})`);
    if (ext[EXT.moveOn] !== data.moveOn) problems.push(`moveOn ${JSON.stringify(ext[EXT.moveOn])} (launch data: ${JSON.stringify(data.moveOn)})`);
    let url = null;
    try { url = new URL(ext[EXT.launchURL]); } catch { /* reported below */ }
    if (!url) problems.push(`launchURL ${JSON.stringify(ext[EXT.launchURL])} is not a fully qualified URL`);
    else if (['endpoint', 'fetch', 'actor', 'registration', 'activityId'].some((p) => url.searchParams.has(p))) problems.push('launchURL includes the launch parameters of §8.1');
    if ('masteryScore' in data && ext[EXT.masteryScore] !== data.masteryScore) problems.push(`masteryScore ${JSON.stringify(ext[EXT.masteryScore])} (launch data: ${data.masteryScore})`);
    if ('launchParameters' in data && ext[EXT.launchParameters] !== data.launchParameters) problems.push('launchParameters differ from the launch data');
    if (!categoryIds(s).includes(CATEGORY)) problems.push('no cmi5 category');
    const grouping = asList(data.contextTemplate?.contextActivities?.grouping).map((a) => a.id);
    const has = asList(s.context?.contextActivities?.grouping).map((a) => a?.id);
    if (!grouping.length || grouping.some((id) => !has.includes(id))) problems.push(`publisher id grouping ${JSON.stringify(grouping)} missing (has ${JSON.stringify(has)})`);
    if (s.object?.id !== activityId) problems.push(`object id ${JSON.stringify(s.object?.id)} is not the activityId`);
    if (problems.length) report('launched', s, `launched statement of session ${l.sessionId}: ${problems.join('; ')}`);
  }

  /* ---------- The AU's statements ---------- */
  const au = ordered.filter((s) => !isLms(s));
  const sessions = new Map(launches.map((l) => [l.sessionId, []]));
  const completedIn = [];
  const passedIn = [];

  for (const s of au) {
    const verb = cmi5VerbOf(s.verb?.id);
    const categories = categoryIds(s);
    const defined = categories.includes(CATEGORY);
    const session = sessionOf(s);
    const data = launchData.get(session);

    if (verb === 'voided' || s.verb?.id === VERB.voided) report('no-voiding', s, `the AU voided a statement (${label(s)})`);

    // Verb and category (§7.1.3, §9.3, §9.6.2.1).
    if (verb && s.verb.id !== VERB[verb]) report('verb-id', s, `verb id ${JSON.stringify(s.verb.id)} is not the cmi5 verb id ${VERB[verb]}`);
    else if (verb && LMS_VERBS.includes(verb)) report('verb-id', s, `the AU sent ${verb}, a verb only the LMS uses (${label(s)})`);
    if (verb && AU_VERBS.includes(verb) && !defined) report('cmi5-category', s, `${verb} lacks the cmi5 category ${CATEGORY} (categories: ${JSON.stringify(categories)})`);
    if (!verb && defined) report('allowed-category', s, `a statement with verb ${s.verb?.id} carries the cmi5 category: allowed statements must not (${label(s)})`);

    // Session id (§9.6.3.1), in the session current at its time.
    if (typeof session !== 'string' || !launchData.has(session)) {
      report('session-id', s, `session id ${JSON.stringify(session)} is not one the LMS launched with (${JSON.stringify([...launchData.keys()])}) (${label(s)})`);
    } else {
      const current = currentSession(time(s));
      if (current && current !== session) report('session-id', s, `carries session ${session} but was sent during session ${current} (${label(s)})`);
      sessions.get(session).push(s);
    }

    // The context template, never overwritten (§10); its session id is session-id's.
    if (data?.contextTemplate) {
      const template = data.contextTemplate;
      const ctx = s.context ?? {};
      const missing = [];
      for (const [key, value] of Object.entries(template.extensions ?? {})) {
        if (key === EXT.sessionId) continue;
        if (!isDeepStrictEqual(ctx.extensions?.[key], value)) missing.push(`extension ${key}`);
      }
      for (const [list, activities] of Object.entries(template.contextActivities ?? {})) {
        const ids = asList(ctx.contextActivities?.[list]).map((a) => a?.id);
        for (const a of asList(activities)) if (!ids.includes(a.id)) missing.push(`contextActivities.${list} ${a.id}`);
      }
      for (const [key, value] of Object.entries(template)) {
        if (key === 'extensions' || key === 'contextActivities') continue;
        if (!isDeepStrictEqual(ctx[key], value)) missing.push(key);
      }
      if (missing.length) report('context-template', s, `the context lacks or changes what the contextTemplate gives: ${missing.join(', ')} (${label(s)})`);
    }

    // moveOn category (§9.6.2.2).
    const moveon = categories.includes(MOVEON_CATEGORY);
    const decides = defined && AU_VERBS.includes(verb) && s.result && ('success' in s.result || 'completion' in s.result);
    if (decides && !moveon) report('moveon-category', s, `${verb ?? s.verb?.id} has a result with success or completion but no moveon category`);
    if (!decides && moveon) report('moveon-category', s, `${verb ?? s.verb?.id} carries the moveon category without a result with success or completion`);

    if (defined && verb) {
      if (s.object?.id !== activityId) report('object-id', s, `object id ${JSON.stringify(s.object?.id)} is not the activityId ${activityId} (${label(s)})`);

      const result = s.result ?? {};
      if (verb === 'completed' ? result.completion !== true : 'completion' in result) {
        report('result-completion', s, verb === 'completed' ? `completed has result.completion ${JSON.stringify(result.completion)}, not true` : `${verb} includes result.completion`);
      }
      const success = { passed: true, failed: false }[verb];
      if (success !== undefined ? result.success !== success : 'success' in result) {
        report('result-success', s, success !== undefined ? `${verb} has result.success ${JSON.stringify(result.success)}, not ${success}` : `${verb} includes result.success`);
      }
      if ('score' in result || JUDGED.includes(verb)) {
        const score = result.score;
        const problems = [];
        if (!JUDGED.includes(verb)) problems.push(`${verb} includes a score`);
        else if (!score || typeof score.scaled !== 'number') problems.push(`${verb} has no result.score.scaled`);
        if (score && 'scaled' in score && !(typeof score.scaled === 'number' && score.scaled >= 0 && score.scaled <= 1)) problems.push(`scaled ${score.scaled} is not between 0 and 1`);
        if (score && 'raw' in score) {
          if (!Number.isInteger(score.raw) || !Number.isInteger(score.min) || !Number.isInteger(score.max)) problems.push(`raw ${score.raw} needs integer raw, min and max (min ${score.min}, max ${score.max})`);
          else if (score.raw < score.min || score.raw > score.max) problems.push(`raw ${score.raw} is not between min ${score.min} and max ${score.max}`);
        }
        if (problems.length) report('result-score', s, `${problems.join('; ')} (${label(s)})`);
      }
      if (['terminated', 'completed', 'passed', 'failed'].includes(verb) && !(typeof result.duration === 'string' && DURATION.test(result.duration))) {
        report('result-duration', s, `${verb} has result.duration ${JSON.stringify(result.duration)}, not an ISO 8601 duration`);
      }
      if (JUDGED.includes(verb) && data && typeof data.masteryScore === 'number') {
        const given = s.context?.extensions?.[EXT.masteryScore];
        if (given !== data.masteryScore) report('mastery-score', s, `${verb} has masteryscore ${JSON.stringify(given)}; the launch data has ${data.masteryScore}`);
        const scaled = result.score?.scaled;
        if (typeof scaled === 'number') {
          if (verb === 'passed' && scaled < data.masteryScore) report('score-vs-mastery', s, `passed with scaled score ${scaled} under masteryScore ${data.masteryScore}`);
          if (verb === 'failed' && scaled >= data.masteryScore) report('score-vs-mastery', s, `failed with scaled score ${scaled} at or over masteryScore ${data.masteryScore}`);
        }
      }
      if (data && data.launchMode !== 'Normal' && ['completed', 'passed', 'failed'].includes(verb)) {
        report('launch-mode', s, `${verb} sent in ${data.launchMode} mode (${label(s)})`);
      }

      // Per registration (§9.3).
      if (verb === 'completed') {
        if (completedIn.length) report('completed-once', s, `a second completed in the registration (the first in session ${completedIn[0]})`);
        completedIn.push(session);
      }
      if (verb === 'passed') {
        if (passedIn.length) report('passed-once', s, `a second passed in the registration (the first in session ${passedIn[0]})`);
        passedIn.push(session);
      }
      if (verb === 'failed' && passedIn.length) report('failed-after-passed', s, `failed after the passed of session ${passedIn[0]}`);
    }

    // Answered: an allowed statement about an interaction of its own.
    if (s.verb?.id === VERB.answered) {
      const o = s.object ?? {};
      const d = o.definition ?? {};
      const problems = [];
      if (o.id === activityId) problems.push('its object is the AU itself');
      if (typeof o.id !== 'string' || !/^[a-z][a-z0-9+.-]*:/i.test(o.id)) problems.push(`object id ${JSON.stringify(o.id)} is not an IRI`);
      if ((o.objectType ?? 'Activity') !== 'Activity') problems.push(`objectType ${o.objectType}`);
      if (d.type !== INTERACTION_TYPE) problems.push(`definition.type ${JSON.stringify(d.type)}, not ${INTERACTION_TYPE}`);
      if (!INTERACTION_TYPES.includes(d.interactionType)) problems.push(`interactionType ${JSON.stringify(d.interactionType)}`);
      if ('correctResponsesPattern' in d && !(Array.isArray(d.correctResponsesPattern) && d.correctResponsesPattern.every((p) => typeof p === 'string'))) problems.push('correctResponsesPattern is not a list of strings');
      if (['choice', 'sequencing'].includes(d.interactionType) && !(Array.isArray(d.choices) && d.choices.length && d.choices.every((c) => typeof c.id === 'string'))) problems.push('a choice interaction without choices');
      if (problems.length) report('answered-interaction', s, `${problems.join('; ')} (${label(s)})`);
    }
  }

  /* ---------- Per session ---------- */
  for (const l of launches) {
    const list = sessions.get(l.sessionId) ?? [];
    // By verb: an initialized without its category is cmi5-category's to report.
    const verbs = list.map((s) => (AU_VERBS.includes(cmi5VerbOf(s.verb?.id)) ? cmi5VerbOf(s.verb?.id) : null));
    const init = verbs.indexOf('initialized');
    if (init !== 0) {
      report('initialized-first', list[0] ?? null, init < 0
        ? `session ${l.sessionId}: the AU sent no initialized statement`
        : `session ${l.sessionId}: ${label(list[0])} comes before initialized`);
    }
    const term = verbs.indexOf('terminated');
    if (term < 0) report('terminated-last', null, `session ${l.sessionId}: the AU sent no terminated statement`);
    else for (const s of list.slice(term + 1)) report('after-terminated', s, `session ${l.sessionId}: ${label(s)} after terminated`);
    const seen = new Set();
    verbs.forEach((v, i) => {
      if (!v) return;
      if (seen.has(v)) report('duplicate-verb', list[i], `session ${l.sessionId}: a second ${v}`);
      seen.add(v);
    });
    if (verbs.includes('passed') && verbs.includes('failed')) {
      const second = list[Math.max(verbs.indexOf('passed'), verbs.indexOf('failed'))];
      report('judged-once-per-session', second, `session ${l.sessionId} has both passed and failed`);
    }
    // Launched before the AU's first statement (§9.3.1, §9.3.2).
    if (launchedAt.has(l.sessionId) && list.length && time(list[0]) < launchedAt.get(l.sessionId)) {
      report('launched-first', list[0], `session ${l.sessionId}: ${label(list[0])} is earlier than its launched statement`);
    }
  }
  return violations;
}

/** Violations as lines of text, for assertion messages. */
export function describeViolations(violations) {
  return violations.map((v) => `  [${v.rule}] ${v.section}: ${v.message}`).join('\n');
}
