// Editor completion for leskit.toml with the committed schema, in the real TOML language server
// taplo (`@taplo/lsp`, the build the VS Code extension "Even Better TOML" runs; see
// taplo-stdio.mjs), driven over LSP stdio as an editor drives it. The file names its schema on its first line, as `leskit init`
// writes it.
//
//   node --test tests/lsp/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client } from './client.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const taplo = path.join(root, 'tests/lsp/taplo-stdio.mjs');
// What `leskit init` writes first: the line that points taplo at the schema.
const modeline = fs.readFileSync(path.join(root, 'src/scaffold/init/leskit.toml'), 'utf8').split('\n')[0] + '\n';

let client;
let project;
let version = 1;

before(async () => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'leskit-lsp-toml-'));
  fs.cpSync(path.join(root, 'schema'), path.join(project, 'schema'), { recursive: true });
  client = new Client([taplo], (section) => (section === 'evenBetterToml' ? { schema: { enabled: true } } : null));
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(project).href,
    capabilities: {
      workspace: { configuration: true },
      textDocument: { completion: { completionItem: { snippetSupport: true } }, publishDiagnostics: {} },
    },
    workspaceFolders: [{ uri: pathToFileURL(project).href, name: 'project' }],
  });
  client.notify('initialized', {});
});

after(() => {
  client?.child.kill();
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

function open(content) {
  const full = path.join(project, 'leskit.toml');
  fs.writeFileSync(full, content);
  const uri = pathToFileURL(full).href;
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'toml', version: version++, text: content } });
  return uri;
}

/** The completion labels offered where `|` stands in `text`. */
async function completeAt(text) {
  const offset = text.indexOf('|');
  const content = text.slice(0, offset) + text.slice(offset + 1);
  const before = content.slice(0, offset).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  const uri = open(content);
  // taplo reads the schema when the document is opened; ask until it has.
  let labels = [];
  for (let tries = 0; tries < 40 && labels.length === 0; tries++) {
    const result = await client.request('textDocument/completion', { textDocument: { uri }, position });
    labels = (Array.isArray(result) ? result : result?.items ?? []).map((i) => i.label);
    if (labels.length === 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return labels;
}

test('leskit.toml: the top-level keys and the keys of [build] are offered', async () => {
  const top = await completeAt(`${modeline}|\n`);
  for (const key of ['language', 'build']) {
    assert.ok(top.some((l) => l === key || l.startsWith(`${key} `)), `\`${key}\` is offered at the top (offered: ${top.join(', ')})`);
  }
  const build = await completeAt(`${modeline}[build]\n|\n`);
  for (const key of ['targets', 'out']) {
    assert.ok(build.some((l) => l === key || l.startsWith(`${key} `)), `\`${key}\` is offered in [build] (offered: ${build.join(', ')})`);
  }
});

test('leskit.toml: the target names are offered in build.targets', async () => {
  const names = await completeAt(`${modeline}[build]\ntargets = [|]\n`);
  for (const name of ['"scorm12"', '"scorm2004"', '"cmi5"', '"html"', '"all"']) {
    assert.ok(names.includes(name), `${name} is offered (offered: ${names.join(', ')})`);
  }
});

test('leskit.toml: an unknown key is flagged, and a known one is not', async () => {
  const uri = open(`${modeline}language = "nl"\n\n[build]\ntarget = ["scorm12"]\n`);
  const found = await client.diagnosticsFor(uri, (d) => d.length > 0);
  const unknown = found.find((d) => /'target'/.test(d.message));
  assert.ok(unknown, `the unknown key \`target\` is flagged (diagnostics: ${JSON.stringify(found)})`);
  // taplo underlines the table that holds it: `[build]`.
  assert.equal(unknown.range.start.line, 3, `at [build] (${JSON.stringify(unknown)})`);

  const clean = open(`${modeline}language = "nl"\n\n[build]\ntargets = ["scorm12"]\n`);
  const none = await client.diagnosticsFor(clean, (d) => d.length === 0);
  assert.deepEqual(none, [], 'a file with known keys only is not flagged');
});
