// A real Learning Record Store for the cmi5 tests: Ralph (ralph-malph from PyPI,
// pinned in tests/lrs/requirements.txt, installed by scripts/test), with its
// filesystem backend in a temporary folder, bound to 127.0.0.1 on a free port.
//
//   const lrs = await startLrs({ users: [{ username, password, scopes, agent }] });
//   await lrs.client('lms').statements({ registration });   // every statement, `more` followed
//   await lrs.stop();
//
// What Ralph 5.1 does and does not do, as these tests found it:
// - Statements: POST (one or a list), PUT ?statementId=, GET with the filters
//   registration, verb, activity, agent, since, until, limit (paged by `more`).
//   It assigns id, stored, timestamp (when missing) and authority (from the
//   user's agent in the auth file). It validates little: actor, verb.id,
//   object.id and a UUID id; any other value is stored as sent.
// - GET ?statementId= answers {statements: [...]}, not the statement alone;
//   GET lists in stored order, oldest first (`ascending=true` reverses it).
// - No State API, Agent Profile API, Activity Profile API or /about: those
//   paths answer 404. The test LMS (cmi5-lms.mjs) serves them itself.
// - The X-Experience-API-Version header is neither required nor answered.
// - Its filesystem backend appends only through tests/lrs/serve.py (see there).
import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './leskit.mjs';

/** The `ralph` executable: $LESKIT_RALPH (scripts/test sets it), else the venv scripts/test makes. */
export function ralphBinary() {
  const candidates = process.env.LESKIT_RALPH
    ? [path.resolve(REPO_ROOT, process.env.LESKIT_RALPH)]
    : [path.join(process.env.CARGO_TARGET_DIR ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR) : path.join(REPO_ROOT, 'target'), 'lrs-venv', 'bin', 'ralph')];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) {
    throw new Error(`Ralph, the LRS of the cmi5 tests, is not installed (looked for ${candidates.join(', ')}): ` +
      'run scripts/test, which installs it from tests/lrs/requirements.txt');
  }
  return found;
}

function run(file, args, options) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 16 << 20, ...options }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(file)} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

/**
 * Starts Ralph. `users`: [{username, password, scopes: ['all'] | [...], agent}],
 * agent being an xAPI Agent with an account (Ralph's e-mail check refuses the
 * reserved test domains in mbox). Each user is written with `ralph auth`.
 * Returns {origin, dir, log(), client(username), stop()}.
 */
export async function startLrs({ users }) {
  const ralph = ralphBinary();
  const python = path.join(path.dirname(ralph), 'python');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-lrs-'));
  const env = {
    ...process.env,
    RALPH_APP_DIR: path.join(dir, 'app'),
    RALPH_AUTH_FILE: path.join(dir, 'auth.json'),
    RALPH_HISTORY_FILE: path.join(dir, 'history.json'),
    RALPH_RUNSERVER_BACKEND: 'fs',
    RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH: path.join(dir, 'data'),
  };
  delete env.RALPH_SENTRY_DSN; // nothing leaves this machine
  fs.mkdirSync(path.join(dir, 'data'));
  fs.mkdirSync(path.join(dir, 'app'));

  // `ralph auth -w` appends to the auth file: one file per user, in parallel,
  // merged here (each run spends a second on bcrypt and imports).
  const parts = await Promise.all(users.map(async (u, i) => {
    const file = path.join(dir, `auth-${i}.json`);
    const args = ['auth', '--username', u.username, '--password', u.password, '--write-to-disk'];
    for (const scope of u.scopes ?? ['all']) args.push('--scope', scope);
    const account = u.agent?.account;
    if (!account) throw new Error(`LRS user ${u.username}: give an agent with an account`);
    args.push('--agent-ifi-account', account.name, account.homePage);
    if (u.agent.name) args.push('--agent-name', u.agent.name);
    await run(ralph, args, { cwd: dir, env: { ...env, RALPH_AUTH_FILE: file } });
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  }));
  fs.writeFileSync(env.RALPH_AUTH_FILE, JSON.stringify(parts.flat(), null, 2));

  // cwd: the temporary folder, so that no .env of the checkout is read.
  const child = spawn(python, [path.join(REPO_ROOT, 'tests/lrs/serve.py'), '127.0.0.1', '0'], {
    cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk) => { output += chunk; };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // Should the test process end without stop(), Ralph ends with it.
  const orphanGuard = () => child.kill('SIGTERM');
  process.once('exit', orphanGuard);
  exited.then(() => process.off('exit', orphanGuard));

  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  let origin;
  try {
    origin = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Ralph did not start within 60 s; its output:\n${output}`)), 60_000);
      const look = () => {
        const m = /Uvicorn running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      };
      child.stdout.on('data', look);
      child.stderr.on('data', look);
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`Ralph exited (${code ?? signal}) before it served; its output:\n${output}`));
      });
    });
    // Ready when its heartbeat says the backend is usable.
    const beat = await fetch(`${origin}/__heartbeat__`);
    const body = await beat.json();
    if (!beat.ok || body.database !== 'ok') throw new Error(`Ralph's heartbeat: ${beat.status} ${JSON.stringify(body)}`);
  } catch (e) {
    child.kill('SIGTERM');
    await exited;
    cleanup();
    throw e;
  }

  const passwords = Object.fromEntries(users.map((u) => [u.username, u.password]));
  let stopped = false;
  return {
    origin,
    dir,
    log: () => output,
    /** The Basic credentials of a user, as an Authorization header value. */
    authorization: (username) => 'Basic ' + Buffer.from(`${username}:${passwords[username]}`).toString('base64'),
    client(username) {
      if (!(username in passwords)) throw new Error(`no LRS user ${username}`);
      return lrsClient(origin, 'Basic ' + Buffer.from(`${username}:${passwords[username]}`).toString('base64'));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      cleanup();
    },
  };
}

/** xAPI statement calls against `origin` (Ralph's paths: /xAPI/statements). */
export function lrsClient(origin, authorization) {
  const headers = { Authorization: authorization, 'X-Experience-API-Version': '1.0.3' };
  async function call(method, url, body) {
    const response = await fetch(new URL(url, origin), {
      method,
      headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
  return {
    /** POSTs one statement or a list; returns the ids the LRS reports. */
    post: (statements) => call('POST', '/xAPI/statements', statements),
    put: (statement) => call('PUT', `/xAPI/statements?statementId=${encodeURIComponent(statement.id)}`, statement),
    /** One statement by id, or null. */
    async get(id) {
      const answer = await call('GET', `/xAPI/statements?statementId=${encodeURIComponent(id)}`);
      // Ralph wraps the statement in {statements: [...]}; the xAPI returns it alone.
      if (answer && Array.isArray(answer.statements)) return answer.statements[0] ?? null;
      return answer;
    },
    /**
     * Every statement matching `query` (xAPI GET parameters: registration, verb,
     * activity, ...), following `more` links, in the order the LRS stored them.
     */
    async statements(query = {}, { pageSize } = {}) {
      const params = new URLSearchParams(query);
      if (pageSize) params.set('limit', String(pageSize));
      let url = `/xAPI/statements?${params}`;
      const all = [];
      const seen = new Set();
      for (let pages = 0; url; pages++) {
        if (pages > 1000) throw new Error(`more than 1000 pages of statements for ${params}`);
        const answer = await call('GET', url);
        for (const s of answer.statements) {
          if (!seen.has(s.id)) { seen.add(s.id); all.push(s); }
        }
        url = answer.more && answer.statements.length ? answer.more : null;
      }
      // Stored order (oldest first), whatever order the LRS listed them in.
      return all
        .map((s, i) => ({ s, i }))
        .sort((a, b) => Date.parse(a.s.stored) - Date.parse(b.s.stored) || storedMicros(a.s) - storedMicros(b.s) || a.i - b.i)
        .map(({ s }) => s);
    },
  };
}

// Ralph's `stored` has microseconds, which Date.parse drops.
function storedMicros(s) {
  const m = /\.(\d+)/.exec(s.stored ?? '');
  return m ? Number(m[1].padEnd(6, '0').slice(0, 6)) : 0;
}
