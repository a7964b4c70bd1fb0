// Runs `leskit preview` for the browser tests and opens its LMS page in Chromium.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, leskitBinary } from '../lib/leskit.mjs';
import { WAIT } from '../lib/session.mjs';
import { passCover } from '../lib/learner.mjs';

/**
 * A copy of a project in a temporary folder, so that tests can edit it. The repository's own
 * project (from = REPO_ROOT) is copied without what is not the project: its sources only.
 */
export function copyProject(from = path.join(REPO_ROOT, 'examples/minimal')) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-preview-'));
  if (from === REPO_ROOT) {
    for (const part of ['modules', 'quizzes', 'courses', 'content', 'leskit.toml']) {
      if (fs.existsSync(path.join(from, part))) fs.cpSync(path.join(from, part), path.join(dir, 'project', part), { recursive: true });
    }
  } else {
    fs.cpSync(from, path.join(dir, 'project'), { recursive: true });
  }
  return { dir, root: path.join(dir, 'project'), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts `leskit preview <root> --port 0 ...args` and resolves with
 * {url, stderr(), stop()} once it printed its address. With `root` null, a bare
 * `leskit preview` in the folder `cwd`: the whole project there.
 */
export function startPreview(root, args = [], { cwd = REPO_ROOT } = {}) {
  const child = spawn(leskitBinary(), ['preview', ...(root === null ? [] : [root]), '--port', '0', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`leskit preview exited with ${code} before printing its address\n${stderr}`)));
    setTimeout(() => reject(new Error(`leskit preview printed no address\n${stderr}`)), WAIT.timeout);
  });
  return url.then((u) => ({
    url: u,
    stderr: () => stderr,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGINT');
    }),
  }));
}

/** Opens the LMS page; resolves once a module session is loaded in its frame. */
export async function openPreview(browser, url, query = '') {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT.timeout);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e && e.stack || e)));
  await page.goto(url + query);
  await waitForSession(page, 1);
  return { context, page, errors };
}

/** Waits until session `n` (or a later one) is loaded in the frame. */
export async function waitForSession(page, n) {
  await page.waitForFunction(
    (n) => window.leskitPreview && window.leskitPreview.session && window.leskitPreview.session.n >= n && window.leskitPreview.session.loaded,
    n,
    WAIT,
  );
  return page.evaluate(() => window.leskitPreview.session.n);
}

/** The frame the module runs in, past the module's cover; `cover: false` for a page shell of
 * the test's own (tests/browser/preview/misbehaving), which shows no cover. */
export async function moduleFrame(page, { cover = true } = {}) {
  const frame = await (await page.$('#sco')).contentFrame();
  await frame.waitForSelector('body', WAIT);
  if (cover) await passCover(frame);
  return frame;
}

/** The ids of the warnings the inspector shows. */
export function shownWarnings(page) {
  return page.$$eval('#warnings li', (items) => items.map((li) => li.getAttribute('data-warning')));
}
