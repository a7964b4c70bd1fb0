// Builds the example project with the leskit binary and unpacks packages.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.error) {
    throw new Error(`could not run ${cmd}: ${result.error.message}` +
      (result.error.code === 'ENOENT' ? ' (run scripts/test, which installs what the tests need)' : ''));
  }
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status ?? result.signal}\n` +
      `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
  return result;
}

let binary;
/**
 * The leskit binary: $LESKIT_BIN when set (scripts/test sets it), otherwise
 * a fresh debug build from this checkout.
 */
export function leskitBinary() {
  if (binary) return binary;
  if (process.env.LESKIT_BIN) {
    binary = path.resolve(REPO_ROOT, process.env.LESKIT_BIN);
    if (!fs.existsSync(binary)) throw new Error(`LESKIT_BIN=${process.env.LESKIT_BIN} does not exist`);
    return binary;
  }
  run('cargo', ['build', '--quiet', '--bin', 'leskit']);
  const targetDir = process.env.CARGO_TARGET_DIR
    ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR)
    : path.join(REPO_ROOT, 'target');
  binary = path.join(targetDir, 'debug', 'leskit');
  return binary;
}

/** `leskit build <project> --target <targets> --out <outDir>`; returns the zips written. */
export function buildProject(project, targets, outDir) {
  run(leskitBinary(), ['build', project, '--target', targets.join(','), '--out', outDir]);
  return fs.readdirSync(outDir).filter((f) => f.endsWith('.zip')).sort();
}

/** Unpacks a zip into a new folder `dir` (Debian's unzip). */
export function unzip(zipFile, dir) {
  fs.mkdirSync(dir, { recursive: true });
  run('unzip', ['-q', zipFile, '-d', dir]);
  return dir;
}

/**
 * Builds `project` (a module project with one module, or a course file) for each of `targets`
 * into `<scratch>/<label>-out` and unpacks each package into `<scratch>/<label>-<target>`.
 * Returns { target: unpacked folder }.
 */
export function buildUnpacked(project, targets, scratch, label = 'pkg') {
  const out = path.join(scratch, `${label}-out`);
  fs.mkdirSync(out, { recursive: true });
  const zips = buildProject(project, targets, out);
  const unpacked = {};
  for (const target of targets) {
    const zip = zips.find((z) => z.endsWith(`-${target}.zip`));
    if (!zip) throw new Error(`${project}: no ${target} package among ${zips.join(', ')}`);
    unpacked[target] = unzip(path.join(out, zip), path.join(scratch, `${label}-${target}`));
  }
  return unpacked;
}
