// The cmi5 LMS of the tests: a small node http server on 127.0.0.1 in front of
// the LRS (Ralph, lrs.mjs), doing what the LRS does not. Section numbers (§)
// are those of the cmi5 specification (Quartz).
//
//   const { lrs, lms } = await startLrsAndLms();
//   const course = lms.importCourse(unpackedPackageDir);      // reads cmi5.xml (§13, §14)
//   const reg = lms.register(course);                          // a learner's registration
//   const launch = await lms.launch(reg, { launchMode: 'Normal' });
//   await page.goto(launch.url);                               // the AU runs
//   const statements = await lms.statements(reg);              // read back from Ralph
//   checkStatements(statements, lms.checkContext(reg));
//
// What it does:
// - serves each imported package under /courses/<n>/, the AU's files as they are;
// - launch (§8.1): records the launched statement in the LRS itself (§9.3.1,
//   with launchMode, launchURL, moveOn, masteryScore and launchParameters in
//   its context, §9.6.3), writes LMS.LaunchData (§10), and returns the launch
//   URL with endpoint, fetch, actor, registration and activityId;
// - the fetch URL (§8.2): one POST gets {"auth-token"}, every later one the
//   error JSON of §8.2.3 (error-code 1), with status 200;
// - the xAPI endpoint /xapi/ for the AU, authorised by that token only:
//   statements are passed to Ralph with the LMS's own credentials for the AU
//   (the AU never sees Ralph's), the State API (§10: any stateId, with
//   LMS.LaunchData read-only for the AU) and the Agent Profile API (§11) are
//   kept here, /xapi/about answers 1.0.3;
// - OPTIONS anywhere answers which methods and headers are allowed;
// - `lrsOrigin: 'other'` serves the fetch URL and the xAPI endpoint on a second
//   127.0.0.1 port, another origin than the content, as real LMSs and LRSs do:
//   every xAPI request then needs CORS, with a preflight for its Authorization
//   and X-Experience-API-Version headers, answered with Access-Control-Max-Age 0:
//   many LRSs send none, which Chromium caches for 5 s, so every request after a
//   learner's pause of more than 5 s is preflighted; here every request is.
//   Preflights are in `requests` too, and every request says whether the page
//   asked to bypass the cache (`noStore`). The content's origin then serves no xAPI;
// - the player page, /lms/player/<sessionId> (lms.playerUrl), runs the AU the
//   way an LMS does, in its iframe or in a window it opens, and closes it the
//   way an LMS does: window.lmsCloseAu() navigates the frame away or closes
//   the window;
// - everything the AU asked is in `requests`; what it did against the
//   protocol (several fetches, a request without X-Experience-API-Version, a
//   statement without id or timestamp, writing LMS.LaunchData) is in
//   `protocolViolations`, in the checker's {rule, section, message} shape.
// It does not reject statements that break §9 (§6.3 lets it void them
// instead): tests read them back and hold them against cmi5-rules.mjs.
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { startLrs } from './lrs.mjs';
import { CATEGORY, EXT, VERB } from './cmi5-rules.mjs';

/** The homePage of the accounts of this LMS's learners and of its LRS users. */
export const LMS_HOME = 'http://127.0.0.1/leskit-test-lms';
export const LAUNCH_DATA = 'LMS.LaunchData';
export const LEARNER_PREFERENCES = 'cmi5LearnerPreferences';
const XAPI_VERSION = '1.0.3';
const LAUNCH_PARAMETERS = ['endpoint', 'fetch', 'actor', 'registration', 'activityId'];

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.mp3': 'audio/mpeg', '.mp4': 'video/mp4', '.vtt': 'text/vtt; charset=utf-8', '.pdf': 'application/pdf',
};

const agentOf = (name, displayName) => ({ objectType: 'Agent', ...(displayName ? { name: displayName } : {}), account: { homePage: LMS_HOME, name } });

/** The LRS users the LMS needs: its own (launched statements, reading) and the one it writes the AU's statements with. */
export function lmsLrsUsers() {
  const secret = () => crypto.randomBytes(18).toString('base64url');
  return [
    { username: 'lms', password: secret(), scopes: ['all'], agent: agentOf('lms', 'leskit test LMS') },
    { username: 'au-proxy', password: secret(), scopes: ['statements/write', 'statements/read'], agent: agentOf('au-proxy') },
  ];
}

/** Starts Ralph with the LMS's users, then the LMS in front of it. Returns {lrs, lms, stop()}. */
export async function startLrsAndLms(options = {}) {
  const lrs = await startLrs({ users: lmsLrsUsers() });
  try {
    const lms = await startCmi5Lms({ lrs, ...options });
    return { lrs, lms, stop: async () => { await lms.close(); await lrs.stop(); } };
  } catch (e) {
    await lrs.stop();
    throw e;
  }
}

/* ---------- cmi5.xml (§13) ---------- */

const decode = (text) => text
  .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
  .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
  .replace(/&amp;/g, '&');

function attributes(tag) {
  const attrs = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) attrs[m[1]] = decode(m[3] ?? m[4]).trim();
  return attrs;
}

function element(xml, name) {
  const m = new RegExp(`<(?:\\w+:)?${name}(\\s[^>]*)?>([\\s\\S]*?)</(?:\\w+:)?${name}>`).exec(xml);
  return m ? m[2] : null;
}

/** The course structure: {id, title, aus: [{id, url, title, moveOn, masteryScore?, launchMethod, launchParameters?, entitlementKey?}]}. */
export function parseCourseStructure(xml) {
  if (!/xmlns(:\w+)?\s*=\s*"https:\/\/w3id\.org\/xapi\/profiles\/cmi5\/v1\/CourseStructure\.xsd"/.test(xml)) {
    throw new Error('cmi5.xml does not use the namespace https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd');
  }
  const courseTag = /<(?:\w+:)?course(\s[^>]*)?>/.exec(xml);
  if (!courseTag) throw new Error('cmi5.xml has no <course>');
  const langstring = (x) => (x ? decode((element(x, 'langstring') ?? '').trim()) : null);
  const aus = [];
  for (const m of xml.matchAll(/<(?:\w+:)?au(\s[^>]*)>([\s\S]*?)<\/(?:\w+:)?au>/g)) {
    const attrs = attributes(m[1]);
    const body = m[2];
    const url = element(body, 'url');
    if (!attrs.id) throw new Error(`an <au> without id in cmi5.xml: ${m[0].slice(0, 200)}`);
    if (url === null) throw new Error(`<au id="${attrs.id}"> has no <url>`);
    const au = {
      id: attrs.id,
      url: decode(url).trim(),
      title: langstring(element(body, 'title')),
      // §13.1.4 defaults.
      moveOn: attrs.moveOn ?? 'NotApplicable',
      launchMethod: attrs.launchMethod ?? 'AnyWindow',
      attributes: attrs,
    };
    if (attrs.masteryScore !== undefined) au.masteryScore = Number(attrs.masteryScore);
    const params = element(body, 'launchParameters');
    if (params !== null) au.launchParameters = decode(params).trim();
    const key = element(body, 'entitlementKey');
    if (key !== null) au.entitlementKey = decode(key).trim();
    aus.push(au);
  }
  if (!aus.length) throw new Error('cmi5.xml has no <au>');
  return { id: attributes(courseTag[1] ?? '').id, title: langstring(element(xml, 'title')), aus };
}

/* ---------- The server ---------- */

function agentKey(agent) {
  if (agent?.account) return `account|${agent.account.homePage}|${agent.account.name}`;
  for (const ifi of ['mbox', 'mbox_sha1sum', 'openid']) if (agent?.[ifi]) return `${ifi}|${agent[ifi]}`;
  return null;
}

/**
 * Starts the LMS. `lrs`: a started Ralph with the users of lmsLrsUsers().
 * Returns the LMS (see the methods below).
 */
export async function startCmi5Lms({ lrs, lrsOrigin: where = 'same' }) {
  if (!['same', 'other'].includes(where)) throw new Error(`lrsOrigin ${where}: 'same' or 'other'`);
  const events = new EventEmitter();
  events.setMaxListeners(100);
  const courses = [];
  const sessions = new Map(); // sessionId -> session
  const byFetchToken = new Map();
  const byAuthToken = new Map();
  const states = new Map(); // key -> {stateId, contentType, body, updated, etag}
  const profiles = new Map(); // agentKey|profileId -> document
  const requests = [];
  const protocolViolations = [];
  const lmsClient = lrs.client('lms');
  const proxyAuthorization = lrs.authorization('au-proxy');
  let learners = 0;

  const violation = (rule, section, message, session) => protocolViolations.push({ rule, section, message, sessionId: session?.id ?? null });

  const stateKey = (activityId, agent, registration, stateId) => JSON.stringify([activityId, agentKey(agent), registration ?? null, stateId]);
  function putState(activityId, agent, registration, stateId, body, contentType) {
    const buffer = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    states.set(stateKey(activityId, agent, registration, stateId), {
      activityId, agentKey: agentKey(agent), registration: registration ?? null, stateId, contentType, body: buffer,
      updated: new Date().toISOString(), etag: `"${crypto.createHash('sha1').update(buffer).digest('hex')}"`,
    });
  }

  // Which server took a request: 'content' or 'lrs' (the socket may be gone when it is recorded).
  const serve = (handler, name) => (req, res) => {
    req.leskitServer = name;
    handler(req, res).catch((e) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(String(e.stack || e));
      }
      record(req, 500, null);
    });
  };
  const server = http.createServer(serve(handle, 'content'));
  // The LRS's own server when it is on another origin: the fetch URL and the xAPI endpoint.
  const lrsServer = where === 'other' ? http.createServer(serve(handleLrs, 'lrs')) : null;

  function record(req, status, session) {
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    requests.push({
      method: req.method, path: req.url, status, sessionId: session?.id ?? null,
      origin: req.headers.origin ?? null, preflight, server: req.leskitServer,
      // A fetch with cache 'no-store' (or 'reload') says so: the browser adds Pragma: no-cache
      // (Fetch, HTTP-network-or-cache fetch).
      noStore: req.headers.pragma === 'no-cache',
    });
  }

  function send(req, res, status, body, { type = 'application/json; charset=utf-8', headers = {}, session = null } = {}) {
    const payload = body === undefined || body === null ? '' : (Buffer.isBuffer(body) || typeof body === 'string') ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...cors(req), ...headers });
    res.end(req.method === 'HEAD' ? undefined : payload);
    record(req, status, session);
  }

  async function readBody(req) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > 16 << 20) throw new Error('request body over 16 MiB');
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  // CORS for the content's origin, on the LRS's server only: the content's own server needs none.
  function cors(req) {
    if (req.leskitServer !== 'lrs' || req.headers.origin !== origin) return {};
    return {
      'access-control-allow-origin': origin,
      'access-control-expose-headers': 'ETag, Last-Modified, X-Experience-API-Version',
      vary: 'Origin',
    };
  }

  // The LRS on another origin: the fetch URL, the xAPI and their preflights.
  async function handleLrs(req, res) {
    const url = new URL(req.url, lrsBase);
    const p = url.pathname;
    if (req.method === 'OPTIONS') {
      const methods = p.startsWith('/fetch/') ? 'POST, OPTIONS' : 'GET, HEAD, PUT, POST, DELETE, OPTIONS';
      const allowed = req.headers.origin === origin ? {
        'access-control-allow-methods': methods,
        'access-control-allow-headers': 'Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match',
        // Not cached: every request is preflighted, as with an LRS that sends no max-age
        // (Chromium then caches 5 s) once a learner pauses for more than 5 s.
        'access-control-max-age': '0',
      } : {};
      return send(req, res, 204, null, { headers: { allow: methods, ...allowed } });
    }
    let m;
    if ((m = /^\/fetch\/([\w-]+)$/.exec(p))) return fetchToken(req, res, m[1]);
    if (p.startsWith('/xapi/')) return xapi(req, res, url);
    return send(req, res, 404, { error: 'not found' });
  }

  async function handle(req, res) {
    const url = new URL(req.url, origin);
    const p = url.pathname;

    if (req.method === 'OPTIONS') {
      // Same origin needs no CORS; say what is allowed all the same.
      const methods = p.startsWith('/fetch/') ? 'POST, OPTIONS' : p.startsWith('/xapi/') ? 'GET, HEAD, PUT, POST, DELETE, OPTIONS' : 'GET, HEAD, OPTIONS';
      return send(req, res, 204, null, {
        headers: {
          allow: methods,
          'access-control-allow-origin': origin,
          'access-control-allow-methods': methods,
          'access-control-allow-headers': 'Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match',
          'access-control-expose-headers': 'ETag, Last-Modified, X-Experience-API-Version',
          'access-control-max-age': '600',
        },
      });
    }
    if (p === '/favicon.ico') return send(req, res, 204, null);

    let m;
    if ((m = /^\/courses\/(\d+)\/(.*)$/.exec(p))) return serveFile(req, res, courses[Number(m[1])], decodeURIComponent(m[2]));
    if (p === '/lms/returned') {
      return send(req, res, 200, '<!doctype html><title>Back in the LMS</title><p id="returned">Back in the LMS.</p>', { type: 'text/html; charset=utf-8' });
    }
    if ((m = /^\/lms\/player\/([\w-]+)$/.exec(p))) return player(req, res, sessions.get(m[1]), url.searchParams.get('window') === '1');
    if (lrsServer) return send(req, res, 404, { error: `not found: the LRS is at ${lrsBase}` });
    if ((m = /^\/fetch\/([\w-]+)$/.exec(p))) return fetchToken(req, res, m[1]);
    if (p.startsWith('/xapi/')) return xapi(req, res, url);
    return send(req, res, 404, { error: 'not found' });
  }

  // The LMS's page around an AU: in its iframe, or in a window it opens (launchMethod AnyWindow
  // allows both, §13.1.4). window.lmsCloseAu() is how the LMS ends it: the frame is navigated
  // to the LMS's own page (the AU's document is unloaded), or the window is closed.
  function player(req, res, session, inWindow) {
    if (!session) return send(req, res, 404, { error: 'no such session' });
    const url = JSON.stringify(session.launchUrl);
    const body = inWindow
      ? `<!doctype html><title>LMS</title><p id="lms">The AU runs in its own window.</p><script>
window.auWindow = window.open(${url}, 'au');
window.lmsCloseAu = function () { window.auWindow.close(); };
</script>`
      : `<!doctype html><title>LMS</title><p id="lms">The AU runs below.</p><iframe id="au" src=${url.replace(/&/g, '&amp;')} style="width:100%;height:90vh;border:0"></iframe><script>
window.lmsCloseAu = function () { document.getElementById('au').src = '/lms/returned'; };
</script>`;
    return send(req, res, 200, body, { type: 'text/html; charset=utf-8', session });
  }

  function serveFile(req, res, course, rel) {
    if (!course || (req.method !== 'GET' && req.method !== 'HEAD')) return send(req, res, course ? 405 : 404, null);
    const root = course.dir;
    const file = path.resolve(root, rel === '' || rel.endsWith('/') ? rel + 'index.html' : rel);
    if (file !== root && !file.startsWith(root + path.sep)) return send(req, res, 403, null);
    let data;
    try { data = fs.readFileSync(file); } catch { return send(req, res, 404, { error: 'not found' }); }
    return send(req, res, 200, data, { type: TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' });
  }

  // §8.2: one POST gets the token; every later one an error, with status 200 (§8.2.2).
  async function fetchToken(req, res, token) {
    const session = byFetchToken.get(token);
    if (req.method !== 'POST') {
      return send(req, res, 405, { 'error-code': '3', 'error-text': 'The fetch URL takes POST only (§8.2.1).' }, { headers: { allow: 'POST, OPTIONS' }, session });
    }
    await readBody(req);
    if (!session) return send(req, res, 200, { 'error-code': '2', 'error-text': 'Unknown fetch URL.' });
    session.fetches += 1;
    if (session.fetches > 1) {
      violation('fetch-once', '§8.2.1', `the AU POSTed to the fetch URL ${session.fetches} times (it SHOULD NOT more than once)`, session);
      return send(req, res, 200, { 'error-code': '1', 'error-text': 'The authorization token has already been returned.' }, { session });
    }
    return send(req, res, 200, { 'auth-token': session.authToken }, { session });
  }

  async function xapi(req, res, url) {
    const p = url.pathname.slice('/xapi'.length);
    const versionHeader = { 'x-experience-api-version': XAPI_VERSION };
    if (p === '/about' && (req.method === 'GET' || req.method === 'HEAD')) {
      return send(req, res, 200, { version: [XAPI_VERSION] }, { headers: versionHeader });
    }
    const session = byAuthToken.get((req.headers.authorization ?? '').replace(/^Basic\s+/i, ''));
    if (!session || !/^Basic\s/i.test(req.headers.authorization ?? '')) {
      return send(req, res, 401, { error: 'The Authorization header must be "Basic <auth-token>" with the token from the fetch URL (§8.2).' },
        { headers: { ...versionHeader, 'www-authenticate': 'Basic realm="leskit test LMS"' } });
    }
    const version = req.headers['x-experience-api-version'];
    if (!version || !/^1\.0(\.\d+)?$/.test(version)) {
      violation('xapi-version', 'xAPI 1.0.3 Communication §3.3', `${req.method} ${url.pathname} without X-Experience-API-Version 1.0.x (got ${JSON.stringify(version)})`, session);
      return send(req, res, 400, { error: 'X-Experience-API-Version 1.0.x is required.' }, { headers: versionHeader, session });
    }
    const reply = (status, body, opts = {}) => send(req, res, status, body, { ...opts, headers: { ...versionHeader, ...(opts.headers ?? {}) }, session });
    const body = await readBody(req);
    if (p === '/statements' || p === '/statements/') return statements(req, url, body, session, reply);
    if (p === '/activities/state') return stateApi(req, url, body, session, reply);
    if (p === '/agents/profile') return agentProfile(req, url, body, session, reply);
    return reply(404, { error: `${url.pathname} is not served by this LMS` });
  }

  async function statements(req, url, body, session, reply) {
    if (req.method === 'POST' || req.method === 'PUT') {
      let parsed;
      try { parsed = JSON.parse(body.toString('utf8')); } catch { return reply(400, { error: 'The body is not JSON.' }); }
      const list = Array.isArray(parsed) ? parsed : [parsed];
      for (const s of list) {
        if (!s || typeof s !== 'object') continue;
        if (req.method === 'POST' && s.id === undefined) violation('statement-id', '§9.1', `a statement (verb ${s.verb?.id}) came without an id`, session);
        if (s.timestamp === undefined) violation('timestamp', '§9.7', `statement ${s.id} (verb ${s.verb?.id}) came without a timestamp`, session);
      }
      const answer = await fetch(`${lrs.origin}/xAPI/statements${url.search}`, {
        method: req.method,
        headers: { Authorization: proxyAuthorization, 'Content-Type': 'application/json', 'X-Experience-API-Version': XAPI_VERSION },
        body,
      });
      const text = await answer.text();
      if (answer.ok) {
        session.statements.push(...list);
        for (const s of list) events.emit('statement', s, session);
      }
      // Ralph says 422 where the xAPI says 400.
      return reply(answer.status === 422 ? 400 : answer.status, text || null);
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const answer = await fetch(`${lrs.origin}/xAPI/statements${url.search}`, {
        headers: { Authorization: proxyAuthorization, 'X-Experience-API-Version': XAPI_VERSION },
      });
      if (!answer.ok) return reply(answer.status, await answer.text());
      const result = await answer.json();
      if (url.searchParams.has('statementId') || url.searchParams.has('voidedStatementId')) {
        const one = result.statements?.[0];
        return one ? reply(200, one) : reply(404, { error: 'no such statement' });
      }
      if (result.more) result.more = result.more.replace(/^\/xAPI\/statements/, '/xapi/statements');
      return reply(200, result);
    }
    return reply(405, { error: 'statements: GET, PUT, POST' }, { headers: { allow: 'GET, HEAD, PUT, POST, OPTIONS' } });
  }

  // The State API (xAPI 1.0.3 Communication §2.3), as an LRS keeps it.
  function stateApi(req, url, body, session, reply) {
    const q = url.searchParams;
    const activityId = q.get('activityId');
    let agent;
    try { agent = JSON.parse(q.get('agent')); } catch { agent = null; }
    if (!activityId || !agentKey(agent)) return reply(400, { error: 'activityId and agent (JSON) are required' });
    const registration = q.get('registration');
    const stateId = q.get('stateId');
    const key = stateId === null ? null : stateKey(activityId, agent, registration, stateId);
    const matching = () => [...states.entries()].filter(([, d]) => d.activityId === activityId && d.agentKey === agentKey(agent) && d.registration === (registration ?? null));

    if (stateId === LAUNCH_DATA && !['GET', 'HEAD'].includes(req.method)) {
      violation('launch-data-read-only', '§10', `the AU tried to ${req.method} ${LAUNCH_DATA}: it MUST NOT modify or delete it`, session);
      return reply(403, { error: `${LAUNCH_DATA} is the LMS's (§10)` });
    }
    switch (req.method) {
      case 'GET':
      case 'HEAD': {
        if (key !== null) {
          const doc = states.get(key);
          if (!doc) return reply(404, { error: `no state ${stateId}` });
          return reply(200, doc.body, { type: doc.contentType, headers: { etag: doc.etag, 'last-modified': new Date(doc.updated).toUTCString() } });
        }
        const since = q.get('since');
        return reply(200, matching().filter(([, d]) => !since || Date.parse(d.updated) > Date.parse(since)).map(([, d]) => d.stateId));
      }
      case 'PUT':
        if (key === null) return reply(400, { error: 'stateId is required' });
        putState(activityId, agent, registration, stateId, body, req.headers['content-type'] ?? 'application/octet-stream');
        events.emit('state', stateId, session);
        return reply(204, null);
      case 'POST': {
        if (key === null) return reply(400, { error: 'stateId is required' });
        const old = states.get(key);
        let merged = body;
        let type = req.headers['content-type'] ?? 'application/octet-stream';
        if (old) {
          // JSON documents merge property by property (Communication §2.2, JSON procedure).
          let a; let b;
          try { a = JSON.parse(old.body.toString('utf8')); b = JSON.parse(body.toString('utf8')); } catch { /* below */ }
          const isObject = (v) => v && typeof v === 'object' && !Array.isArray(v);
          if (!isObject(a) || !isObject(b)) return reply(400, { error: 'POST merges JSON objects only' });
          merged = Buffer.from(JSON.stringify({ ...a, ...b }));
          type = 'application/json';
        }
        putState(activityId, agent, registration, stateId, merged, type);
        events.emit('state', stateId, session);
        return reply(204, null);
      }
      case 'DELETE':
        if (key !== null) states.delete(key);
        else for (const [k, d] of matching()) if (d.stateId !== LAUNCH_DATA) states.delete(k);
        return reply(204, null);
      default:
        return reply(405, { error: 'state: GET, PUT, POST, DELETE' });
    }
  }

  // The Agent Profile API (Communication §2.6), for cmi5LearnerPreferences (§11).
  function agentProfile(req, url, body, session, reply) {
    const q = url.searchParams;
    let agent;
    try { agent = JSON.parse(q.get('agent')); } catch { agent = null; }
    if (!agentKey(agent)) return reply(400, { error: 'agent (JSON) is required' });
    const profileId = q.get('profileId');
    const key = `${agentKey(agent)}|${profileId}`;
    switch (req.method) {
      case 'GET':
      case 'HEAD': {
        if (profileId === null) return reply(200, [...profiles.keys()].filter((k) => k.startsWith(agentKey(agent) + '|')).map((k) => k.slice(agentKey(agent).length + 1)));
        const doc = profiles.get(key);
        if (!doc) return reply(404, { error: `no profile ${profileId}` });
        return reply(200, doc.body, { type: doc.contentType, headers: { etag: doc.etag } });
      }
      case 'PUT':
      case 'POST': {
        if (profileId === null) return reply(400, { error: 'profileId is required' });
        let merged = body;
        const old = profiles.get(key);
        if (req.method === 'POST' && old) {
          try { merged = Buffer.from(JSON.stringify({ ...JSON.parse(old.body), ...JSON.parse(body) })); } catch { return reply(400, { error: 'POST merges JSON objects only' }); }
        }
        profiles.set(key, { body: merged, contentType: req.headers['content-type'] ?? 'application/json', etag: `"${crypto.createHash('sha1').update(merged).digest('hex')}"` });
        return reply(204, null);
      }
      case 'DELETE':
        profiles.delete(key);
        return reply(204, null);
      default:
        return reply(405, { error: 'agent profile: GET, PUT, POST, DELETE' });
    }
  }

  const listen = (srv) => new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', resolve);
  });
  await listen(server);
  const origin = `http://127.0.0.1:${server.address().port}`;
  let lrsPort = null;
  if (lrsServer) {
    try { await listen(lrsServer); } catch (e) { server.close(); throw e; }
    lrsPort = lrsServer.address().port;
  }
  // Where the AU finds the fetch URL and the xAPI endpoint.
  const lrsBase = lrsServer ? `http://127.0.0.1:${lrsPort}` : origin;

  const lms = {
    origin,
    /** The origin of the fetch URL and the xAPI endpoint: `origin`, or another with lrsOrigin 'other'. */
    lrsOrigin: lrsBase,
    requests,
    protocolViolations,
    /** Reads cmi5.xml at the root of an unpacked package and serves the package. */
    importCourse(dir) {
      const file = path.join(dir, 'cmi5.xml');
      if (!fs.existsSync(file)) throw new Error(`${dir} has no cmi5.xml at its root (§14.1)`);
      const structure = parseCourseStructure(fs.readFileSync(file, 'utf8'));
      const course = { ...structure, dir: path.resolve(dir), key: courses.length, base: `${origin}/courses/${courses.length}/` };
      courses.push(course);
      return course;
    },
    /**
     * A learner's registration for a course (§9.6.1). `actor`: defaults to a new
     * learner of this LMS, an Agent with an account and no personal data (§8.1).
     */
    register(course, { actor } = {}) {
      return {
        id: crypto.randomUUID(),
        course,
        actor: actor ?? agentOf(`learner-${++learners}`),
        launches: [],
      };
    },
    /** The activity id the LMS gives an AU: never the publisher's id (§8.1 activityId), the same for every registration. */
    activityIdOf(au) {
      return `${LMS_HOME}/activities/${encodeURIComponent(au.id)}`;
    },
    /**
     * Launches an AU of the registration (§8.1): the launched statement, then
     * LMS.LaunchData, then the URL. Options: au (default the first),
     * launchMode ('Normal', 'Browse', 'Review'), masteryScore (a number
     * overrides the course's, null leaves it out), moveOn, launchParameters,
     * returnURL, learnerPreferences (written to the agent profile, §11).
     * Returns {url, sessionId, activityId, launchData, launchedStatement, fetchUrl}.
     */
    async launch(registration, options = {}) {
      const au = options.au ?? registration.course.aus[0];
      const activityId = lms.activityIdOf(au);
      const sessionId = crypto.randomUUID();
      const launchMode = options.launchMode ?? 'Normal';
      if (!['Normal', 'Browse', 'Review'].includes(launchMode)) throw new Error(`launchMode ${launchMode}`);
      const contextTemplate = {
        contextActivities: { grouping: [{ id: au.id, objectType: 'Activity' }] },
        extensions: { [EXT.sessionId]: sessionId },
      };
      const launchData = { contextTemplate, launchMode, launchMethod: au.launchMethod, moveOn: options.moveOn ?? au.moveOn };
      const masteryScore = options.masteryScore === undefined ? au.masteryScore : options.masteryScore;
      if (masteryScore !== undefined && masteryScore !== null) launchData.masteryScore = masteryScore;
      const launchParameters = options.launchParameters ?? au.launchParameters;
      if (launchParameters !== undefined) launchData.launchParameters = launchParameters;
      if (options.returnURL) launchData.returnURL = new URL(options.returnURL, origin).href;
      if (au.entitlementKey !== undefined) launchData.entitlementKey = { courseStructure: au.entitlementKey };

      // The URL of the AU (§13.1.4 url: relative to the package), its own query kept (merged below).
      const auUrl = new URL(au.url, registration.course.base);
      const launchURL = new URL(auUrl);
      for (const name of LAUNCH_PARAMETERS) launchURL.searchParams.delete(name);

      const extensions = {
        [EXT.sessionId]: sessionId,
        [EXT.launchMode]: launchMode,
        [EXT.launchURL]: launchURL.href,
        [EXT.moveOn]: launchData.moveOn,
      };
      if ('masteryScore' in launchData) extensions[EXT.masteryScore] = launchData.masteryScore;
      if ('launchParameters' in launchData) extensions[EXT.launchParameters] = launchData.launchParameters;
      const launchedStatement = {
        id: crypto.randomUUID(),
        timestamp: new Date().toISOString(),
        actor: registration.actor,
        verb: { id: VERB.launched, display: { 'en-US': 'launched' } },
        object: { id: activityId, objectType: 'Activity' },
        context: {
          registration: registration.id,
          contextActivities: { category: [{ id: CATEGORY, objectType: 'Activity' }], grouping: [{ id: au.id, objectType: 'Activity' }] },
          extensions,
        },
      };
      // §9.3.1: recorded before the AU is launched; §10: LaunchData too.
      await lmsClient.post(launchedStatement);
      putState(activityId, registration.actor, registration.id, LAUNCH_DATA, launchData, 'application/json');
      if (options.learnerPreferences) {
        const doc = Buffer.from(JSON.stringify(options.learnerPreferences));
        profiles.set(`${agentKey(registration.actor)}|${LEARNER_PREFERENCES}`, { body: doc, contentType: 'application/json', etag: `"${crypto.createHash('sha1').update(doc).digest('hex')}"` });
      }

      const fetchToken = crypto.randomBytes(16).toString('hex');
      const authToken = Buffer.from(`session-${sessionId}:${crypto.randomBytes(18).toString('base64url')}`).toString('base64');
      const session = {
        id: sessionId, registration, au, activityId, launchData, fetchToken, authToken, fetches: 0, statements: [],
      };
      sessions.set(sessionId, session);
      byFetchToken.set(fetchToken, session);
      byAuthToken.set(authToken, session);

      const launchUrl = new URL(auUrl);
      launchUrl.searchParams.set('endpoint', `${lrsBase}/xapi/`);
      launchUrl.searchParams.set('fetch', `${lrsBase}/fetch/${fetchToken}`);
      launchUrl.searchParams.set('actor', JSON.stringify(registration.actor));
      launchUrl.searchParams.set('registration', registration.id);
      launchUrl.searchParams.set('activityId', activityId);
      session.launchUrl = launchUrl.href;
      const launch = { url: launchUrl.href, sessionId, activityId, launchData, launchedStatement, fetchUrl: `${lrsBase}/fetch/${fetchToken}` };
      registration.launches.push(launch);
      return launch;
    },
    /**
     * The LMS's page that runs the launch in its iframe, or (`{window: true}`) in a window it
     * opens; `lmsCloseAu()` in that page closes the AU as the LMS does.
     */
    playerUrl(launch, { window: inWindow = false } = {}) {
      return `${origin}/lms/player/${launch.sessionId}${inWindow ? '?window=1' : ''}`;
    },
    /** Every statement of the registration, read back from the LRS, in stored order. */
    statements(registration) {
      return lmsClient.statements({ registration: registration.id });
    },
    /** What checkStatements (cmi5-rules.mjs) needs to judge the registration's statements. */
    checkContext(registration) {
      const activityIds = [...new Set(registration.launches.map((l) => l.activityId))];
      if (activityIds.length > 1) throw new Error('checkContext covers one AU per registration');
      return {
        actor: registration.actor,
        registration: registration.id,
        activityId: activityIds[0],
        lmsAuthority: agentOf('lms', 'leskit test LMS'),
        launches: registration.launches.map((l) => ({ sessionId: l.sessionId, launchData: l.launchData })),
      };
    },
    /** The State documents the LMS holds for the registration's AU: {stateId: parsed JSON, or text}. */
    stateDocuments(registration, au = registration.course.aus[0]) {
      const activityId = lms.activityIdOf(au);
      const out = {};
      for (const d of states.values()) {
        if (d.activityId !== activityId || d.agentKey !== agentKey(registration.actor) || d.registration !== registration.id) continue;
        const text = d.body.toString('utf8');
        try { out[d.stateId] = JSON.parse(text); } catch { out[d.stateId] = text; }
      }
      return out;
    },
    /** Writes a State document of the registration's AU, as an earlier session of it left it. */
    putStateDocument(registration, stateId, doc, au = registration.course.aus[0]) {
      putState(lms.activityIdOf(au), registration.actor, registration.id, stateId, doc, 'application/json');
    },
    /** The statements the AU sent through the LMS in a session, as it sent them. */
    sentStatements(sessionId) {
      return sessions.get(sessionId)?.statements.slice() ?? [];
    },
    /**
     * Resolves when the AU's statement with `verb` (a cmi5-rules VERB id) of the
     * session has gone through to the LRS. A hang guard only: `timeout` rejects.
     */
    waitForStatement(sessionId, verb, { timeout = 60_000 } = {}) {
      const matches = (s) => s?.verb?.id === verb && s.context?.extensions?.[EXT.sessionId] === sessionId;
      if (lms.sentStatements(sessionId).some(matches)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off('statement', listener);
          reject(new Error(`no ${verb} statement of session ${sessionId} reached the LMS within ${timeout / 1000} s; ` +
            `it had: ${lms.sentStatements(sessionId).map((s) => s.verb?.id).join(', ') || 'none'}`));
        }, timeout);
        const listener = (s) => {
          if (!matches(s)) return;
          clearTimeout(timer);
          events.off('statement', listener);
          resolve();
        };
        events.on('statement', listener);
      });
    },
    /** Resolves when the AU has written the State document `stateId` (PUT or POST). A hang guard only. */
    waitForState(stateId, { timeout = 60_000 } = {}) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { events.off('state', listener); reject(new Error(`no write of state ${stateId} within ${timeout / 1000} s`)); }, timeout);
        const listener = (id) => {
          if (id !== stateId) return;
          clearTimeout(timer);
          events.off('state', listener);
          resolve();
        };
        events.on('state', listener);
      });
    },
    close() {
      const closing = (srv) => new Promise((resolve) => {
        srv.closeAllConnections?.();
        srv.close(() => resolve());
      });
      return Promise.all([server, lrsServer].filter(Boolean).map(closing));
    },
  };
  return lms;
}
